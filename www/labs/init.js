// Lab: weight initialization (가중치 초기화). Zero init never breaks the symmetry between
// units; too small shrinks the signal layer by layer, too large saturates it; Xavier
// (Glorot & Bengio 2010) keeps sigmoid/tanh layers level, He (He et al. 2015) ReLU ones;
// RBM pre-training (Hinton & Salakhutdinov 2006) starts from learned weights.
// A second run with another init and the same seed is drawn beside the first.

import DATA from '../state/presets.js';
import { COLORS } from '../charts/base.js';
import { StackedHistChart } from '../charts/stacked.js';
import { LineChart } from '../charts/line.js';
import { SymmetryChart } from '../charts/symmetry.js';
import { BarChart } from '../charts/bars.js';
import { ReconChart, UNIT_ROWS } from '../charts/recon.js';
import { NetworkChart } from '../charts/network.js';
import { describeNetwork, drawNetwork } from './network-view.js';
import { optionLabel, t } from '../i18n/i18n.js';
import { fmt } from '../util.js';
import { LEAKY_SLOPE_CONTROL, LR_CONTROL, NARROW_WIDTH_CONTROL, TWO_D, featureLabel, gradQuantity, hiddenLabels, historySeries, layerColor, listText, selectedLayer, weightLayerLabels } from './common.js';
import { abView, alignLayers } from '../bridge/compare.js';


/** Training points the x-against-x̂ view draws. */
const RECON_POINTS = 200;

export default {
  id: 'init',
  base: DATA.labs.init.base,

  controls: [
    {
      title: 'group.init',
      items: [
        { type: 'select', path: 'model.init' },
        { type: 'select', path: 'model.activation' },
        LEAKY_SLOPE_CONTROL,
        { type: 'hidden', part: 'depth' },
        NARROW_WIDTH_CONTROL,
        { type: 'range', path: 'model.rbm_epochs', max: 50, when: (c) => c.model.init === 'rbm' },
        { type: 'toggle', path: 'model.batch_norm' },
      ],
    },
    {
      title: 'group.training',
      items: [
        LR_CONTROL,
        { type: 'select', path: 'optim.kind', options: ['sgd', 'momentum', 'adam'] },
        { type: 'select', path: 'data.kind', options: TWO_D },
        // null (auto): cross-entropy on the ±1 sets, the core's default.
        { type: 'select', path: 'model.loss' },
      ],
    },
  ],
  embedControls: [
    { type: 'select', path: 'model.init' },
    { type: 'select', path: 'model.activation' },
    { type: 'hidden', part: 'depth' },
  ],

  presets: DATA.labs.init.presets,

  layout: 'init',
  // The chart that carries the lab's point: the largest card (data-hero). A lesson step may name another (presets.js "hero").
  hero: 'actstd',
  charts: [
    { name: 'acthist', area: 'ahist', title: 'chart.acthist' },
    { name: 'actstd', area: 'std', title: 'chart.actstd' },
    { name: 'symmetry', area: 'sym', title: 'chart.symmetry', tools: ['layer'] },
    { name: 'initgrads', area: 'grad', title: 'chart.initgrads', tools: ['gradView'] },
    { name: 'rbm', area: 'rbm', title: 'chart.rbm' },
    { name: 'recon', area: 'recon', title: 'chart.recon' },
    // Every unit's map: identical copies under zero init, structure kept or faded in deep layers.
    { name: 'network', area: 'net', title: 'chart.network', tools: ['edgeView'] },
    // Last: a wide card, room for its run picker, legend and curves.
    { name: 'compare', area: 'cmp', title: 'chart.compare', tools: ['compare', 'logY'] },
  ],
  classes: { acthist: StackedHistChart, actstd: LineChart, symmetry: SymmetryChart, compare: LineChart, initgrads: BarChart, rbm: LineChart, recon: ReconChart, network: NetworkChart },

  draw(v) {
    const { lab, state, charts } = v;
    const { config, ui, runtime } = state;
    const m = runtime.metrics;
    const cm = runtime.compareMetrics;
    const cmpLab = runtime.compareLab;
    const sizes = Array.from(lab.layerSizes());
    const L = sizes.length - 1;
    const nHidden = L - 1;
    // A pinned run A (compare.js) is the compared run, named by what differs; without a pin
    // the two inits name the runs. (Here "A" is this run and "B" the compared one.)
    const ab = abView(state);
    const nameA = ab ? ab.nameB : optionLabel('model.init', config.model.init);
    const nameB = ab ? ab.nameA : optionLabel('model.init', ui.compare);
    const colB = ab ? ab.colorA : COLORS.vermillion;
    const cmpConfig = ab ? ab.config : config;
    // Column names of the CSV export (www/export.js): the inits' config values.
    const keyA = ab ? 'B' : config.model.init, keyB = ab ? 'A' : ui.compare === keyA ? `${keyA}_2` : ui.compare;

    // Activations of every hidden layer, stacked: input side on top.
    if (v.heavy) {
      const hists = [];
      for (let l = 0; l < nHidden; l++) hists.push(lab.histogram(l, 'act'));
      charts.acthist.draw({
        hists, labels: hiddenLabels(nHidden),
        notes: m.layers.slice(0, nHidden).map((l) => `σ ${fmt(l.act_std, 2)}`),
        xLabel: t('axis.activation'), empty: t('chart.nohidden'),
      });
      v.describe('acthist', t('sum.values', { what: t('axis.actStd'), values: listText(m.layers.slice(0, nHidden).map((l) => l.act_std)) }));
    }

    // Activation std per layer, both inits: level, shrinking or saturating with depth.
    const layersX = Float64Array.from({ length: nHidden }, (_, i) => i + 1);
    const stdSeries = [{ label: nameA, key: keyA, color: COLORS.blue, x: layersX, y: Float64Array.from(m.layers.slice(0, nHidden), (l) => l.act_std), points: true }];
    if (cm) stdSeries.push({ label: nameB, key: keyB, color: colB, x: layersX.slice(0, cm.layers.length - 1), y: Float64Array.from(cm.layers.slice(0, Math.min(nHidden, cm.layers.length - 1)), (l) => l.act_std), points: true, dash: [5, 4] });
    // A log axis cannot show 0: say it in words (zero init's activations are all 0).
    const zeroRuns = stdSeries.filter((s) => s.y.length && s.y.every((v) => v === 0)).map((s) => s.label);
    charts.actstd.draw({
      series: stdSeries, logY: true, xInteger: true, xKey: 'layer', xLabel: t('axis.hiddenLayerIdx'), yLabel: t('axis.actStd'), empty: t('chart.actstd.empty'),
      note: zeroRuns.length ? t('chart.actstd.zero', { name: zeroRuns.join(', ') }) : '',
      yDomain: zeroRuns.length === stdSeries.length ? [0.01, 1] : undefined,
    });

    v.describe('actstd', `${nameA}: ${listText(stdSeries[0].y)}.${cm ? ` ${nameB}: ${listText(stdSeries[1].y)}.` : ''}`);

    // The incoming weights of each unit of the chosen layer: identical under zero init.
    const layer = selectedLayer(ui, Math.max(1, nHidden));
    if (v.heavy) {
      const w = lab.weights(layer);
      charts.symmetry.draw({
        weights: w, nIn: sizes[layer], nOut: sizes[layer + 1],
        labels: { unit: 'u', identical: t('chart.symmetry.identical'), different: t('chart.symmetry.different') },
      });
      let max = 0;
      for (const x of w) max = Math.max(max, Math.abs(x));
      const identical = charts.symmetry.identical;
      v.describe('symmetry', t('sum.symmetry', {
        units: sizes[layer + 1], layer: `h${layer + 1}`, max: fmt(max, 2),
        verdict: t(identical ? 'chart.symmetry.identical' : 'chart.symmetry.different'),
      }));
    }
    v.readout('symmetry', t('readout.layerIn', { layer: layer === L - 1 ? t('layer.out') : `h${layer + 1}` }));

    // Both runs on one loss chart, same data and seed.
    if (!v.heavy) return; // the rest redraws the histories, which grow a row per step() call
    const series = [];
    const addRun = (hist, name, key, color, cfg = config) => {
      const { x, train: tr, test: te } = historySeries(hist, cfg);
      series.push({ label: name, key: `${key}_train`, color, x, y: tr });
      series.push({ label: '', key: `${key}_test`, color, x, y: te, dash: [5, 4], width: 1.5 });
    };
    addRun(lab.history(), nameA, keyA, COLORS.blue);
    if (cmpLab) addRun(cmpLab.history(), nameB, keyB, colB, cmpConfig);
    const legendItems = [
      { label: nameA, color: COLORS.blue, box: true },
      ...(cmpLab ? [{ label: nameB, color: colB, box: true }] : []),
      { label: t('series.train'), color: COLORS.grey },
      { label: t('series.test'), color: COLORS.grey, dash: [5, 4] },
    ];
    charts.compare.draw({ series, legendItems, logY: ui.logY, xKey: 'epoch', xLabel: t('axis.epoch'), yLabel: t('axis.loss'), empty: t('chart.loss.empty') });
    v.readout('compare', t('readout.sameSeed', { seed: config.seed }));
    const lastTrain = (i) => { const y = series[i]?.y; return y && y.length ? fmt(y[y.length - 1], 3) : '–'; };
    v.describe('compare', t('sum.compare', { epoch: m.epoch, a: nameA, la: lastTrain(0), b: nameB, lb: lastTrain(2), seed: config.seed }));

    // The gradient per weight layer, both inits: by default the back-propagated ‖∂L/∂z‖
    // (delta_rms), else the per-weight ‖∂L/∂W‖ (grad_rms), as in the gradient lab (ui.gradView).
    const q = gradQuantity(ui);
    const groups = [{ label: nameA, key: keyA, color: COLORS.blue, values: m.layers.map((l) => l[q.field]) }];
    if (cm) groups.push({ label: nameB, key: keyB, color: colB, values: alignLayers(cm.layers.map((l) => l[q.field]), L) });
    v.describe('initgrads', `${q.label}. ${groups.map((gr) => `${gr.label}: ${listText(gr.values)}.`).join(' ')}`);
    charts.initgrads.draw({ labels: weightLayerLabels(L), groups, xKey: 'layer', scale: 'log', yLabel: q.label, yLabelShort: q.short, xLabel: t('axis.weightLayer'), legend: true, empty: t('chart.gradbars.empty') });

    // RBM pre-training: reconstruction error per layer over its epochs.
    const rows = lab.rbmErrors();
    if (rows.length) {
      const byLayer = new Map();
      for (let i = 0; i + 2 < rows.length; i += 3) {
        const l = rows[i];
        if (!byLayer.has(l)) byLayer.set(l, { x: [], y: [] });
        byLayer.get(l).x.push(rows[i + 1]);
        byLayer.get(l).y.push(rows[i + 2]);
      }
      const n = byLayer.size;
      v.describe('rbm', t('sum.rbm', { values: listText([...byLayer.values()].map((b) => b.y[b.y.length - 1])) }));
      charts.rbm.draw({
        series: [...byLayer.entries()].map(([l, s], i) => ({ label: `h${l + 1}`, color: layerColor(i, n), x: s.x, y: s.y })),
        logY: true, xInteger: true, xLabel: t('axis.rbmEpoch'), yLabel: t('axis.recon'), xKey: 'epoch', yKey: 'reconstruction_error',
      });
    } else {
      charts.rbm.draw({ series: [], empty: t('chart.rbm.empty') });
      v.describe('rbm', t('sum.rbmNone', { n: nHidden }));
    }

    // x against its reconstruction x̂: the first RBM's 2-D points, then a few points' units
    // in the layers above, each RBM as of its last finished CD epoch (live while pre-training runs).
    const first = lab.rbmReconstruction?.(0, RECON_POINTS);
    if (first) {
      const deeper = [];
      for (let l = 1; l < nHidden; l++) {
        const r = lab.rbmReconstruction(l, UNIT_ROWS);
        if (r) deeper.push(r);
      }
      const names = config.data.features.map(featureLabel);
      const epochsText = [first, ...deeper].map((r) => `h${r.layer + 1} ${r.epochs}`).join(', ');
      charts.recon.draw({
        first, deeper,
        labels: {
          x: t('series.x'), xhat: t('series.xhat'), axisX: names[0] ?? 'x₁', axisY: names[1] ?? 'x₂',
          v: t('chart.recon.v'), vhat: t('chart.recon.vhat'), layer: (l) => `h${l + 1}`,
        },
      });
      v.readout('recon', t('readout.recon', { epochs: first.epochs, distance: fmt(first.distance, 2) }));
      v.describe('recon', t('sum.recon', { n: first.rows, distance: fmt(first.distance, 3), epochs: epochsText }));
    } else {
      charts.recon.draw({ first: null, empty: t('chart.recon.empty') });
      v.readout('recon', '');
      v.describe('recon', t('sum.rbmNone', { n: nHidden }));
    }

    if (v.heavy) drawNetwork(v, charts.network, { sizes });
    describeNetwork(v, charts.network, { sizes, metrics: m });
  },
};
