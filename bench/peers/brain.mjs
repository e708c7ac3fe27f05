// brain.js 2.0.0-beta.24 (npm `brain.js`), its CPU NeuralNetwork (Float32Array weights).
// NeuralNetwork.train() is online SGD: trainPattern() = forward, deltas, update, one sample
// at a time; we call trainPattern in data order (what train() does per iteration) so the
// unit of work matches the others. Where a workload needs what NeuralNetwork cannot do,
// the result is n/a with the reason, or measured with the deviation stated in `note`.
import { createRequire } from 'module';
import { mean } from '../workloads.mjs';
import { measure } from '../harness.mjs';

const require = createRequire(import.meta.url);
const brain = require('brain.js');

export const id = 'brain';
export const label = 'brain.js 2.0.0-beta.24';

export function unsupported(spec) {
  if (spec.gradNorms) return 'updates per sample inside trainPattern: no batch gradient to take norms of';
  if (!spec.bias || !spec.hidden) return 'NeuralNetwork always has biases and applies its activation to the output layer: no linear model';
  return null;
}

export async function run(spec, data, init, opts) {
  const why = unsupported(spec);
  if (why) return { na: why };
  // One activation for every layer, output included: tanh fits W1; W2 (sigmoid hidden,
  // linear output) gets a sigmoid output with targets mapped to (y+1)/2 and predictions back.
  const sigOut = spec.output !== spec.hidden;
  const L = spec.sizes.length - 1;
  const net = new brain.NeuralNetwork({
    inputSize: spec.sizes[0], hiddenLayers: spec.sizes.slice(1, L), outputSize: spec.sizes[L], activation: spec.hidden,
  });
  net.initialize();
  net.trainOpts.learningRate = spec.lr / spec.batch; // per-sample updates: same step per epoch
  net.trainOpts.momentum = 0; // (its option validation rejects 0, so set directly)
  net.setActivation(spec.hidden);
  const reset = () => {
    for (let l = 1; l <= L; l++) {
      const { W, b, nIn } = init[l - 1];
      net.weights[l].forEach((w, o) => { for (let i = 0; i < nIn; i++) w[i] = W[o * nIn + i]; });
      for (let o = 0; o < net.biases[l].length; o++) net.biases[l][o] = b[o];
      net.changes[l].forEach((c) => c.fill(0));
    }
  };
  const { X, Y, n, dIn } = data;
  const toOut = (o) => (sigOut ? 2 * o - 1 : o);
  const patterns = Array.from({ length: n }, (_, p) => ({
    input: Array.from(X.subarray(p * dIn, (p + 1) * dIn)),
    output: [sigOut ? (Y[p] + 1) / 2 : Y[p]],
  }));
  const note = sigOut
    ? 'per-sample SGD (lr/32); sigmoid output, targets (y+1)/2 (no linear output)'
    : 'per-sample SGD (lr/10), no batches';
  if (spec.grid) {
    const N = data.gridN, out = new Float64Array(N);
    const gridInputs = Array.from({ length: N }, (_, p) => [data.G[2 * p], data.G[2 * p + 1]]);
    const trainer = {
      reset,
      work(units) {
        for (let u = 0; u < units; u++) for (let p = 0; p < N; p++) out[p] = net.run(gridInputs[p])[0];
      },
      loss: () => mean(out),
    };
    return measure(trainer, opts.units, opts);
  }
  let cursor = 0;
  const trainer = {
    reset: () => { reset(); cursor = 0; },
    work(units) {
      const samples = units * spec.unitSteps * spec.batch;
      for (let s = 0; s < samples; s++) {
        net.trainPattern(patterns[cursor]);
        cursor = cursor + 1 === n ? 0 : cursor + 1;
      }
    },
    loss() {
      let s = 0;
      for (let p = 0; p < n; p++) { const e = toOut(net.run(patterns[p].input)[0]) - Y[p]; s += e * e; }
      return (0.5 * s) / n;
    },
  };
  return { ...(await measure(trainer, opts.units, opts)), note };
}
