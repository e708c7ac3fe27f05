// Lab: overfitting and underfitting (과적합 / 과소적합). Capacity up, training loss down;
// test loss first falls, then rises (Bishop PRML §1.1, D2L §4.4). Remedies: more data,
// fewer features, dropout, L1/L2 weight decay, batch norm, input scaling.

import DATA from '../state/presets.js';
import { COLORS } from '../charts/base.js';
import { ScatterCurveChart } from '../charts/scatter.js';
import { HeatmapChart } from '../charts/heatmap.js';
import { LineChart } from '../charts/line.js';
import { BarChart } from '../charts/bars.js';
import { CapacityTableChart } from '../charts/captable.js';
import { t } from '../i18n/i18n.js';
import { fmt } from '../util.js';
import { LR_CONTROL, TWO_D, featureLabel, gridRes, is2D, listText } from './common.js';
import { abView, drawLoss } from '../bridge/compare.js';

const ONE_D = ['sine', 'poly'];
const isLinearModel = (c) => c.model.kind === 'poly' || c.model.hidden.length === 0;
const mlp = (c) => c.model.kind === 'mlp';
// Controls used twice here (the sidebar and the embedded view); ranges from the schema.
const DEGREE_CONTROL = { type: 'range', path: 'model.degree', when: (c) => c.model.kind === 'poly' };
const WIDTH_CONTROL = { type: 'hidden', part: 'width', max: 128, when: mlp };
const hiddenUnits = (c) => mlp(c) && c.model.hidden.length > 0;
const iterative = (c) => c.optim.kind !== 'exact';

/** The capacities a sweep tries: polynomial degrees, or hidden widths. */
export function sweepCapacities(config) {
  if (config.model.kind === 'poly') return Array.from({ length: 21 }, (_, i) => i);
  return [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
}

/** Epochs per swept model: the exact solver needs one; iterative training needs enough to fit. */
export function sweepEpochs(config) {
  if (config.optim.kind === 'exact') return 1;
  return config.model.kind === 'poly' ? 400 : 150;
}

/** The noiseless function behind the 1-D data (drawn dashed, for reference). */
function truth(kind, x) {
  if (kind === 'sine') return Math.sin(2 * Math.PI * x);
  if (kind === 'poly') return 5 + 1.2 * x - (3.4 * x * x) / 2 + (5.6 * x * x * x) / 6;
  return NaN;
}

const TABLE = DATA.labs.overfitting.capacity_table;

/** The capacity table card: computed by the core (Lab.capacityTable), drawn as a grid. */
function drawCapacityTable(v, lab, config) {
  const chart = v.charts.captable;
  if (config.model.kind !== 'poly' || config.optim.kind !== 'exact') {
    chart.draw({ cells: [], empty: t('chart.captable.exactOnly') });
    v.readout('captable', '');
    v.describe('captable', t('chart.captable.exactOnly'));
    return;
  }
  // Everything but the two knobs the table varies decides its cells.
  const key = JSON.stringify({ ...config, model: { ...config.model, degree: null }, data: { ...config.data, n_train: null } });
  if (chart.tableKey !== key || chart.tableLab !== lab) {
    const flat = lab.capacityTable(new Uint32Array(TABLE.capacities), new Uint32Array(TABLE.n_train), 1);
    const cells = [];
    for (let i = 0; i + 6 < flat.length; i += 7) {
      cells.push({ capacity: flat[i], n: flat[i + 1], train: flat[i + 2], test: flat[i + 3], norm: flat[i + 4], maxw: flat[i + 5], fit: flat[i + 6] });
    }
    // An empty answer (the worker has not computed it yet) is asked for again next frame.
    Object.assign(chart, { tableKey: cells.length ? key : null, tableLab: lab, tableCells: cells });
  }
  const cells = chart.tableCells;
  const fitWord = { '-1': t('chart.captable.under'), 0: t('chart.captable.good'), 1: t('chart.captable.over') };
  chart.draw({
    capacities: TABLE.capacities, sizes: TABLE.n_train, cells,
    current: { capacity: config.model.degree, n: config.data.n_train },
    labels: { fit: fitWord, rowHead: t('axis.degree'), colHead: t('chart.captable.cols'), train: t('chart.captable.train'), test: t('chart.captable.test'), maxw: 'max|w|' },
  });
  const count = (f) => cells.filter((c) => c.fit === f).length;
  v.readout('captable', t('readout.captable', { under: count(-1), good: count(0), over: count(1) }));
  v.describe('captable', t('sum.captable', {
    cells: cells.map((c) => `${t('axis.degree')} ${c.capacity}, n ${c.n}: ${fitWord[c.fit]} (${fmt(c.train, 2)} / ${fmt(c.test, 2)}, max|w| ${fmt(c.maxw, 2)})`).join('; '),
  }));
}

export default {
  id: 'overfitting',
  // Bishop's picture: 10 noisy points of sin(2πx), a polynomial fitted exactly.
  base: DATA.labs.overfitting.base,

  controls: [
    {
      title: 'group.model',
      items: [
        {
          type: 'select', path: 'model.kind',
          // Only a linear model has an exact fit; an MLP trains with Adam.
          patch: (v, c) => (v === 'mlp' && c.optim.kind === 'exact'
            ? { model: { kind: 'mlp', hidden: [32] }, optim: { kind: 'adam', lr: 0.01 } } : null),
        },
        DEGREE_CONTROL,
        WIDTH_CONTROL,
        // Depth 0 is a linear model (D2L's weight-decay example).
        { type: 'hidden', part: 'depth', min: 0, max: 4, when: mlp },
        { type: 'select', path: 'model.activation', when: hiddenUnits },
        { type: 'range', path: 'model.dropout_keep', min: 0.1, when: hiddenUnits },
        { type: 'toggle', path: 'model.batch_norm', when: hiddenUnits },
      ],
    },
    {
      title: 'group.data',
      items: [
        {
          type: 'select', path: 'data.kind', options: [...ONE_D, ...TWO_D, 'linear'],
          // The 2-D sets and the 200-input set are not fitted by a polynomial in x; regression
          // data has no cross-entropy (a chosen one goes back to auto in the same change).
          patch: (v, c) => (v !== 'sine' && v !== 'poly' && c.model.kind === 'poly'
            ? { data: { kind: v }, model: { kind: 'mlp', hidden: v === 'linear' ? [] : [32] }, optim: v === 'linear' ? { kind: 'exact' } : { kind: 'adam', lr: 0.01 } }
            : !TWO_D.includes(v) && c.model.loss === 'cross_entropy' ? { data: { kind: v }, model: { loss: null } } : null),
        },
        { type: 'range', path: 'data.n_train', values: [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000] },
        { type: 'range', path: 'data.noise', values: [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1] },
        { type: 'features', when: is2D },
        { type: 'toggle', path: 'data.raw_units', when: is2D },
        { type: 'select', path: 'scale' },
      ],
    },
    {
      title: 'group.regularization',
      items: [
        { type: 'range', path: 'reg.l2', min: 1e-9, max: 10, log: true, zero: true },
        { type: 'range', path: 'reg.l1', min: 1e-6, max: 10, log: true, zero: true },
      ],
    },
    {
      title: 'group.training',
      items: [
        {
          type: 'select', path: 'optim.kind',
          options: ['sgd', 'momentum', 'adam', 'exact'],
        },
        { ...LR_CONTROL, when: iterative },
        { type: 'range', path: 'optim.batch_size', values: [0, 1, 2, 5, 10, 20, 50, 100], when: iterative, format: (v) => (v === 0 ? t('ui.fullBatch') : String(v)) },
        // The ±1 sets only: regression is always ½ squared error (cross-entropy is refused there).
        { type: 'select', path: 'model.loss', when: is2D },
      ],
    },
  ],
  embedControls: [
    DEGREE_CONTROL,
    WIDTH_CONTROL,
    { type: 'range', path: 'data.n_train', values: [2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 1000] },
    { type: 'range', path: 'reg.l2', min: 1e-9, max: 10, log: true, zero: true },
  ],

  presets: DATA.labs.overfitting.presets,

  layout: 'overfitting',
  // The chart that carries the lab's point: the largest card (data-hero). A lesson step may name another (presets.js "hero").
  hero: 'fit',
  charts: [
    { name: 'fit', area: 'fit', title: 'chart.fit' },
    { name: 'loss', area: 'loss', title: 'chart.loss', tools: ['logY'] },
    { name: 'sweep', area: 'sweep', title: 'chart.sweep', tools: ['sweep'] },
    { name: 'weights', area: 'wts', title: 'chart.weights' },
    { name: 'captable', area: 'table', title: 'chart.captable' },
  ],
  classes: { fit: null, loss: LineChart, sweep: LineChart, weights: BarChart, captable: CapacityTableChart },
  /** The fit chart is a heatmap for the 2-D sets, a curve for the 1-D ones. */
  chartClass(name, config) {
    if (name === 'fit') return is2D(config) ? HeatmapChart : ScatterCurveChart;
    return this.classes[name];
  },

  draw(v) {
    const { lab, state, charts } = v;
    const { config, ui, runtime } = state;
    const m = runtime.metrics;
    const ab = abView(state); // a pinned run A, drawn beside this one (compare.js)

    // The data and the fit.
    if (v.heavy) {
      const ext = Array.from(lab.dataExtent());
      if (is2D(config)) {
        const res = gridRes(Array.from(lab.layerSizes()));
        charts.fit.draw({
          grid: lab.grid(res), res, extent: ext, train: lab.trainPoints(), test: lab.testPoints(),
          labels: { train: t('series.trainPts'), test: t('series.testPts') },
        });
      } else if (lab.inputDim() === 1) {
        const n = 300;
        const curveX = Float64Array.from({ length: n }, (_, i) => ext[0] + ((ext[1] - ext[0]) * i) / (n - 1));
        charts.fit.draw({
          train: lab.trainPoints(), test: lab.testPoints(), extent: ext,
          curveX, curveY: m.diverged ? null : lab.curve(curveX),
          truthY: Float64Array.from(curveX, (x) => truth(config.data.kind, x)),
          labels: { train: t('series.trainPts'), test: t('series.testPts'), fit: ab ? t('series.ghostFit', { run: ab.nameB }) : t('series.fit'), truth: t('series.truth'), x: 'x', y: 'y', ghost: ab ? t('series.ghostFit', { run: ab.nameA }) : '' },
          // A pinned run A (compare.js): its fitted curve as a dashed ghost.
          ...(ab && ab.lab.inputDim() === 1 && !ab.metrics?.diverged ? { ghostY: ab.lab.curve(curveX), ghostColor: ab.colorA } : {}),
        });
      } else {
        charts.fit.draw({ extent: null, empty: t('chart.fit.highdim', { n: lab.inputDim() }) });
      }
    }
    const acc = m.test_acc != null ? ` · ${t('readout.acc', { acc: Math.round(m.test_acc * 100) })}` : '';
    const fitText = (mm) => `${t('sum.losses', { epoch: mm.epoch, train: fmt(mm.train_loss, 3), test: fmt(mm.test_loss, 3) })}${mm.test_acc != null ? ` ${t('sum.acc', { acc: Math.round(mm.test_acc * 100), train: Math.round(mm.train_acc * 100) })}` : ''}`;
    v.describe('fit', ab?.metrics ? `${ab.labels.b}: ${fitText(m)} ${ab.labels.a}: ${ab.metrics.diverged ? t('ab.diverged') : fitText(ab.metrics)}` : fitText(m));
    v.readout('fit', m.diverged ? '' : `${t('series.train')} ${fmt(m.train_loss, 2)} · ${t('series.test')} ${fmt(m.test_loss, 2)}${acc}`);

    // The history grows by a row per step() call: redraw it on heavy frames only.
    if (v.heavy) drawLoss(v, charts.loss, lab.history(), state, ab);

    // The U-curve of a capacity sweep, with the current capacity marked.
    const cap = config.model.kind === 'poly' ? config.model.degree : (config.model.hidden[0] ?? 0);
    // A sweep still running (it trains in slices, session.js) draws the models done so far.
    const sw = runtime.sweep ?? (runtime.sweeping ? runtime.sweepJob : null);
    if (sw && sw.rows.length) {
      const n = sw.rows.length / 3;
      const x = new Float64Array(n), tr = new Float64Array(n), te = new Float64Array(n);
      for (let i = 0; i < n; i++) { x[i] = sw.rows[i * 3]; tr[i] = sw.rows[i * 3 + 1]; te[i] = sw.rows[i * 3 + 2]; }
      let best = 0;
      for (let i = 0; i < n; i++) if (Number.isFinite(te[i]) && !(te[i] >= te[best])) best = i;
      // On a log axis an exact fit's training loss of 1e-21 would flatten the U of the test
      // loss into a line: keep the axis within a couple of decades below the best test loss.
      let yDomain;
      if (ui.logY) {
        const finite = [...tr, ...te].filter((v) => Number.isFinite(v) && v > 0);
        const hi = Math.max(...finite), lo = Math.max(Math.min(...finite), te[best] / 100);
        if (finite.length && hi > lo) yDomain = [lo / 1.5, hi * 1.5];
      }
      charts.sweep.draw({
        series: [
          { label: t('series.train'), key: 'train', color: COLORS.blue, x, y: tr, points: true },
          { label: t('series.test'), key: 'test', color: COLORS.vermillion, x, y: te, points: true },
        ],
        logY: ui.logY, yDomain, xKey: config.model.kind === 'poly' ? 'degree' : 'width',
        vline: { x: cap, label: cap === x[best] ? '' : t('chart.sweep.current'), color: COLORS.green },
        marker: { x: x[best], y: te[best], label: t('chart.sweep.best', { cap: x[best] }) + (cap === x[best] ? ` (${t('chart.sweep.current')})` : '') },
        xLabel: t(config.model.kind === 'poly' ? 'axis.degree' : 'axis.width'), yLabel: t('axis.loss'),
      });
      v.describe('sweep', t('sum.sweep', { from: x[0], to: x[n - 1], cap: x[best], best: fmt(te[best], 3), now: cap }));
    } else {
      const knob = config.model.kind === 'poly' || config.model.hidden.length > 0;
      charts.sweep.draw({ series: [], empty: runtime.sweeping ? t('chart.sweep.running') : t(knob ? 'chart.sweep.empty' : 'chart.sweep.noknob') });
      v.describe('sweep', t('sum.sweepNone', { now: cap }));
    }

    // The capacity table: degree × training points, one exact fit per cell, named under /
    // good / over by the core's rule. A few milliseconds of exact fits: computed when the
    // settings it depends on change (kept on the chart), for exact polynomial fits only.
    if (v.heavy) drawCapacityTable(v, lab, config);

    // Weights as bars: a linear model's coefficients, else the first layer's weights.
    if (v.heavy) {
      let values, labels, tickAt;
      // A's weights the same way (compare.js): bars beside B's when the shapes match.
      const weightsOf = (l, c) => Array.from(isLinearModel(c) ? l.coefficients() : l.weights(0));
      if (isLinearModel(config)) {
        values = Array.from(lab.coefficients());
        labels = values.map((_, i) => (config.model.kind === 'poly' ? `w${i}` : `${i + 1}`));
      } else {
        const sizes = lab.layerSizes();
        const w = lab.weights(0);
        values = Array.from(w);
        const nOut = sizes[1];
        const names = is2D(config) ? config.data.features.map(featureLabel) : ['x'];
        labels = values.map((_, i) => (i % nOut === 0 ? names[i / nOut] ?? '' : ''));
        tickAt = labels.map((l, i) => (l ? i : -1)).filter((i) => i >= 0);
      }
      const stats = (vs) => {
        let mx = 0, z = 0, s = 0;
        for (const x of vs) { mx = Math.max(mx, Math.abs(x)); if (x === 0) z++; s += x * x; }
        return { max: mx, zeros: z, sq: s };
      };
      const valuesA = ab ? weightsOf(ab.lab, ab.config) : null;
      const sameShape = valuesA && valuesA.length === values.length && isLinearModel(ab.config) === isLinearModel(config);
      const sA = valuesA ? stats(valuesA) : null;
      const { max, zeros, sq } = stats(values);
      const symlog = Math.max(max, sameShape ? sA.max : 0) > 500; // Bishop's degree-9 coefficients span ten decades
      const groups = sameShape
        ? [{ label: ab.nameA, key: 'A_weight', color: ab.colorA, values: valuesA }, { label: ab.nameB, key: 'weight', color: ab.colorB, values }]
        : [{ label: 'w', key: 'weight', color: COLORS.blue, values }];
      charts.weights.draw({
        labels, tickAt, groups, xKey: isLinearModel(config) ? 'coefficient' : 'input',
        scale: symlog ? 'symlog' : 'linear', valueText: values.length <= 12, markZeros: isLinearModel(config),
        xLabel: t(isLinearModel(config) ? 'axis.coef' : 'axis.firstLayer'), yLabel: symlog ? t('axis.weightSymlog') : t('axis.weight'),
        empty: t('chart.weights.empty'),
      });
      if (sA) {
        v.describe('weights', `${ab.nameA}: ${t('sum.weights', { n: valuesA.length, norm: fmt(Math.sqrt(sA.sq), 3), zeros: sA.zeros, max: fmt(sA.max, 3) })} ${ab.nameB}: ${t('sum.weights', { n: values.length, norm: fmt(Math.sqrt(sq), 3), zeros, max: fmt(max, 3) })}`);
        v.readout('weights', `‖w‖ A ${fmt(Math.sqrt(sA.sq), 3)} · B ${fmt(Math.sqrt(sq), 3)}`);
      } else {
        v.describe('weights', t('sum.weights', { n: values.length, norm: fmt(Math.sqrt(sq), 3), zeros, max: fmt(max, 3) }));
        v.readout('weights', `‖w‖ = ${fmt(Math.sqrt(sq), 3)}${zeros ? ` · ${t('readout.zeros', { n: zeros, of: values.length })}` : ''}`);
      }
    }
  },
};

