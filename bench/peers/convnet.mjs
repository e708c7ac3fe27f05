// ConvNetJS 0.3.0 (npm `convnetjs`): Net of InputLayer / FullyConnLayer / Tanh|Sigmoid /
// RegressionLayer (½ squared error), trained with its Trainer ('sgd', momentum 0,
// batch_size = the workload's batch; it averages the accumulated gradients).
import { createRequire } from 'module';
import { halfMse, mean } from '../workloads.mjs';
import { measure } from '../harness.mjs';

const require = createRequire(import.meta.url);
const convnetjs = require('convnetjs');

export const id = 'convnet';
export const label = 'ConvNetJS 0.3.0';

// Built layer by layer: makeLayers() would insert an extra fc layer before 'regression'.
function buildNet(spec) {
  const C = convnetjs;
  const layers = [new C.InputLayer({ out_sx: 1, out_sy: 1, out_depth: spec.sizes[0] })];
  const fcs = [];
  const L = spec.sizes.length - 1;
  for (let l = 1; l <= L; l++) {
    const fc = new C.FullyConnLayer({ in_sx: 1, in_sy: 1, in_depth: spec.sizes[l - 1], num_neurons: spec.sizes[l], bias_pref: 0.1 });
    if (!spec.bias) fc.getParamsAndGrads = function () { // no bias: hand only the weights to the trainer
      return this.filters.map((f) => ({ params: f.w, grads: f.dw, l1_decay_mul: this.l1_decay_mul, l2_decay_mul: this.l2_decay_mul }));
    };
    layers.push(fc);
    fcs.push(fc);
    const act = l === L ? spec.output : spec.hidden;
    const o = { in_sx: 1, in_sy: 1, in_depth: spec.sizes[l] };
    if (act === 'tanh') layers.push(new C.TanhLayer(o));
    else if (act === 'sigmoid') layers.push(new C.SigmoidLayer(o));
  }
  layers.push(new C.RegressionLayer({ in_sx: 1, in_sy: 1, in_depth: 1 }));
  const net = new C.Net();
  net.layers = layers;
  return { net, fcs };
}

export async function run(spec, data, init, opts) {
  const C = convnetjs;
  const { net, fcs } = buildNet(spec);
  const reset = () => {
    fcs.forEach((fc, l) => {
      const { W, b, nIn } = init[l];
      fc.filters.forEach((f, o) => { for (let i = 0; i < nIn; i++) { f.w[i] = W[o * nIn + i]; f.dw[i] = 0; } });
      for (let o = 0; o < fc.out_depth; o++) { fc.biases.w[o] = b ? b[o] : 0; fc.biases.dw[o] = 0; }
    });
  };
  const { X, Y, n, dIn } = data;
  const vols = Array.from({ length: n }, (_, p) => {
    const v = new C.Vol(1, 1, dIn, 0);
    for (let i = 0; i < dIn; i++) v.w[i] = X[p * dIn + i];
    return v;
  });
  const targets = Array.from(Y, (y) => [y]);
  if (spec.grid) {
    const N = data.gridN, out = new Float64Array(N), v = new C.Vol(1, 1, 2, 0);
    const trainer = {
      reset,
      work(units) {
        for (let u = 0; u < units; u++)
          for (let p = 0; p < N; p++) { v.w[0] = data.G[2 * p]; v.w[1] = data.G[2 * p + 1]; out[p] = net.forward(v).w[0]; }
      },
      loss: () => mean(out),
    };
    return measure(trainer, opts.units, opts);
  }
  const bs = spec.batch;
  let cursor = 0;
  let step;
  if (!spec.gradNorms) {
    const tr = new C.Trainer(net, { method: 'sgd', learning_rate: spec.lr, momentum: 0, batch_size: bs, l2_decay: 0, l1_decay: 0 });
    step = () => {
      for (let k = 0; k < bs; k++) {
        tr.train(vols[cursor], targets[cursor]);
        cursor = cursor + 1 === n ? 0 : cursor + 1;
      }
    };
  } else {
    // W2n: the Trainer updates inside train(), before we could read the batch gradient, so
    // the same SGD step is written out with the Net's own forward/backward/getParamsAndGrads.
    const norms = new Float64Array(fcs.length);
    step = () => {
      for (let k = 0; k < bs; k++) {
        net.forward(vols[cursor], true);
        net.backward(targets[cursor]);
        cursor = cursor + 1 === n ? 0 : cursor + 1;
      }
      fcs.forEach((fc, l) => {
        let s = 0;
        for (const f of fc.filters) for (let i = 0; i < f.dw.length; i++) s += f.dw[i] * f.dw[i];
        norms[l] = Math.sqrt(s) / bs;
      });
      for (const pg of net.getParamsAndGrads()) {
        const p = pg.params, g = pg.grads;
        for (let j = 0; j < p.length; j++) { p[j] -= (spec.lr * g[j]) / bs; g[j] = 0; }
      }
    };
  }
  const trainer = {
    reset: () => { reset(); cursor = 0; },
    work(units) {
      const steps = units * spec.unitSteps;
      for (let s = 0; s < steps; s++) step();
    },
    loss() {
      const P = new Float64Array(n);
      for (let p = 0; p < n; p++) P[p] = net.forward(vols[p]).w[0];
      return halfMse(P, Y);
    },
  };
  return measure(trainer, opts.units, opts);
}
