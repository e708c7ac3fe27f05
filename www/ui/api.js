// window.dlab: the page's scripting API (DESIGN.md), and the same through postMessage
// from a parent frame (a slide deck embedding the lab):
//   parent: iframe.contentWindow.postMessage({dlab: 'set', path: 'optim.lr', value: 0.1, id: 7}, '*')
//   lab:    replies {dlab: 'result', id: 7, value} (or {dlab: 'result', id, error}) when id is given.
// The Labs train in a worker (bridge/session.js): what changes them (set of a config path,
// step, reset, preset, lesson, pin, unpin) and the on-demand reads (weights, grid) return
// promises that resolve once the worker answered, so what is read after awaiting them is
// current; config(), ui(), metrics(), ab(), history(), rbmErrors(), sweep() answer at once
// from the latest snapshot; units, setWeight and record are promises too. `settled()` waits for everything sent so far (docs/wasm-api.md).

import { clone } from '../util.js';
import { reportCrash, settled, ask, setWeight, unitMaps } from '../bridge/session.js';
import { gridRes } from '../labs/common.js';
import { recordClip } from './clip.js';

/** A number for JSON and postMessage: non-finite (a diverged run) becomes null, as in metrics(). */
const num = (v) => (Number.isFinite(v) ? v : null);

export function installApi({ actions, store, presetIds }) {
  /** Reads from the page's Lab; a crash of the core is reported (notice, restart) and rethrown. */
  const read = (what, fn) => {
    const lab = store.state.runtime.lab;
    if (!lab) throw new Error(`${what}: the core is not loaded`);
    try { return fn(lab); } catch (e) { reportCrash(e); throw e; }
  };
  const api = {
    /** The full config (the core's normalised object). */
    config: () => clone(store.state.config),
    /** Applies one setting (a config path, or a page key: lab, lang, embed, logY, edgeView, gradView, layer, compare, speed, ab). Throws with the core's message when rejected. */
    /** A rejected value throws at once; a config path resolves to true when the model was rebuilt (like Lab.set), once applied; lang, the first time the other language is asked for, resolves to true once its strings are fetched and shown. */
    set(path, value) {
      const r = actions.set(path, value);
      if (r === false || (r && r.ok === false)) throw new Error(r?.error ?? `${path}: not applied`);
      if (r?.done) return r.done.then(async (x) => { await settled(); return Boolean(x.rebuilt); });
      if (typeof r?.then === 'function') return r.then(() => true); // lang: once its strings are here
      return r && typeof r === 'object' && 'rebuilt' in r ? Boolean(r.rebuilt) : true;
    },
    play() { actions.play(); return store.state.ui.playing; },
    pause() { actions.pause(); return store.state.ui.playing; },
    /** Resolves to the metrics after n more steps. */
    step(n = 1) { return Promise.resolve(actions.step(Math.max(1, Math.floor(Number(n) || 1)))).then(clone); },
    /** Resolves to the metrics of the fresh start. */
    reset() { return Promise.resolve(actions.reset()).then(settled).then(() => clone(store.state.runtime.metrics)); },
    preset(name) {
      if (!presetIds().includes(name)) throw new Error(`preset: unknown "${name}", expected one of ${presetIds().join(', ')}`);
      const ok = actions.preset(name);
      return settled().then(() => ok);
    },
    /** Resolves once everything sent to the worker so far is answered and drawn data is current. */
    settled: () => settled(),
    /** The last metrics object, in the CLI's line shape. */
    metrics: () => clone(store.state.runtime.metrics),
    // Extensions beyond DESIGN.md's list.
    /** The loss history: [{epoch, step, train_loss, test_loss}] (null where diverged), thinned by the core to at most 2000 rows. */
    history: () => read('history', (lab) => {
      const h = lab.history();
      const rows = [];
      for (let i = 0; i + 3 < h.length; i += 4) rows.push({ epoch: h[i], step: h[i + 1], train_loss: num(h[i + 2]), test_loss: num(h[i + 3]) });
      return rows;
    }),
    /** Weight layer `layer` (0 = input side, last = output layer) as an n_in × n_out matrix: an array of n_in rows. */
    weights: (layer = 0) => settled().then(() => read('weights', (lab) => {
      const sizes = Array.from(lab.layerSizes());
      const i = Number(layer);
      if (!Number.isInteger(i) || i < 0 || i >= sizes.length - 1) throw new Error(`weights: layer ${layer} out of range, expected 0 to ${sizes.length - 2}`);
      const [rows, cols] = [sizes[i], sizes[i + 1]];
      return ask('weights', [i]).then((w) => Array.from({ length: rows }, (_, r) => Array.from(w.subarray(r * cols, (r + 1) * cols))));
    })),
    /** The last finished capacity sweep: [{capacity, train_loss, test_loss}] ([] before any). */
    sweep: () => {
      const s = store.state.runtime.sweep;
      const rows = [];
      for (let i = 0; s?.rows && i + 2 < s.rows.length; i += 3) rows.push({ capacity: s.rows[i], train_loss: num(s.rows[i + 1]), test_loss: num(s.rows[i + 2]) });
      return rows;
    },
    /** RBM pre-training's reconstruction error: [{layer, epoch, error}] ([] unless model.init = rbm). */
    rbmErrors: () => read('rbmErrors', (lab) => {
      const e = lab.rbmErrors();
      const rows = [];
      for (let i = 0; i + 2 < e.length; i += 3) rows.push({ layer: e[i], epoch: e[i + 1], error: num(e[i + 2]) });
      return rows;
    }),
    /**
     * The decision surface of a 2-D set: {res, extent: [x1min, x1max, x2min, x2max], values} with
     * values row-major res × res (row 0 = top = max x2), at the page's resolution unless `res`
     * (1 to 400) is given. Other data sets have none: {res: 0, extent: [], values: []}.
     */
    grid: (res) => settled().then(() => read('grid', (lab) => {
      if (lab.inputDim() !== 2) return { res: 0, extent: [], values: [] };
      const n = res == null ? gridRes(Array.from(lab.layerSizes())) : Math.max(1, Math.min(400, Math.floor(Number(res)) || 1));
      return ask('grid', [n]).then((g) => ({ res: n, extent: Array.from(lab.dataExtent()), values: Array.from(g, num) }));
    })),
    /**
     * A WebM clip of the lab (or of chart `chartId`, a data-chart name) while it trains, for
     * `seconds` seconds: a promise of its bytes (Uint8Array). The lab plays while it records.
     */
    record: (seconds, chartId) => recordClip(seconds, chartId ?? null),
    /**
     * Every unit's activation of layer `layer` (0 = first hidden layer, the last = the output)
     * over the input plane (2-D sets: a coarse grid over extent [x1min, x1max, x2min, x2max],
     * row-major, row 0 = top = max x2) or over x (1-D sets: height 1, extent [xmin, xmax]):
     * a promise of {width, height, extent, activation, maps: [Float32Array per unit],
     * saturated: [share per unit], silent: [share per unit]}. The `linear` set has none.
     */
    units(layer = 0) {
      const hidden = Number(layer);
      return unitMaps(0).then((m) => {
        if (!m.layers.length) return { width: 0, height: 0, extent: [], activation: null, maps: [], saturated: [], silent: [] };
        if (!Number.isInteger(hidden) || hidden < 0 || hidden >= m.layers.length) throw new Error(`units: layer ${layer} out of range, expected 0 to ${m.layers.length - 1}`);
        const l = m.layers[hidden];
        const n = m.width * m.height;
        return {
          width: m.width, height: m.height, extent: Array.from(m.extent), activation: l.activation,
          maps: Array.from({ length: l.units }, (_, u) => l.values.slice(u * n, (u + 1) * n)),
          saturated: Array.from(l.saturated), silent: Array.from(l.silent),
        };
      });
    },
    /** Sets W[from][to] of weight layer `layer` (0 = input side, as weights()); training goes on from it. A promise of metrics(). */
    setWeight(layer, from, to, value) {
      return setWeight(Number(layer), Number(from), Number(to), Number(value)).then((m) => {
        actions.redraw?.();
        return clone(m);
      });
    },
    ui: () => clone({ ...store.state.ui }),
    presets: () => presetIds(),
    lesson(id, step = 1) { actions.lesson(id, step); return settled().then(() => true); },
    /** A/B (www/compare.js): pin the current config (with an optional patch) as run A; both restart from the seed. Returns ab(). */
    pin(patch) { actions.pin(patch ?? undefined); return settled().then(() => actions.abInfo()); },
    /** Ends the A/B comparison. Returns ab(). */
    unpin() { actions.unpin(); return settled().then(() => actions.abInfo()); },
    /** Both runs: {pinned, url, diff: [{path, a, b}], labels, a: {config, metrics}, b: {config, metrics}}. */
    ab: () => actions.abInfo(),
  };
  window.dlab = api;

  window.addEventListener('message', async (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object' || typeof msg.dlab !== 'string' || msg.dlab === 'result') return;
    let reply;
    try {
      let value;
      switch (msg.dlab) {
        case 'set': value = api.set(msg.path, msg.value); break;
        case 'step': value = api.step(msg.n ?? msg.value ?? 1); break;
        case 'preset': value = api.preset(msg.name ?? msg.value); break;
        case 'lesson': value = api.lesson(msg.lesson ?? msg.value, msg.step ?? 1); break;
        case 'pin': value = api.pin(msg.patch ?? msg.value); break;
        case 'unpin': case 'ab': value = api[msg.dlab](); break;
        case 'config': case 'play': case 'pause': case 'reset': case 'metrics': case 'ui': case 'presets':
        case 'history': case 'sweep': case 'rbmErrors': case 'settled':
          value = api[msg.dlab](); break;
        case 'weights': value = api.weights(msg.layer ?? msg.value ?? 0); break;
        case 'grid': value = api.grid(msg.res ?? msg.value); break;
        case 'record': value = api.record(msg.seconds ?? msg.value, msg.chart); break;
        case 'units': value = api.units(msg.layer ?? msg.value ?? 0); break;
        case 'setWeight': value = api.setWeight(msg.layer, msg.from, msg.to, msg.value); break;
        default: throw new Error(`dlab: unknown command "${msg.dlab}"`);
      }
      value = await value;
      reply = { dlab: 'result', id: msg.id, value: value === undefined ? null : value };
    } catch (e) {
      reply = { dlab: 'result', id: msg.id, error: String(e?.message ?? e) };
    }
    const send = (r) => {
      if (msg.id != null && event.source && typeof event.source.postMessage === 'function') {
        event.source.postMessage(r, event.origin && event.origin !== 'null' ? event.origin : '*');
      }
    };
    // A call that returns a promise (record, units) replies when it settles.
    if (typeof reply.value?.then === 'function') {
      reply.value.then((value) => send({ dlab: 'result', id: msg.id, value }), (e) => send({ dlab: 'result', id: msg.id, error: String(e?.message ?? e) }));
    } else send(reply);
  });
}
