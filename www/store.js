// The one store of the page's state. Input writes to it; rendering reads from it.
//   config   the core's config object (DESIGN.md schema), always as the core normalised it
//   ui       what the page shows: lab, lang, embed, playing, speed, logY, edgeView, gradView, layer, ...
//   notices  messages shown above the plots (bad URL values, rejected settings, crashes)
//   runtime  live objects that are not state to share: the core's Lab, its last metrics,
//            the per-layer gradient history recorded for drawing, a sweep result
// Subscribers are called with (state, what), `what` one of 'config' | 'ui' | 'notices' | 'runtime'.

export const UI_DEFAULTS = {
  lab: 'gradient',
  lang: 'en',
  embed: false,
  playing: false,
  speed: 20, // optimizer steps per animation frame (capped by the frame budget)
  logY: true,
  edgeView: 'weights', // network diagram edges: 'weights' | 'grads'
  // The gradient bars and their history: 'delta' = the back-propagated gradient ‖∂L/∂z‖ (RMS,
  // delta_rms), 'weight' = the per-weight gradient ‖∂L/∂W‖ (RMS, grad_rms).
  gradView: 'delta',
  layer: 0, // selected hidden layer (0-based) for histograms and the symmetry view
  compare: 'he', // the init lab's second init, drawn on the same loss chart
  ab: null, // a pinned run A (its config), trained beside the current run B (compare.js)
  lesson: '',
  step: 0,
  help: false,
  present: false, // presenter mode: large type and thick lines for a lecture hall (presenter.js)
};

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
