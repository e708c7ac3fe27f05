// Pieces the three labs share: the loss chart's data, layer names and colours, and the
// pre-activation histogram range.

import { COLORS } from '../charts/base.js';
import { t } from '../i18n/i18n.js';
import { fmt } from '../util.js';

/**
 * Optimizer steps per epoch under a config (full batch: 1), so evaluations made in the
 * middle of an epoch land between whole epochs on the x axis.
 */
export function stepsPerEpoch(config) {
  if (config.optim.kind === 'exact') return 1;
  const n = config.data.n_train;
  const b = config.optim.batch_size > 0 ? Math.min(config.optim.batch_size, n) : n;
  return Math.max(1, Math.ceil(n / b));
}

/** Rows [epoch, step, train, test] of Lab.history() → x in (fractional) epochs and the two losses. */
export function historySeries(history, config) {
  const rows = Math.floor(history.length / 4);
  const spe = stepsPerEpoch(config);
  // The exact solver's first row is the random start, not a point on a training curve.
  const skip = config.optim.kind === 'exact' && rows > 1 && history[1] === 0 ? 1 : 0;
  const n = rows - skip;
  const x = new Float64Array(n), train = new Float64Array(n), test = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = i + skip;
    x[i] = config.optim.kind === 'exact' ? history[r * 4] : history[r * 4 + 1] / spe;
    train[i] = history[r * 4 + 2];
    test[i] = history[r * 4 + 3];
  }
  return { n, x, train, test };
}

/** Lab.history() → loss chart data with the best-test epoch marked (where early stopping would stop). */
export function lossData(history, config, { logY, extra = [], labelSuffix = '' } = {}) {
  const { n, x, train, test } = historySeries(history, config);
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(test[i]) && (best < 0 || test[i] < test[best])) best = i;
  }
  const series = [
    { label: t('series.train') + labelSuffix, key: 'train', color: COLORS.blue, x, y: train },
    { label: t('series.test') + labelSuffix, key: 'test', color: COLORS.vermillion, x, y: test },
    ...extra,
  ];
  // Mark the best test epoch (where early stopping would stop) once the test loss has
  // clearly risen from it; on a flat, noisy curve the mark would only distract.
  const last = test[n - 1];
  const marker = best >= 0 && n > 5 && best < n - 1 && Number.isFinite(last) && last > test[best] * 1.05
    ? { x: x[best], y: test[best], label: t('chart.loss.best', { epoch: fmt(x[best], 4) }), color: COLORS.black }
    : null;
  return {
    series, logY, marker,
    xLabel: t('axis.epoch'), yLabel: t('axis.loss'), xKey: 'epoch',
    empty: t('chart.loss.empty'),
  };
}

/**
 * The gradient the per-layer bars and their history show (ui.gradView): 'delta' is the
 * back-propagated gradient ‖∂L/∂z‖ (RMS over probe points and units of a layer's
 * pre-activation gradient: metrics delta_rms), 'weight' the per-weight gradient ‖∂L/∂W‖
 * (RMS of the entries: grad_rms). `history` names the session's record (session.js).
 */
export function gradQuantity(ui) {
  const w = ui.gradView === 'weight';
  return {
    view: w ? 'weight' : 'delta',
    field: w ? 'grad_rms' : 'delta_rms',
    history: w ? 'rms' : 'delta',
    symbol: w ? '‖∂L/∂W‖' : '‖∂L/∂z‖',
    label: t(w ? 'axis.grad.weight' : 'axis.grad.delta'),
    short: t(w ? 'axis.grad.weight.short' : 'axis.grad.delta.short'),
  };
}

/** Colour of weight layer i of n, from vermillion (input side) to blue (output side). */
export function layerColor(i, n) {
  if (n <= 1) return COLORS.blue;
  const a = [213, 94, 0], b = [0, 114, 178];
  const s = i / (n - 1);
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * s));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Names of the weight layers, input side first: W1 … W(L-1), out. */
export function weightLayerLabels(L) {
  return Array.from({ length: L }, (_, i) => (i === L - 1 ? t('layer.out') : `W${i + 1}`));
}

/** Names of the hidden layers: h1 … hN. */
export function hiddenLabels(n) {
  return Array.from({ length: n }, (_, i) => `h${i + 1}`);
}

/** The names of the network's inputs (feature names for the 2-D sets, x^i for poly). */
export function inputLabels(config, nIn) {
  if (config.model.kind === 'poly') return Array.from({ length: nIn }, (_, i) => (i === 0 ? '1' : i === 1 ? 'x' : `x${sup(i)}`));
  if (['circle', 'xor', 'gauss', 'spiral'].includes(config.data.kind)) return config.data.features.map(featureLabel);
  return Array.from({ length: nIn }, (_, i) => `x${sub(i + 1)}`);
}

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUB = '₀₁₂₃₄₅₆₇₈₉';
export const sup = (n) => String(n).split('').map((d) => SUP[d]).join('');
export const sub = (n) => String(n).split('').map((d) => SUB[d]).join('');

export function featureLabel(f) {
  return ({ x1: 'x₁', x2: 'x₂', 'x1^2': 'x₁²', 'x2^2': 'x₂²', x1x2: 'x₁x₂', sin_x1: 'sin x₁', sin_x2: 'sin x₂' })[f] ?? f;
}

export const TWO_D = ['circle', 'xor', 'gauss', 'spiral'];

// Controls several labs share, stating only where the slider differs from the schema
// (controls.js takes the rest from it): the learning rate's left end (the schema's bound
// is an open 0), the leaky slope's useful part of [0, 1], widths a diagram can draw.
export const LR_CONTROL = { type: 'range', path: 'optim.lr', min: 1e-4 };
export const LEAKY_SLOPE_CONTROL = { type: 'range', path: 'model.leaky_slope', min: 0.01, max: 0.5, when: (c) => c.model.activation === 'leaky_relu' };
export const NARROW_WIDTH_CONTROL = { type: 'hidden', part: 'width', max: 64 };
export const is2D = (config) => TWO_D.includes(config.data.kind);

/** Clamps the selected hidden layer to the network. */
export function selectedLayer(ui, nHidden) {
  return Math.max(0, Math.min(ui.layer, nHidden - 1));
}

/**
 * Resolution of the decision-surface grid: 48 × 48 (TF Playground draws 100 × 100) for
 * ordinary networks, fewer points for huge ones, where every point is a forward pass
 * through millions of weights.
 */
export function gridRes(sizes) {
  let params = 0;
  for (let i = 0; i + 1 < sizes.length; i++) params += sizes[i] * sizes[i + 1];
  return Math.max(12, Math.min(48, Math.floor(Math.sqrt(4e7 / Math.max(1, params)))));
}

/** Numbers for a chart's text summary: 2 significant digits, comma-separated. */
export function listText(values) {
  return Array.from(values, (v) => fmt(v, 2)).join(', ');
}

/** The loss summary shared by the loss charts: the last row of a history. */
export function lossSummary(history, config) {
  const { n, x, train, test } = historySeries(history, config);
  if (!n) return t('sum.losses', { epoch: 0, train: '–', test: '–' });
  return t('sum.losses', { epoch: fmt(x[n - 1], 4), train: fmt(train[n - 1], 3), test: fmt(test[n - 1], 3) });
}
