// The one store of the page's state. Input writes to it; rendering reads from it.
//   config   the core's config object (DESIGN.md schema), always as the core normalised it
//   ui       what the page shows: lab, lang, embed, playing, speed, logY, edgeView, gradView, layer, ...
//   notices  messages shown above the plots (bad URL values, rejected settings, crashes)
//   runtime  live objects that are not state to share: the core's Lab, its last metrics,
//            the per-layer gradient history recorded for drawing, a sweep result
// Subscribers are called with (state, what), `what` one of 'config' | 'ui' | 'notices' | 'runtime'.

import DATA from './presets.js';

/**
 * The page state, declared once: each ui setting's default and, where a link carries it,
 * its URL key and the values it takes (the shape of the core's schema fields), and `api` where
 * window.dlab.set / postMessage may change it. UI_DEFAULTS, set()'s names
 * and the URL's ui keys (uiFields) all come from here.
 */
const UI_STATE = [
  { state: 'lab', default: 'gradient', api: true, key: 'lab', type: 'enum', options: Object.keys(DATA.labs) },
  { state: 'lang', default: 'en', api: true, key: 'lang', type: 'enum', options: ['ko', 'en'] },
  { state: 'embed', default: false, api: true, key: 'embed', type: 'bool' },
  { state: 'lesson', default: '', key: 'lesson', type: 'enum', options: ['', ...Object.keys(DATA.lessons)] },
  { state: 'step', default: 0, key: 'step', type: 'integer', min: 1, max: 20 },
  { state: 'playing', default: false, key: 'play', type: 'bool' },
  // Optimizer steps per 60 Hz frame, trained in the worker (bridge/worker.js); 'max': as
  // fast as the core can, one evaluation per displayed frame.
  { state: 'speed', default: 20, api: true, key: 'speed', type: 'integer', min: 1, max: 1000, words: ['max'] },
  { state: 'logY', default: true, api: true, key: 'logy', type: 'bool' },
  // Network diagram edges: 'weights' | 'grads'.
  { state: 'edgeView', default: 'weights', api: true, key: 'edges', type: 'enum', options: ['weights', 'grads'] },
  // The gradient bars and their history: 'delta' = the back-propagated gradient ‖∂L/∂z‖ (RMS,
  // delta_rms), 'weight' = the per-weight gradient ‖∂L/∂W‖ (RMS, grad_rms).
  { state: 'gradView', default: 'delta', api: true, key: 'grad', type: 'enum', options: ['delta', 'weight'] },
  // Selected hidden layer (0-based) for histograms and the symmetry view.
  { state: 'layer', default: 0, api: true, key: 'layer', type: 'integer', min: 0, max: 31 },
  // Presenter mode: large type and thick lines for a lecture hall (presenter.js).
  { state: 'present', default: false, api: true, key: 'present', type: 'bool' },
  // The init lab's second init, drawn on the same loss chart; its values are the core's inits.
  { state: 'compare', default: 'he', api: true, key: 'compare', type: 'enum', options: 'model.init' },
  // A pinned run A (its config), trained beside the current run B (compare.js; URL key ab).
  { state: 'ab', default: null , api: true},
  { state: 'help', default: false },
];


/** The ui state a `set` name stands for ('logy' and 'logY' alike), or undefined. */
export function uiSetting(name) {
  const u = UI_STATE.find((x) => x.api && (x.state === name || x.key === name));
  return u?.state;
}

export const UI_DEFAULTS = Object.freeze(Object.fromEntries(UI_STATE.map((u) => [u.state, u.default])));

/** The ui settings a URL carries, as schema-like fields; `options: 'model.init'` takes that setting's options from the core's schema. */
export function uiFields(schema) {
  const optionsOf = (path) => schema.find((f) => f.path === path)?.options ?? [];
  return UI_STATE.filter((u) => u.key).map(({ default: _, api: __, ...u }) => (typeof u.options === 'string' ? { ...u, options: optionsOf(u.options) } : u));
}

function createStore() {
  const state = {
    config: null,
    ui: { ...UI_DEFAULTS },
    notices: [],
    runtime: {},
  };
  const subscribers = new Set();
  const notify = (what) => { for (const fn of [...subscribers]) fn(state, what); };

  return {
    get state() { return state; },
    subscribe(fn) { subscribers.add(fn); return () => subscribers.delete(fn); },

    setConfig(config) { state.config = config; notify('config'); },

    setUi(patch) {
      let changed = false;
      for (const [k, v] of Object.entries(patch)) {
        if (state.ui[k] !== v) { state.ui[k] = v; changed = true; }
      }
      if (changed) notify('ui');
    },

    /**
     * Adds a notice; one with the same `key` replaces the older one. `extra` may hold
     * `action: {id, label, run}` (a button on the notice, e.g. Undo) and `expires(config)`
     * (true once the notice no longer applies: main.js dismisses it on the next config).
     */
    notice(kind, text, key = text, extra = {}) {
      state.notices = state.notices.filter((n) => n.key !== key);
      state.notices.push({ kind, text, key, ...extra });
      notify('notices');
    },
    dismiss(key) {
      state.notices = state.notices.filter((n) => n.key !== key);
      notify('notices');
    },
    clearNotices(kind) {
      state.notices = state.notices.filter((n) => n.kind !== kind);
      notify('notices');
    },

    setRuntime(patch) { Object.assign(state.runtime, patch); notify('runtime'); },
  };
}

export const store = createStore();
