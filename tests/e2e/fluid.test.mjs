// The page stays fluid while the core does long work (issue 4): a 64-model capacity sweep
// and RBM pre-training of a deep net run in budgeted slices, one frame's worth per
// animation frame (www/bridge/jobs.js, docs/wasm-api.md "Work in slices"). Measured in the page:
// the longest gap between animation frames and the long tasks (PerformanceObserver
// 'longtask') while the work runs, which must stay under a frame budget with CI slack; and
// the sliced results, which must equal the one-shot calls' exactly. The one-shot call is
// timed too: it is the gap the page had before (the whole computation in one task).
//
// This machine may be shared (other builds and browsers): a gap can also be the OS not
// scheduling the page at all. So a run whose longest gap is over the limit is measured
// again (up to three runs; the best decides), each after an idle control stretch whose
// own longest gap is printed beside it; and an idle witness page in another renderer
// records its own stalls meanwhile: a gap of the page that the witness shared is the
// machine's, one it did not share is the page's and fails the test.
//
// Printed, not asserted: the 21-model sweeps' times, and the frame rate while training a
// W1-like net (2-8-8-1 tanh on the 2-D circle, 250 points, SGD, batch 10) at ≥ 100 epochs
// per frame (issue 4 targets 60 fps).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, screenshot } from './harness.mjs';
import { openLab, assertClean } from './fixtures/lab.mjs';
import { launchInstrumented } from './fixtures/trust.mjs';

/** The longest gap between animation frames allowed while work runs: a frame (16.7 ms) plus CI slack. */
const MAX_GAP_MS = 100;

/** A frame gap this long in the idle witness page means the machine, not the page, stalled. */
const WITNESS_STALL_MS = 50;

let server, browser, witness;
before(async () => {
  server = await startServer();
  browser = await launchInstrumented();
  witness = await startWitness(browser);
});
after(async () => { await witness?.context.close(); await browser?.close(); await server?.stop(); });

/**
 * An idle page in its own context (its own renderer process) that records its frame gaps
 * over WITNESS_STALL_MS, in wall-clock time: when it stalls too, the machine was busy.
 */
async function startWitness(b) {
  const context = await b.newContext({ viewport: { width: 200, height: 100 } });
  const page = await context.newPage();
  await page.setContent('<!doctype html><title>witness</title><p>idle</p>');
  await page.evaluate((stall) => {
    window.__stalls = [];
    let last = 0;
    const f = (now) => {
      if (last && now - last > stall) window.__stalls.push([performance.timeOrigin + last, performance.timeOrigin + now]);
      last = now;
      requestAnimationFrame(f);
    };
    requestAnimationFrame(f);
  }, WITNESS_STALL_MS);
  return { context, page, stalls: () => page.evaluate(() => window.__stalls) };
}

/** Installs in the page: a frame-gap recorder and a long-task observer, started and read by name. */
async function installMonitor(page) {
  await page.evaluate(() => {
    const m = { gaps: [], long: [], on: false, last: 0, frames: 0 };
    window.__monitor = m;
    try {
      new PerformanceObserver((list) => { if (m.on) for (const e of list.getEntries()) m.long.push(e.duration); })
        .observe({ type: 'longtask', buffered: false });
      m.longtasks = true;
    } catch { m.longtasks = false; }
    const frame = (now) => {
      if (m.on) {
        if (m.last) m.gaps.push(now - m.last);
        if (m.last && now - m.last >= 100) m.long100.push([performance.timeOrigin + m.last, performance.timeOrigin + now]);
        m.frames++;
      }
      m.last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    m.start = () => { m.gaps = []; m.long = []; m.long100 = []; m.frames = 0; m.last = 0; m.on = true; m.t0 = performance.now(); };
    m.stop = () => {
      m.on = false;
      const sorted = [...m.gaps].sort((a, b) => a - b);
      return {
        ms: performance.now() - m.t0, frames: m.frames,
        maxGap: sorted.at(-1) ?? 0, p95Gap: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0,
        longTasks: m.long.length, maxLongTask: Math.max(0, ...m.long), longtasks: m.longtasks,
        slowFrames: m.long100, // [from, to] wall-clock ms of each gap of 100 ms or more
      };
    };
  });
}

/** Waits (in the page, frame by frame) until fn() is true; rejects after timeoutMs. */
function until(page, fnText, timeoutMs = 120000) {
  return page.evaluate(([fnText, timeoutMs]) => new Promise((resolve, reject) => {
    const fn = new Function(`return (${fnText})()`); // eslint-disable-line no-new-func
    const t0 = performance.now();
    const check = async () => {
      if (await fn()) return resolve(performance.now() - t0);
      if (performance.now() - t0 > timeoutMs) return reject(new Error(`timed out: ${fnText}`));
      requestAnimationFrame(check);
    };
    check();
  }), [fnText, timeoutMs]);
}

const fmt = (r) => `max frame gap ${r.maxGap.toFixed(1)} ms (p95 ${r.p95Gap.toFixed(1)} ms), ${r.frames} frames in ${(r.ms / 1000).toFixed(2)} s, `
  + `${r.longtasks ? `${r.longTasks} long tasks (longest ${r.maxLongTask.toFixed(0)} ms)` : 'no long-task observer'}`;

/** Float64Arrays as plain arrays with NaN kept comparable. */
const same = (a, b) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** An idle stretch of `ms`: how smooth frames are on this machine right now, with nothing to do. */
async function control(page, ms = 1000) {
  await page.evaluate(() => window.__monitor.start());
  await page.evaluate((ms) => new Promise((r) => setTimeout(r, ms)), ms);
  return page.evaluate(() => window.__monitor.stop());
}

/**
 * Up to ATTEMPTS measured runs of `run(i)` (→ monitor result): the first under the limit
 * passes. Each run is preceded by an idle control stretch; both are printed.
 */
const ATTEMPTS = 3;
async function attempts(page, what, run) {
  const runs = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const idle = await control(page);
    const r = await run(i);
    // A slow frame of the page is the page's own when the witness page did not stall then.
    const stalls = await witness.stalls();
    const overlaps = ([a, b]) => stalls.some(([c, d]) => c < b && d > a);
    r.unexplained = r.slowFrames.filter((g) => !overlaps(g)).map(([a, b]) => b - a);
    r.maxUnexplained = Math.max(0, ...r.unexplained);
    runs.push(r);
    console.log(`# ${what}, run ${i + 1}: ${fmt(r)} [idle page just before: max gap ${idle.maxGap.toFixed(1)} ms; `
      + `gaps ≥ ${MAX_GAP_MS} ms: ${r.slowFrames.length}, of them while the idle witness page ran smoothly: ${r.unexplained.length}]`);
    if (r.maxGap < MAX_GAP_MS) break;
  }
  return runs.reduce((a, b) => (b.maxGap < a.maxGap ? b : a));
}

/**
 * The frame-gap verdict: no gap of MAX_GAP_MS or more, or (on a busy machine) none that
 * the idle witness page did not share.
 */
function assertFluid(best, what) {
  if (best.maxGap < MAX_GAP_MS) return;
  assert.ok(best.unexplained.length === 0,
    `${what}: ${best.unexplained.length} frame gaps of ${best.unexplained.map((g) => g.toFixed(0)).join(', ')} ms while the idle witness page ran smoothly (best of ${ATTEMPTS} runs)`);
  console.log(`# ${what}: every gap ≥ ${MAX_GAP_MS} ms (longest ${best.maxGap.toFixed(0)} ms) came with a stall of the idle witness page: the machine was busy`);
}

test('a 64-model capacity sweep runs in slices: no frame gap over 100 ms, and the same rows as the one-shot sweep', { timeout: 400000 }, async () => {
  // Widths 1..64 of a two-layer tanh net on the circle, Adam, 30 epochs each.
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en&data.kind=circle&data.n_train=200&model.kind=mlp&model.hidden=8,8&optim.kind=adam&optim.lr=0.01');
  const { page } = opened;
  await installMonitor(page);
  const caps = Array.from({ length: 64 }, (_, i) => i + 1);
  const epochs = 30;
  let partial = null;
  let wall = 0;
  const best = await attempts(page, '64-model sweep, sliced', async (i) => {
    await page.evaluate(([caps, epochs]) => import('/www/bridge/session.js').then((s) => {
      window.__monitor.start();
      if (!s.sweep(caps, epochs)) throw new Error('the sweep did not start');
    }), [caps, epochs]);
    if (i === 0) {
      // Partial rows arrive before the end and the progress bar shows (with its cancel button).
      await until(page, `async () => { const { store } = await import('/www/state/store.js'); const j = store.state.runtime.sweepJob; return j && j.rows.length >= 3 * 8 && document.querySelector('.job[data-job="sweep"]'); }`);
      partial = await page.evaluate(async () => {
        const { store } = await import('/www/state/store.js');
        const bar = document.querySelector('.job[data-job="sweep"]');
        return { rows: store.state.runtime.sweepJob?.rows.length / 3, bar: Boolean(bar), cancel: Boolean(bar?.querySelector('[data-action="cancel-sweep"]')), text: bar?.textContent };
      });
    }
    await until(page, `async () => { const { store } = await import('/www/state/store.js'); return !store.state.runtime.sweeping; }`, 300000);
    const r = await page.evaluate(() => window.__monitor.stop());
    wall = await page.evaluate(async () => (await import('/www/state/store.js')).store.state.runtime.sweep?.ms);
    return r;
  });
  // The bars are drawn each frame: the one of a finished sweep goes within a frame or two.
  const barGone = await page.waitForFunction(() => !document.querySelector('.job'), null, { timeout: 2000 }).then(() => true, () => false);
  const rows = await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    return { rows: Array.from(store.state.runtime.sweep?.rows ?? []) };
  });

  // The same sweep in one call (what the page did before): its rows and how long it blocks.
  const oneShot = await page.evaluate(async ([caps, epochs]) => {
    const { store } = await import('/www/state/store.js');
    const t0 = performance.now();
    // The run's Lab lives in the training worker: the one-shot call on a Lab of the page's own core.
    const { getCore } = await import('/www/bridge/session.js');
    const lab = new (getCore().Lab)(store.state.config);
    const r = lab.sweep(new Uint32Array(caps), epochs);
    lab.free();
    return { rows: Array.from(r), ms: performance.now() - t0 };
  }, [caps, epochs]);

  console.log(`# 64-model sweep, sliced: the last run finished in ${(wall / 1000).toFixed(2)} s; one call (before) blocks the page for ${(oneShot.ms / 1000).toFixed(2)} s`);
  console.log(`# while running: ${partial.rows} rows drawn, progress "${partial.text}"`);

  assert.ok(partial.bar && partial.cancel, `a progress bar with cancel while sweeping (${JSON.stringify(partial)})`);
  assert.ok(partial.rows >= 8 && partial.rows < 64, `partial rows drawn (${partial.rows})`);
  assert.ok(barGone, 'the bar goes when the sweep is done (within 2 s)');
  assert.equal(rows.rows.length, 64 * 3);
  assert.ok(same(rows.rows, oneShot.rows), 'sliced rows == one-shot rows');
  assert.ok(best.frames > 10, `frames kept coming (${best.frames})`);
  assertFluid(best, 'the sweep');
  assertClean(opened, 'sweep');
  await opened.context.close();
});

test('the sweep can be cancelled: the bar goes, the page keeps training', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en&data.kind=circle&data.n_train=500&model.kind=mlp&model.hidden=32,32&optim.kind=adam&optim.lr=0.01');
  const { page } = opened;
  await page.click('[data-action="sweep"]');
  await page.waitForSelector('.job[data-job="sweep"] [data-action="cancel-sweep"]', { timeout: 20000 });
  await screenshot(page, 'fluid-sweep-running'); // (a screenshot stalls the page: not in a measured run)
  await page.click('[data-action="cancel-sweep"]');
  const after = await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { sweeping: store.state.runtime.sweeping, sweep: store.state.runtime.sweep, bar: Boolean(document.querySelector('.job')), button: document.querySelector('[data-action="sweep"]').disabled };
  });
  assert.deepEqual(after, { sweeping: false, sweep: null, bar: false, button: false });
  const m = await page.evaluate(() => window.dlab.step(5));
  assert.equal(m.step, 5);
  assertClean(opened, 'cancel');
  await opened.context.close();
});

test('RBM pre-training of a deep net runs in slices: no frame gap over 100 ms, and the same network as the one-shot build', { timeout: 400000 }, async () => {
  // 12 sigmoid layers of 64 units, 40 epochs of CD-1 each, then a look at the result.
  const opened = await openLab(browser, server, '#lab=init&lang=en&model.activation=sigmoid&model.hidden=64,64,64,64,64,64,64,64,64,64,64,64&model.init=xavier');
  const { page } = opened;
  await installMonitor(page);
  await page.evaluate(() => window.dlab.set('model.rbm_epochs', 40));
  let partial = null;
  let setMs = 0;
  const best = await attempts(page, 'RBM pre-training of 12 × 64 sigmoid layers, 40 epochs, sliced', async (i) => {
    // Choosing the init is one task: it rebuilds the net and its compared run (each evaluated
    // once, ~50 ms for 12 × 64 here) plus one slice of pre-training. Timed and printed; the
    // frame gaps are measured from the frame after it, while pre-training runs. Runs after
    // the first start again by reset (which pre-trains again, in slices).
    const ms = await page.evaluate(async (i) => {
      const s = await import('/www/bridge/session.js');
      const t0 = performance.now();
      if (i === 0) window.dlab.set('model.init', 'rbm'); else s.reset();
      const ms = performance.now() - t0;
      requestAnimationFrame(() => requestAnimationFrame(() => window.__monitor.start()));
      return ms;
    }, i);
    if (i === 0) {
      setMs = ms;
      await until(page, `async () => { const { store } = await import('/www/state/store.js'); return store.state.runtime.lab.rbmErrors().length >= 3 * 41 && document.querySelector('.job[data-job="pretrain"]'); }`);
      partial = await page.evaluate(async () => {
        const { store } = await import('/www/state/store.js');
        const bar = document.querySelector('.job[data-job="pretrain"]');
        return { pending: store.state.runtime.lab.pretrainPending(), rows: store.state.runtime.lab.rbmErrors().length / 3, bar: Boolean(bar), cancel: Boolean(bar?.querySelector('[data-action="cancel-pretrain"]')), text: bar?.textContent };
      });
    }
    await until(page, `async () => { const { store } = await import('/www/state/store.js'); return window.__monitor.on && !store.state.runtime.lab.pretrainPending(); }`, 300000);
    return page.evaluate(() => window.__monitor.stop());
  });

  const compare = await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    const { getCore } = await import('/www/bridge/session.js');
    const lab = store.state.runtime.lab;
    const config = store.state.config;
    const t0 = performance.now();
    const ref = new (getCore().Lab)(config);
    const ms = performance.now() - t0;
    const layers = lab.numLayers();
    let weights = true;
    for (let l = 0; l < layers; l++) {
      const a = lab.weights(l), b = ref.weights(l);
      if (a.length !== b.length || a.some((x, i) => !Object.is(x, b[i]))) weights = false;
    }
    const out = {
      ms, weights, layers,
      errors: Array.from(lab.rbmErrors()), refErrors: Array.from(ref.rbmErrors()),
      metrics: JSON.stringify(lab.metrics()), refMetrics: JSON.stringify(ref.metrics()),
      history: Array.from(lab.history()), refHistory: Array.from(ref.history()),
    };
    ref.free();
    out.pageMetrics = JSON.stringify(store.state.runtime.metrics);
    return out;
  });

  console.log(`# the same pre-training in one call (before): blocks the page for ${(compare.ms / 1000).toFixed(2)} s`);
  console.log(`# while running: ${partial.rows} epochs' errors drawn, progress "${partial.text}"; the set('model.init', 'rbm') call itself: ${setMs.toFixed(0)} ms`);

  assert.ok(partial.pending && partial.bar && partial.cancel, `a progress bar with cancel while pre-training (${JSON.stringify(partial)})`);
  assert.equal(compare.errors.length, 12 * 40 * 3);
  assert.ok(same(compare.errors, compare.refErrors), 'reconstruction errors equal the one-shot build');
  assert.ok(compare.weights, 'every weight equals the one-shot build');
  assert.equal(compare.metrics, compare.refMetrics);
  assert.equal(compare.pageMetrics, compare.refMetrics, 'the page shows the pre-trained metrics');
  assert.ok(same(compare.history, compare.refHistory), 'history equal');
  assertFluid(best, 'pre-training');
  assertClean(opened, 'pretrain');
  await opened.context.close();
});

test('play waits for RBM pre-training; cancelling it falls back to the usual init; step() during it finishes it first', { timeout: 120000 }, async () => {
  const opened = await openLab(browser, server, '#lab=init&lang=en&model.activation=sigmoid&model.hidden=64,64,64,64,64,64,64,64&model.rbm_epochs=60&model.init=rbm');
  const { page } = opened;
  await page.waitForSelector('[data-action="cancel-pretrain"]', { timeout: 20000 });
  const waiting = await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    window.dlab.play();
    for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
    const out = { pending: store.state.runtime.lab.pretrainPending(), step: window.dlab.metrics().step, playing: store.state.ui.playing };
    window.dlab.pause();
    return out;
  });
  assert.deepEqual(waiting, { pending: true, step: 0, playing: true }, 'no training step before pre-training is done');
  await screenshot(page, 'fluid-pretrain-running');
  await page.click('[data-action="cancel-pretrain"]');
  await page.waitForFunction(() => !document.querySelector('.job'));
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.equal(cfg.model.init, 'xavier');
  assert.match(await page.evaluate(() => location.hash), /model\.init=xavier|^(?!.*model\.init=rbm)/);

  // step() while pre-training: finishes it, then trains from the pre-trained net.
  await page.evaluate(() => { window.dlab.set('model.rbm_epochs', 5); window.dlab.set('model.init', 'rbm'); });
  const m = await page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    await window.dlab.settled();
    const pending = store.state.runtime.lab.pretrainPending();
    const m = await window.dlab.step(3); // the worker answers with the run's snapshot
    return { pending, after: store.state.runtime.lab.pretrainPending(), step: m.step, rows: store.state.runtime.lab.rbmErrors().length / 3 };
  });
  assert.deepEqual({ after: m.after, step: m.step, rows: m.rows }, { after: false, step: 3, rows: 8 * 5 });
  assertClean(opened, 'cancel pretrain');
  await opened.context.close();
});

test('(measured) the 21-model sweeps and the frame rate while training W1 at ≥ 100 epochs a frame', { timeout: 240000 }, async () => {
  // The overfitting lab's own sweeps: Bishop's exact fits, and D2L's SGD (400 epochs a model).
  for (const [name, hash] of [
    ['Bishop, exact fits', '#lab=overfitting&lang=en'],
    ['D2L poly, SGD 400 epochs', '#lab=overfitting&lang=en&data.kind=poly&data.n_train=100&data.noise=0.1&optim.kind=sgd&optim.lr=0.02&optim.batch_size=10'],
  ]) {
    const opened = await openLab(browser, server, hash);
    const { page } = opened;
    await installMonitor(page);
    await page.evaluate(async () => {
      const { store } = await import('/www/state/store.js');
      // Wait out the automatic sweep of the exact fit, then time a sweep of our own.
      while (store.state.runtime.sweeping) await new Promise((r) => requestAnimationFrame(r));
      window.__monitor.start();
      document.querySelector('[data-action="sweep"]').click();
    });
    await until(page, `async () => { const { store } = await import('/www/state/store.js'); return !store.state.runtime.sweeping && store.state.runtime.sweep; }`, 200000);
    const r = await page.evaluate(async () => {
      const { store } = await import('/www/state/store.js');
      const { sweepCapacities, sweepEpochs } = await import('/www/labs/overfitting.js');
      const { getCore } = await import('/www/bridge/session.js');
      const mon = window.__monitor.stop();
      const c = store.state.config;
      // The one-shot reference: a Lab of the page's own core (the run's Lab is in the worker).
      const lab = new (getCore().Lab)(c);
      const t0 = performance.now();
      const one = lab.sweep(new Uint32Array(sweepCapacities(c)), sweepEpochs(c));
      lab.free();
      return { mon, wall: store.state.runtime.sweep.ms, models: store.state.runtime.sweep.rows.length / 3, oneMs: performance.now() - t0, same: one.length === store.state.runtime.sweep.rows.length && one.every((x, i) => Object.is(x, store.state.runtime.sweep.rows[i])) };
    });
    console.log(`# 21-model sweep (${name}): ${r.models} models in ${(r.wall / 1000).toFixed(3)} s sliced, from the click to the last row (${fmt(r.mon)}); one call: ${(r.oneMs / 1000).toFixed(3)} s`);
    assert.equal(r.models, 21);
    assert.ok(r.same, `${name}: sliced rows == one-shot rows`);
    await opened.context.close();
  }

  // W1: 2-8-8-1 tanh on the circle, 250 points, SGD lr 0.03, batch 10 (25 steps an epoch).
  for (const lab of ['gradient', 'overfitting']) {
    const opened = await openLab(browser, server, `#lab=${lab}&lang=en&data.kind=circle&data.n_train=250&model.kind=mlp&model.hidden=8,8&model.activation=tanh&model.init=xavier&optim.kind=sgd&optim.lr=0.03&optim.batch_size=10`);
    const { page } = opened;
    const r = await page.evaluate(async () => {
      const { store } = await import('/www/state/store.js');
      store.setUi({ speed: 2500 }); // 100 epochs of 25 steps a frame, if the frame budget allows
      window.dlab.play();
      // Settle the cost estimate, then measure for 3 s.
      await new Promise((r) => setTimeout(r, 500));
      const m0 = window.dlab.metrics();
      let frames = 0, steps = 0, maxGap = 0, last = 0;
      const t0 = performance.now();
      await new Promise((resolve) => {
        const f = (now) => {
          frames++;
          steps += store.state.runtime.stepsThisFrame ?? 0;
          if (last) maxGap = Math.max(maxGap, now - last);
          last = now;
          if (now - t0 < 3000) requestAnimationFrame(f); else resolve();
        };
        requestAnimationFrame(f);
      });
      const ms = performance.now() - t0;
      const m1 = window.dlab.metrics();
      window.dlab.pause();
      return { fps: (frames * 1000) / ms, epochsPerFrame: (m1.epoch - m0.epoch) / frames, epochsPerSecond: ((m1.epoch - m0.epoch) * 1000) / ms, maxGap, msPerStep: store.state.runtime.msPerStep };
    });
    console.log(`# W1 in the ${lab} lab at speed 2500 steps/frame: ${r.fps.toFixed(1)} fps, ${r.epochsPerFrame.toFixed(1)} epochs/frame, ${Math.round(r.epochsPerSecond)} epochs/s, max frame gap ${r.maxGap.toFixed(1)} ms, ${(r.msPerStep * 1000).toFixed(1)} µs/step`);
    assertClean(opened, `W1 ${lab}`);
    await opened.context.close();
  }
});
