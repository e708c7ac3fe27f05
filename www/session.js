// The bridge to the core: owns the Lab (kept in store.runtime), applies settings through
// it (the core validates and decides live change vs rebuild), runs the optimizer steps
// each animation frame within a time budget, and records what the charts draw over time.
// Nothing here trains: every number comes from the wasm core.

import { store } from './store.js';
import { t } from './i18n.js';
import { clone, merge } from './util.js';
import { loadCore } from './core.js';

const FRAME_BUDGET_MS = 12;
const SLOW_STEP_MS = 250; // one step call slower than this stops playing
const HISTORY_CAP = 800;

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
    store.notice('panic', t('notice.panicFailed', { msg: `${message(e)}; ${message(err)}` }), 'panic');
  });
}

function freeLab(lab) { try { lab?.free?.(); } catch { /* already gone */ } }

function emptyRecord() { return { steps: [], norms: [] }; }

/**
 * Builds a new Lab from a full config. On success the store holds the core's normalised
 * config and fresh histories; on a rejected config, a notice with the core's message and
 * the previous state is kept. Returns true on success.
 */
export function build(config, { quiet = false } = {}) {
  let lab;
  try {
    lab = new core.Lab(config);
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
  store.setRuntime({ lab, metrics: lab.metrics(), grads: emptyRecord(), sweep: null, crashed: false, rate: null, msPerStep: null });
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

/** The init lab draws a second run with another init and the same seed on the same charts. */
export function rebuildCompare() {
  const rt = store.state.runtime;
  freeLab(rt.compareLab);
  let compareLab = null;
  if (store.state.ui.lab === 'init' && store.state.config) {
    const cfg = clone(store.state.config);
    cfg.model.init = store.state.ui.compare;
    try { compareLab = new core.Lab(cfg); } catch { compareLab = null; }
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
  store.setConfig(rt.lab.config());
  const patch = { metrics: rt.lab.metrics() };
  if (rebuilt) {
    patch.grads = emptyRecord();
    store.clearNotices('diverged');
    store.clearNotices('perf');
  }
  // A sweep holds for everything but the capacity it varies.
  if (rt.sweep && path !== 'model.degree' && path !== 'model.hidden') patch.sweep = null;
  if (rt.sweep && before?.model?.kind !== store.state.config.model.kind) patch.sweep = null;
  store.setRuntime(patch);
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
    rt.compareLab?.reset();
  });
  store.clearNotices('diverged');
  store.setRuntime({ metrics: rt.lab.metrics(), compareMetrics: rt.compareLab?.metrics() ?? null, grads: emptyRecord(), rate: null });
  autoFit();
}

function record(rt, metrics) {
  const g = rt.grads;
  g.steps.push(metrics.step);
  g.norms.push(metrics.layers.map((l) => l.grad_norm));
  if (g.steps.length > HISTORY_CAP) {
    // Keep the whole run at half the resolution rather than forget its start.
    g.steps = g.steps.filter((_, i) => i % 2 === 0);
    g.norms = g.norms.filter((_, i) => i % 2 === 0);
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
  if (metrics.diverged) store.setUi({ playing: false });
  return metrics;
}

/**
 * One animation frame of training: as many steps as the speed asks for, but no more than
 * fit in the frame budget (measured, so a deep net slows down instead of freezing the tab).
 */
export function tick(now) {
  const { ui, runtime: rt } = store.state;
  if (!ui.playing || !rt.lab || rt.crashed) return false;
  // One call per frame (each call also evaluates and adds a history row), as many steps
  // as the measured cost per step lets fit in the frame budget.
  // Cost unknown (a new network): one step first, to measure it.
  const k = rt.msPerStep == null ? 1 : Math.max(1, Math.min(ui.speed, Math.floor(FRAME_BUDGET_MS / Math.max(1e-3, rt.msPerStep))));
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
  if (metrics.diverged) store.setUi({ playing: false });
  return true;
}

/** A capacity sweep (the U-curve): one model per capacity, trained by the core. */
export function sweep(capacities, epochs) {
  const rt = store.state.runtime;
  if (!rt.lab) return;
  try {
    const rows = guard(() => rt.lab.sweep(new Uint32Array(capacities), epochs), null);
    if (rows) store.setRuntime({ sweep: { rows, kind: store.state.config.model.kind } });
  } catch (e) {
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
  }
}

