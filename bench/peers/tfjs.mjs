// TensorFlow.js 4.22 (npm @tensorflow/tfjs, its cpu backend, and @tensorflow/tfjs-backend-wasm),
// written the way tfjs-core is used for small custom models: tf.variable weights, a loss
// closure, tf.train.sgd(lr).minimize() per batch (mini-batches pre-sliced as tensors, so no
// per-step data copies). The layers API (model.fit) adds per-batch overhead on top of this.
// Float32 throughout. Two entries: backend 'cpu' (plain JS kernels) and 'wasm' (SIMD, one
// thread; its .wasm is loaded from node_modules).
import { createRequire } from 'module';
import path from 'path';
import * as tf from '@tensorflow/tfjs'; // core + gradients + cpu backend (tfjs-core's node bundle has no gradients)
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { halfMse, mean } from '../workloads.mjs';
import { measure } from '../harness.mjs';

const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread, like the others
tf.enableProdMode(); // no debug checks (and no "install tfjs-node" banner)

async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
}

async function runOn(backend, spec, data, init, opts) {
  await useBackend(backend);
  const L = init.length;
  // x (batch × nIn) · W (nIn × nOut): transpose the shared row-major nOut × nIn weights.
  const initW = init.map(({ W, nIn, nOut }) => {
    const t = new Float32Array(nIn * nOut);
    for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) t[i * nOut + o] = W[o * nIn + i];
    return tf.tensor2d(t, [nIn, nOut]);
  });
  const initB = init.map(({ b, nOut }) => (b ? tf.tensor1d(Float32Array.from(b)) : null));
  const Ws = initW.map((t, l) => tf.variable(t.clone(), true, `w${l}`));
  const Bs = initB.map((t, l) => (t ? tf.variable(t.clone(), true, `b${l}`) : null));
  const varList = [...Ws, ...Bs.filter(Boolean)];
  const act = { tanh: tf.tanh, sigmoid: tf.sigmoid, linear: (x) => x };
  const predict = (x) => {
    let h = x;
    for (let l = 0; l < L; l++) {
      h = tf.matMul(h, Ws[l]);
      if (Bs[l]) h = tf.add(h, Bs[l]);
      h = act[l === L - 1 ? spec.output : spec.hidden](h);
    }
    return h;
  };
  const reset = () => {
    Ws.forEach((w, l) => w.assign(initW[l]));
    Bs.forEach((b, l) => b && b.assign(initB[l]));
  };
  const tensors = [...initW, ...initB.filter(Boolean), ...varList];
  const cleanup = () => tensors.forEach((t) => t.dispose());
  const { X, Y, n, dIn } = data;
  try {
    if (spec.grid) {
      const G = tf.tensor2d(Float32Array.from(data.G), [data.gridN, 2]);
      tensors.push(G);
      let out;
      const trainer = {
        reset,
        work(units) {
          for (let u = 0; u < units; u++) {
            const p = tf.tidy(() => predict(G));
            out = p.dataSync(); // the heatmap needs the numbers
            p.dispose();
          }
        },
        loss: () => mean(out),
      };
      return await measure(trainer, opts.units, opts);
    }
    const bs = spec.batch, nb = n / bs;
    const xb = [], yb = [];
    for (let k = 0; k < nb; k++) {
      xb.push(tf.tensor2d(Float32Array.from(X.subarray(k * bs * dIn, (k + 1) * bs * dIn)), [bs, dIn]));
      yb.push(tf.tensor2d(Float32Array.from(Y.subarray(k * bs, (k + 1) * bs)), [bs, 1]));
    }
    const xAll = tf.tensor2d(Float32Array.from(X), [n, dIn]);
    tensors.push(...xb, ...yb, xAll);
    const lossOf = (x, y) => tf.mul(0.5, tf.mean(tf.square(tf.sub(predict(x), y))));
    const opt = tf.train.sgd(spec.lr);
    const norms = new Float64Array(L);
    let k = 0;
    const step = spec.gradNorms
      ? () => {
          const { value, grads } = tf.variableGrads(() => lossOf(xb[k], yb[k]), varList);
          // The lab draws them every step, so they are read back. sqrt(sum(square(g))) read
          // per layer was the fastest of the variants tried (tf.norm is ~4x slower here).
          for (let l = 0; l < L; l++) {
            const ss = tf.tidy(() => tf.sum(tf.square(grads[Ws[l].name])));
            norms[l] = Math.sqrt(ss.dataSync()[0]);
            ss.dispose();
          }
          opt.applyGradients(grads);
          tf.dispose([value, grads]);
        }
      : () => opt.minimize(() => lossOf(xb[k], yb[k]), false, varList);
    const trainer = {
      reset: () => { reset(); k = 0; },
      work(units) {
        const steps = units * spec.unitSteps;
        for (let s = 0; s < steps; s++) {
          step();
          k = k + 1 === nb ? 0 : k + 1;
        }
        Ws[0].dataSync(); // wait for the work to be done
      },
      loss() {
        const p = tf.tidy(() => predict(xAll));
        const P = p.dataSync();
        p.dispose();
        return halfMse(P, Y);
      },
    };
    const before = tf.memory().numTensors;
    const r = await measure(trainer, opts.units, opts);
    const leaked = tf.memory().numTensors - before;
    opt.dispose();
    return leaked > 0 ? { ...r, note: `leaked ${leaked} tensors` } : r;
  } finally {
    cleanup();
  }
}

export const cpu = {
  id: 'tfjs-cpu', label: 'TF.js 4.22 cpu',
  run: (spec, data, init, opts) => runOn('cpu', spec, data, init, opts),
};
export const wasm = {
  id: 'tfjs-wasm', label: 'TF.js 4.22 wasm',
  run: (spec, data, init, opts) => runOn('wasm', spec, data, init, opts),
};
