// The capacity table (charts/captable.js) stays readable at every card size: as the hero
// (overfitting step 16) and as a small card beside another hero (step 9). What the chart
// drew is logged from fillText with each string's width; the column heads must not run
// into each other, every cell must show its whole verdict (a cut "과소…" could be read as
// either verdict), and no string may be wider than its cell.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser, newPage, startServer } from './harness.mjs';
import { PROJECTOR, waitReady } from './fixtures/lab.mjs';
import DATA from '../../www/state/presets.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

const GRID = DATA.labs.overfitting.capacity_table;
const VERDICTS = { en: ['under', 'good', 'over'], ko: ['과소적합', '적절', '과적합'] };

// Before the page loads: the captable canvas's last draw, string by string.
const LOG_TEXT = () => {
  const P = CanvasRenderingContext2D.prototype;
  const fill = P.fillText, clear = P.clearRect;
  window.__captable = [];
  const ours = (ctx) => ctx.canvas.dataset?.chart === 'captable';
  P.clearRect = function (...a) { if (ours(this)) window.__captable = []; return clear.apply(this, a); };
  P.fillText = function (text, x, y, ...a) {
    if (ours(this)) {
      const p = new DOMPoint(x, y).matrixTransform(this.getTransform());
      window.__captable.push({ text: String(text), x: p.x, y: p.y, w: this.measureText(String(text)).width * this.getTransform().a });
    }
    return fill.call(this, text, x, y, ...a);
  };
};

for (const [step, lang, where] of [[9, 'ko', 'small card'], [9, 'en', 'small card'], [16, 'ko', 'hero']]) {
  test(`capacity table, overfitting step ${step} (${lang}, ${where}): heads apart, whole verdicts, nothing wider than its cell`, { timeout: 60000 }, async () => {
    const { page, context, pageErrors } = await newPage(browser, null, { viewport: PROJECTOR });
    await context.addInitScript(LOG_TEXT);
    await page.goto(`${server.url}index.html#lesson=overfitting&step=${step}&lang=${lang}`);
    await waitReady(page);
    const cells = GRID.capacities.length * GRID.n_train.length;
    const words = VERDICTS[lang];
    // The table is computed in the worker; wait for a draw with every cell.
    await page.waitForFunction(([w, n]) => window.__captable.filter((t) => w.includes(t.text)).length === n, [words, cells], { timeout: 20000 });
    const drawn = await page.evaluate(() => window.__captable);
    const heads = drawn.filter((t) => GRID.n_train.some((n) => t.text === String(n) || t.text === `n = ${n}`) && t.y < drawn[0].y + 40)
      .sort((a, b) => a.x - b.x);
    assert.equal(heads.length, GRID.n_train.length, `column heads: ${heads.map((h) => h.text)}`);
    const cw = heads[1].x - heads[0].x;
    for (let i = 1; i < heads.length; i++) {
      assert.ok(heads[i - 1].x + heads[i - 1].w / 2 < heads[i].x - heads[i].w / 2, `heads ${heads[i - 1].text} and ${heads[i].text} overlap (cell ${cw.toFixed(0)} px)`);
    }
    const verdicts = drawn.filter((t) => words.includes(t.text));
    assert.equal(verdicts.length, cells, 'every cell shows its whole verdict');
    // The first two strings are the axis titles (across the top, and rotated down the side).
    const wide = drawn.slice(2).filter((t) => t.w > cw);
    assert.deepEqual(wide.map((t) => `${t.text} ${t.w.toFixed(0)} > ${cw.toFixed(0)}`), [], 'no string wider than its cell');
    await page.locator('[data-card="captable"]').screenshot({ path: join(ARTIFACTS, `captable-step${step}-${lang}.png`) });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
}
