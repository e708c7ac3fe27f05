// Two runs on one chart (A/B). "Pin as A" keeps a snapshot of the current config as run A;
// whatever the user changes afterwards is run B (the main run). Both are built from B's seed,
// restart together whenever B changes, and take the same optimizer steps in the same frame
// (session.js steps runtime.compareLab beside runtime.lab), so their curves compare fairly.
//
//   store.state.ui.ab       A's config (the core's normalised object), or null: not pinned
//   runtime.compareLab      the Lab training A (in the init lab, without a pin: the same
//                           network with the init of ui.compare, its older quick comparison)
//   runtime.compareMetrics  A's last metrics
//
// URL: `ab=model.activation:sigmoid;reg.l2:0` holds A as its differences from B
// (path:value pairs, `;` between them; `ab=same` when A equals B). A malformed value gives
// a notice naming it and no A, like the other URL keys.

import { store } from '../state/store.js';
import { has, optionLabel, t } from '../i18n/i18n.js';
import { clone, deepEqual, el, fmt, getPath, merge, setPath } from '../util.js';
import { formatValue, parseValue } from '../state/url.js';
import { COLORS, extent, pad } from '../charts/base.js';
import { historySeries, lossData, lossSummary } from '../labs/common.js';
// session.js hands itself over at load (bindSession) rather than being imported here:
// an import would make a cycle, which the single-file build (scripts/dist.mjs) refuses.
let session = null;
/** Called once by session.js with { getCore, rebuildCompare, reset }. */
export function bindSession(s) { session = s; }

let FIELDS = []; // the core's schema(): path, type, options, range

/** The schema the A/B diff and its URL value are read and written with. */
export function useFields(fields) { FIELDS = fields; }

/** Colours of the two runs on every A/B chart (read when drawn: the presenter theme may change them). */
export const colorA = () => COLORS.purple;
export const colorB = () => COLORS.blue;

/** Is a run A pinned? */
export const pinned = (state = store.state) => Boolean(state.ui.ab && state.config);

/** A's config as it runs: the pinned snapshot with B's seed. */
export function configA(state = store.state) {
  if (!pinned(state)) return null;
  return { ...clone(state.ui.ab), seed: state.config.seed };
}

/**
 * The config of the compared run (runtime.compareLab): the pinned A, or in the init lab
 * without a pin the current network with the init chosen in its "vs" select; else none.
 */
export function compareConfig(state = store.state) {
  if (!state.config) return null;
  if (pinned(state)) return configA(state);
  if (state.ui.lab === 'init') {
    const cfg = clone(state.config);
    cfg.model.init = state.ui.compare;
    return cfg;
  }
  return null;
}

/** A is pinned and still training (not diverged): B's divergence then does not stop playing. */
export function aAlive(state = store.state) {
  const m = state.runtime.compareMetrics;
  return pinned(state) && Boolean(state.runtime.compareLab) && Boolean(m) && !m.diverged;
}

// ---------------------------------------------------------------- the difference

/** The settings in which A differs from B, in schema order: [{path, a, b}] (the seed is shared). */
export function diff(a, b) {
  if (!a || !b) return [];
  const out = [];
  for (const f of FIELDS) {
    if (f.path === 'seed') continue;
    const va = getPath(a, f.path), vb = getPath(b, f.path);
    if (va === undefined || deepEqual(va, vb)) continue;
    out.push({ path: f.path, a: clone(va), b: clone(vb) });
  }
  return out;
}

// Settings whose value names itself ("ReLU", "Adam"); the others get a short name ("L2 0.01").
const VALUE_ONLY = new Set(['model.activation', 'model.init', 'optim.kind', 'model.kind', 'data.kind']);

function hiddenText(h) {
  if (!h.length) return t('ab.linear');
  return h.every((w) => w === h[0]) ? `${h.length}×${h[0]}` : h.join('-');
}

function valueText(path, v) {
  if (v === null) return t('ui.auto');
  if (path === 'model.hidden') return hiddenText(v);
  if (Array.isArray(v)) return v.map((x) => optionLabel(path, x)).join(' ') || '∅';
  if (typeof v === 'boolean') return v ? t('ui.on') : t('ui.off');
  if (typeof v === 'number') return fmt(v, 3);
  return optionLabel(path, v);
}

function shortName(path) {
  return has(`ab.name.${path}`) ? t(`ab.name.${path}`) : t(`param.${path}`);
}

function partText(path, v) {
  const val = valueText(path, v);
  return VALUE_ONLY.has(path) ? val : `${shortName(path)} ${val}`;
}

/**
 * What names the two runs on the charts, from their difference:
 * {a: 'A: sigmoid σ', b: 'B: ReLU', both: 'A: sigmoid σ · B: ReLU', same: bool}.
 */
export function runLabels(a, b) {
  const d = diff(a, b);
  if (!d.length) return { a: 'A', b: 'B', both: t('ab.same'), same: true, diff: d };
  const shown = d.slice(0, 3);
  const more = d.length > 3 ? `, ${t('ab.more', { n: d.length - 3 })}` : '';
  const side = (k) => shown.map((x) => partText(x.path, x[k])).join(', ') + more;
  const la = `A: ${side('a')}`, lb = `B: ${side('b')}`;
  return { a: la, b: lb, both: `${la} · ${lb}`, same: false, diff: d };
}

// ---------------------------------------------------------------- the URL value

const ENCODE = (s) => encodeURIComponent(s).replace(/%2C/g, ',').replace(/%5E/g, '^').replace(/%3A/g, ':');

/** The URL value for A: its differences from B as path:value pairs, or 'same'. */
export function abValue(a, b) {
  const d = diff(a, b);
  if (!d.length) return 'same';
  const byPath = new Map(FIELDS.map((f) => [f.path, f]));
  return d.map((x) => `${x.path}:${formatValue(x.a, byPath.get(x.path))}`).join(';');
}

/** `&ab=…` for the page's hash, or '' with no A. */
export function hashPart(state = store.state) {
  if (!pinned(state)) return '';
  return `&ab=${ENCODE(abValue(configA(state), state.config)).replace(/%3B/g, ';')}`;
}

/**
 * Reads an `ab` value over B's config → {config} (A's config, validated by the core, B's
 * seed) or {error} (words for a notice). Never throws.
 */
export function parseAb(raw, config) {
  const text = String(raw ?? '').trim();
  const a = clone(config);
  if (text === '' || text === 'same') return validate(a);
  const byPath = new Map(FIELDS.map((f) => [f.path, f]));
  for (const pair of text.split(';')) {
    if (!pair.trim()) continue;
    const i = pair.indexOf(':');
    if (i <= 0) return { error: t('notice.ab.pair', { pair }) };
    const path = pair.slice(0, i).trim(), value = pair.slice(i + 1);
    if (path === 'seed') return { error: t('notice.ab.seed') };
    const f = byPath.get(path);
    if (!f) return { error: t('notice.ab.key', { key: path }) };
    const r = parseValue(value, f);
    if (r.error) return { error: t('notice.ab.value', { key: path, value }) };
    setPath(a, path, r.value);
  }
  return validate(a);
}

function validate(a) {
  try {
    return { config: session.getCore().validateConfig(a) };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

/** The `ab` URL key (raw, or undefined when absent) → A's config or null, with a notice when malformed. */
export function readUrlAb(raw, config) {
  if (raw === undefined || raw === null) return null;
  const r = parseAb(raw, config);
  if (r.error) {
    store.notice('url', t('notice.ab', { value: raw, why: r.error }), 'url:ab');
    return null;
  }
  return r.config;
}

// ---------------------------------------------------------------- actions

/**
 * Pins A = the current config (with `patch` merged in, e.g. another init), then builds A and
 * restarts B beside it from the same seed. Throws with the core's message on a bad patch.
 */
export function pin(patch) {
  const { config, ui } = store.state;
  if (!config) return null;
  const a = session.getCore().validateConfig(merge(config, patch ?? {}));
  a.seed = config.seed;
  const uiPatch = { ab: a };
  // The init lab's "vs" select shows A's init.
  if (ui.lab === 'init') uiPatch.compare = a.model.init;
  store.setUi(uiPatch);
  restartBoth();
  return info();
}

/** Ends the comparison: A is dropped (the init lab goes back to its "vs init" run). */
export function unpin() {
  if (!store.state.ui.ab) return info();
  store.setUi({ ab: null });
  session.rebuildCompare();
  // The init lab's comparison run starts again with B, so the two stay in step.
  // (Whether there is one is the config's to say: the worker has not answered the rebuild yet.)
  if (compareConfig(store.state)) session.reset();
  return info();
}

/**
 * `dlab.set('ab', value)`: true pins the current config, false/null/'' clears A, a string
 * is the URL's value (path:value;…) read over the current config, an object a config patch.
 */
export function setAb(value) {
  if (value === false || value === null || value === undefined || value === '' || value === 0 || value === 'off') return { ok: true, value: unpin() };
  if (value === true || value === 1 || value === 'on') return { ok: true, value: pin() };
  if (typeof value === 'string') {
    const r = parseAb(value, store.state.config);
    if (r.error) return { ok: false, error: `ab: ${r.error}` };
    store.setUi({ ab: r.config, ...(store.state.ui.lab === 'init' ? { compare: r.config.model.init } : {}) });
    restartBoth();
    return { ok: true, value: info() };
  }
  if (typeof value === 'object') {
    try { return { ok: true, value: pin(value) }; } catch (e) { return { ok: false, error: `ab: ${String(e?.message ?? e)}` }; }
  }
  return { ok: false, error: `ab: expected true, false, "path:value;…" or a config patch, got ${JSON.stringify(value)}` };
}

function restartBoth() {
  session.rebuildCompare();
  session.reset();
}

/** What `dlab.ab()` answers: both runs, their configs and metrics, and what differs. */
export function info(state = store.state) {
  const { config, runtime } = state;
  const a = compareConfig(state);
  const labels = pinned(state) ? runLabels(a, config) : null;
  return clone({
    pinned: pinned(state),
    url: pinned(state) ? abValue(a, config) : null,
    diff: a ? diff(a, config) : [],
    labels: labels ? { a: labels.a, b: labels.b } : null,
    a: a && runtime.compareLab ? { config: a, metrics: runtime.compareMetrics ?? null } : null,
    b: config ? { config, metrics: runtime.metrics ?? null } : null,
  });
}

// ---------------------------------------------------------------- drawing

/** What the labs' draw() needs for A/B, or null when no A is pinned (or A did not build). */
export function abView(state = store.state) {
  if (!pinned(state) || !state.runtime.compareLab) return null;
  const a = configA(state);
  const labels = runLabels(a, state.config);
  const ma = state.runtime.compareMetrics, mb = state.runtime.metrics;
  const mark = (label, m) => (m?.diverged ? `${label} (${t('ab.diverged')})` : label);
  return {
    lab: state.runtime.compareLab, config: a, metrics: ma, labels,
    nameA: mark(labels.a, ma), nameB: mark(labels.b, mb),
    colorA: colorA(), colorB: colorB(),
  };
}

function lastOf(s, k) {
  const y = s[k];
  return s.n ? y[s.n - 1] : NaN;
}

/** One run's sentence for a chart summary. */
export function runSentence(name, m, hist, cfg) {
  if (m?.diverged) return t('ab.status.diverged', { run: name, step: m.step });
  const s = historySeries(hist, cfg);
  return t('sum.ab.run', { run: name, epoch: s.n ? fmt(s.x[s.n - 1], 4) : 0, train: fmt(lastOf(s, 'train'), 3), test: fmt(lastOf(s, 'test'), 3) });
}

/**
 * Draws a lab's loss card from the run's history: both runs when A is pinned (abLoss),
 * else the one run. Shared by the gradient and overfitting labs.
 */
export function drawLoss(v, chart, history, state, ab) {
  const { config, ui } = state;
  if (ab) {
    const r = abLoss(ab, history, state, { logY: ui.logY });
    chart.draw(r.data);
    v.describe('loss', r.summary);
    v.readout('loss', r.readout);
  } else {
    chart.draw(lossData(history, config, { logY: ui.logY }));
    v.describe('loss', lossSummary(history, config));
    v.readout('loss', '');
  }
}

/**
 * The loss chart with both runs: colour = run (A purple, B blue), solid = train, dashed =
 * test; the legend names what differs. Returns {data, summary, readout}.
 */
export function abLoss(ab, bHistory, state, { logY }) {
  const { config } = state;
  const aHistory = ab.lab.history();
  const sb = historySeries(bHistory, config), sa = historySeries(aHistory, ab.config);
  const series = [
    { label: '', key: 'A_train', color: ab.colorA, x: sa.x, y: sa.train },
    { label: '', key: 'A_test', color: ab.colorA, x: sa.x, y: sa.test, dash: [5, 4], width: 1.5 },
    { label: '', key: 'train', color: ab.colorB, x: sb.x, y: sb.train },
    { label: '', key: 'test', color: ab.colorB, x: sb.x, y: sb.test, dash: [5, 4], width: 1.5 },
  ];
  const legendItems = [
    { label: ab.nameA, color: ab.colorA, box: true },
    { label: ab.nameB, color: ab.colorB, box: true },
    { label: t('series.train'), color: COLORS.grey },
    { label: t('series.test'), color: COLORS.grey, dash: [5, 4] },
  ];
  const data = { series, legendItems, logY, xLabel: t('axis.epoch'), yLabel: t('axis.loss'), xKey: 'epoch', empty: t('chart.loss.empty') };
  // One run diverged: the axis follows the other, so a loss of 1e120 does not flatten it;
  // the diverging curve leaves the frame at the top.
  const aDiv = Boolean(ab.metrics?.diverged), bDiv = Boolean(state.runtime.metrics?.diverged);
  if (aDiv !== bDiv) {
    const alive = aDiv ? sb : sa, dead = aDiv ? sa : sb;
    const r = extent([alive.train, alive.test], logY), rd = extent([dead.train, dead.test], logY);
    if (r) {
      const lo = rd ? Math.max(Math.min(r[0], rd[0]), logY ? r[0] / 10 : r[0] - (r[1] - r[0])) : r[0];
      const hi = rd ? Math.min(Math.max(r[1], rd[1]), logY ? r[1] * 10 : r[1] + (r[1] - r[0]) + 1e-9) : r[1];
      data.yDomain = pad([lo, hi], logY);
    }
  }
  const summary = t('sum.ab', {
    seed: config.seed,
    a: runSentence(ab.labels.a, ab.metrics, aHistory, ab.config),
    b: runSentence(ab.labels.b, state.runtime.metrics, bHistory, config),
  });
  const diverged = [ab.metrics?.diverged ? 'A' : null, state.runtime.metrics?.diverged ? 'B' : null].filter(Boolean);
  const readout = diverged.length ? t('readout.ab.diverged', { run: diverged.join(', ') }) : t('readout.ab', { seed: config.seed });
  return { data, summary, readout };
}

/**
 * A's per-layer values beside B's: aligned at the input side, the output layer last (a
 * shallower A leaves gaps in the middle). Returns an array as long as B's.
 */
export function alignLayers(aValues, nB) {
  const nA = aValues.length;
  if (nA === nB) return [...aValues];
  const out = new Array(nB).fill(NaN);
  for (let i = 0; i < Math.min(nA - 1, nB - 1); i++) out[i] = aValues[i];
  if (nA && nB) out[nB - 1] = aValues[nA - 1];
  return out;
}

// ---------------------------------------------------------------- the sidebar panel

/** "Compare two runs (A/B)": pin, clear, what differs and how A is doing. Returns {node, sync, tick}. */
export function comparePanel(actions) {
  const pinBtn = el('button', { class: 'btn', 'data-action': 'pin-a', title: t('ab.pin.hint'), onclick: () => actions.pin() }, t('ab.pin'));
  const clearBtn = el('button', { class: 'btn', 'data-action': 'clear-a', title: t('ab.clear.hint'), 'aria-label': `${t('ab.clear')}: ${t('ab.clear.aria')}`, onclick: () => actions.unpin() }, t('ab.clear'));
  const what = el('p', { class: 'ab-what', 'data-readout': 'ab' });
  const status = el('p', { class: 'status ab-status', 'data-readout': 'ab-status', 'aria-live': 'off' });
  const node = el('fieldset', { class: 'group ab-panel', 'data-ab': 'off' },
    el('legend', { text: t('ab.title') }),
    el('div', { class: 'row wrap' }, pinBtn, clearBtn),
    what, status);
  let lastWhat = null;
  return {
    node,
    sync() {
      const on = pinned();
      node.dataset.ab = on ? 'on' : 'off';
      clearBtn.hidden = !on;
      // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
      const label = on ? t('ab.repin') : t('ab.pin');
      if (pinBtn.textContent !== label) pinBtn.textContent = label;
      pinBtn.setAttribute('aria-label', `${label}: ${t('ab.pin.aria')}`);
      const text = on ? runLabels(configA(), store.state.config).both : t('ab.off');
      if (text !== lastWhat) { what.textContent = text; lastWhat = text; }
      what.classList.toggle('hint', !on);
    },
    tick() {
      const { runtime: rt } = store.state;
      let text = '';
      if (pinned() && rt.compareMetrics) {
        const line = (run, m) => (m.diverged ? t('ab.status.diverged', { run, step: m.step })
          : t('ab.status', { run, step: m.step, train: fmt(m.train_loss, 3), test: fmt(m.test_loss, 3) }));
        text = `${line('A', rt.compareMetrics)}\n${rt.metrics ? line('B', rt.metrics) : ''}`;
      }
      if (status.textContent !== text) status.textContent = text;
    },
  };
}
