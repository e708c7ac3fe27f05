// Presenter mode's QR code (www/ui/qr.js): a screenshot of it, decoded with zbarimg
// (zbar-tools, scripts/setup.sh), gives back exactly the share link, state included; it
// follows the state while shown; each module is large (data-module-px) at projector sizes;
// over file:// (the single file) it explains that a served copy is needed, in ko and en.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, ROOT, launchBrowser, newPage, screenshot, startServer } from './harness.mjs';
import { openLab, waitReady, hangul } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Screenshots the shown QR code and decodes it with zbarimg. */
async function decodeShown(page, name) {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.locator('svg.qr-code').screenshot({ path: file });
  return execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); // (zbarimg's stderr: a D-Bus note)
}

for (const [w, h, lang] of [[1280, 720, 'en'], [1920, 1080, 'ko']]) {
  test(`presenter mode ${w}×${h} (${lang}): the QR code decodes to the share link with its state, and follows it`, { timeout: 60000 }, async () => {
    const opened = await openLab(browser, server, `#lab=gradient&lang=${lang}&present=1&model.activation=tanh&model.hidden=8,8,8,8,8,8`, { viewport: { width: w, height: h } });
    const { page, consoleErrors, pageErrors } = opened;
    await page.click('[data-action="qr"]');
    await page.waitForSelector('svg.qr-code[data-module-px]');
    const href = await page.evaluate(() => location.href);
    assert.match(href, /model\.activation=tanh/);
    assert.equal(await decodeShown(page, `qr-${w}x${h}-${lang}`), href, 'the code is the link');
    assert.equal(await page.textContent('[data-qr-url]'), href, 'the link under it');
    const px = await page.$eval('svg.qr-code', (s) => ({ module: Number(s.dataset.modulePx), modules: Number(s.dataset.modules), size: s.getBoundingClientRect().width }));
    console.log(`# ${w}×${h}: ${px.modules}×${px.modules} modules (+4 quiet each side), ${px.size.toFixed(0)} px wide, ${px.module} px a module; link ${href.length} characters`);
    assert.ok(px.size >= h * 0.7, `the code takes most of the height: ${px.size} px of ${h}`);
    assert.ok(px.module >= 8, `a module is ${px.module} px`);
    await screenshot(page, `qr-presenter-${w}x${h}-${lang}`);

    // The state changes while the code is up: the code follows.
    await page.evaluate(() => window.dlab.set('model.activation', 'relu'));
    await page.waitForFunction(() => document.querySelector('[data-qr-url]')?.textContent.includes('model.activation=relu'));
    const href2 = await page.evaluate(() => location.href);
    assert.equal(await decodeShown(page, `qr-${w}x${h}-${lang}-after`), href2);
    // Escape closes it; leaving presenter mode removes the button.
    await page.keyboard.press('Escape');
    assert.equal(await page.$('[data-overlay="qr"]'), null);
    await page.evaluate(() => window.dlab.set('present', false));
    assert.equal(await page.isVisible('[data-action="qr"]'), false);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    await opened.context.close();
  });
}

test('the QR code of a long link (a 20-layer net, a pinned run A) still decodes exactly', { timeout: 60000 }, async () => {
  const hidden = Array(20).fill(16).join(',');
  const opened = await openLab(browser, server, `#lab=init&lang=en&present=1&model.hidden=${hidden}&model.activation=relu&compare=he&optim.lr=0.05`);
  const { page } = opened;
  await page.evaluate(() => window.dlab.pin({ model: { init: 'xavier' } }));
  await page.click('[data-action="qr"]');
  await page.waitForSelector('svg.qr-code[data-module-px]');
  const href = await page.evaluate(() => location.href);
  assert.ok(href.length > 150, `a long link: ${href.length}`);
  assert.equal(await decodeShown(page, 'qr-long-link'), href);
  const px = await page.$eval('svg.qr-code', (s) => ({ module: Number(s.dataset.modulePx), modules: Number(s.dataset.modules) }));
  console.log(`# long link (${href.length} chars): ${px.modules} modules, ${px.module} px a module at 1280×720`);
  await opened.context.close();
});

for (const lang of ['en', 'ko']) {
  test(`dist/dlab.html over file:// (${lang}): the QR overlay says a served copy is needed`, { timeout: 60000 }, async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT });
    const opened = await newPage(browser, `${pathToFileURL(join(ROOT, 'dist', 'dlab.html')).href}#lab=gradient&lang=${lang}&present=1`, { viewport: { width: 1280, height: 720 } });
    const { page, consoleErrors, pageErrors } = opened;
    await waitReady(page);
    await page.click('[data-action="qr"]');
    const text = await page.textContent('[data-qr="file"]');
    assert.match(text, /file:\/\//);
    if (lang === 'ko') assert.match(text, hangul); else assert.match(text, /served copy/);
    assert.equal(await page.$('svg.qr-code'), null, 'no code a phone could not open');
    await screenshot(page, `qr-file-${lang}`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    await opened.context.close();
  });
}
