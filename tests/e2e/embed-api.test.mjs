// embed=1 for slides; the scripting API window.dlab; the same API from a parent frame
// through postMessage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, screenshot } from './harness.mjs';
import { openLab, chartPixels, nextFrames, assertClean } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('embed=1 hides the chrome and keeps the plots and the key sliders', { timeout: 60000 }, async () => {
  for (const lab of ['gradient', 'overfitting', 'init']) {
    const opened = await openLab(browser, server, `#lab=${lab}&lang=en&embed=1`);
    const { page, context } = opened;
    for (const sel of ['header', '.tabs', '[data-action="help"]', '.side', '[data-preset]']) {
      const visible = await page.locator(sel).first().isVisible().catch(() => false);
      assert.equal(visible, false, `${lab}: ${sel} hidden`);
    }
    const charts = await page.locator('canvas[data-chart]').count();
    assert.ok(charts >= 4);
    for (const c of await page.locator('canvas[data-chart]').all()) assert.ok(await c.isVisible());
    const keySliders = page.locator('.embed-bar [data-param]');
    assert.ok(await keySliders.count() >= 2, `${lab}: key controls in the embed bar`);
    assert.ok(await keySliders.first().isVisible());
    assert.ok(await page.locator('.embed-bar [data-action="play"]').isVisible());
    // The plots use the freed space: the first card starts near the left edge.
    const left = await page.$eval('.card', (c) => c.getBoundingClientRect().left);
    assert.ok(left < 40, `plots start at ${left}px`);
    await screenshot(page, `embed-${lab}-en`);
    assertClean(opened, lab);
    await context.close();
  }
});

test('window.dlab: config, set (live and rebuilding), step, play/pause, reset, preset, metrics, errors', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  const r = await page.evaluate(async () => {
    const d = window.dlab;
    const out = {};
    out.keys = Object.keys(d).sort();
    out.config = d.config();
    // What changes the run resolves once the training worker has done it (docs/wasm-api.md).
    out.m5 = await d.step(5);
    out.liveLr = await d.set('optim.lr', 0.05); // live: false, like Lab.set
    out.stepAfterLive = d.metrics().step;
    out.rebuild = await d.set('model.activation', 'relu');
    out.stepAfterRebuild = d.metrics().step;
    out.play = d.play();
    await new Promise((res) => setTimeout(res, 400));
    out.pause = d.pause();
    out.stepsPlayed = d.metrics().step;
    out.reset = (await d.reset()).step;
    out.preset = await d.preset('sigmoid-deep');
    out.presetHidden = d.config().model.hidden.length;
    try { d.set('model.activation', 'swish'); out.badSet = 'no error'; } catch (e) { out.badSet = e.message; }
    out.afterBad = d.config().model.activation;
    try { d.preset('nope'); } catch (e) { out.badPreset = e.message; }
    out.metrics = d.metrics();
    return out;
  });
  for (const k of ['config', 'set', 'play', 'pause', 'step', 'reset', 'preset', 'metrics']) assert.ok(r.keys.includes(k), `dlab.${k}`);
  assert.equal(r.config.model.activation, 'sigmoid');
  assert.equal(r.m5.step, 5);
  assert.equal(r.liveLr, false);
  assert.equal(r.stepAfterLive, 5);
  assert.equal(r.rebuild, true);
  assert.equal(r.stepAfterRebuild, 0);
  assert.equal(r.play, true);
  assert.equal(r.pause, false);
  assert.ok(r.stepsPlayed > 0, 'playing trained');
  assert.equal(r.reset, 0);
  assert.equal(r.preset, true);
  assert.equal(r.presetHidden, 10);
  assert.match(r.badSet, /^model\.activation: /);
  assert.equal(r.afterBad, 'sigmoid', 'a rejected value keeps the previous state');
  assert.match(r.badPreset, /nope/);
  assert.equal(r.metrics.layers.length, 11);
  for (const k of ['weight_norm', 'grad_norm', 'act_mean', 'act_std', 'saturated', 'dead']) assert.ok(k in r.metrics.layers[0], k);
  // The rejected value is explained on the page too.
  const notice = await page.locator('[data-notice="config"]').textContent();
  assert.match(notice, /model\.activation/);
  assertClean(opened);
  await context.close();
});

test('a parent page drives the embedded lab with postMessage and gets replies', { timeout: 60000 }, async () => {
  const opened = await newPage(browser, `${server.url}tests/e2e/fixtures/parent.html#lab=gradient&embed=1&lang=ko`, { viewport: { width: 1100, height: 700 } });
  const { page, context } = opened;
  await page.evaluate(() => window.labReady());
  const frame = page.frames().find((f) => f.url().includes('index.html'));
  await frame.waitForSelector('body[data-ready="true"]');
  const before = await chartPixels(frame, 'network');
  const r = await page.evaluate(async () => {
    const out = {};
    const repliesBefore = window.replies.length;
    out.set = await window.ask({ dlab: 'set', path: 'model.hidden', value: [8, 8] });
    out.step = await window.ask({ dlab: 'step', n: 7 });
    out.config = await window.ask({ dlab: 'config' });
    out.preset = await window.ask({ dlab: 'preset', name: 'relu' });
    out.metrics = await window.ask({ dlab: 'metrics' });
    try { await window.ask({ dlab: 'set', path: 'optim.lr', value: -1 }); out.bad = 'no error'; } catch (e) { out.bad = e.message; }
    window.document.getElementById('lab').contentWindow.postMessage({ dlab: 'play' }, location.origin); // no id: no reply
    await new Promise((res) => setTimeout(res, 300));
    out.paused = await window.ask({ dlab: 'pause' });
    out.replies = window.replies.length - repliesBefore;
    return out;
  });
  assert.equal(r.set, true);
  assert.equal(r.step.step, 7);
  assert.deepEqual(r.config.model.hidden, [8, 8]);
  assert.equal(r.preset, true);
  assert.equal(r.metrics.layers.length, 11);
  assert.match(r.bad, /^optim\.lr: /);
  assert.equal(r.paused, false);
  assert.equal(r.replies, 7, 'one reply per message with an id');
  await nextFrames(frame);
  assert.notEqual(await chartPixels(frame, 'network'), before);
  assert.match(await frame.evaluate(() => location.hash), /model\.activation=relu/);
  await screenshot(page, 'embed-in-parent-ko');
  assert.deepEqual(opened.pageErrors, []);
  await context.close();
});

// Read access a slide script (or a test) needs without reaching into the page's store:
// history(), weights(layer), sweep(), rbmErrors(), grid().
test('window.dlab reads: history, weights, grid, rbmErrors, sweep', { timeout: 120000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  const r = await page.evaluate(async () => {
    const d = window.dlab;
    const frames = (n) => new Promise((res) => { const f = () => (n-- <= 0 ? res() : requestAnimationFrame(f)); f(); });
    const out = { keys: Object.keys(d) };
    d.pause();
    // Changes and on-demand reads resolve once the training worker answered (docs/wasm-api.md).
    await d.step(10);
    await d.step(10);
    out.history = d.history();
    out.metrics = d.metrics();
    const sizes = Array.from((await import('/www/state/store.js')).store.state.runtime.lab.layerSizes());
    out.sizes = sizes;
    out.w0 = await d.weights(0);
    out.wOut = await d.weights(sizes.length - 2);
    try { await d.weights(sizes.length - 1); out.badLayer = 'no error'; } catch (e) { out.badLayer = e.message; }
    out.grid = await d.grid();
    out.grid7 = await d.grid(7);
    out.rbmNone = d.rbmErrors();
    out.sweepNone = d.sweep();
    // A long run: the history stays capped, from step 0 to the latest step.
    for (let i = 0; i < 2500; i++) await d.step(1);
    const long = d.history();
    out.long = { n: long.length, first: long[0].step, last: long.at(-1).step, step: d.metrics().step };
    // A 1-D set has no decision surface.
    await d.set('data.kind', 'sine');
    out.grid1d = await d.grid();
    // RBM pre-training (the init lab runs it in slices; a step finishes it first).
    d.set('lab', 'init');
    await d.set('model.init', 'rbm');
    await d.step(1);
    out.rbm = d.rbmErrors();
    out.rbmHidden = d.config().model.hidden.length;
    // The overfitting lab's exact polynomial fit sweeps its degrees by itself.
    d.set('lab', 'overfitting');
    for (let i = 0; i < 600 && !d.sweep().length; i++) await frames(1);
    out.sweep = d.sweep();
    const { sweepCapacities } = await import('/www/labs/overfitting.js');
    out.capacities = sweepCapacities(d.config());
    out.sweepConfig = d.config();
    return out;
  });
  for (const k of ['history', 'weights', 'sweep', 'rbmErrors', 'grid']) assert.ok(r.keys.includes(k), `dlab.${k}`);
  // history: one row per evaluation, the last one is metrics().
  assert.deepEqual(r.history.map((h) => h.step), [0, 10, 20]);
  const last = r.history.at(-1);
  assert.equal(last.train_loss, r.metrics.train_loss);
  assert.equal(last.test_loss, r.metrics.test_loss);
  assert.equal(last.epoch, r.metrics.epoch);
  console.log(`# api history: 3 rows after 2 step calls; after 2500 more: ${r.long.n} rows, steps ${r.long.first} … ${r.long.last} (now ${r.long.step})`);
  assert.ok(r.long.n <= 2000 && r.long.n >= 1000, `capped history: ${r.long.n} rows`);
  assert.equal(r.long.first, 0);
  assert.equal(r.long.last, r.long.step);
  // weights: the matrix, its Frobenius norm is metrics' weight_norm.
  assert.equal(r.w0.length, r.sizes[0]);
  assert.ok(r.w0.every((row) => row.length === r.sizes[1] && row.every(Number.isFinite)));
  assert.equal(r.wOut.length, r.sizes.at(-2));
  assert.equal(r.wOut[0].length, 1);
  const frob = Math.hypot(...r.w0.flat());
  assert.ok(Math.abs(frob - r.metrics.layers[0].weight_norm) <= 1e-9 * Math.max(1, frob), `‖W1‖ ${frob} vs metrics ${r.metrics.layers[0].weight_norm}`);
  assert.match(r.badLayer, /^weights: layer \d+ out of range/);
  // grid: the page's resolution, or the one asked for; none for a 1-D set.
  assert.ok(r.grid.res >= 12 && r.grid.res <= 48, `res ${r.grid.res}`);
  assert.equal(r.grid.values.length, r.grid.res ** 2);
  assert.ok(r.grid.values.every(Number.isFinite));
  assert.equal(r.grid.extent.length, 4);
  assert.equal(r.grid7.res, 7);
  assert.equal(r.grid7.values.length, 49);
  assert.deepEqual(r.grid1d, { res: 0, extent: [], values: [] });
  // rbmErrors: none without RBM init; with it, every hidden layer's epochs.
  assert.deepEqual(r.rbmNone, []);
  assert.ok(r.rbm.length > 0, 'RBM errors');
  assert.deepEqual([...new Set(r.rbm.map((e) => e.layer))], Array.from({ length: r.rbmHidden }, (_, i) => i));
  assert.ok(r.rbm.every((e) => Number.isFinite(e.error) && e.error >= 0 && Number.isInteger(e.epoch)));
  // sweep: none before one ran; the auto sweep of the exact fit, one row per capacity.
  assert.deepEqual(r.sweepNone, []);
  console.log(`# api sweep: ${r.sweep.length} rows (capacities ${r.capacities[0]} … ${r.capacities.at(-1)}), ${r.sweepConfig.model.kind}/${r.sweepConfig.optim.kind}; rbm: ${r.rbm.length} rows over ${r.rbmHidden} layers`);
  assert.deepEqual(r.sweep.map((s) => s.capacity), r.capacities);
  assert.ok(r.sweep.every((s) => Number.isFinite(s.train_loss) && Number.isFinite(s.test_loss)));
  assertClean(opened);
  await context.close();
});

test('postMessage covers the reads: history, weights, grid, rbmErrors, sweep', { timeout: 60000 }, async () => {
  const opened = await newPage(browser, `${server.url}tests/e2e/fixtures/parent.html#lab=gradient&embed=1&lang=en`, { viewport: { width: 1100, height: 700 } });
  const { page, context } = opened;
  await page.evaluate(() => window.labReady());
  const frame = page.frames().find((f) => f.url().includes('index.html'));
  await frame.waitForSelector('body[data-ready="true"]');
  const r = await page.evaluate(async () => {
    const out = {};
    out.step = await window.ask({ dlab: 'step', n: 4 });
    out.history = await window.ask({ dlab: 'history' });
    out.weights = await window.ask({ dlab: 'weights', layer: 1 });
    out.grid = await window.ask({ dlab: 'grid', res: 5 });
    out.rbm = await window.ask({ dlab: 'rbmErrors' });
    out.sweep = await window.ask({ dlab: 'sweep' });
    try { await window.ask({ dlab: 'weights', layer: 99 }); out.bad = 'no error'; } catch (e) { out.bad = e.message; }
    return out;
  });
  assert.deepEqual(r.history.map((h) => h.step), [0, 4]);
  assert.equal(r.history[1].test_loss, r.step.test_loss);
  assert.ok(Array.isArray(r.weights) && r.weights.length > 0 && r.weights.every((row) => Array.isArray(row) && row.every(Number.isFinite)));
  assert.equal(r.grid.res, 5);
  assert.equal(r.grid.values.length, 25);
  assert.deepEqual(r.rbm, []);
  assert.deepEqual(r.sweep, []);
  assert.match(r.bad, /^weights: layer 99 out of range/);
  assert.deepEqual(opened.pageErrors, []);
  await context.close();
});
