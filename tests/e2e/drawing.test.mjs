// Drawing within the frame: a chart draws only when what it shows changed (its data, its
// size, the theme); the same data again is skipped, so a frame pays for the charts that moved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';
import { openLab, assertClean } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const frames = (page, n = 4) => page.evaluate((k) => new Promise((resolve) => {
  const f = () => (--k <= 0 ? resolve() : requestAnimationFrame(f));
  requestAnimationFrame(f);
}), n);
const stats = (page) => page.evaluate(async () => ({ ...(await import('/www/charts/base.js')).DRAW_STATS }));

test('the same data again is not drawn again; new data and a new size are', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.settled());
  await page.waitForTimeout(500); // the charts' extras arrive a snapshot after the first draw
  const lr = await page.evaluate(() => window.dlab.config().optim.lr);
  const charts = await page.$$eval('canvas[data-chart]', (cs) => cs.length);

  // A command whose answer changes nothing drawn: a snapshot comes, every chart is skipped.
  const s0 = await stats(page);
  await page.evaluate((v) => window.dlab.set('optim.lr', v), lr);
  await frames(page);
  const s1 = await stats(page);
  assert.equal(s1.draws - s0.draws, 0, 'nothing changed, nothing drawn');
  assert.ok(s1.skips - s0.skips >= charts - 1, `each chart skipped (${s1.skips - s0.skips} skips, ${charts} charts)`);

  // Training moves the curves and the weights: those charts draw.
  await page.evaluate(() => window.dlab.step(5));
  await frames(page);
  await page.waitForTimeout(300);
  const s2 = await stats(page);
  assert.ok(s2.draws - s1.draws >= 3, `after 5 steps ${s2.draws - s1.draws} draws`);

  // A new size draws every visible chart again, with the same data.
  await page.setViewportSize({ width: 1100, height: 700 });
  await frames(page, 6);
  const s3 = await stats(page);
  assert.ok(s3.draws - s2.draws >= charts - 1, `after a resize ${s3.draws - s2.draws} draws of ${charts} charts`);
  assertClean(opened);
  await context.close();
});
