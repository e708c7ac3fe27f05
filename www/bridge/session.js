// The bridge to the core: owns the Lab (kept in store.runtime), applies settings through
// it (the core validates and decides live change vs rebuild), runs the optimizer steps
// each animation frame within a time budget, and records what the charts draw over time.
// Nothing here trains: every number comes from the wasm core.

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { merge } from '../util.js';
import { suitedInit } from '../state/facts.js';
import { loadCore } from './core.js';
import { SliceRunner, renderJobs } from './jobs.js';
import { aAlive, bindSession, compareConfig } from './compare.js';

const FRAME_BUDGET_MS = 12;
const SLOW_STEP_MS = 250; // one step call slower than this stops playing
const HISTORY_CAP = 800;
// Labs are built by Lab.deferred: they pre-train (init rbm) in slices, the first at once, the
// rest a slice per frame (runJobs, jobs.js).
const pretrainRunner = new SliceRunner();
const sweepRunner = new SliceRunner();
const JOB_REDRAW_MS = 150; // charts redraw at most this often for a job's partial results
// A job's slices take at most this much of a frame: with the page's own drawing the frame
// still ends within 16.7 ms (12 ms of work a frame already drops every other frame).
const JOB_BUDGET_MS = 8;

let core = null; // the loaded wasm module (a constant once loaded; replaced only after a crash)

export function setCore(mod) { core = mod; }
export function getCore() { return core; }

/** A trap inside wasm (a Rust panic aborts as `unreachable`) as opposed to an Error the core threw on purpose. */
function isCrash(e) {
  return (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError)
    || /unreachable|memory access out of bounds|RuntimeError/i.test(String(e?.name ?? '') + String(e?.message ?? ''));
}

function message(e) { return String(e?.message ?? e); }

/** If e is a crash of the core, handles it (notice, fresh core) and returns true. */
export function reportCrash(e) {
  if (!isCrash(e)) return false;
  crashed(e);
  return true;
}

/** Runs fn(); a crash of the core becomes a notice and a fresh core, never a frozen page. */
export function guard(fn, fallback) {
  try {
    return fn();
  } catch (e) {
    if (isCrash(e)) { crashed(e); return fallback; }
    throw e;
  }
}

function crashed(e) {
  store.setUi({ playing: false });
  store.notice('panic', t('notice.panic', { msg: message(e) }), 'panic');
  store.setRuntime({ crashed: true });
  // A trapped wasm instance may be left inconsistent: load a fresh instance of the module
  // and rebuild the Lab from the config the store still holds.
  loadCore(true).then((mod) => {
    core = mod;
    const ok = build(store.state.config, { quiet: true });
    store.setRuntime({ crashed: !ok });
    if (!ok) store.notice('panic', t('notice.panicFailed', { msg: message(e) }), 'panic');
  }).catch((err) => {
    // No fresh core could be had: say so, instead of a notice that claims a restart.
    if (err?.offline) store.notice('panic', t('notice.panicOffline', { msg: message(e) }), 'panic');
    else store.notice('panic', t('notice.panicFailed', { msg: `${message(e)}; ${message(err)}` }), 'panic');
  });
}

function freeLab(lab) { try { lab?.free?.(); } catch { /* already gone */ } }

/**
 * The per-layer gradient history the gradient lab draws, a row per recorded step: `delta`
 * the back-propagated gradient ‖∂L/∂z‖ (delta_rms), `rms` the per-weight gradient ‖∂L/∂W‖
 * (grad_rms), `norms` the whole-matrix ‖∂L/∂W‖₂ (grad_norm).
 */
function emptyRecord() { return { steps: [], norms: [], delta: [], rms: [] }; }

/**
 * Builds a new Lab from a full config. On success the store holds the core's normalised
 * config and fresh histories; on a rejected config, a notice with the core's message and
 * the previous state is kept. Returns true on success.
 */
export function build(config, { quiet = false } = {}) {
  let lab;
  try {
    lab = core.Lab.deferred(config);
    pretrainSome(lab);
  } catch (e) {
    if (isCrash(e)) { crashed(e); return false; }
    if (!quiet) store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    store.setConfig(store.state.config); // re-sync controls to the kept state
    return false;
  }
  const old = store.state.runtime.lab;
  freeLab(old);
  store.clearNotices('diverged');
  store.clearNotices('perf');
  store.setConfig(lab.config());
  store.setRuntime({ lab, metrics: lab.metrics(), grads: emptyRecord(), sweep: null, sweeping: false, sweepJob: null, crashed: false, rate: null, msPerStep: null });
  rebuildCompare();
  autoFit();
  return true;
}

/**
 * The exact (least-squares) solver reaches its optimum in one step: take it at once, so
 * dragging the degree shows each fit without pressing play.
 */
function autoFit(force = false) {
  const rt = store.state.runtime;
  if (store.state.config?.optim?.kind !== 'exact' || !rt.lab) return;
  if (force || (rt.metrics?.step ?? 0) === 0) step(1);
}

/**
 * The compared run, drawn on the same charts with the same seed (compare.js): a pinned run A
 * in any lab, or in the init lab the same network with another init.
 */
export function rebuildCompare() {
  const rt = store.state.runtime;
  freeLab(rt.compareLab);
  let compareLab = null;
  const cfg = compareConfig(store.state);
  if (cfg) {
    try { compareLab = core.Lab.deferred(cfg); pretrainSome(compareLab); } catch (e) {
      compareLab = null;
      if (isCrash(e)) crashed(e);
      else if (store.state.ui.ab) store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    }
  }
  store.setRuntime({ compareLab, compareMetrics: compareLab?.metrics() ?? null });
}

/**
 * Applies one setting. Live settings (lr, l1, l2, dropout, batch size, optimizer) keep
 * the run going; structural ones rebuild the network and clear the histories.
 * Returns {ok, rebuilt}.
 */
export function set(path, value) {
  const rt = store.state.runtime;
  if (!rt.lab) return { ok: false };
  let rebuilt;
  try {
    rebuilt = guard(() => rt.lab.set(path, value), null);
    if (rebuilt == null) return { ok: false };
  } catch (e) {
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    store.setConfig(store.state.config);
    return { ok: false, error: message(e) };
  }
  store.dismiss('config');
  const before = store.state.config;
  if (rebuilt) guard(() => pretrainSome(rt.lab));
  store.setConfig(rt.lab.config());
  const patch = { metrics: rt.lab.metrics() };
  if (rebuilt) {
    patch.grads = emptyRecord();
    store.clearNotices('diverged');
    store.clearNotices('perf');
  }
  // A sweep holds for everything but the capacity it varies.
  const keepsSweep = (path === 'model.degree' || path === 'model.hidden') && before?.model?.kind === store.state.config.model.kind;
  if (rt.sweep && !keepsSweep) patch.sweep = null;
  if (rt.sweeping && !keepsSweep) { guard(() => rt.lab.sweepCancel()); Object.assign(patch, { sweeping: false, sweepJob: null }); }
  store.setRuntime(patch);
  if (store.state.ui.ab) {
    // A/B: A keeps its settings (its seed is B's); both start again together from the seed.
    if (path === 'seed' || !rt.compareLab) rebuildCompare();
    reset();
    return { ok: true, rebuilt };
  }
  if (rt.compareLab) {
    if (rebuilt || path === 'seed') rebuildCompare();
    else try { rt.compareLab.set(path, value); } catch { rebuildCompare(); }
  }
  autoFit(path === 'optim.kind' || path.startsWith('reg.'));
  return { ok: true, rebuilt };
}

/** Applies a patch of several settings at once (presets, lessons): one rebuild. */
export function apply(patch) {
  return build(merge(store.state.config, patch));
}

export function reset() {
  const rt = store.state.runtime;
  if (!rt.lab) return;
  guard(() => {
    rt.lab.reset();
    pretrainSome(rt.lab);
    rt.compareLab?.reset();
    if (rt.compareLab) pretrainSome(rt.compareLab);
  });
  store.clearNotices('diverged');
  store.setRuntime({ metrics: rt.lab.metrics(), compareMetrics: rt.compareLab?.metrics() ?? null, grads: emptyRecord(), rate: null });
  autoFit();
}

function record(rt, metrics) {
  const g = rt.grads;
  g.steps.push(metrics.step);
  g.norms.push(metrics.layers.map((l) => l.grad_norm));
  g.delta.push(metrics.layers.map((l) => l.delta_rms));
  g.rms.push(metrics.layers.map((l) => l.grad_rms));
  if (g.steps.length > HISTORY_CAP) {
    // Keep the whole run at half the resolution rather than forget its start.
    for (const k of ['steps', 'norms', 'delta', 'rms']) g[k] = g[k].filter((_, i) => i % 2 === 0);
  }
}

/** Runs n optimizer steps now (the step button, the API). Returns the metrics. */
export function step(n = 1) {
  const rt = store.state.runtime;
  if (!rt.lab) return null;
  const metrics = guard(() => {
    const m = rt.lab.step(n);
    if (rt.compareLab) store.state.runtime.compareMetrics = rt.compareLab.step(n);
    return m;
  }, null);
  if (!metrics) return null;
  record(rt, metrics);
  store.setRuntime({ metrics });
  if (metrics.diverged && !aAlive()) store.setUi({ playing: false });
  return metrics;
}

/**
 * One animation frame of training: as many steps as the speed asks for, but no more than
 * fit in the frame budget (measured, so a deep net slows down instead of freezing the tab).
 */
export function tick(now) {
  const { ui, runtime: rt } = store.state;
  if (!rt.lab || rt.crashed) { renderJobs({ sweep: null, pretrain: null }); return false; }
  // Jobs mark the page for a redraw themselves when their partial results change.
  const jobs = runJobs();
  if (!ui.playing || jobs.pretraining) return false; // training waits for its pre-training
  // The exact fit is done in one step: main.js's exactTour plays it instead.
  if (store.state.config?.optim.kind === 'exact') return false;
  const budget = Math.max(2, FRAME_BUDGET_MS - jobs.ms);
  // One call per frame (each call also evaluates and adds a history row), as many steps
  // as the measured cost per step lets fit in the frame budget.
  // Cost unknown (a new network): one step first, to measure it.
  const k = rt.msPerStep == null ? 1 : Math.max(1, Math.min(ui.speed, Math.floor(budget / Math.max(1e-3, rt.msPerStep))));
  const s0 = performance.now();
  const metrics = guard(() => {
    const m = rt.lab.step(k);
    if (rt.compareLab) rt.compareMetrics = rt.compareLab.step(k);
    return m;
  }, null);
  if (!metrics) return false;
  const callMs = performance.now() - s0;
  const perStep = callMs / k;
  if (perStep > SLOW_STEP_MS) {
    // One step alone blows the frame many times over (a 32 × 256 network): animating it
    // would freeze the tab, so stop and say why. Step still works, one click at a time.
    store.setUi({ playing: false });
    store.notice('perf', t('notice.slow', { ms: Math.round(callMs / k) }), 'perf');
  }
  rt.msPerStep = rt.msPerStep == null ? perStep : 0.7 * rt.msPerStep + 0.3 * perStep;
  const done = k;
  record(rt, metrics);
  // Epochs per second over a sliding window of about a second.
  const rate = rt.rate ?? { t: now, epoch: metrics.epoch, step: metrics.step, value: 0, steps: 0 };
  if (now - rate.t > 800) {
    rate.value = ((metrics.epoch - rate.epoch) * 1000) / (now - rate.t);
    rate.steps = ((metrics.step - rate.step) * 1000) / (now - rate.t);
    rate.t = now; rate.epoch = metrics.epoch; rate.step = metrics.step;
  }
  store.setRuntime({ metrics, rate, stepsThisFrame: done });
  // A pinned run A still training keeps the pair playing (compare.js).
  if (metrics.diverged && !aAlive()) store.setUi({ playing: false });
  return true;
}

/**
 * A capacity sweep (the U-curve): one model per capacity, trained by the core in slices.
 * The first frame's worth runs at once (an exact polynomial sweep, a few milliseconds, is
 * done then, as before slicing), the rest a slice per animation frame (`runJobs`).
 * `runtime.sweepJob` holds the progress and the rows so far; `runtime.sweep` the finished
 * rows. Returns false when the core refused.
 */
export function sweep(capacities, epochs) {
  const rt = store.state.runtime;
  if (!rt.lab) return false;
  try {
    const models = guard(() => rt.lab.sweepStart(new Uint32Array(capacities), epochs), null);
    if (models == null) return false;
    const job = { progress: 0, rows: new Float64Array(0), models, kind: store.state.config.model.kind, started: performance.now() };
    const r = guard(() => sweepRunner.runFor((u) => rt.lab.sweepAdvance(u), FRAME_BUDGET_MS), null);
    if (!r) return false;
    if (r.done) finishSweep(r, job);
    else store.setRuntime({ sweeping: true, sweep: null, sweepJob: { ...job, progress: r.progress, rows: r.rows } });
    return true;
  } catch (e) {
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    store.setRuntime({ sweeping: false, sweepJob: null });
    return false;
  }
}

function finishSweep(r, job) {
  guard(() => store.state.runtime.lab.sweepCancel()); // frees the sweep's last model
  store.setRuntime({ sweep: { rows: r.rows, kind: job.kind, ms: performance.now() - job.started }, sweeping: false, sweepJob: null });
}

/** Stops a running sweep; the chart goes back to its empty state. */
export function cancelSweep() {
  const rt = store.state.runtime;
  guard(() => rt.lab?.sweepCancel());
  store.setRuntime({ sweeping: false, sweepJob: null });
}

/**
 * A slice of pending pre-training at once; if that did a quarter of it or more, the rest
 * (at most three more slices' worth) too: a small net arrives pre-trained, as before slicing.
 */
function pretrainSome(lab) {
  if (!lab?.pretrainPending()) return;
  const r = pretrainRunner.runFor((u) => lab.pretrainAdvance(u), JOB_BUDGET_MS);
  if (!r.done && r.progress >= 0.25) lab.pretrainAdvance(Infinity);
}

function pretrainProgress(labs) {
  const pending = labs.filter((l) => l?.pretrainPending());
  if (!pending.length) return null;
  return pending.reduce((sum, l) => sum + l.pretrainProgress(), 0) / pending.length;
}

/**
 * Stops RBM pre-training: the init becomes the one that suits the activation (facts.js), for the lab and for the compared run, so the URL says what is drawn.
 */
export function cancelPretraining() {
  const rt = store.state.runtime;
  const fallback = (c) => suitedInit(c?.model?.activation);
  const config = store.state.config;
  if (rt.compareLab?.pretrainPending()) {
    const a = store.state.ui.ab;
    if (a) store.setUi({ ab: { ...a, model: { ...a.model, init: fallback(a) } } });
    else store.setUi({ compare: fallback(config) });
    rebuildCompare();
  }
  if (rt.lab?.pretrainPending()) set('model.init', fallback(config));
}

/**
 * This frame's slices of background work: pending pre-training of the lab and its compared
 * run first (training waits for it), then a running sweep (half the frame while playing,
 * so training goes on beside it). Returns {ran, ms, pretraining}: whether any ran, the
 * milliseconds spent, and whether pre-training is still pending.
 */
function runJobs(budgetMs = JOB_BUDGET_MS) {
  const rt = store.state.runtime;
  const t0 = performance.now();
  let ran = false;
  const labs = [rt.lab, rt.compareLab].filter((l) => l?.pretrainPending());
  let redraw = false;
  for (const lab of labs) {
    const r = guard(() => pretrainRunner.runFor((u) => lab.pretrainAdvance(u), budgetMs / labs.length), null);
    if (!r) return { ran: false, ms: 0, pretraining: true };
    ran = true;
    if (r.done && lab === rt.lab) store.setRuntime({ metrics: lab.metrics(), grads: emptyRecord() });
    if (r.done && lab === rt.compareLab) store.setRuntime({ compareMetrics: lab.metrics() });
  }
  if (labs.length) {
    // The charts redraw (the RBM chart grows) a few times a second; the bar every frame.
    const epochs = guard(() => rt.lab.rbmErrors().length, 0);
    if (epochs !== rt.pretrainEpochs && t0 - (rt.pretrainDrawn ?? 0) > JOB_REDRAW_MS) {
      Object.assign(rt, { pretrainEpochs: epochs, pretrainDrawn: t0 });
      redraw = true;
    }
    rt.pretrain = guard(() => pretrainProgress([rt.lab, rt.compareLab]), null);
  } else if (rt.pretrain != null) {
    Object.assign(rt, { pretrain: null, pretrainEpochs: null });
    redraw = true;
  }
  if (rt.sweeping && rt.sweepJob) {
    const left = budgetMs - (performance.now() - t0);
    const budget = store.state.ui.playing ? budgetMs / 2 : left;
    if (budget > 1) {
      const job = rt.sweepJob;
      const r = guard(() => sweepRunner.runFor((u) => rt.lab.sweepAdvance(u), budget), null);
      ran = true;
      if (!r) {
        store.setRuntime({ sweeping: false, sweepJob: null });
      } else if (r.done) {
        finishSweep(r, job);
      } else {
        // New rows are drawn as they arrive, a few times a second.
        const grew = r.rows.length !== job.rows.length && t0 - (job.drawn ?? 0) > JOB_REDRAW_MS;
        rt.sweepJob = { ...job, progress: r.progress, ...(grew ? { rows: r.rows, drawn: t0 } : {}) };
        if (grew) redraw = true;
      }
    }
  }
  if (redraw) store.setRuntime({});
  const job = rt.sweepJob;
  renderJobs({
    sweep: rt.sweeping && job ? {
      card: 'sweep', progress: job.progress, onCancel: cancelSweep, label: t('tool.sweep'),
      text: t('job.sweep', { i: Math.min(job.models, Math.floor(job.progress * job.models) + 1), n: job.models }),
    } : null,
    pretrain: rt.pretrain != null ? {
      card: 'rbm', progress: rt.pretrain, onCancel: cancelPretraining, text: t('job.pretrain'),
    } : null,
  });
  return { ran, ms: performance.now() - t0, pretraining: labs.some((l) => l.pretrainPending()) };
}

/**
 * Every unit's map over the input plane (or over x) of the page's run, from the core
 * (Lab.unitMaps; res 0 = the core's resolution for this network). A promise, so callers
 * need not change when the core moves to a worker.
 */
export function unitMaps(res = 0) {
  const lab = store.state.runtime.lab;
  if (!lab) return Promise.reject(new Error('units: the core is not loaded'));
  try { return Promise.resolve(lab.unitMaps(res)); } catch (e) { reportCrash(e); return Promise.reject(e); }
}

/**
 * Sets one weight of the page's run (the diagram's edge editor, Lab.setWeight); training
 * goes on from the edited network. Returns the new metrics; throws the core's message.
 */
export function setWeight(layer, from, to, value) {
  const rt = store.state.runtime;
  if (!rt.lab) throw new Error('setWeight: the core is not loaded');
  let metrics;
  try { metrics = rt.lab.setWeight(layer, from, to, value); } catch (e) { if (reportCrash(e)) return null; throw e; }
  store.setRuntime({ metrics });
  return metrics;
}

bindSession({ getCore, rebuildCompare, reset });
