// Code most visits never run is fetched on first use, not with the page: the SVG exporter
// (vendor/svgcanvas.js), the QR encoder (vendor/qrcode-generator.js), the clip's WebM
// fixer (vendor/fix-webm-duration.js) and the other language's strings. A cold load in
// each language asks for none of them (and for its own language's strings); each action
// that needs one fetches it, and the feature works. (The other language's strings also
// come on their own a few seconds after the first paint, so that the page still switches
// language offline: the switch below comes before that.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, startServer } from './harness.mjs';
import { PROJECTOR, hangul, waitReady } from './fixtures/lab.mjs';
import EN from '../../www/i18n/strings-en.js';
import KO from '../../www/i18n/strings-ko.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const VENDOR = ['vendor/svgcanvas.js', 'vendor/qrcode-generator.js', 'vendor/fix-webm-duration.js'];
const strings = (lang) => `i18n/strings-${lang}.js`;

/** Opens the page with every request's path logged from the start; `asked(file)` says whether one ended so. */
async function openLogged(hash) {
  const opened = await newPage(browser, null, { viewport: PROJECTOR });
  const paths = [];
  opened.page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  await opened.page.goto(`${server.url}index.html${hash}`);
  await waitReady(opened.page);
  return { ...opened, paths, asked: (file) => paths.some((p) => p.endsWith(`/www/${file}`)) };
}

for (const [lang, other] of [['en', 'ko'], ['ko', 'en']]) {
  test(`${lang}: a cold load fetches none of the lazy modules; each comes with the action that needs it`, { timeout: 60000 }, async () => {
    const o = await openLogged(`#lab=gradient&lang=${lang}`);
    const { page } = o;
    for (const f of [...VENDOR, strings(other)]) assert.equal(o.asked(f), false, `${f} is not fetched with the page`);
    assert.equal(o.asked(strings(lang)), true, `the page's own strings (${lang})`);
    assert.equal(await page.textContent('.tab[aria-selected="true"]'), (lang === 'ko' ? KO : EN)['lab.gradient']);

    // The other language: its strings come with the switch, and the page speaks it.
    await page.click(`[data-lang="${other}"]`);
    await page.waitForFunction((l) => document.documentElement.lang === l, other);
    assert.equal(o.asked(strings(other)), true, `strings-${other}.js fetched for the switch`);
    const T = other === 'ko' ? KO : EN;
    assert.equal(await page.textContent('.tab[aria-selected="true"]'), T['lab.gradient']);
    assert.equal(await page.getAttribute('[data-action="help"]', 'aria-label'), T['ui.help']);
    // The page's text but the language buttons (each named in its own language).
    const body = await page.evaluate(() => { const app = document.getElementById('app').cloneNode(true); app.querySelector('.langs')?.remove(); return app.textContent; });
    assert.equal(hangul.test(body), other === 'ko', `Korean text on the page: ${hangul.test(body)}`);
    assert.deepEqual(body.match(/\b(ui|lab|chart|notice|help|param|opt|tool|qr|clip)\.[a-z]\w*/g) ?? [], [], 'no untranslated key shown');
    assert.match(await page.evaluate(() => location.hash), new RegExp(`lang=${other}`));
    await screenshot(page, `lazy-switched-${lang}-to-${other}`);
    // And back, at once (both tables are here now).
    assert.equal(await page.evaluate((l) => window.dlab.set('lang', l), lang), true);
    assert.equal(await page.textContent('.tab[aria-selected="true"]'), (lang === 'ko' ? KO : EN)['lab.gradient']);

    // SVG export: the file is an SVG document with the chart's text.
    const [download] = await Promise.all([page.waitForEvent('download'), page.hover('[data-card="loss"] canvas').then(() => page.click('[data-card="loss"] [data-export="svg"]'))]);
    assert.equal(o.asked('vendor/svgcanvas.js'), true, 'svgcanvas fetched for the export');
    const svg = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const parsed = await page.evaluate((src) => {
      const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, texts: doc.querySelectorAll('text').length };
    }, svg);
    assert.deepEqual({ error: parsed.error, root: parsed.root }, { error: null, root: 'svg' });
    assert.ok(parsed.texts > 3, `${parsed.texts} <text> elements`);

    // The QR code in presenter mode.
    await page.evaluate(() => window.dlab.set('present', true));
    await page.click('[data-action="qr"]');
    await page.waitForSelector('svg.qr-code[data-module-px]');
    assert.equal(o.asked('vendor/qrcode-generator.js'), true, 'the QR encoder fetched for the overlay');
    assert.ok(Number(await page.getAttribute('svg.qr-code', 'data-modules')) >= 21, 'a QR code of at least version 1');
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.dlab.set('present', false));

    // A clip: a WebM with its duration written in.
    const bytes = Buffer.from(await page.evaluate(async () => Array.from(await window.dlab.record(1))));
    assert.equal(o.asked('vendor/fix-webm-duration.js'), true, 'the WebM fixer fetched for the clip');
    assert.equal(bytes.subarray(0, 4).toString('hex'), '1a45dfa3', 'a WebM');

    assert.deepEqual(o.pageErrors, []);
    assert.deepEqual(o.consoleErrors, []);
    await o.context.close();
  });
}

test('an address in the other language (hashchange) and window.dlab.set("lang") wait for its strings', { timeout: 60000 }, async () => {
  const o = await openLogged('#lab=init&lang=en');
  const { page } = o;
  await page.evaluate(() => { location.hash = '#lab=init&lang=ko&model.hidden=frog'; });
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  assert.equal(await page.textContent('.tab[aria-selected="true"]'), KO['lab.init']);
  // The notice about the bad value speaks the address's language.
  await page.waitForSelector('.notice-text');
  assert.match(await page.textContent('.notices'), hangul);
  // set('lang') resolves once the page speaks it.
  const o2 = await openLogged('#lab=overfitting&lang=ko');
  assert.equal(o2.asked(strings('en')), false);
  assert.equal(await o2.page.evaluate(async () => {
    const r = await window.dlab.set('lang', 'en');
    return [r, document.querySelector('.tab[aria-selected="true"]').textContent];
  }).then(([r, tab]) => `${r} ${tab}`), `true ${EN['lab.overfitting']}`);
  // Left alone, a page fetches the other language a moment after its first paint (for offline use).
  await o2.page.waitForSelector('body[data-offline-ready="true"]', { timeout: 15000 });
  const o3 = await openLogged('#lab=gradient&lang=ko');
  await o3.page.waitForSelector('body[data-offline-ready="true"]', { timeout: 15000 });
  assert.equal(o3.asked(strings('en')), true, 'the English strings, fetched after the first paint');
  // ... and the modules loaded on first use too, so that export and clips work offline.
  for (const f of VENDOR) assert.equal(o3.asked(f), true, `${f}, fetched after the first paint`);
  assert.deepEqual([...o.pageErrors, ...o2.pageErrors, ...o3.pageErrors], []);
  await o3.context.close();
  await o.context.close();
  await o2.context.close();
});
