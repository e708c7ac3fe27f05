// A/B: "Pin as A" keeps the current settings as run A; whatever changes afterwards is run B.
// Both are built from the same seed, take the same steps, and are drawn on the same charts
// (www/bridge/compare.js). Checked through window.dlab.ab(), the URL, the charts' pixels and their
// text summaries, in English and Korean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean, hangul } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// settled(): the training worker has answered what the page sent (a control's change).
const ab = (page) => page.evaluate(async () => { await window.dlab.settled(); return window.dlab.ab(); });
const notices = (page) => page.$$eval('[data-notice]', (ns) => ns.map((n) => n.querySelector('.notice-text').textContent));
const desc = (page, chart) => page.$eval(`canvas[data-chart="${chart}"]`, (c) => document.getElementById(c.getAttribute('aria-describedby'))?.textContent ?? '');

/** Pixels of a chart in run A's colour (Okabe–Ito reddish purple #CC79A7): A drawn or not. */
function purplePixels(page, chart) {
  return page.$eval(`canvas[data-chart="${chart}"]`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 200 && Math.abs(d[i] - 204) < 28 && Math.abs(d[i + 1] - 121) < 28 && Math.abs(d[i + 2] - 167) < 28) n++;
    }
    return n;
  });
}

/** Plays (the animation loop steps both runs) until B has taken at least n steps, then pauses. */
async function playUntil(page, n) {
  await page.click('[data-action="play"]');
  await page.waitForFunction((k) => (window.dlab.metrics()?.step ?? 0) >= k, n, { timeout: 30000 });
  await page.click('[data-action="play"]');
  await nextFrames(page, 3);
}

let shareHash = null;

test('gradient lab, 10 layers: A = sigmoid, B = ReLU train in lockstep from one seed; both drawn; ReLU’s first layer gets far more gradient', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.click('[data-preset="sigmoid-deep"]');
  assert.equal(await purplePixels(page, 'loss'), 0, 'no run A before pinning');
  assert.equal((await ab(page)).pinned, false);

  // Pinned and unchanged, A and B are the same network from the same seed: equal, step for step.
  await page.click('[data-action="pin-a"]');
  let r = await ab(page);
  assert.equal(r.pinned, true);
  assert.deepEqual(r.diff, []);
  assert.equal(r.url, 'same');
  await page.evaluate(() => window.dlab.step(15));
  r = await ab(page);
  assert.equal(r.a.metrics.step, 15);
  assert.deepEqual(r.a.metrics, r.b.metrics, 'identical settings and seed give identical runs');

  // B becomes ReLU with the UI; both start again together.
  await page.selectOption('select[data-param="model.activation"]', 'relu');
  r = await ab(page);
  assert.equal(r.a.metrics.step, 0, 'A restarted with B');
  assert.equal(r.b.metrics.step, 0);
  await playUntil(page, 40);
  r = await ab(page);
  assert.deepEqual(r.diff.map((d) => [d.path, d.a, d.b]), [['model.activation', 'sigmoid', 'relu']], 'A and B differ only in the activation');
  assert.equal(r.a.config.seed, r.b.config.seed, 'same seed');
  assert.deepEqual(r.a.config.model.hidden, Array(10).fill(8));
  assert.equal(r.a.metrics.step, r.b.metrics.step, `lockstep: A ${r.a.metrics.step}, B ${r.b.metrics.step}`);
  assert.ok(r.b.metrics.step >= 40);
  assert.notEqual(r.a.metrics.train_loss, r.b.metrics.train_loss, 'the runs differ');
  const gA = r.a.metrics.layers[0].grad_norm, gB = r.b.metrics.layers[0].grad_norm;
  assert.ok(gB > 100 * gA, `ReLU's W1 gradient ${gB} ≫ sigmoid's ${gA}`);
  // Sigmoid's own staircase: its first layer gets far less than its last.
  assert.ok(r.a.metrics.layers.at(-1).grad_norm > 1000 * gA);
  assert.match(r.labels.a, /^A: sigmoid/);
  assert.match(r.labels.b, /^B: ReLU/);

  // Drawn: A's colour in the loss chart and the gradient bars; the legend and summaries name both.
  assert.ok(await purplePixels(page, 'loss') > 100, 'A drawn on the loss chart');
  assert.ok(await purplePixels(page, 'gradbars') > 100, 'A’s bars beside B’s');
  const lossText = await desc(page, 'loss');
  assert.match(lossText, /A: sigmoid/);
  assert.match(lossText, /B: ReLU/);
  assert.match(await desc(page, 'gradbars'), /A: sigmoid.*:/);
  assert.match(await page.textContent('[data-readout="ab"]'), /A: sigmoid σ · B: ReLU/);
  assert.match(await page.textContent('[data-readout="loss"]'), /A and B, seed 1/);

  // The URL holds A as its difference from B.
  shareHash = await page.evaluate(() => location.hash);
  assert.match(shareHash, /&ab=model\.activation:sigmoid(&|$)/);
  assert.match(shareHash, /model\.activation=relu/);
  await screenshot(page, 'compare-gradient-en');
  assertClean(opened);
  await context.close();
});

test('reloading the share link restores A; the API and postMessage see both runs; “Clear A” ends the comparison', { timeout: 90000 }, async () => {
  assert.ok(shareHash, 'the first test wrote a share link');
  const opened = await openLab(browser, server, shareHash);
  const { page, context } = opened;
  assert.deepEqual(await notices(page), []);
  let r = await ab(page);
  assert.equal(r.pinned, true);
  assert.equal(r.a.config.model.activation, 'sigmoid');
  assert.equal(r.b.config.model.activation, 'relu');
  assert.deepEqual(r.a.config.model.hidden, r.b.config.model.hidden);
  assert.equal(r.url, 'model.activation:sigmoid');
  await page.evaluate(() => window.dlab.step(7));
  r = await ab(page);
  assert.equal(r.a.metrics.step, 7);
  assert.equal(r.b.metrics.step, 7);
  await nextFrames(page, 3);
  assert.ok(await purplePixels(page, 'loss') > 50);

  // The same through postMessage (a slide deck's iframe API).
  const viaMessage = await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', (e) => { if (e.data?.dlab === 'result' && e.data.id === 41) resolve(e.data); });
    window.postMessage({ dlab: 'ab', id: 41 }, '*');
  }));
  assert.equal(viaMessage.value?.pinned, true, JSON.stringify(viaMessage));

  // Each button's accessible name starts with its visible text (label in name, WCAG 2.5.3).
  for (const sel of ['[data-action="pin-a"]', '[data-action="clear-a"]']) {
    const [text, label] = await page.$eval(sel, (b) => [b.textContent.trim(), b.getAttribute('aria-label')]);
    assert.ok(label.startsWith(text), `${sel}: "${label}" starts with "${text}"`);
  }
  // A keyboard user clears A.
  await page.focus('[data-action="clear-a"]');
  await page.keyboard.press('Enter');
  await nextFrames(page, 3);
  r = await ab(page);
  assert.equal(r.pinned, false);
  assert.equal(r.a, null, 'no compared run in the gradient lab');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /[#&]ab=/);
  assert.equal(await purplePixels(page, 'loss'), 0, 'A is gone from the loss chart');
  assert.equal(await purplePixels(page, 'gradbars'), 0);
  assert.doesNotMatch(await desc(page, 'loss'), /A:/);
  assert.equal(await page.isVisible('[data-action="clear-a"]'), false);
  // B carries on alone.
  assert.equal((await page.evaluate(() => window.dlab.step(3))).step, 10);

  // And pinned again through postMessage, with a patch: A = this config with sigmoid.
  const pinned = await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener('message', (e) => { if (e.data?.dlab === 'result' && e.data.id === 42) resolve(e.data); });
    window.postMessage({ dlab: 'pin', patch: { model: { activation: 'tanh' } }, id: 42 }, '*');
  }));
  assert.equal(pinned.value?.url, 'model.activation:tanh', JSON.stringify(pinned));
  assertClean(opened);
  await context.close();
});

test('overfitting lab: A without L2, B with L2 = 3 (D2L weight decay): only reg.l2 differs, B ends with the smaller weights', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en');
  const { page, context } = opened;
  await page.click('[data-preset="weight-decay"]');
  await page.click('[data-action="pin-a"]');
  await page.evaluate(() => window.dlab.set('reg.l2', 3));
  await page.evaluate(() => window.dlab.step(300));
  await nextFrames(page, 3);
  const r = await ab(page);
  assert.deepEqual(r.diff, [{ path: 'reg.l2', a: 0, b: 3 }], 'A and B differ only in reg.l2');
  assert.equal(r.a.metrics.step, 300);
  assert.equal(r.b.metrics.step, 300);
  const wA = r.a.metrics.layers[0].weight_norm, wB = r.b.metrics.layers[0].weight_norm;
  assert.ok(wB < wA / 5, `L2 shrinks ‖w‖: B ${wB} vs A ${wA}`);
  assert.ok(r.b.metrics.test_loss < r.a.metrics.test_loss, 'and lowers the test loss');
  assert.match(r.labels.a, /L2 0$/);
  assert.match(r.labels.b, /L2 3$/);
  assert.match(await page.textContent('[data-readout="weights"]'), /‖w‖ A [\d.]+ · B [\d.]+/);
  assert.ok(await purplePixels(page, 'loss') > 100, 'A on the loss chart');
  assert.ok(await purplePixels(page, 'weights') > 100, 'A’s weights beside B’s');
  assert.match(await desc(page, 'weights'), /A: L2 0: .*B: L2 3: /);
  assert.match(await page.evaluate(() => location.hash), /&ab=reg\.l2:0(&|$)/);
  await screenshot(page, 'compare-weight-decay-en');

  // Bishop's degree 9: A's wild exact fit as a ghost behind B's ridge fit.
  await page.click('[data-preset="bishop-9"]');
  await page.click('[data-action="pin-a"]');
  await page.click('[data-preset="bishop-9-ridge"]');
  await nextFrames(page, 3);
  const r2 = await ab(page);
  assert.deepEqual(r2.diff.map((d) => d.path), ['reg.l2']);
  assert.equal(r2.a.metrics.step, r2.b.metrics.step);
  assert.ok(await purplePixels(page, 'fit') > 150, 'A’s fitted curve drawn as a ghost');
  await screenshot(page, 'compare-ghost-fit-en');
  assert.match(await desc(page, 'fit'), /^B: L2 1\.5e−9: Epoch \d+: .* A: L2 0: Epoch /, 'the fit’s summary names both runs');
  assertClean(opened);
  await context.close();
});

test('a diverged A does not stop B, and the page says which run diverged', { timeout: 90000 }, async () => {
  // A: an MLP regression with N(0, 1) weights and lr 10 blows up; B: the same with lr 0.01.
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en&model.kind=mlp&model.init=large&optim.kind=sgd&optim.lr=10');
  const { page, context } = opened;
  await page.click('[data-action="pin-a"]');
  await page.evaluate(() => window.dlab.set('optim.lr', 0.01));
  await page.click('[data-action="play"]');
  await page.waitForFunction(() => window.dlab.ab().a?.metrics?.diverged, null, { timeout: 30000 });
  const divergedAt = (await ab(page)).a.metrics.step;
  await page.waitForFunction((k) => window.dlab.metrics().step > k + 50, divergedAt, { timeout: 30000 });
  assert.equal((await page.evaluate(() => window.dlab.ui())).playing, true, 'B keeps playing');
  await page.click('[data-action="play"]');
  await nextFrames(page, 3);
  const r = await ab(page);
  assert.equal(r.b.metrics.diverged, false);
  assert.ok(Number.isFinite(r.b.metrics.train_loss));
  assert.equal(await page.isVisible('[data-banner="diverged"]'), false, 'no banner: B is fine');
  assert.match(await page.textContent('[data-readout="ab-status"]'), /A: diverged at step \d+/);
  assert.match(await page.textContent('[data-readout="loss"]'), /diverged: A/);
  assert.match(await desc(page, 'loss'), /A: lr 10: diverged at step \d+\. B: lr 0\.01: epoch/);
  await screenshot(page, 'compare-diverged-a-en');

  // Reset restarts both; a crash of the core rebuilds both, A still pinned.
  await page.click('[data-action="reset"]');
  let s = await ab(page);
  assert.equal(s.a.metrics.step, 0);
  assert.equal(s.a.metrics.diverged, false);
  // The run's Lab (its view of the Lab in the training worker) traps like a Rust panic.
  await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    Object.getPrototypeOf(store.state.runtime.lab).step = function trap() { throw new WebAssembly.RuntimeError('unreachable'); };
  });
  await page.click('[data-action="step"]');
  await page.locator('[data-notice="panic"]').waitFor({ state: 'visible' });
  await page.waitForSelector('body[data-core="ok"]');
  await page.waitForFunction(() => window.dlab.ab().a !== null);
  await page.evaluate(() => window.dlab.step(5));
  s = await ab(page);
  assert.equal(s.pinned, true);
  assert.equal(s.a.config.optim.lr, 10);
  assert.equal(s.a.metrics.step, 5);
  assert.equal(s.b.metrics.step, 5);
  assertClean(opened);
  await context.close();
});

test('init lab: the “vs init” select still compares another init; with A pinned it pins A with that init', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=init&lang=en');
  const { page, context } = opened;
  let r = await ab(page);
  assert.equal(r.pinned, false);
  assert.equal(r.a.config.model.init, 'he', 'the default comparison run');
  await page.selectOption('select[data-ui="compare"]', 'zero');
  r = await ab(page);
  assert.equal(r.pinned, false);
  assert.equal(r.a.config.model.init, 'zero');
  // Not pinned: a change applies to both (the same network, two inits).
  // (Sigmoid: ReLU with N(0, 1) weights over 6 layers diverges within a few steps.)
  await page.evaluate(() => window.dlab.set('model.activation', 'sigmoid'));
  r = await ab(page);
  assert.equal(r.a.config.model.activation, 'sigmoid');

  await page.click('[data-action="pin-a"]');
  await page.selectOption('select[data-ui="compare"]', 'large');
  r = await ab(page);
  assert.equal(r.pinned, true);
  assert.deepEqual(r.diff.map((d) => [d.path, d.a, d.b]), [['model.init', 'large', 'xavier']]);
  assert.equal(r.url, 'model.init:large');
  // Pinned: B's changes leave A as it was.
  await page.evaluate(() => window.dlab.set('model.activation', 'tanh'));
  r = await ab(page);
  assert.equal(r.a.config.model.activation, 'sigmoid');
  assert.deepEqual(r.diff.map((d) => d.path), ['model.activation', 'model.init']);
  await page.evaluate(() => window.dlab.step(20));
  await nextFrames(page, 3);
  r = await ab(page);
  assert.equal(r.a.metrics.step, r.b.metrics.step);
  assert.match(await desc(page, 'compare'), /A: sigmoid σ, large/);
  assert.ok(await purplePixels(page, 'compare') > 100);
  assert.equal(await page.$eval('select[data-ui="compare"]', (s) => s.value), 'large');
  await screenshot(page, 'compare-init-en');
  await page.click('[data-action="clear-a"]');
  r = await ab(page);
  assert.equal(r.pinned, false);
  assert.equal(r.a.config.model.init, 'large', 'back to the “vs” run, with A’s init');
  assert.equal(r.a.config.model.activation, 'tanh');
  assertClean(opened);
  await context.close();
});

const MALFORMED = [
  ['model.activation:swish', /model\.activation/],
  ['nonsense', /nonsense/],
  ['foo.bar:1', /foo\.bar/],
  ['seed:3', /seed/],
  ['model.hidden:8,x', /model\.hidden/],
  ['model.hidden:300', /model\.hidden|256/],
];

for (const lang of ['en', 'ko']) {
  test(`malformed ab= values give a notice naming them and no A; the page keeps working (${lang})`, { timeout: 90000 }, async () => {
    const opened = await openLab(browser, server, `#lab=gradient&lang=${lang}&model.activation=relu&ab=model.activation:swish`);
    const { page, context } = opened;
    for (const [value, pattern] of MALFORMED) {
      await page.evaluate((v) => { location.hash = `#lab=gradient&lang=${document.documentElement.lang}&model.activation=relu&ab=${v}`; }, value);
      await page.waitForFunction((v) => [...document.querySelectorAll('[data-notice="url"] .notice-text')].some((n) => n.textContent.includes(`ab=${v}`)), value, { timeout: 5000 });
      const texts = (await notices(page)).filter((tx) => tx.includes('ab='));
      assert.equal(texts.length, 1, texts.join('\n'));
      assert.match(texts[0], pattern);
      if (lang === 'ko') assert.match(texts[0], hangul);
      else assert.match(texts[0], /run A was not restored/);
      const r = await ab(page);
      assert.equal(r.pinned, false, `${value}: no A`);
      assert.equal(r.b.config.model.activation, 'relu', 'the rest of the URL is kept');
      assert.doesNotMatch(await page.evaluate(() => location.hash), /[#&]ab=/);
      assert.equal((await page.evaluate(() => window.dlab.step(2))).diverged, false);
    }
    // The API refuses the same values with the same words.
    const err = await page.evaluate(() => { try { window.dlab.set('ab', 'model.activation:swish'); return null; } catch (e) { return e.message; } });
    assert.match(err ?? '', /ab: .*model\.activation/);
    await page.evaluate(() => { location.hash = `#lab=gradient&lang=${document.documentElement.lang}&ab=model.activation:oops`; });
    await nextFrames(page, 3);
    await screenshot(page, `compare-bad-url-${lang}`);
    assertClean(opened);
    await context.close();
  });
}

test('Korean page: the A/B panel, legends and summaries are in Korean', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=ko&model.hidden=8,8,8,8,8,8,8,8,8,8&model.activation=relu&ab=model.activation:sigmoid');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.step(60));
  await nextFrames(page, 3);
  const panel = await page.textContent('.ab-panel');
  assert.match(panel, /두 실행 비교/);
  assert.match(panel, /A 지우기/);
  assert.match(panel, /A: 시그모이드 σ · B: ReLU/);
  assert.match(await desc(page, 'loss'), /두 실행, 같은 시드 1/);
  assert.match(await page.getAttribute('[data-action="pin-a"]', 'aria-label'), /^지금 설정을 A로: .*남겨/);
  await screenshot(page, 'compare-gradient-ko');
  await page.goto(`${server.url}index.html#lab=overfitting&lang=ko&data.kind=linear&data.n_train=20&data.noise=0.01&model.kind=mlp&model.hidden=&model.init=large&reg.l2=3&optim.kind=sgd&optim.lr=0.003&optim.batch_size=5&ab=reg.l2:0`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.evaluate(() => window.dlab.step(300));
  await nextFrames(page, 3);
  assert.match(await desc(page, 'loss'), /두 실행/);
  await screenshot(page, 'compare-weight-decay-ko');
  assertClean(opened);
  await context.close();
});
