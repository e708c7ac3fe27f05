// The bridge to the core. The Labs live in a worker (worker.js, remote.js): it trains them
// as fast as the speed allows and sends a snapshot whenever the page has drawn the last
// one; this file applies settings through it, keeps what the charts draw over time, and
// restarts a crashed worker with the state kept. Nothing here trains: every number comes
// from the wasm core.
//
// What stays synchronous: every config change is validated here, by the page's own core
// (the same wasm), so a rejected setting is refused at once with the core's message and
// store.config is the new config at once. What the worker answers (metrics, the history,
// the charts' data) arrives with its reply: `settled()` resolves once every command sent so
// far has been answered and drawn data is complete.

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { clone, merge, setPath } from '../util.js';
import { suitedInit } from '../state/facts.js';
import { createRemote } from './remote.js';
import { renderJobs } from './jobs.js';
import { aAlive, bindSession, compareConfig, pinned } from './compare.js';

const HISTORY_CAP = 800;

let core = null; // the page's own core (pure functions); the Labs are in the worker
let remote = null; // the current worker (remote.js)
let sweepId = 0;

export function setCore(mod) { core = mod; }
export function getCore() { return core; }

/** A trap inside wasm (a Rust panic aborts as `unreachable`) as opposed to an Error the core threw on purpose. */
function isCrash(e) {
  return e?.crash === true || (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError)
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

/** A worker's command: its rejection by a crash is handled (notice, restart), any other error rethrown. */
function send(cmd, payload) {
  if (!remote || remote.dead) return Promise.reject(new Error('the core is restarting'));
  return remote.request(cmd, payload).catch((e) => {
    if (isCrash(e)) { crashed(e); return null; }
    throw e;
  });
}

let restarting = false;
let restarts = []; // when the last restarts were: a worker that cannot even start is not retried forever
function crashed(e) {
  store.setUi({ playing: false });
  store.notice('panic', t('notice.panic', { msg: message(e) }), 'panic');
  store.setRuntime({ crashed: true });
  if (restarting) return;
  restarting = true;
  remote?.terminate();
  // A trapped wasm instance may be left inconsistent: a fresh worker (its own instance,
  // made from the kept Blob and Module: no request, so offline too) rebuilds the Lab from
  // the config the store still holds.
  const now = performance.now();
  restarts = restarts.filter((x) => now - x < 2000);
  if (restarts.length >= 3) {
    store.notice('panic', t('notice.panicFailed', { msg: message(e) }), 'panic');
    restarting = false;
    return;
  }
  restarts.push(now);
  setTimeout(() => {
    restarting = false;
    try {
      start();
    } catch (err) {
      store.notice('panic', t('notice.panicFailed', { msg: `${message(e)}; ${message(err)}` }), 'panic');
      return;
    }
    send('build', buildPayload(store.state.config)).then((r) => {
      if (r === null) return;
      store.setRuntime({ crashed: false });
      syncPlay(true);
    }, (err) => store.notice('panic', t('notice.panicFailed', { msg: `${message(e)}; ${message(err)}` }), 'panic'));
  }, 0);
}

/** Starts a worker (at boot, and after a crash). */
export function start() {
  remote = createRemote({ onSnapshot, onCrash: (msg) => crashed(new Error(msg)) });
  store.setRuntime({ lab: null, compareLab: null });
  syncPlay(true);
}

/**
 * The per-layer gradient history the gradient lab draws, a row per recorded snapshot: `delta`
 * the back-propagated gradient ‖∂L/∂z‖ (delta_rms), `rms` the per-weight gradient ‖∂L/∂W‖
 * (grad_rms), `norms` the whole-matrix ‖∂L/∂W‖₂ (grad_norm).
 */
function emptyRecord() { return { steps: [], norms: [], delta: [], rms: [] }; }

function record(rt, metrics) {
  const g = rt.grads;
  // Rows of trained steps only, as before the worker: the build's step 0 is not one.
  if (!metrics.layers.length || metrics.step === 0 || g.steps.at(-1) === metrics.step) return;
  g.steps.push(metrics.step);
  g.norms.push(metrics.layers.map((l) => l.grad_norm));
  g.delta.push(metrics.layers.map((l) => l.delta_rms));
  g.rms.push(metrics.layers.map((l) => l.grad_rms));
  if (g.steps.length > HISTORY_CAP) {
    // Keep the whole run at half the resolution rather than forget its start.
    for (const k of ['steps', 'norms', 'delta', 'rms']) g[k] = g[k].filter((_, i) => i % 2 === 0);
  }
}

// ---------------------------------------------------------------- snapshots

let fresh = false; // a snapshot arrived since the last draw
let drawnGen = -1;

function onSnapshot(snap, from) {
  if (from !== remote) return;
  const rt = store.state.runtime;
  const patch = {};
  const b = from.views.b;
  if (snap.b) {
    if (rt.lab !== b) patch.lab = b;
    if (b.gen !== drawnGen) { patch.grads = emptyRecord(); drawnGen = b.gen; }
    patch.metrics = snap.b.metrics;
  }
  patch.compareLab = snap.a ? from.views.a : null;
  patch.compareMetrics = snap.a?.metrics ?? null;
  if (snap.rate) patch.rate = { value: snap.rate.epochs, steps: snap.rate.steps };
  else patch.rate = null;
  // Background work: pre-training (training waits for it) and a capacity sweep.
  const pending = [snap.b, snap.a].filter((s) => s?.pretrainPending);
  patch.pretrain = pending.length ? pending.reduce((sum, s) => sum + s.pretrainProgress, 0) / pending.length : null;
  if (snap.sweep && rt.sweeping && snap.sweep.id === sweepId) {
    if (snap.sweep.done) Object.assign(patch, { sweep: { rows: snap.sweep.rows, kind: snap.sweep.kind, ms: snap.sweep.ms }, sweeping: false, sweepJob: null });
    else patch.sweepJob = { ...rt.sweepJob, progress: snap.sweep.progress, rows: snap.sweep.rows, models: snap.sweep.models };
  }
  Object.assign(rt, patch);
  if (rt.grads && snap.b) record(rt, snap.b.metrics);
  if (snap.stopped === 'slow') {
    // One step alone blows the frame many times over (a 32 × 256 network): animating it
    // would freeze the tab, so stop and say why. Step still works, one click at a time.
    store.setUi({ playing: false });
    store.notice('perf', t('notice.slow', { ms: Math.round(snap.slowMs) }), 'perf');
  }
  if (snap.b?.metrics?.diverged && !aAlive() && store.state.ui.playing) store.setUi({ playing: false });
  fresh = true;
  store.setRuntime({});
}

/** What the worker should be doing: training while playing (the exact fit is played by main.js's tour instead). */
let sentPlay = '';
function syncPlay(force = false) {
  if (!remote || remote.dead) return;
  const { ui, config } = store.state;
  const playing = Boolean(ui.playing) && config?.optim?.kind !== 'exact';
  const speed = ui.speed === 'max' ? 'max' : Math.max(1, Number(ui.speed) || 1);
  const key = `${playing}/${speed}`;
  if (key === sentPlay && !force) return;
  sentPlay = key;
  send('play', { playing, speed }).catch(() => {});
}
store.subscribe((state, what) => { if (what === 'ui' || what === 'config') syncPlay(); });

// ---------------------------------------------------------------- commands

function buildPayload(config) {
  const state = store.state;
  return { config, compare: compareConfig(state), pinned: pinned(state) };
}

function compareError(r) {
  if (r?.compareError && store.state.ui.ab) store.notice('config', t('notice.rejected', { msg: r.compareError }), 'config');
}

/**
 * Builds a new Lab from a full config. The config is checked here first: on a rejected
 * config, a notice with the core's message and the previous state is kept (returns false).
 * On success the store holds the core's normalised config at once; the worker builds it.
 */
export function build(config, { quiet = false } = {}) {
  let normalised;
  try {
    normalised = core.validateConfig(config);
  } catch (e) {
    if (isCrash(e)) { crashed(e); return false; }
    if (!quiet) store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    store.setConfig(store.state.config); // re-sync controls to the kept state
    return false;
  }
  store.clearNotices('diverged');
  store.clearNotices('perf');
  store.setConfig(normalised);
  Object.assign(store.state.runtime, { sweep: null, sweeping: false, sweepJob: null, rate: null });
  send('build', buildPayload(normalised)).then((r) => { compareError(r); autoFit(); }, (e) => {
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
  });
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
  const state = store.state;
  return send('compare', { config: compareConfig(state), pinned: pinned(state) }).then(compareError);
}

/**
 * Applies one setting. Live settings (lr, l1, l2, dropout, batch size, optimizer) keep
 * the run going; structural ones rebuild the network and clear the histories.
 * Returns {ok, done} at once (ok false with the core's message when rejected); `done`
 * resolves to {rebuilt} once the worker applied it.
 */
export function set(path, value) {
  const before = store.state.config;
  if (!before || !remote) return { ok: false };
  let next;
  try {
    next = core.validateConfig(setPath(clone(before), path, value));
  } catch (e) {
    if (isCrash(e)) { crashed(e); return { ok: false }; }
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    store.setConfig(before);
    return { ok: false, error: message(e) };
  }
  store.dismiss('config');
  const rt = store.state.runtime;
  // A sweep holds for everything but the capacity it varies.
  const keepsSweep = (path === 'model.degree' || path === 'model.hidden') && before?.model?.kind === next.model.kind;
  if (rt.sweeping && !keepsSweep) { send('sweepCancel').catch(() => {}); Object.assign(rt, { sweeping: false, sweepJob: null }); }
  if (rt.sweep && !keepsSweep) rt.sweep = null;
  store.setConfig(next);
  const ab = Boolean(store.state.ui.ab);
  // A/B: A keeps its settings (its seed is B's); both start again together from the seed.
  // Else a compared run (the init lab's) follows B: live settings live, the rest rebuilt.
  const compare = ab ? (path === 'seed' || !rt.compareLab ? 'rebuild' : null) : rt.compareLab ? 'follow' : null;
  const done = send('set', { path, value, compare, compareConfig: compareConfig(store.state), pinned: pinned(store.state) }).then((r) => {
    if (!r) return { rebuilt: false };
    compareError(r);
    if (r.rebuilt) { store.clearNotices('diverged'); store.clearNotices('perf'); }
    if (ab) reset();
    else autoFit(path === 'optim.kind' || path.startsWith('reg.'));
    return { rebuilt: r.rebuilt };
  }, (e) => {
    // The page's core accepted what the worker's refused (should not happen): say so, keep going.
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    return { rebuilt: false, error: message(e) };
  });
  return { ok: true, done };
}

/** Applies a patch of several settings at once (presets, lessons): one rebuild. */
export function apply(patch) {
  return build(merge(store.state.config, patch));
}

export function reset() {
  if (!store.state.runtime.lab && !remote) return Promise.resolve(null);
  store.clearNotices('diverged');
  return send('reset').then(() => { autoFit(); return store.state.runtime.metrics; });
}

/** One exact read of the run's Lab in the worker (window.dlab.weights, grid): resolves to its answer. */
export function ask(fn, args = [], which = 'b') {
  return send('read', { which, fn, args });
}

/** Runs n optimizer steps now (the step button, the API). Resolves to the metrics. */
export function step(n = 1) {
  const rt = store.state.runtime;
  if (!rt.lab) return Promise.resolve(null);
  let sent;
  try {
    sent = rt.lab.step(n); // through the view, so a test can make it trap like a panic
  } catch (e) {
    if (isCrash(e)) { crashed(e); return Promise.resolve(null); }
    throw e;
  }
  return sent.then((metrics) => {
    if (metrics?.diverged && !aAlive()) store.setUi({ playing: false });
    return metrics;
  }, (e) => {
    if (isCrash(e)) { crashed(e); return null; }
    throw e;
  });
}

/**
 * One animation frame: whether a snapshot arrived since the last draw (main.js draws it
 * then, and calls drawn()); the jobs' progress bars.
 */
export function tick() {
  const { runtime: rt } = store.state;
  const job = rt.sweepJob;
  renderJobs(!rt.lab || rt.crashed ? { sweep: null, pretrain: null } : {
    sweep: rt.sweeping && job ? {
      card: 'sweep', progress: job.progress, onCancel: cancelSweep, label: t('tool.sweep'),
      text: t('job.sweep', { i: Math.min(job.models ?? 1, Math.floor(job.progress * (job.models ?? 1)) + 1), n: job.models ?? '…' }),
    } : null,
    pretrain: rt.pretrain != null ? { card: 'rbm', progress: rt.pretrain, onCancel: cancelPretraining, text: t('job.pretrain') } : null,
  });
  const was = fresh;
  fresh = false;
  return was;
}

/** Around a draw: the views note what it reads; afterwards the worker may send the next snapshot. */
export function beginDraw() { remote?.beginDraw(); }
export function drawn() { remote?.endDraw(); }

/** Whether a draw now would show a config the worker has not built yet (wait for it). */
export function building() { return Boolean(remote && remote.pending > 0); }

/**
 * Resolves once every command sent so far is answered and the last draw found all its
 * data in the snapshot (or after `timeoutMs`): what a script reads then is current.
 */
export function settled(timeoutMs = 10000) {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      const idle = remote && !remote.dead && remote.pending === 0 && !remote.missed && !restarting && !store.state.runtime.crashed;
      if ((idle && !fresh) || performance.now() - t0 > timeoutMs) resolve(true); else setTimeout(check, 4);
    };
    check();
  });
}

/**
 * A capacity sweep (the U-curve): one model per capacity, trained by the worker in slices
 * beside the training. `runtime.sweepJob` holds the progress and the rows so far;
 * `runtime.sweep` the finished rows. Returns false when the core refused.
 */
export function sweep(capacities, epochs) {
  const rt = store.state.runtime;
  if (!rt.lab) return false;
  const id = ++sweepId;
  const kind = store.state.config.model.kind;
  Object.assign(rt, { sweeping: true, sweep: null, sweepJob: { progress: 0, rows: new Float64Array(0), models: capacities.length, kind, started: performance.now() } });
  store.setRuntime({});
  send('sweepStart', { caps: new Uint32Array(capacities), epochs, kind, sweepId: id }).catch((e) => {
    store.notice('config', t('notice.rejected', { msg: message(e) }), 'config');
    if (sweepId === id) store.setRuntime({ sweeping: false, sweepJob: null });
  });
  return true;
}

/** Stops a running sweep; the chart goes back to its empty state. */
export function cancelSweep() {
  sweepId++;
  send('sweepCancel').catch(() => {});
  store.setRuntime({ sweeping: false, sweepJob: null });
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
 * Every unit's map over the input plane (or over x) of the page's run, computed in the
 * worker (Lab.unitMaps; res 0 = the core's resolution for this network): a promise.
 */
export function unitMaps(res = 0) {
  if (!store.state.runtime.lab) return Promise.reject(new Error('units: the core is not loaded'));
  return ask('unitMaps', [res]);
}

/**
 * Sets one weight of the page's run (the diagram's edge editor, Lab.setWeight); training
 * goes on from the edited network. Resolves to the new metrics; rejects with the core's message.
 */
export function setWeight(layer, from, to, value) {
  if (!store.state.runtime.lab) return Promise.reject(new Error('setWeight: the core is not loaded'));
  return send('setWeight', { layer, from, to, value }).then(() => store.state.runtime.metrics);
}

bindSession({ getCore, rebuildCompare, reset });
