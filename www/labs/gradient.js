// Lab: the vanishing gradient (기울기 소실). A deep sigmoid network: the per-layer
// gradient norms fall by orders of magnitude toward the input, because every layer
// multiplies the backpropagated signal by σ'(z) ≤ 1/4. tanh, ReLU and Leaky ReLU (and a
// fitting init) keep it level.

import DATA from '../state/presets.js';
import { canDie, saturates, suitedInit } from '../state/facts.js';
import { COLORS } from '../charts/base.js';
import { NetworkChart } from '../charts/network.js';
import { BarChart } from '../charts/bars.js';
import { LineChart } from '../charts/line.js';
import { ActivationChart } from '../charts/activation.js';
import { HeatmapChart } from '../charts/heatmap.js';
import { MeanSpreadChart } from '../charts/meanspread.js';
import { optionLabel, t } from '../i18n/i18n.js';
import { fmt } from '../util.js';
import { LEAKY_SLOPE_CONTROL, LR_CONTROL, NARROW_WIDTH_CONTROL, TWO_D, gradQuantity, gridRes, hiddenLabels, layerColor, listText, selectedLayer, weightLayerLabels } from './common.js';
import { abView, alignLayers, drawLoss } from '../bridge/compare.js';
import { describeNetwork, drawNetwork } from './network-view.js';


export default {
  id: 'gradient',
  // The lab's starting point, over the core's defaults: five sigmoid layers on the circle.
  base: DATA.labs.gradient.base,

  controls: [
    {
      title: 'group.network',
      items: [
        { type: 'hidden', part: 'depth' },
        NARROW_WIDTH_CONTROL,
        { type: 'select', path: 'model.activation' },
        LEAKY_SLOPE_CONTROL,
        { type: 'select', path: 'model.init' },
        { type: 'toggle', path: 'model.batch_norm' },
      ],
    },
    {
      title: 'group.training',
      items: [
        LR_CONTROL,
        { type: 'select', path: 'optim.kind', options: ['sgd', 'momentum', 'adam'] },
        { type: 'range', path: 'optim.batch_size', max: 100 },
        // null (auto): cross-entropy on the ±1 sets, the core's default.
        { type: 'select', path: 'model.loss' },
      ],
    },
    {
      title: 'group.data',
      items: [
        { type: 'select', path: 'data.kind', options: TWO_D },
        { type: 'range', path: 'data.noise', max: 1 },
      ],
    },
  ],
  // What an embedded (slide) view keeps.
  embedControls: [
    { type: 'hidden', part: 'depth' },
    { type: 'select', path: 'model.activation' },
    { type: 'select', path: 'model.init' },
  ],

  presets: DATA.labs.gradient.presets,

  layout: 'gradient',
  // The chart that carries the lab's point: the largest card (data-hero). A lesson step may name another (presets.js "hero").
  hero: 'gradbars',
  charts: [
    { name: 'network', area: 'net', title: 'chart.network', tools: ['edgeView'] },
    { name: 'gradbars', area: 'bars', title: 'chart.gradbars', tools: ['gradView'] },
    { name: 'activation', area: 'act', title: 'chart.activation', tools: ['layer'] },
    { name: 'saturation', area: 'sat', title: 'chart.saturation' },
    { name: 'heatmap', area: 'heat', title: 'chart.heatmap' },
    { name: 'gradhistory', area: 'hist', title: 'chart.gradhistory', tools: ['gradView'] },
    { name: 'loss', area: 'loss', title: 'chart.loss', tools: ['logY'] },
    { name: 'actmean', area: 'mean', title: 'chart.actmean' },
  ],
  classes: {
    network: NetworkChart, gradbars: BarChart, activation: ActivationChart, saturation: BarChart,
    heatmap: HeatmapChart, gradhistory: LineChart, loss: LineChart, actmean: MeanSpreadChart,
  },

  draw(v) {
    const { lab, state, charts, core } = v;
    const { config, ui, runtime } = state;
    const m = runtime.metrics;
    const sizes = Array.from(lab.layerSizes());
    const L = sizes.length - 1;
    const nHidden = L - 1;
    const wLabels = weightLayerLabels(L);

    // Network diagram: weights or their gradients, one scale for all edges. Under each weight
    // layer its ‖W‖ or, in gradient view, the RMS of its entries ∂L/∂w (grad_rms): the same
    // per-entry size the edges show, comparable across layers of different shapes.
    // Each node shows its unit's map over the plane (network-view.js).
    if (v.heavy) drawNetwork(v, charts.network, { sizes });
    describeNetwork(v, charts.network, { sizes, metrics: m });

    // The gradient per weight layer, log scale: the staircase down toward the input. By default
    // the back-propagated gradient ‖∂L/∂z‖ (delta_rms, Glorot & Bengio's), else the per-weight
    // gradient ‖∂L/∂W‖ (grad_rms); both RMS, so layers of different shapes compare (ui.gradView).
    const q = gradQuantity(ui);
    const g = m.layers.map((l) => l[q.field]);
    // A pinned run A (compare.js): its bars beside B's, input side aligned.
    const ab = abView(state);
    const gA = ab?.metrics ? alignLayers(ab.metrics.layers.map((l) => l[q.field]), L) : null;
    charts.gradbars.draw({
      labels: wLabels,
      groups: gA ? [{ label: ab.nameA, key: `A_${q.field}`, color: ab.colorA, values: gA }, { label: ab.nameB, key: q.field, color: ab.colorB, values: g }]
        : [{ label: q.symbol, key: q.field, color: COLORS.blue, values: g }],
      scale: 'log', yLabel: q.label, yLabelShort: q.short, xLabel: t('axis.weightLayer'), xKey: 'layer',
      empty: m.diverged ? t('chart.diverged') : t('chart.gradbars.empty'),
    });
    const first = g[0], last = g[L - 1];
    const ratioText = (v0, v1) => (Number.isFinite(v0) && v1 > 0 ? fmt(v0 / v1, 2) : '–');
    const aLayers = ab?.metrics?.layers ?? [];
    v.readout('gradbars', gA ? t('readout.ab.ratio', { a: ratioText(aLayers[0]?.[q.field], aLayers.at(-1)?.[q.field]), b: ratioText(first, last) })
      : Number.isFinite(first) && last > 0 && L > 1 ? t('readout.ratio', { ratio: fmt(first / last, 2) }) : '');
    v.describe('gradbars', `${gA ? `${ab.nameB}. ` : ''}${t('sum.values', { what: q.label, values: listText(g) })} ${Number.isFinite(first) && last > 0 ? t('sum.ratio', { ratio: fmt(first / last, 2) }) : ''}${gA ? ` ${t('sum.ab.values', { run: ab.nameA, values: listText(aLayers.map((l) => l[q.field])) })}` : ''}`);

    // Their history: one line per layer over the steps.
    const hist = runtime.grads;
    const rows = hist[q.history] ?? [];
    const nSeries = rows.length ? rows[0].length : 0;
    const series = [];
    const xs = Float64Array.from(hist.steps);
    for (let l = 0; l < nSeries; l++) {
      series.push({
        label: l === 0 || l === nSeries - 1 ? wLabels[l] : '', key: l === nSeries - 1 ? 'out' : `W${l + 1}`,
        color: layerColor(l, nSeries),
        x: xs, y: Float64Array.from(rows, (row) => row[l]), width: l === 0 || l === nSeries - 1 ? 2.2 : 1.3,
      });
    }
    charts.gradhistory.draw({ series, logY: true, xLabel: t('axis.step'), yLabel: q.label, yLabelShort: q.short, xKey: 'step', empty: t('chart.gradhistory.empty') });
    v.describe('gradhistory', t('sum.history', { n: hist.steps.length, what: q.label, values: listText(rows.at(-1) ?? g) }));

    // f and f' with the chosen layer's pre-activations behind them.
    const layer = selectedLayer(ui, nHidden);
    if (nHidden > 0) {
      const h = lab.histogram(layer, 'pre');
      const lo = h.length > 2 ? h[0] : -6, hi = h.length > 2 ? h[1] : 6;
      const curve = core.activationCurve(config.model.activation, config.model.leaky_slope ?? 0.01, 161, lo, hi);
      // Saturated: |z| beyond the edge where f′ falls below a tenth of its peak (none for ReLU, linear).
      const edge = core.saturationThreshold?.(config.model.activation);
      charts.activation.draw({
        curve, hist: h, saturation: Number.isFinite(edge) ? edge : null,
        labels: { f: t('series.f'), df: t('series.df'), hist: t('series.preact', { layer: `h${layer + 1}` }), x: 'z', saturated: t('chart.activation.saturated') },
      });
      const sat = m.layers[layer]?.saturated ?? 0, dead = m.layers[layer]?.dead ?? 0;
      v.describe('activation', t('sum.activation', {
        act: optionLabel('model.activation', config.model.activation), layer: `h${layer + 1}`,
        sat: Math.round(sat * 100), dead: Math.round(dead * 100),
      }));
      v.readout('activation', saturates(config.model.activation)
        ? t('readout.saturated', { layer: `h${layer + 1}`, pct: Math.round(sat * 100) })
        : canDie(config.model.activation) || suitedInit(config.model.activation) === 'he' ? t('readout.dead', { layer: `h${layer + 1}`, pct: Math.round(dead * 100) }) : '');
    } else {
      charts.activation.draw({ curve: null, empty: t('chart.nohidden') });
      v.describe('activation', t('sum.nohidden', { n: 0 }));
      v.readout('activation', '');
    }

    // % saturated and % dead per hidden layer.
    const hl = m.layers.slice(0, nHidden);
    charts.saturation.draw({
      labels: hiddenLabels(nHidden),
      groups: [
        { label: t('series.saturated'), key: 'saturated', color: COLORS.orange, values: hl.map((l) => l.saturated) },
        { label: t('series.dead'), key: 'dead', color: COLORS.purple, values: hl.map((l) => l.dead) },
      ],
      scale: 'linear', percent: true, yDomain: [0, 1], xLabel: t('axis.hiddenLayer'), xKey: 'layer', highlight: layer, legend: true,
      empty: t('chart.nohidden'),
    });
    v.describe('saturation', t('sum.saturation', { sat: listText(hl.map((l) => l.saturated)), dead: listText(hl.map((l) => l.dead)) }));

    // Mean activation of each hidden layer beside its spread (± act_std): tanh's centred on 0,
    // the sigmoid's all positive around ½, so every input of the next layer has one sign.
    // A pinned run A (compare.js) beside it, input side aligned.
    const meanGroup = (layers, label, key, color) => ({
      label, key, color, mean: layers.map((l) => l.act_mean), std: layers.map((l) => l.act_std),
    });
    const meanGroups = [meanGroup(hl, ab ? ab.nameB : optionLabel('model.activation', config.model.activation), 'B', ab ? ab.colorB : COLORS.blue)];
    const aHidden = ab?.metrics?.layers?.slice(0, -1) ?? [];
    if (ab && aHidden.length) meanGroups.unshift(meanGroup(aHidden.slice(0, nHidden), ab.nameA, 'A', ab.colorA));
    let lo = -1, hi = 1;
    for (const gr of meanGroups) gr.mean.forEach((mu, i) => { lo = Math.min(lo, mu - gr.std[i]); hi = Math.max(hi, mu + gr.std[i]); });
    const sigmoidIn = [config.model.activation, ab?.config?.model?.activation].includes('sigmoid');
    charts.actmean.draw({
      labels: hiddenLabels(nHidden), groups: meanGroups, yDomain: [lo, hi],
      refs: [{ y: 0, label: t('chart.actmean.zero') }, ...(sigmoidIn ? [{ y: 0.5, label: t('chart.actmean.half') }] : [])],
      spreadLabel: t('chart.actmean.spread'), xLabel: t('axis.hiddenLayer'), yLabel: t('axis.actMean'), empty: t('chart.nohidden'),
    });
    const meanText = (layers) => listText(layers.map((l) => l.act_mean));
    v.describe('actmean', t('sum.actmean', { act: optionLabel('model.activation', config.model.activation), means: meanText(hl), stds: listText(hl.map((l) => l.act_std)) }));
    v.readout('actmean', hl.length ? t('readout.actmean', { lo: fmt(Math.min(...hl.map((l) => l.act_mean)), 2), hi: fmt(Math.max(...hl.map((l) => l.act_mean)), 2) }) : '');

    // Decision surface (every few frames: it costs res² forward passes).
    if (v.heavy) {
      const res = gridRes(sizes);
      charts.heatmap.draw({
        grid: lab.grid(res), res, extent: Array.from(lab.dataExtent()),
        train: lab.trainPoints(), test: lab.testPoints(),
        labels: { train: t('series.trainPts'), test: t('series.testPts') },
      });
    }
    const acc = m.test_acc;
    v.readout('heatmap', acc != null ? t('readout.acc', { acc: Math.round(acc * 100) }) : '');
    v.describe('heatmap', t('sum.acc', { acc: acc != null ? Math.round(acc * 100) : '–', train: m.train_acc != null ? Math.round(m.train_acc * 100) : '–' }));

    // The history grows by a row per step() call: redraw it on heavy frames only.
    if (v.heavy) drawLoss(v, charts.loss, lab.history(), state, ab);
  },
};
