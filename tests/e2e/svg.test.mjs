// SVG export (www/ui/svg.js): every chart card's "SVG" button downloads a vector figure of
// the chart as drawn. Each file is parsed (DOMParser, as an image/svg+xml document) and
// must hold the chart's title and every string the chart drew on its canvas (tick labels,
// axis titles, legends) as <text> elements, plus drawing elements (paths, rects); a chart
// that draws a bitmap (the decision map) embeds just that as an <image>. Under the page's
// CSP and in the single offline file, with no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, ROOT, launchBrowser, newPage, startServer } from './harness.mjs';
import { LABS, PROJECTOR, hangul, waitReady } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

// Before the page loads: a log of the strings each chart canvas got in its last draw
// (prepare() clears the canvas first, so clearRect starts a new draw).
const RECORD_TEXT = () => {
  const P = CanvasRenderingContext2D.prototype;
  const fill = P.fillText, clear = P.clearRect;
  window.__drawnText = new Map();
  P.clearRect = function (...a) { if (this.canvas.dataset?.chart) window.__drawnText.set(this.canvas.dataset.chart, []); return clear.apply(this, a); };
  P.fillText = function (text, ...a) { window.__drawnText.get(this.canvas.dataset?.chart)?.push(String(text)); return fill.call(this, text, ...a); };
};

/** Clicks each visible card's SVG button; returns [{chart, title, file, drawn}] with the strings its last canvas draw had. */
async function exportAll(page, prefix) {
  await page.evaluate(() => window.dlab.pause());
  await page.evaluate(() => window.dlab.step(20));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const cards = await page.$$eval('.card[data-card]', (cs) => cs.filter((c) => c.offsetParent !== null).map((c) => ({ chart: c.dataset.card, title: c.querySelector('h2').textContent })));
  const out = [];
  for (const c of cards) {
    const drawn = await page.evaluate((n) => window.__drawnText.get(n) ?? [], c.chart);
    await page.hover(`[data-card="${c.chart}"] canvas`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-card="${c.chart}"] [data-export="svg"]`)]);
    assert.equal(download.suggestedFilename(), `dlab-${prefix}-${c.chart}.svg`);
    const file = join(ARTIFACTS, `svg-${prefix}-${c.chart}.svg`);
    await download.saveAs(file);
    out.push({ ...c, file, drawn });
  }
  return out;
}

/** Parses an SVG in the page: parse errors, its texts, and how many drawing elements of each kind. */
function parse(page, text) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    const root = doc.documentElement;
    const count = (sel) => root.querySelectorAll(sel).length;
    return {
      error: err ? err.textContent : null,
      root: root.localName, ns: root.namespaceURI, width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')),
      title: root.querySelector('title')?.textContent ?? null,
      texts: [...root.querySelectorAll('text')].map((t) => t.textContent),
      fonts: [...root.querySelectorAll('text')].map((t) => t.getAttribute('font-size')),
      paths: count('path'), rects: count('rect'), images: count('image'),
    };
  }, text);
}

// The init lab with RBM pre-training, so its RBM chart has a curve rather than its empty note.
const EXTRA = { init: '&model.init=rbm&model.activation=sigmoid' };
for (const [lab, lang] of [...LABS.map((l) => [l, 'en']), ['gradient', 'ko']]) {
  test(`lab=${lab} (${lang}): every chart exports as a parseable SVG with its text as <text>`, { timeout: 90000 }, async () => {
    const opened = await newPage(browser, null, { viewport: PROJECTOR });
    const { page, context, consoleErrors, pageErrors } = opened;
    await context.addInitScript(RECORD_TEXT);
    await page.goto(`${server.url}index.html#lab=${lab}&lang=${lang}${EXTRA[lab] ?? ''}`);
    await waitReady(page);
    const files = await exportAll(page, lab);
    assert.ok(files.length >= 4, `${lab}: ${files.length} charts exported`);
    const summary = [];
    for (const f of files) {
      const svg = readFileSync(f.file, 'utf8');
      const p = await parse(page, svg);
      assert.equal(p.error, null, `${f.chart}: parses`);
      assert.deepEqual([p.root, p.ns], ['svg', 'http://www.w3.org/2000/svg'], `${f.chart}: an <svg> root`);
      assert.ok(p.width > 50 && p.height > 50, `${f.chart}: sized ${p.width}×${p.height}`);
      assert.equal(p.title, f.title, `${f.chart}: <title>`);
      assert.ok(p.texts.includes(f.title), `${f.chart}: the title as text`);
      // Every string the canvas drew (tick labels, axis titles, legends) is a <text>.
      const missing = f.drawn.filter((s) => s.trim() && !p.texts.includes(s));
      assert.deepEqual(missing, [], `${f.chart}: strings drawn on the canvas but not <text> in the SVG`);
      assert.ok(f.drawn.length >= 2, `${f.chart}: the chart drew text (${f.drawn.length})`);
      assert.ok(p.fonts.every((s) => /^\d+(\.\d+)?px$/.test(s ?? '')), `${f.chart}: each <text> has its font size (${p.fonts.slice(0, 3)})`);
      assert.ok(p.paths + p.rects >= 5, `${f.chart}: drawing elements (${p.paths} paths, ${p.rects} rects)`);
      // A heatmap is one bitmap; the network diagram's unit maps are one per hidden or output
      // unit (the gradient lab's default net: 5 × 8 + 1); everything else is vector.
      const bitmaps = f.chart === 'network' ? 5 * 8 + 1 : 1;
      assert.ok(p.images <= bitmaps, `${f.chart}: at most ${bitmaps} embedded bitmaps (${p.images})`);
      if (lang === 'ko') assert.ok(p.texts.some((s) => hangul.test(s)), `${f.chart}: Korean text`);
      summary.push(`${f.chart} ${Buffer.byteLength(svg)} B, ${p.texts.length} texts, ${p.paths} paths, ${p.rects} rects${p.images ? `, ${p.images} image` : ''}`);
    }
    console.log(`# ${lab}/${lang}: ${summary.join('; ')}`);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, [], 'no console error (the CSP refuses inline style attributes)');
    await context.close();
  });
}

test('dist/dlab.html over file://: the SVG export works under its CSP', { timeout: 60000 }, async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT });
  const opened = await newPage(browser, null, { viewport: PROJECTOR });
  const { page, context, consoleErrors, pageErrors } = opened;
  await context.addInitScript(RECORD_TEXT);
  await page.goto(`${pathToFileURL(join(ROOT, 'dist', 'dlab.html')).href}#lab=init&lang=en`);
  await waitReady(page);
  const [f] = (await exportAll(page, 'init')).slice(0, 1);
  const p = await parse(page, readFileSync(f.file, 'utf8'));
  assert.equal(p.error, null);
  assert.ok(p.texts.length > 3);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
