// The example deck (slides/): reveal.js with dlab in iframes, driven by postMessage on
// slide change. Served at /slides/ (make serve), and opened from file:// next to the
// single-file build (make dist), where the deck points its iframes at dist/dlab.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, startServer, launchBrowser, newPage, screenshot } from './harness.mjs';
import { PROJECTOR } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** The lab iframe of the slide shown now, as a playwright Frame, once its page is ready. */
async function presentLab(page) {
  const handle = await page.waitForSelector('.reveal .slides > section.present iframe.lab', { timeout: 10000 });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => document.body?.dataset.ready === 'true' && window.dlab, null, { timeout: 30000 });
  return frame;
}

/** Waits until the deck has sent the present slide's commands (and the lab replied to all). */
async function commandsDone(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('.reveal .slides > section.present');
    return s && (s.dataset.dlabState === 'done' || s.dataset.dlabState === 'failed');
  }, null, { timeout: 30000 });
  return page.$eval('.reveal .slides > section.present', (s) => s.dataset.dlabState);
}

async function next(page) {
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !document.querySelector('.reveal .slides > section.present')?.classList.contains('past'));
}

/** Steps of the lab in `frame` a little later (it advances when playing). */
async function advances(frame) {
  const s0 = await frame.evaluate(() => window.dlab.metrics().step);
  await frame.waitForFunction((s) => window.dlab.metrics().step > s, s0, { timeout: 10000 });
  return true;
}

test('the deck: reveal.js loads, slides change with →, each lab gets its preset and plays, the left one pauses', { timeout: 120000 }, async () => {
  const opened = await newPage(browser, `${server.url}slides/`, { viewport: PROJECTOR });
  const { page, context, consoleErrors, pageErrors } = opened;
  await page.waitForFunction(() => window.Reveal?.isReady?.(), null, { timeout: 15000 });
  const info = await page.evaluate(() => ({
    total: window.Reveal.getTotalSlides(),
    title: document.querySelector('section.present h1')?.textContent,
    srcs: [...document.querySelectorAll('iframe.lab')].map((f) => f.getAttribute('src')),
  }));
  assert.ok(info.total >= 6 && info.total <= 8, `${info.total} slides`);
  assert.match(info.title, /[\uAC00-\uD7A3]/, 'a Korean title');
  assert.ok(info.srcs.length >= 3);
  for (const s of info.srcs) assert.match(s, /^\.\.\/index\.html#lab=\w+&embed=1/, `relative embed src ${s}`);
  await screenshot(page, 'slides-1');

  // Slide 2: ten sigmoid layers, playing, gradient edges.
  await next(page);
  const s2 = await presentLab(page);
  assert.equal(await commandsDone(page), 'done');
  const c2 = await s2.evaluate(() => ({ config: window.dlab.config(), ui: window.dlab.ui() }));
  assert.equal(c2.config.model.hidden.length, 10, 'preset sigmoid-deep applied');
  assert.equal(c2.config.model.activation, 'sigmoid');
  assert.equal(c2.ui.edgeView, 'grads');
  assert.equal(c2.ui.playing, true, 'play received');
  assert.equal(c2.ui.embed, true);
  assert.ok(await advances(s2), 'the lab trains');
  await screenshot(page, 'slides-2');

  // Slide 3: ReLU + He; slide 2's lab is paused.
  await next(page);
  const s3 = await presentLab(page);
  assert.equal(await commandsDone(page), 'done');
  const c3 = await s3.evaluate(() => ({ config: window.dlab.config(), ui: window.dlab.ui() }));
  assert.equal(c3.config.model.activation, 'relu');
  assert.equal(c3.config.model.init, 'he');
  assert.equal(c3.ui.playing, true);
  await s2.waitForFunction(() => window.dlab.ui().playing === false, null, { timeout: 10000 });
  await screenshot(page, 'slides-3');

  // Slide 4: zero init against Xavier in the init lab.
  await next(page);
  const s4 = await presentLab(page);
  assert.equal(await commandsDone(page), 'done');
  const c4 = await s4.evaluate(() => ({ config: window.dlab.config(), ui: window.dlab.ui() }));
  assert.equal(c4.config.model.init, 'zero');
  assert.equal(c4.ui.compare, 'xavier');
  assert.ok(await advances(s4));

  // The rest: every lab slide's commands are answered without error; back (←) works too.
  for (let k = 5; k <= info.total; k++) {
    await next(page);
    const hasLab = await page.$('.reveal .slides > section.present iframe.lab');
    if (hasLab) { await presentLab(page); assert.equal(await commandsDone(page), 'done', `slide ${k}`); }
    await screenshot(page, `slides-${k}`);
  }
  const o = await page.$$eval('iframe.lab', (fs) => fs.map((f) => f.src).filter((s) => s.includes('lab=overfitting')));
  assert.ok(o.length >= 1, 'an overfitting slide');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => window.Reveal.getIndices().h), info.total - 2);

  assert.deepEqual(pageErrors, [], 'uncaught errors');
  assert.deepEqual(consoleErrors, [], 'console errors (CSP included)');
  await context.close();
});

test('the deck opened from file:// drives dist/dlab.html, with no network', { timeout: 120000 }, async () => {
  // A copy of slides/ beside a fresh single-file build, as a lecturer would carry them.
  const dir = mkdtempSync(join(tmpdir(), 'dlab-deck-'));
  try {
    for (const f of ['index.html', 'deck.js', 'style.css', 'vendor']) cpSync(join(ROOT, 'slides', f), join(dir, 'slides', f), { recursive: true });
    cpSync(join(ROOT, 'www', 'favicon.svg'), join(dir, 'www', 'favicon.svg'));
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs'), '--out', join(dir, 'dist', 'dlab.html')], { cwd: ROOT });
    const opened = await newPage(browser, null, { viewport: PROJECTOR });
    const { page, context, consoleErrors, pageErrors } = opened;
    const blocked = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (/^(file|data|blob):/.test(u)) return route.continue();
      blocked.push(u);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, 'slides', 'index.html')).href);
    await page.waitForFunction(() => window.Reveal?.isReady?.(), null, { timeout: 15000 });
    const srcs = await page.$$eval('iframe.lab', (fs) => fs.map((f) => f.getAttribute('src')));
    for (const s of srcs) assert.match(s, /^\.\.\/dist\/dlab\.html#lab=/);
    await next(page);
    const s2 = await presentLab(page);
    assert.equal(await commandsDone(page), 'done');
    assert.equal(await s2.evaluate(() => window.dlab.config().model.hidden.length), 10);
    assert.equal(await s2.evaluate(() => window.dlab.ui().playing), true);
    assert.ok(await advances(s2));
    await screenshot(page, 'slides-file-2');
    assert.deepEqual(blocked, [], 'network requests');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
