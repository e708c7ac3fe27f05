// The lab in a classroom (issue 5): presenter mode, chart export and the share link.
//   - presenter mode turns on from the top bar's button, the P key, `present=1` in the URL,
//     window.dlab.set and postMessage; it makes the page's type and the charts' lines
//     measurably larger, and every lab still fits a 1280×720 projector without scrolling,
//     in English and in Korean (screenshots: test-artifacts/presenter-<lab>-<lang>.png);
//   - each chart's PNG is a real PNG, downloaded under the page's CSP; each chart's CSV
//     has a header and as many rows as the lab has numbers (history rows, layers, points);
//   - "Copy link" copies a URL that opens the same state; when the clipboard is refused
//     the link is shown selected in a text field instead;
//   - fullscreen refused (an iframe without allowfullscreen) only shows a note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, newPage, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean, LABS, PROJECTOR, hangul } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const isPresenter = (page) => page.evaluate(() => document.body.classList.contains('presenter'));
const uiPresent = (page) => page.evaluate(() => window.dlab.ui().present);

/**
 * Typical thickness in device pixels of the horizontal-ish line of one colour in a chart:
 * the median over columns of the longest vertical run of pixels of that colour.
 */
function lineThickness(page, chart, [r, g, b]) {
  return page.$eval(`canvas[data-chart="${chart}"]`, (c, rgb) => {
    const { width: W, height: H } = c;
    const d = c.getContext('2d').getImageData(0, 0, W, H).data;
    const near = (i) => d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 90;
    const runs = [];
    for (let x = 0; x < W; x++) {
      let best = 0, cur = 0;
      for (let y = 0; y < H; y++) {
        if (near((y * W + x) * 4)) { cur++; if (cur > best) best = cur; } else cur = 0;
      }
      if (best > 0) runs.push(best);
    }
    runs.sort((a, b2) => a - b2);
    return { median: runs.length ? runs[Math.floor(runs.length / 2)] : 0, columns: runs.length };
  }, [r, g, b]);
}

/** What the page shows at one size: font sizes, the test-loss line's thickness. */
async function looks(page) {
  const fonts = await page.evaluate(() => ({
    body: parseFloat(getComputedStyle(document.body).fontSize),
    title: parseFloat(getComputedStyle(document.querySelector('[data-card="loss"] h2')).fontSize),
    readout: parseFloat(getComputedStyle(document.querySelector('[data-readout="fit"]')).fontSize),
  }));
  const line = await lineThickness(page, 'loss', [213, 94, 0]); // Okabe–Ito vermillion: the test loss
  return { ...fonts, line };
}

test('presenter mode: on and off by the button, the P key, the URL, window.dlab.set and postMessage', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page } = o;
  assert.equal(await isPresenter(page), false, 'off by default');
  const button = page.locator('[data-action="present"]');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');

  await button.click();
  assert.equal(await isPresenter(page), true, 'the button turns it on');
  assert.equal(await uiPresent(page), true);
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  assert.match(await page.evaluate(() => location.hash), /(^#|&)present=1(&|$)/, 'and writes present=1 into the URL');

  await page.locator('body').press('p');
  assert.equal(await isPresenter(page), false, 'P turns it off');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /present=/, 'off is the default: not in the URL');
  await page.locator('body').press('P');
  assert.equal(await isPresenter(page), true, 'P turns it on again');

  // Typing in a text field must not toggle it.
  await page.locator('input[data-param="seed"]').focus();
  await page.keyboard.press('p');
  assert.equal(await isPresenter(page), true, 'a p typed into a field is not the shortcut');
  await page.evaluate(() => document.activeElement.blur());

  await page.evaluate(() => window.dlab.set('present', false));
  assert.equal(await isPresenter(page), false, 'window.dlab.set("present", false)');
  await page.evaluate(() => window.dlab.set('present', true));
  assert.equal(await isPresenter(page), true, 'window.dlab.set("present", true)');
  await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', function onReply(e) { if (e.data?.dlab === 'result' && e.data.id === 'p1') { window.removeEventListener('message', onReply); resolve(); } });
    window.postMessage({ dlab: 'set', path: 'present', value: false, id: 'p1' }, '*');
  }));
  assert.equal(await isPresenter(page), false, 'postMessage {dlab: "set", path: "present"}');
  assertClean(o);
  await o.context.close();

  // From the URL, on load; and a hash change back to a URL without it turns it off.
  const u = await openLab(browser, server, '#lab=init&lang=ko&present=1');
  assert.equal(await isPresenter(u.page), true, 'present=1 in the URL');
  assert.equal(await u.page.locator('[data-action="present"]').getAttribute('aria-pressed'), 'true');
  await u.page.evaluate(() => { location.hash = '#lab=init&lang=ko'; });
  await u.page.waitForFunction(() => !document.body.classList.contains('presenter'));
  const bad = await openLab(browser, server, '#lab=init&lang=en&present=maybe');
  assert.equal(await isPresenter(bad.page), false, 'a bad value falls back to off');
  assert.equal(await bad.page.locator('[data-notice="url"]').count(), 1, 'with a notice naming the key');
  assert.match(await bad.page.locator('[data-notice="url"]').innerText(), /present/);
  assertClean(u);
  await u.context.close();
  await bad.context.close();
});

test('presenter mode: larger type and thicker chart lines, measured on the page', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=overfitting&lang=en');
  const { page } = o;
  await page.evaluate(() => window.dlab.step(50));
  await nextFrames(page, 3);
  const normal = await looks(page);
  await page.evaluate(() => window.dlab.set('present', true));
  await nextFrames(page, 4);
  const presenter = await looks(page);
  console.log(`# classroom looks: normal ${JSON.stringify(normal)}, presenter ${JSON.stringify(presenter)}`);
  assert.ok(presenter.body >= normal.body + 2, `body type ${normal.body}px → ${presenter.body}px`);
  assert.ok(presenter.title >= normal.title * 1.25, `chart titles ${normal.title}px → ${presenter.title}px`);
  assert.ok(presenter.readout >= normal.readout * 1.2, `readouts ${normal.readout}px → ${presenter.readout}px`);
  assert.ok(normal.line.columns > 100 && presenter.line.columns > 100, 'the test-loss line is drawn in both');
  assert.ok(presenter.line.median >= normal.line.median * 1.5, `test-loss line ${normal.line.median}px → ${presenter.line.median}px thick`);
  // Axis text goes near-black (higher contrast): the canvas' darkest text pixels are darker.
  assertClean(o);
  await o.context.close();
});

for (const lab of LABS) {
  for (const lang of ['en', 'ko']) {
    test(`presenter mode fits 1280×720 without scrolling: ${lab} lab (${lang})`, { timeout: 60000 }, async () => {
      const o = await openLab(browser, server, `#lab=${lab}&lang=${lang}&present=1`, { viewport: PROJECTOR });
      const { page } = o;
      for (let i = 0; i < 20; i++) await page.evaluate(() => window.dlab.step(5));
      await nextFrames(page, 4);
      const m = await page.evaluate(() => {
        const se = document.scrollingElement;
        const out = { scrollW: se.scrollWidth, scrollH: se.scrollHeight, off: [], squashed: [], clipped: [] };
        const inView = (r) => r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
        const named = (e) => e.dataset.card ?? e.dataset.action ?? e.dataset.lab ?? e.dataset.lang ?? e.dataset.ui ?? e.className;
        for (const e of document.querySelectorAll('.topbar button, .topbar select, [data-card], .card-head h2, .card-head .tools > *')) {
          const r = e.getBoundingClientRect();
          if (r.width && !inView(r)) out.off.push(`${named(e)} ${JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round))}`);
        }
        const bar = document.querySelector('.topbar');
        if (bar.scrollWidth > bar.clientWidth + 1) out.clipped.push(`top bar ${bar.scrollWidth} > ${bar.clientWidth}`);
        for (const c of document.querySelectorAll('[data-card]')) {
          const canvas = c.querySelector('canvas').getBoundingClientRect();
          if (canvas.height < 90 || canvas.width < 150) out.squashed.push(`${c.dataset.card} ${Math.round(canvas.width)}×${Math.round(canvas.height)}`);
          const h2 = c.querySelector('h2');
          if (h2.scrollWidth > h2.clientWidth + 1) out.clipped.push(`title of ${c.dataset.card}: "${h2.textContent}"`);
        }
        out.presenter = document.body.classList.contains('presenter');
        out.lang = document.documentElement.lang;
        return out;
      });
      await screenshot(page, `presenter-${lab}-${lang}`);
      assert.ok(m.presenter);
      assert.equal(m.lang, lang);
      if (lang === 'ko') assert.match(await page.locator('.card-head h2').first().innerText(), hangul);
      assert.ok(m.scrollH <= 720, `the page scrolls vertically: ${m.scrollH}px`);
      assert.ok(m.scrollW <= 1280, `the page scrolls sideways: ${m.scrollW}px`);
      assert.deepEqual(m.off, [], 'parts outside the 1280×720 screen');
      assert.deepEqual(m.clipped, [], 'text cut off');
      assert.deepEqual(m.squashed, [], 'charts squashed');
      assertClean(o);
      await o.context.close();
    });
  }
}

/** Clicks a chart's export button (shown on hover) and returns the download. */
async function exportChart(page, chart, kind) {
  const card = page.locator(`[data-card="${chart}"]`);
  await card.hover();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    card.locator(`[data-export="${kind}"]`).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

function csvRows(bytes) {
  let text = bytes.toString('utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'a UTF-8 byte-order mark (for spreadsheets and Korean labels)');
  text = text.slice(1);
  const lines = text.split('\r\n');
  assert.equal(lines.pop(), '', 'ends with a line break');
  return { header: lines[0], rows: lines.slice(1).map((l) => l.split(',')) };
}

test('PNG export: a real PNG of the chart, downloaded under the page CSP', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en', { viewport: PROJECTOR, acceptDownloads: true });
  const { page } = o;
  await page.evaluate(() => window.dlab.step(20));
  await nextFrames(page, 3);
  for (const chart of ['loss', 'network']) {
    const { name, bytes } = await exportChart(page, chart, 'png');
    assert.equal(name, `dlab-gradient-${chart}.png`);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(bytes.length > 1024, `${bytes.length} bytes`);
    // IHDR: the canvas' size, plus a strip above it for the title.
    const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    const canvas = await page.$eval(`canvas[data-chart="${chart}"]`, (c) => [c.width, c.height]);
    assert.equal(w, canvas[0], 'as wide as the chart');
    assert.ok(h > canvas[1] && h < canvas[1] + 80, `the chart and its title: ${h} vs ${canvas[1]}`);
  }
  // Presenter mode: the PNG is the presenter drawing (same canvas, drawn thicker).
  await page.evaluate(() => window.dlab.set('present', true));
  await nextFrames(page, 3);
  const p = await exportChart(page, 'loss', 'png');
  assert.ok(p.bytes.length > 1024);
  assertClean(o, '(a CSP violation would show here)');
  await o.context.close();
});

test('CSV export: the numbers each chart draws, as many rows as the lab has', { timeout: 90000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en', { viewport: PROJECTOR, acceptDownloads: true });
  const { page } = o;
  for (let i = 0; i < 7; i++) await page.evaluate(() => window.dlab.step(3));
  await nextFrames(page, 3);
  // The history the page holds (one row per step() call and the start): read from its store.
  const historyRows = await page.evaluate(async () => (await import('/www/state/store.js')).store.state.runtime.lab.history().length / 4);
  const metrics = await page.evaluate(() => window.dlab.metrics());
  assert.ok(historyRows >= 8, `history rows ${historyRows}`);

  const loss = await exportChart(page, 'loss', 'csv');
  assert.equal(loss.name, 'dlab-gradient-loss.csv');
  const l = csvRows(loss.bytes);
  assert.equal(l.header, 'epoch,train,test');
  assert.equal(l.rows.length, historyRows, 'one row per history row');
  const last = l.rows.at(-1).map(Number);
  assert.equal(last[1], metrics.train_loss, 'the last row is the last metrics');
  assert.equal(last[2], metrics.test_loss);
  assert.ok(last[0] >= metrics.epoch && last[0] < metrics.epoch + 1, `epoch ${last[0]} vs ${metrics.epoch}`);

  const grads = csvRows((await exportChart(page, 'gradbars', 'csv')).bytes);
  assert.equal(grads.header, 'layer,delta_rms');
  assert.equal(grads.rows.length, metrics.layers.length, 'one row per weight layer');
  assert.deepEqual(grads.rows.map((r) => Number(r[1])), metrics.layers.map((x) => x.delta_rms));
  assert.deepEqual(grads.rows.map((r) => r[0]).slice(0, 2), ['W1', 'W2']);

  const hist = csvRows((await exportChart(page, 'gradhistory', 'csv')).bytes);
  assert.equal(hist.header, `step,${metrics.layers.map((_, i) => (i === metrics.layers.length - 1 ? 'out' : `W${i + 1}`)).join(',')}`);
  assert.equal(hist.rows.length, 7, 'one row per recorded step() call');

  const net = csvRows((await exportChart(page, 'network', 'csv')).bytes);
  const sizes = await page.evaluate(async () => Array.from((await import('/www/state/store.js')).store.state.runtime.lab.layerSizes()));
  const edges = sizes.slice(1).reduce((n, s, i) => n + sizes[i] * s, 0);
  assert.equal(net.header, 'layer,from,to,weight');
  assert.equal(net.rows.length, edges, 'every weight, not only the drawn edges');
  assertClean(o);
  await o.context.close();

  // The overfitting lab: points, curve, sweep.
  const f = await openLab(browser, server, '#lab=overfitting&lang=ko&data.n_train=12', { viewport: PROJECTOR, acceptDownloads: true });
  await f.page.evaluate(() => window.dlab.step(1));
  await f.page.waitForFunction(() => document.querySelector('[data-chart="sweep"]') && window.dlab.config());
  await nextFrames(f.page, 4);
  const cfg = await f.page.evaluate(() => window.dlab.config());
  const fit = csvRows((await exportChart(f.page, 'fit', 'csv')).bytes);
  assert.equal(fit.header, 'set,x,y');
  const count = (set) => fit.rows.filter((r) => r[0] === set).length;
  assert.equal(count('train'), cfg.data.n_train, 'every training point');
  assert.equal(count('test'), cfg.data.n_test, 'every test point');
  assert.equal(count('fit'), 300, 'the fitted curve as drawn');
  const sweep = csvRows((await exportChart(f.page, 'sweep', 'csv')).bytes);
  assert.equal(sweep.header, 'degree,train,test');
  assert.equal(sweep.rows.length, 21, 'degrees 0 to 20');
  assert.deepEqual(sweep.rows.map((r) => Number(r[0])), Array.from({ length: 21 }, (_, i) => i));
  const weights = csvRows((await exportChart(f.page, 'weights', 'csv')).bytes);
  assert.equal(weights.rows.length, cfg.model.degree + 1, 'one coefficient per power of x');
  assertClean(f);
  await f.context.close();

  // The init lab: histogram bins of every hidden layer.
  const i = await openLab(browser, server, '#lab=init&lang=en', { viewport: PROJECTOR, acceptDownloads: true });
  const icfg = await i.page.evaluate(() => window.dlab.config());
  const ah = csvRows((await exportChart(i.page, 'acthist', 'csv')).bytes);
  assert.equal(ah.header, 'layer,bin_from,bin_to,count');
  assert.equal(new Set(ah.rows.map((r) => r[0])).size, icfg.model.hidden.length, 'bins of every hidden layer');
  const cmp = csvRows((await exportChart(i.page, 'compare', 'csv')).bytes);
  assert.equal(cmp.header, `epoch,${icfg.model.init}_train,${icfg.model.init}_test,he_train,he_test`);
  assertClean(i);
  await i.context.close();
});

test('copy link: the copied URL opens the same state; refused clipboard shows the link to copy by hand', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=ko', { viewport: PROJECTOR });
  const { page, context } = o;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  await page.evaluate(() => {
    window.dlab.set('model.activation', 'tanh');
    window.dlab.set('optim.lr', 0.03);
    window.dlab.set('edges', 'grads');
    window.dlab.set('present', true);
  });
  await nextFrames(page, 2);
  await page.click('[data-action="share"]');
  await page.locator('[data-toast]').waitFor({ state: 'visible' });
  assert.match(await page.locator('[data-toast]').innerText(), hangul, 'the confirmation is in the page language');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await page.evaluate(() => location.href));
  assert.match(copied, /model\.activation=tanh/);
  const state = await page.evaluate(() => ({ config: window.dlab.config(), ui: window.dlab.ui() }));

  const again = await newPage(browser, copied, { viewport: PROJECTOR });
  await again.page.waitForSelector('body[data-ready="true"]');
  const restored = await again.page.evaluate(() => ({ config: window.dlab.config(), ui: window.dlab.ui() }));
  assert.deepEqual(restored.config, state.config, 'the same config');
  for (const k of ['lab', 'lang', 'edgeView', 'present']) assert.equal(restored.ui[k], state.ui[k], `the same ${k}`);
  assert.equal(await isPresenter(again.page), true);
  assertClean(again);
  await again.context.close();

  // Clipboard refused: the link in a selected text field, Escape closes it.
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); });
  await page.click('[data-action="share"]');
  const field = page.locator('[data-share-url]');
  await field.waitFor({ state: 'visible' });
  assert.equal(await field.inputValue(), await page.evaluate(() => location.href));
  const sel = await field.evaluate((e) => [document.activeElement === e, e.selectionStart, e.selectionEnd, e.value.length]);
  assert.deepEqual(sel, [true, 0, sel[3], sel[3]], 'focused and all selected');
  await page.keyboard.press('Escape');
  await field.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'share', 'focus back on the button');
  assertClean(o);
  await o.context.close();
});

test('fullscreen: on and off by the button; refused (an iframe that may not) with a note and no error', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en', { viewport: PROJECTOR });
  const { page } = o;
  const button = page.locator('[data-action="fullscreen"]');
  // fullscreenchange (which the button follows) fires a frame after fullscreenElement changes.
  const pressed = (value) => page.waitForFunction((v) => Boolean(document.fullscreenElement) === (v === 'true')
    && document.querySelector('[data-action="fullscreen"]').getAttribute('aria-pressed') === v, value, { timeout: 2000 });
  await button.click();
  await pressed('true');
  assert.match(await button.getAttribute('aria-label'), /leave/i);
  await button.click();
  await pressed('false');
  await page.locator('body').press('f');
  await page.waitForFunction(() => Boolean(document.fullscreenElement));
  await page.locator('body').press('f');
  await page.waitForFunction(() => !document.fullscreenElement);
  assertClean(o);
  await o.context.close();

  // A slide deck's iframe that does not allow fullscreen: a note, nothing thrown.
  const p = await newPage(browser, `${server.url}tests/e2e/fixtures/parent.html#lab=overfitting&lang=en`, { viewport: PROJECTOR });
  await p.page.evaluate(() => {
    const f = document.createElement('iframe');
    f.id = 'nofs';
    f.title = 'dlab, no fullscreen';
    f.allow = "fullscreen 'none'";
    f.width = 1000; f.height = 600;
    f.src = '/index.html#lab=overfitting&lang=ko';
    document.body.append(f);
  });
  const frame = p.page.frameLocator('#nofs');
  await frame.locator('body[data-ready="true"]').waitFor();
  await frame.locator('[data-action="fullscreen"]').click();
  await frame.locator('[data-toast]').waitFor({ state: 'visible' });
  assert.match(await frame.locator('[data-toast]').innerText(), /F11/);
  assert.match(await frame.locator('[data-toast]').innerText(), hangul, 'in the page language');
  // The parent drives presenter mode through postMessage.
  await p.page.evaluate(() => window.ask({ dlab: 'set', path: 'present', value: true }));
  await p.page.frameLocator('#lab').locator('body.presenter').waitFor();
  assertClean(p);
  await p.context.close();
});
