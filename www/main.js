// dlab's page: loads the wasm core, reads the URL into the store, builds the page,
// and runs the animation loop. Input goes through `actions` into the store; rendering
// reads the store. The core does all the training; this file only asks and draws.

import { store, uiSetting, UI_DEFAULTS } from './state/store.js';
import { browserLang, langLoaded, loadLang, optionLabel, t } from './i18n/i18n.js';
import { clone, deepEqual, getPath, merge, setPath } from './util.js';
import { loadCore } from './bridge/core.js';
import * as session from './bridge/session.js';
import * as ab from './bridge/compare.js';
import { hashLang, parseHash, rangeText, writeHash } from './state/url.js';
import { createPage } from './ui/page.js';
import { installApi } from './ui/api.js';
import { installPresenter, toggleFullscreen } from './ui/presenter.js';
import { installClips } from './ui/clip.js';
import { lessonStep, LESSONS } from './state/lessons.js';
import { diagnose, divergeInfo as divergeWords } from './ui/diagnose.js';
import { suitedInit, useSchema } from './state/facts.js';
import { sweepCapacities, sweepEpochs } from './labs/overfitting.js';
import overfitting from './labs/overfitting.js';
import gradient from './labs/gradient.js';
import init from './labs/init.js';

const LABS = { overfitting, gradient, init };

let core, fields, defaults, uiDefaults, page;
const baseCache = new Map();
let lastHash = '';
let dirty = true;
let frameNo = 0;

/** The lab's starting config: the core's defaults under the lab's own settings, as the core normalises it. */
function labBase(id) {
  if (!baseCache.has(id)) baseCache.set(id, core.validateConfig(merge(defaults, LABS[id].base)));
  return clone(baseCache.get(id));
}

function presetOf(labId, presetId) {
  return LABS[labId].presets.find((p) => p.id === presetId) ?? null;
}

/** The config a URL's config keys are read over: the lab's base, or the lesson step's preset. */
function baseFor(ui) {
  const ls = lessonStep(ui);
  if (ls) {
    ui.lab = ls.lesson.lab;
    ui.step = ls.k;
    const key = `${ui.lesson}/${ls.k}`;
    if (!baseCache.has(key)) {
      const p = presetOf(ls.lesson.lab, ls.step.preset);
      baseCache.set(key, core.validateConfig(merge(labBase(ls.lesson.lab), p?.config ?? {})));
    }
    return clone(baseCache.get(key));
  }
  return labBase(ui.lab);
}

/** The view a lesson step sets (its preset's and its own ui settings, e.g. edges=grads). */
function lessonUi(ui) {
  const ls = lessonStep(ui);
  if (!ls) return {};
  return { ...(presetOf(ls.lesson.lab, ls.step.preset)?.ui ?? {}), ...(ls.step.ui ?? {}) };
}

// ---------------------------------------------------------------- URL

function problemText(p) {
  if (p.unknown) return t('notice.unknownKeys', { keys: p.unknown.join(', ') });
  const f = p.field;
  const expected = f.type === 'enum' || f.type === 'enum_list' ? t('notice.expectedOneOf', { options: [...f.options.filter(Boolean), ...(f.nullable ? ['auto'] : [])].join(', ') })
    : f.type === 'bool' ? t('notice.expectedBool')
      : f.type === 'int_list' ? t('notice.expectedIntList', { range: rangeText(f), n: f.max_len ?? '∞' })
        : t(f.type === 'integer' ? 'notice.expectedInteger' : 'notice.expectedNumber', { range: rangeText(f) });
  return t('notice.badValue', { key: p.key, value: p.value, expected, fallback: p.fallback === '' ? '—' : p.fallback });
}

/**
 * Reads the hash into the store. Malformed values and values the core rejects fall back
 * to the base value, each with a notice naming the key; nothing here throws.
 */
let readingUrl = false;
let langWanted = null; // the language last asked for (actions.setLang)
function readUrl(initial) {
  // While the new address is read, the store passes through states that mix the new ui
  // with the old config; none of them may be written back to the address (a reload right
  // then would open the mix). The hash is written once, at the end.
  readingUrl = true;
  try { applyUrl(initial); } finally { readingUrl = false; }
  writeUrl();
}

function applyUrl(initial) {
  const parsed = parseHash(location.hash, fields, uiDefaults, baseFor);
  // Notices about the address speak its language.
  if (parsed.ui.lang !== store.state.ui.lang) store.setUi({ lang: parsed.ui.lang });
  langWanted = parsed.ui.lang; // an earlier button press still fetching its strings loses to the address
  const problems = [...parsed.problems];
  // A new address replaces the complaints about the old one.
  store.clearNotices('url');
  const config = validateUrlConfig(parsed);
  const abConfig = ab.readUrlAb(parsed.ab, config); // run A (compare.js): a notice when malformed
  for (const p of problems) store.notice('url', problemText(p), `url:${p.key ?? 'unknown'}`);
  // A projector should not keep a stale warning forever: URL notices go after half a minute.
  const shown = store.state.notices.filter((n) => n.kind === 'url');
  if (shown.length) setTimeout(() => shown.forEach((n) => { if (store.state.notices.includes(n)) store.dismiss(n.key); }), 30000);

  // A lesson step's view is its default: the URL's own ui keys are read over it.
  for (const [k, v] of Object.entries(lessonUi(parsed.ui))) if (!parsed.uiGiven.has(k)) parsed.ui[k] = v;
  const uiPatch = { ...parsed.ui, help: store.state.ui.help, ab: abConfig };
  const labChanged = uiPatch.lab !== store.state.ui.lab;
  const abChanged = !deepEqual(abConfig, store.state.ui.ab);
  store.setUi(uiPatch);
  if (initial || labChanged || !deepEqual(config, store.state.config)) {
    if (!session.build(config)) session.build(parsed.base);
  } else if (abChanged) {
    session.rebuildCompare();
    session.reset(); // A and B start again together
  } else if (store.state.ui.lab === 'init') {
    session.rebuildCompare();
  }
  lastHash = location.hash;
}

function writeUrl() {
  const { ui, config } = store.state;
  if (!config || readingUrl) return;
  const base = baseFor({ ...ui });
  const hash = writeHash(ui, { ...uiDefaults, ...lessonUi(ui) }, config, base, fields) + ab.hashPart(store.state);
  if (hash !== location.hash) history.replaceState(null, '', hash);
  lastHash = location.hash;
}

/**
 * The core has the last word on a URL's config (cross-field rules, list lengths). When it
 * names a setting the URL gave, that setting goes back to its base value. When it names
 * one the URL did not touch (data.kind=circle against the overfitting lab's polynomial
 * model), the URL key that causes the conflict is found and dropped instead, so the rest
 * of the URL is kept. Each dropped key gets a notice with the core's message.
 */
function validateUrlConfig(parsed) {
  const check = (cfg) => {
    try { return { config: core.validateConfig(cfg) }; } catch (e) {
      const msg = String(e?.message ?? e);
      return { msg, path: msg.split(':')[0].trim() };
    }
  };
  const base = parsed.base;
  let config = clone(parsed.config);
  const given = parsed.configKeys.filter((k, i, all) => all.indexOf(k) === i);
  for (let tries = 0; tries <= given.length + 1; tries++) {
    const r = check(config);
    if (r.config) return r.config;
    const differs = (k) => !deepEqual(getPath(config, k), getPath(base, k));
    let drop = given.includes(r.path) && differs(r.path) ? r.path : null;
    if (!drop) {
      // Which of the URL's keys, put back to its base value, makes this complaint go away?
      drop = [...given].reverse().find((k) => {
        if (!differs(k)) return false;
        const trial = clone(config);
        setPath(trial, k, clone(getPath(base, k)));
        const t2 = check(trial);
        return t2.config || t2.path !== r.path;
      }) ?? null;
    }
    if (!drop) {
      store.notice('url', t('notice.rejectedUrl', { key: r.path || '?', msg: r.msg }), 'url:config');
      return clone(base);
    }
    setPath(config, drop, clone(getPath(base, drop)));
    store.notice('url', t('notice.rejectedUrl', { key: drop, msg: r.msg }), `url:${drop}`);
  }
  return clone(base);
}

// ---------------------------------------------------------------- actions

function divergeInfo() {
  return divergeWords(store.state.config, labBase(store.state.ui.lab).optim.lr);
}

/** The banner for the last metrics (diagnose.js): diverged, no gradient, saturated; or null. */
function bannerInfo() {
  const { config, runtime } = store.state;
  if (!config || !runtime.metrics) return null;
  return diagnose(runtime.metrics, config, { baseLr: labBase(store.state.ui.lab).optim.lr });
}

/** "Weight initialization: large N(0, 1) → Xavier (Glorot)" for each setting a patch changes. */
function changesText(before, after) {
  const parts = [];
  const walk = (patch, prefix) => {
    for (const [k, v] of Object.entries(patch)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object' && !Array.isArray(v)) { walk(v, path); continue; }
      const a = getPath(before, path), b = getPath(after, path);
      if (deepEqual(a, b)) continue;
      const show = (x) => (typeof x === 'boolean' ? t(x ? 'ui.on' : 'ui.off') : typeof x === 'string' ? optionLabel(path, x) : String(x));
      parts.push(`${t(`param.${path}`)}: ${show(a)} → ${show(b)}`);
    }
  };
  walk(diffPatch(before, after), '');
  return parts.join(', ');
}

/** The settings in which `after` differs from `before`, as a nested patch. */
function diffPatch(before, after) {
  const out = {};
  for (const f of fields) {
    const a = getPath(before, f.path), b = getPath(after, f.path);
    if (b !== undefined && !deepEqual(a, b)) setPath(out, f.path, clone(b));
  }
  return out;
}

/**
 * Applies `patch` in one rebuild and offers to undo it: a notice saying what changed, with
 * an Undo button that restores `before` exactly (while the config is still what the change
 * made; any other change retires the notice).
 */
function applyWithUndo(patch, key, text) {
  const before = clone(store.state.config);
  if (!session.apply(patch)) return false;
  const after = clone(store.state.config);
  const words = text ?? t('notice.fixed', { changes: changesText(before, after) });
  store.notice('undo', words, key, {
    action: { id: 'undo', label: t('ui.undo'), run: () => { store.dismiss(key); session.build(before); } },
    expires: (config) => !deepEqual(config, after),
  });
  return true;
}

// Each lab's presets as full, validated configs: they never change, and comparing the
// config with them on every sync re-validated each preset in the core (tens of ms a frame).
const presetConfigs = new Map();
function presetsOf(labId) {
  if (!presetConfigs.has(labId)) {
    const base = labBase(labId);
    presetConfigs.set(labId, LABS[labId].presets.flatMap((p) => {
      try { return [{ id: p.id, config: core.validateConfig(merge(base, p.config)) }]; } catch { return []; }
    }));
  }
  return presetConfigs.get(labId);
}

function activePreset() {
  const { config } = store.state;
  return presetsOf(store.state.ui.lab).find((p) => deepEqual(p.config, config))?.id ?? null;
}

/**
 * RBM pre-training is defined for sigmoid units (binary stochastic units, Hinton 2006): an
 * init of rbm and another activation never stand together silently. Choosing rbm with
 * another activation sets sigmoid in the same change; choosing another activation while
 * the init is rbm sets that activation's usual init. Returns {patch, text} or null.
 */
function rbmPatch(path, value) {
  const m = store.state.config?.model;
  if (!m || m.kind !== 'mlp') return null;
  if (path === 'model.init' && value === 'rbm' && m.activation !== 'sigmoid') {
    return { patch: { model: { init: 'rbm', activation: 'sigmoid' } }, text: t('notice.rbm.sigmoid', { act: optionLabel('model.activation', m.activation) }) };
  }
  if (path === 'model.activation' && value !== 'sigmoid' && m.init === 'rbm') {
    const init = suitedInit(value);
    return { patch: { model: { activation: value, init } }, text: t('notice.rbm.init', { act: optionLabel('model.activation', value), init: optionLabel('model.init', init) }) };
  }
  return null;
}

const actions = {
  set(path, value) {
    const uiKey = uiSetting(path);
    if (uiKey === 'lab') return actions.switchLab(value);
    if (uiKey === 'ab') { const r = ab.setAb(value); dirty = true; return r; }
    if (uiKey === 'lang') return actions.setLang(value);
    if (uiKey === 'compare') return actions.compare(value);
    if (uiKey === 'present') value = value === true || value === 1 || value === '1' || value === 'true';
    if (uiKey) { store.setUi({ [uiKey]: value }); return { ok: true }; }
    const rbm = rbmPatch(path, value);
    if (rbm) return { ok: applyWithUndo(rbm.patch, 'rbm', rbm.text), rebuilt: true };
    return session.set(path, value);
  },
  apply(patch) { return session.apply(patch); },
  play() { if (!store.state.runtime.metrics?.diverged || ab.aAlive()) store.setUi({ playing: true }); },
  pause() { store.setUi({ playing: false }); },
  toggle() { if (store.state.ui.playing) actions.pause(); else actions.play(); },
  step(n = 1) { store.setUi({ playing: false }); return session.step(n); },
  reset() { return session.reset(); },
  preset(id) {
    const lab = LABS[store.state.ui.lab];
    const p = presetOf(lab.id, id);
    if (!p) return false;
    const ok = session.build(core.validateConfig(merge(labBase(lab.id), p.config)));
    if (p.ui) { store.setUi(p.ui); if (p.ui.compare) session.rebuildCompare(); }
    return ok;
  },
  switchLab(id) {
    if (!LABS[id]) return false;
    const { ui, config, runtime } = store.state;
    if (id === ui.lab && !ui.lesson) return true;
    const stash = { ...(runtime.stash ?? {}), [ui.lab]: config };
    store.setRuntime({ stash });
    store.setUi({ lab: id, lesson: '', step: 0, layer: 0, playing: false, ab: null });
    session.build(stash[id] && id !== ui.lab ? stash[id] : labBase(id));
    return true;
  },
  /** Switches the language; a promise when its strings are still to be fetched (the page switches once they are here). */
  setLang(lang) {
    if (lang !== 'ko' && lang !== 'en') return undefined;
    langWanted = lang;
    if (langLoaded(lang)) { store.setUi({ lang }); return undefined; }
    return loadLang(lang).then(() => { if (langWanted === lang) store.setUi({ lang }); }); // the last one asked for wins
  },
  help(open) { store.setUi({ help: open }); },
  // A/B (compare.js): pin the current config as run A, clear it, describe both runs.
  pin(patch) { const r = ab.pin(patch); dirty = true; return r; },
  unpin() { const r = ab.unpin(); dirty = true; return r; },
  abInfo() { return ab.info(); },
  compare(init) {
    // With a pinned A, the init lab's "vs" select pins A again: this config with that init.
    if (store.state.ui.ab) { ab.pin({ model: { init } }); dirty = true; return; }
    store.setUi({ compare: init });
    // Both runs start again together from the same seed, so the two curves compare fairly.
    session.rebuildCompare();
    session.reset();
    dirty = true;
  },
  lesson(id, k) {
    if (!id) { store.setUi({ lesson: '', step: 0 }); return; }
    const lesson = LESSONS[id];
    if (!lesson) return;
    const ui = { lesson: id, step: Math.max(1, Math.min(k, lesson.steps.length)), lab: lesson.lab };
    const config = baseFor(ui);
    const st = lesson.steps[ui.step - 1];
    // The step's whole view, exactly as opening its URL gives it: the view keys start from
    // their defaults, so the previous step's (edges=grads) does not carry over.
    const view = { edgeView: uiDefaults.edgeView, gradView: uiDefaults.gradView, layer: uiDefaults.layer, logY: uiDefaults.logY, compare: uiDefaults.compare };
    store.setUi({ ...ui, playing: false, ...view, ab: null, ...lessonUi(ui) });
    session.build(config);
    if (st.sweep) actions.sweep();
  },
  sweep() {
    // The core trains the models in slices, a frame's worth per animation frame (session.js).
    const { config } = store.state;
    return session.sweep(sweepCapacities(config), sweepEpochs(config));
  },
  cancelSweep() { session.cancelSweep(); },
  divergeInfo,
  bannerInfo,
  /** The banner's one-click fix: one rebuild with the fix's settings, undoable from a notice. */
  bannerFix() {
    const info = bannerInfo();
    if (!info?.fix) return false;
    return applyWithUndo(info.fix, 'fix');
  },
  divergeFix() { return actions.bannerFix(); },
  activePreset,
  redraw() { dirty = true; },
};

/**
 * With the exact solver a polynomial sweep costs a few milliseconds: keep the U-curve
 * drawn at all times, so dragging the degree moves the "now" mark along it.
 */
let sweepQueued = false;
function autoSweep() {
  const { ui, config, runtime } = store.state;
  if (sweepQueued || ui.lab !== 'overfitting' || !config || runtime.sweep || runtime.sweeping || runtime.crashed) return;
  if (config.optim.kind !== 'exact' || config.model.kind !== 'poly' || !runtime.lab) return;
  sweepQueued = true;
  setTimeout(() => {
    sweepQueued = false;
    const c = store.state.config;
    if (store.state.ui.lab !== 'overfitting' || store.state.runtime.sweep || store.state.runtime.sweeping || c.optim.kind !== 'exact' || c.model.kind !== 'poly') return;
    session.sweep(sweepCapacities(c), sweepEpochs(c));
  }, 0);
}

// ---------------------------------------------------------------- drawing

/** Draws the latest snapshot; false when there is nothing to draw yet (the worker is building it). */
function draw() {
  const view = page.view;
  const rt = store.state.runtime;
  if (!view || !rt.lab || rt.crashed || session.building()) return false;
  const playing = store.state.ui.playing;
  session.beginDraw();
  try {
    view.lab.draw({
      lab: rt.lab, core: session.getCore(), state: store.state, charts: view.charts, actions,
      heavy: !playing || frameNo % 3 === 0, frame: frameNo,
      readout: (name, text) => { const r = view.readouts[name]; if (r && r.textContent !== text) r.textContent = text; },
      describe: (name, text) => { const d = view.descs[name]; if (d && d.textContent !== text) d.textContent = text; },
    });
  } catch (e) {
    if (!session.reportCrash(e)) {
      store.notice('config', t('notice.drawError', { msg: String(e?.message ?? e) }), 'draw');
      store.setUi({ playing: false });
      console.warn(e); // eslint-disable-line no-console
    }
  }
  session.drawn();
  return true;
}

/**
 * The exact fit is solved in one step, so playing it would count steps over a still
 * picture. Instead Play walks the capacity: the polynomial degree goes up one every
 * TOUR_MS from where it is (from 0 when it is at the top) to the sweep's largest, the fit
 * and the "now" mark on the U-curve moving with it, then stops. A model linear in other
 * inputs (no degree to walk) is fitted once and Play stops, with a note saying why.
 */
const TOUR_MS = 700;
let tourLast = 0;
let tourShown = false; // the note on what Play does here, once a page
function exactTour(now) {
  const { ui, config, runtime } = store.state;
  if (!ui.playing || config?.optim.kind !== 'exact' || !runtime.lab) return false;
  // (Every build of an exact fit is fitted at once: session.js autoFit.)
  if (config.model.kind !== 'poly') {
    store.setUi({ playing: false });
    store.notice('exact', t('notice.exactSolved'), 'exact');
    return true;
  }
  const top = Math.max(...sweepCapacities(config));
  if (!tourShown) { tourShown = true; store.notice('exact', t('notice.exactTour', { top }), 'exact'); }
  if (now - tourLast < TOUR_MS) return false;
  tourLast = now;
  const next = config.model.degree >= top ? 0 : config.model.degree + 1;
  actions.set('model.degree', next);
  if (next >= top) store.setUi({ playing: false });
  return true;
}

// The worker trains and sends a snapshot once the last one is drawn; each frame draws the
// latest (session.tick says whether one came) or a change of view (dirty). So drawing runs at
// the display's rate whatever the training speed, and training never waits for drawing.
function loop(now) {
  frameNo++;
  const toured = exactTour(now);
  const fresh = session.tick(now);
  if (fresh || toured || dirty) {
    if (draw()) dirty = false;
    else if (fresh) session.drawn(); // nothing to draw it on: let the worker send the next
  }
  page.tick();
  requestAnimationFrame(loop);
}

// ---------------------------------------------------------------- keyboard

function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const target = e.target;
  const tag = target?.tagName;
  const typing = tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && target.type !== 'range' && target.type !== 'checkbox');
  if (typing) return;
  if (e.key === 'Escape') { actions.help(false); return; }
  if (e.key === ' ' || e.code === 'Space') {
    if (tag === 'BUTTON' || (tag === 'INPUT' && target.type === 'checkbox')) return; // the browser clicks it
    e.preventDefault();
    actions.toggle();
  } else if (e.key === 's' || e.key === 'S') {
    actions.step(1);
  } else if (e.key === 'r' || e.key === 'R') {
    actions.reset();
  } else if (e.key === '?') {
    actions.help(!store.state.ui.help);
  } else if (e.key === 'p' || e.key === 'P') {
    actions.set('present', !store.state.ui.present);
  } else if (e.key === 'f' || e.key === 'F') {
    toggleFullscreen();
  } else if (e.key === '1' || e.key === '2' || e.key === '3') {
    actions.switchLab(['overfitting', 'gradient', 'init'][Number(e.key) - 1]);
  }
}

// ---------------------------------------------------------------- boot

function fatal(root, text) {
  root.replaceChildren();
  const box = document.createElement('div');
  box.className = 'fatal';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  root.append(box);
}

/**
 * Loads the core; a load that has not finished after a while (a stalled request) is
 * tried once more with a fresh instance instead of leaving the page at "loading".
 */
function loadCoreWithRetry(timeoutMs = 8000) {
  const attempt = (fresh) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    loadCore(fresh).then((m) => { clearTimeout(timer); resolve(m); }, (e) => { clearTimeout(timer); reject(e); });
  });
  return attempt(false).catch((e) => {
    if (String(e?.message) !== 'timeout') throw e;
    return attempt(true);
  });
}

const WARM_AFTER_MS = 3000; // after ready: past the first paint and the first training frames

async function boot() {
  const root = document.getElementById('app');
  uiDefaults = { ...UI_DEFAULTS, lang: browserLang() };
  // The page's language: its strings are fetched beside the core, and nothing is shown
  // before both are here (the other language's come when it is asked for).
  const lang = hashLang(location.hash) ?? uiDefaults.lang;
  const strings = loadLang(lang);
  store.setUi({ lang });
  document.body.dataset.boot = 'core';
  try {
    core = await loadCoreWithRetry();
  } catch (e) {
    await strings.catch(() => {});
    fatal(root, `${t('notice.noCore')} (${String(e?.message ?? e)})`);
    return;
  }
  try {
    await strings;
  } catch (e) {
    fatal(root, `dlab: ${String(e?.message ?? e)}`);
    return;
  }
  document.body.dataset.boot = 'page';
  session.setCore(core);
  session.start();
  fields = core.schema();
  useSchema(fields);
  defaults = core.defaultConfig();
  ab.useFields(fields);
  page = createPage(root, { labs: LABS, fields: new Map(fields.map((f) => [f.path, f])), actions });

  readUrl(true);
  page.build();

  let built = { lab: store.state.ui.lab, lang: store.state.ui.lang, embed: store.state.ui.embed, lesson: store.state.ui.lesson, step: store.state.ui.step };
  store.subscribe((state, what) => {
    if (what === 'config') {
      // Undo offers that no longer apply (the config moved on) go.
      for (const n of state.notices.filter((x) => x.expires?.(state.config))) store.dismiss(n.key);
    }
    if (what === 'ui' || what === 'config') {
      const now = { lab: state.ui.lab, lang: state.ui.lang, embed: state.ui.embed, lesson: state.ui.lesson, step: state.ui.step };
      if (!deepEqual(now, built)) { built = now; page.build(); } else {
        if (what === 'config') page.refreshChartClasses();
        page.sync();
      }
      writeUrl();
      dirty = true;
    } else if (what === 'notices') {
      page.renderNotices();
    } else if (what === 'runtime') {
      dirty = true;
      // For tests and for anyone looking: is the core alive?
      const core = state.runtime.crashed ? 'crashed' : 'ok';
      if (document.body.dataset.core !== core) document.body.dataset.core = core;
    }
    autoSweep();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    // An address in the other language: its strings first (the notices speak it too).
    const lang = hashLang(location.hash) ?? uiDefaults.lang;
    if (langLoaded(lang)) readUrl(false);
    else loadLang(lang).catch((e) => console.warn(e)).then(() => { if (location.hash !== lastHash) readUrl(false); }); // eslint-disable-line no-console
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('error', (e) => {
    if (e.error) session.reportCrash(e.error);
  });
  installApi({ actions, store, presetIds: () => LABS[store.state.ui.lab].presets.map((p) => p.id) });
  installPresenter({ redraw: actions.redraw });
  installClips(actions); // a clip plays the lab while it records
  autoSweep();
  requestAnimationFrame(loop);
  // Ready once the worker built the first run and its first snapshot is drawn.
  await session.settled();
  document.body.dataset.core = store.state.runtime.crashed ? 'crashed' : 'ok';
  document.body.dataset.boot = 'ready';
  document.body.dataset.ready = 'true';
  // The page works offline once loaded (a lecture hall's network may drop), the language
  // switch, SVG export and clips included: the other language's strings and the modules
  // loaded on first use are fetched a while after the first paint, when the page is idle,
  // instead of with it. data-offline-ready says they are here.
  const other = store.state.ui.lang === 'ko' ? 'en' : 'ko';
  const warm = () => Promise.all([loadLang(other), import('./ui/svg.js'), import('./vendor/qrcode-generator.js'),
    import('./vendor/fix-webm-duration.js')]).then(() => { document.body.dataset.offlineReady = 'true'; }, () => {});
  setTimeout(() => (window.requestIdleCallback ?? setTimeout)(warm), WARM_AFTER_MS);
}

boot().catch((e) => {
  // Whatever went wrong while starting, say it on the page rather than leave it blank.
  fatal(document.getElementById('app'), `${t('notice.drawError', { msg: String(e?.message ?? e) })}`);
  throw e;
});
