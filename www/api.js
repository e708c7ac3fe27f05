// window.dlab: the page's scripting API (DESIGN.md), and the same through postMessage
// from a parent frame (a slide deck embedding the lab):
//   parent: iframe.contentWindow.postMessage({dlab: 'set', path: 'optim.lr', value: 0.1, id: 7}, '*')
//   lab:    replies {dlab: 'result', id: 7, value} (or {dlab: 'result', id, error}) when id is given.

import { clone } from './util.js';

export function installApi({ actions, store, presetIds }) {
  const api = {
    /** The full config (the core's normalised object). */
    config: () => clone(store.state.config),
    /** Applies one setting (a config path, or a page key: lab, lang, embed, logY, edgeView, layer, compare, speed). Throws with the core's message when rejected. */
    set(path, value) {
      const r = actions.set(path, value);
      if (r === false || (r && r.ok === false)) throw new Error(r?.error ?? `${path}: not applied`);
      return r && typeof r === 'object' ? Boolean(r.rebuilt) : true; // like Lab.set: true when the model was rebuilt
    },
    play() { actions.play(); return store.state.ui.playing; },
    pause() { actions.pause(); return store.state.ui.playing; },
    step(n = 1) { return clone(actions.step(Math.max(1, Math.floor(Number(n) || 1)))); },
    reset() { actions.reset(); return clone(store.state.runtime.metrics); },
    preset(name) {
      if (!presetIds().includes(name)) throw new Error(`preset: unknown "${name}", expected one of ${presetIds().join(', ')}`);
      return actions.preset(name);
    },
    /** The last metrics object, in the CLI's line shape. */
    metrics: () => clone(store.state.runtime.metrics),
    // Extensions beyond DESIGN.md's list.
    ui: () => clone({ ...store.state.ui }),
    presets: () => presetIds(),
    lesson(id, step = 1) { actions.lesson(id, step); return true; },
  };
  window.dlab = api;

  window.addEventListener('message', (event) => {
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
        case 'config': case 'play': case 'pause': case 'reset': case 'metrics': case 'ui': case 'presets':
          value = api[msg.dlab](); break;
        default: throw new Error(`dlab: unknown command "${msg.dlab}"`);
      }
      reply = { dlab: 'result', id: msg.id, value: value === undefined ? null : value };
    } catch (e) {
      reply = { dlab: 'result', id: msg.id, error: String(e?.message ?? e) };
    }
    if (msg.id != null && event.source && typeof event.source.postMessage === 'function') {
      event.source.postMessage(reply, event.origin && event.origin !== 'null' ? event.origin : '*');
    }
  });
}
