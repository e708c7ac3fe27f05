// window.dlab: the page's scripting API (DESIGN.md), and the same through postMessage
// from a parent frame (a slide deck embedding the lab):
//   parent: iframe.contentWindow.postMessage({dlab: 'set', path: 'optim.lr', value: 0.1, id: 7}, '*')
//   lab:    replies {dlab: 'result', id: 7, value} (or {dlab: 'result', id, error}) when id is given.
// The Labs train in a worker (bridge/session.js): what changes them (set of a config path,
// step, reset, preset, lesson, pin, unpin) and the on-demand reads (weights, grid) return
// promises that resolve once the worker answered, so what is read after awaiting them is
// current; config(), ui(), metrics(), ab(), history(), rbmErrors(), sweep() answer at once
// from the latest snapshot. `settled()` waits for everything sent so far (docs/wasm-api.md).

import { clone } from '../util.js';
import { reportCrash, settled, ask } from '../bridge/session.js';
import { gridRes } from '../labs/common.js';

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
    /** A rejected value throws at once; a config path resolves to true when the model was rebuilt (like Lab.set), once applied. */
    set(path, value) {
      const r = actions.set(path, value);
      if (r === false || (r && r.ok === false)) throw new Error(r?.error ?? `${path}: not applied`);
      if (r?.done) return r.done.then(async (x) => { await settled(); return Boolean(x.rebuilt); });
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
        default: throw new Error(`dlab: unknown command "${msg.dlab}"`);
      }
      value = await value;
      reply = { dlab: 'result', id: msg.id, value: value === undefined ? null : value };
    } catch (e) {
      reply = { dlab: 'result', id: msg.id, error: String(e?.message ?? e) };
    }
    if (msg.id != null && event.source && typeof event.source.postMessage === 'function') {
      event.source.postMessage(reply, event.origin && event.origin !== 'null' ? event.origin : '*');
    }
  });
}
