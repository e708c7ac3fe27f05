// A default that plays: every lab's default, and every preset, shows change while playing.
// Iterative training moves the loss; an exact fit (solved in one step) walks the degree
// instead, says so, and stops at the top, never a counter running over a still picture.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';
import { openLab, LABS } from './fixtures/lab.mjs';
import DATA from '../../www/state/presets.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const PLAY_MS = 1500;

/** Plays for PLAY_MS; returns what the page showed before and after. */
async function playFor(page) {
  return page.evaluate(async (ms) => {
    const look = () => ({ step: window.dlab.metrics().step, loss: window.dlab.metrics().train_loss, degree: window.dlab.config().model.degree, exact: window.dlab.config().optim.kind === 'exact', playing: window.dlab.ui().playing });
    const before = look();
    window.dlab.play();
    await new Promise((r) => setTimeout(r, ms));
    const after = look();
    window.dlab.pause();
    return { before, after };
  }, PLAY_MS);
}

for (const lab of LABS) {
  test(`${lab} lab: its default and every preset change while playing`, { timeout: 120000 }, async () => {
    const opened = await openLab(browser, server, `#lab=${lab}&lang=en`);
    const { page } = opened;
    try {
      const runs = [['(default)', await playFor(page)]];
      for (const p of DATA.labs[lab].presets) {
        await page.evaluate((id) => window.dlab.preset(id), p.id);
        runs.push([p.id, await playFor(page)]);
      }
      for (const [id, { before, after: a }] of runs) {
        if (before.exact) {
          assert.notEqual(a.degree, before.degree, `${id}: playing an exact fit walks the degree`);
          assert.ok(a.step <= 1, `${id}: no step counter running over an exact fit (step ${a.step})`);
        } else {
          assert.ok(a.step > before.step, `${id}: steps advance`);
          assert.notEqual(a.loss, before.loss, `${id}: the loss moves`);
        }
      }
      assert.deepEqual(opened.pageErrors, []);
    } finally {
      await opened.context.close();
    }
  });
}

test('the exact fit says what Play does, in Korean too, and stops at the top degree', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=ko&model.degree=18');
  const { page } = opened;
  try {
    await page.evaluate(() => window.dlab.play());
    await page.waitForFunction(() => !window.dlab.ui().playing, null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.dlab.config().model.degree), 20);
    const note = await page.textContent('[data-notice="exact"]');
    assert.match(note, /[가-힣]/);
    assert.match(note, /20/);
  } finally {
    await opened.context.close();
  }
});
