// The network diagram as the gradient and init labs draw it: weights or their gradients on
// the edges, every unit's map in its node (the core's Lab.unitMaps, refreshed within a cost
// budget: unitmaps.js UnitsFeed), + / − that change model.hidden through the page's one
// setter (so the URL and the sliders follow), and the edge editor's Lab.setWeight.

import { UnitsFeed } from '../charts/unitmaps.js';
import { schemaField } from '../state/facts.js';
import { setWeight } from '../bridge/session.js';
import { t } from '../i18n/i18n.js';
import { inputLabels, listText } from './common.js';

const feeds = new WeakMap(); // chart → its UnitsFeed

/** The width and depth limits of model.hidden, from the schema (depth at least 1, as the depth slider). */
function hiddenLimits() {
  const f = schemaField('model.hidden') ?? {};
  return { minWidth: f.min ?? 1, maxWidth: f.max ?? 256, minDepth: Math.max(1, f.min_len ?? 1), maxDepth: f.max_len ?? 32 };
}

export function drawNetwork(v, chart, { sizes }) {
  const { lab, state } = v;
  const { config, ui, runtime } = state;
  const L = sizes.length - 1;
  const grads = ui.edgeView === 'grads';
  const mats = [];
  for (let l = 0; l < L; l++) mats.push(grads ? lab.weightGrads(l) : lab.weights(l));
  if (!feeds.has(chart)) feeds.set(chart, new UnitsFeed());
  const feed = feeds.get(chart);
  const units = runtime.metrics?.diverged ? null : feed.get(lab, runtime.metrics, ui.playing);
  chart.canvas.dataset.unitsMs = feed.ms.toFixed(2);
  const t0 = performance.now();
  chart.draw({
    sizes, mats, mode: ui.edgeView,
    norms: Array.from(grads ? lab.gradRms() : lab.weightNorms()),
    inputLabels: inputLabels(config, sizes[0]),
    units,
    hidden: config.model.kind === 'mlp' ? config.model.hidden : null,
    limits: hiddenLimits(),
    labels: {
      input: t('layer.in'), output: t('layer.out'),
      saturated: t('net.saturated'), silent: t('net.silent'),
      addUnit: t('net.addUnit'), removeUnit: t('net.removeUnit'), addLayer: t('net.addLayer'), removeLayer: t('net.removeLayer'),
      weight: t('net.weight'), gradient: t('net.gradient'), set: t('net.set'), newWeight: t('net.newWeight'), close: t('net.close'),
    },
    edgeValues: (l, i, j) => {
      const nOut = sizes[l + 1];
      return { weight: lab.weights(l)[i * nOut + j], gradient: lab.weightGrads(l)[i * nOut + j] };
    },
    onHidden: config.model.kind === 'mlp' && v.actions ? (hidden) => v.actions.set('model.hidden', hidden) : null,
    onWeight: v.actions ? (l, i, j, value) => setWeight(l, i, j, value).then(() => v.actions.redraw(), (e) => console.warn(`setWeight: ${e?.message ?? e}`)) : null,
  });
  chart.canvas.dataset.drawMs = (performance.now() - t0).toFixed(2); // the whole diagram, thumbnails included
}

/** The diagram's readout (what the edges show, and whether only the strongest) and its text summary. */
export function describeNetwork(v, chart, { sizes, metrics }) {
  const { ui } = v.state;
  const edges = ui.edgeView === 'grads' ? t('readout.edges.grads') : t('readout.edges.weights');
  v.readout('network', chart.pruned ? `${edges} · ${t('net.pruned')}` : edges);
  v.describe('network', t('sum.network', {
    layers: sizes.length - 1, units: sizes.reduce((a, b) => a + b, 0), what: t(ui.edgeView === 'grads' ? 'sum.what.grads' : 'sum.what.weights'),
    values: listText(metrics.layers.map((l) => (ui.edgeView === 'grads' ? l.grad_rms : l.weight_norm))),
  }));
}
