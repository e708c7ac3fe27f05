// What goes wrong is said on the page, in words, and the page stays usable: a diverging
// run, a setting the core rejects, and a crash inside the wasm core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// A regression network with a huge learning rate and N(0, 1) weights blows up within
// a hundred steps (a ±1 classifier's bounded output would only saturate).
const DIVERGING = '#lab=overfitting&model.kind=mlp&model.init=large&optim.kind=sgd&optim.lr=10';

for (const lang of ['en', 'ko']) {
  test(`a diverging run shows why (${lang}), and the banner's reset recovers`, { timeout: 60000 }, async () => {
    const opened = await openLab(browser, server, `${DIVERGING}&lang=${lang}`);
    const { page, context } = opened;
    await page.click('[data-action="play"]');
    const banner = page.locator('[data-banner="diverged"]');
    await banner.waitFor({ state: 'visible', timeout: 20000 });
    const text = await banner.textContent();
    if (lang === 'en') {
      assert.match(text, /learning rate 10 is too high/);
      assert.match(text, /“large” init is too large/);
    } else {
      assert.match(text, /학습률\(10\)/);
      assert.match(text, /초기화/);
    }
    assert.equal(await page.evaluate(() => window.dlab.ui().playing), false, 'stopped when diverged');
    await screenshot(page, `diverged-${lang}`);
    await page.click('[data-action="diverge-fix"]');
    await nextFrames(page);
    assert.equal(await banner.isVisible(), false);
    const cfg = await page.evaluate(() => window.dlab.config());
    assert.equal(cfg.optim.lr, 1, `lr lowered ×0.1: ${cfg.optim.lr}`);
    assert.notEqual(cfg.model.init, 'large');
    const m = await page.evaluate(() => window.dlab.step(300));
    assert.equal(m.diverged, false);
    assert.ok(Number.isFinite(m.train_loss));
    assertClean(opened);
    await context.close();
  });
}

test('a choice the core rejects is explained with its message and the previous state is kept', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en&model.kind=mlp&optim.kind=adam');
  const { page, context } = opened;
  const before = await page.evaluate(() => window.dlab.config());
  // An MLP has no closed-form fit.
  await page.selectOption('select[data-param="optim.kind"]', 'exact');
  const notice = page.locator('[data-notice="config"]');
  await notice.waitFor({ state: 'visible' });
  assert.match(await notice.textContent(), /optim\.kind|exact/);
  assert.deepEqual(await page.evaluate(() => window.dlab.config()), before);
  assert.equal(await page.$eval('select[data-param="optim.kind"]', (s) => s.value), 'adam', 'the control shows the kept value');
  await notice.locator('[data-action="dismiss"]').click();
  assert.equal(await notice.count(), 0);
  assertClean(opened);
  await context.close();
});

test('a crash inside the wasm core is reported on the page, which recovers with a fresh core', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  // Make the page's core trap the way a Rust panic does (panic = abort → "unreachable"): the
  // run's Lab (its view of the Lab in the training worker, bridge/remote.js) traps on step.
  await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    Object.getPrototypeOf(store.state.runtime.lab).step = function trap() { throw new WebAssembly.RuntimeError('unreachable'); };
  });
  await page.click('[data-action="step"]');
  const notice = page.locator('[data-notice="panic"]');
  await notice.waitFor({ state: 'visible' });
  assert.match(await notice.textContent(), /crashed/);
  assert.ok(await notice.locator('[data-action="reload"]').isVisible(), 'offers a reload');
  // Not frozen, and a fresh instance of the core trains again.
  await page.waitForSelector('body[data-core="ok"]');
  const m = await page.evaluate(() => window.dlab.step(5));
  assert.equal(m.step, 5);
  await screenshot(page, 'crash-recovered-en');
  assertClean(opened);
  await context.close();
});
