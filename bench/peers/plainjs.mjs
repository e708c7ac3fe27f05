// Baseline: the plain JS a person would write for these nets: flat Float64Arrays, one
// sample at a time, gradients accumulated over the batch, then one SGD update.
import { halfMse, mean } from '../workloads.mjs';
import { measure } from '../harness.mjs';

export const id = 'plainjs';
export const label = 'plain Float64Array JS';

const ACT = {
  tanh: { f: Math.tanh, dy: (y) => 1 - y * y },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), dy: (y) => y * (1 - y) },
  linear: { f: (x) => x, dy: () => 1 },
};

function makeNet(spec, init) {
  const L = init.length;
  const sizes = spec.sizes;
  const W = init.map((l) => new Float64Array(l.W.length));
  const b = init.map((l) => new Float64Array(l.nOut));
  const gW = init.map((l) => new Float64Array(l.W.length));
  const gb = init.map((l) => new Float64Array(l.nOut));
  const a = sizes.map((s) => new Float64Array(s));
  const d = sizes.map((s) => new Float64Array(s));
  const hid = spec.hidden ? ACT[spec.hidden] : null;
  const out = ACT[spec.output];
  const norms = new Float64Array(L);
  const reset = () => {
    for (let l = 0; l < L; l++) {
      W[l].set(init[l].W);
      if (init[l].b) b[l].set(init[l].b);
      gW[l].fill(0);
      gb[l].fill(0);
    }
  };
  const forward = (X, off) => {
    const a0 = a[0];
    for (let i = 0; i < a0.length; i++) a0[i] = X[off + i];
    for (let l = 0; l < L; l++) {
      const nIn = sizes[l], nOut = sizes[l + 1], Wl = W[l], bl = b[l], x = a[l], y = a[l + 1];
      const f = l === L - 1 ? out.f : hid.f;
      for (let o = 0; o < nOut; o++) {
        let s = bl[o];
        const r = o * nIn;
        for (let i = 0; i < nIn; i++) s += Wl[r + i] * x[i];
        y[o] = f(s);
      }
    }
    return a[L][0];
  };
  const backward = (target) => {
    const yL = a[L][0];
    d[L][0] = (yL - target) * out.dy(yL);
    for (let l = L - 1; l >= 0; l--) {
      const nIn = sizes[l], nOut = sizes[l + 1], Wl = W[l], g = gW[l], gbl = gb[l];
      const x = a[l], dl = d[l + 1];
      for (let o = 0; o < nOut; o++) {
        const dd = dl[o];
        gbl[o] += dd;
        const r = o * nIn;
        for (let i = 0; i < nIn; i++) g[r + i] += dd * x[i];
      }
      if (l > 0) {
        const dp = d[l];
        for (let i = 0; i < nIn; i++) {
          let s = 0;
          for (let o = 0; o < nOut; o++) s += Wl[o * nIn + i] * dl[o];
          dp[i] = s * hid.dy(x[i]);
        }
      }
    }
  };
  const gradNorms = (batch) => {
    for (let l = 0; l < L; l++) {
      let s = 0;
      const g = gW[l];
      for (let k = 0; k < g.length; k++) s += g[k] * g[k];
      norms[l] = Math.sqrt(s) / batch;
    }
    return norms;
  };
  const update = (scale) => {
    for (let l = 0; l < L; l++) {
      const Wl = W[l], g = gW[l], bl = b[l], gbl = gb[l];
      for (let k = 0; k < Wl.length; k++) { Wl[k] -= scale * g[k]; g[k] = 0; }
      if (spec.bias) for (let o = 0; o < bl.length; o++) { bl[o] -= scale * gbl[o]; gbl[o] = 0; }
    }
  };
  return { reset, forward, backward, gradNorms, update };
}

export async function run(spec, data, init, opts) {
  const net = makeNet(spec, init);
  const { X, Y, n, dIn } = data;
  if (spec.grid) {
    const G = data.G, N = data.gridN, out = new Float64Array(N);
    const trainer = {
      reset: () => net.reset(),
      work(units) {
        for (let u = 0; u < units; u++) for (let p = 0; p < N; p++) out[p] = net.forward(G, 2 * p);
      },
      loss: () => mean(out),
    };
    return measure(trainer, opts.units, opts);
  }
  if (!spec.hidden && !spec.bias) return runLinear(spec, data, init, opts);
  const bs = spec.batch, scale = spec.lr / bs;
  let cursor = 0; // position in the data (batches in order, wrapping)
  const trainer = {
    reset: () => { net.reset(); cursor = 0; },
    work(units) {
      const steps = units * spec.unitSteps;
      for (let s = 0; s < steps; s++) {
        for (let k = 0; k < bs; k++) {
          net.forward(X, cursor * dIn);
          net.backward(Y[cursor]);
          cursor = cursor + 1 === n ? 0 : cursor + 1;
        }
        if (spec.gradNorms) net.gradNorms(bs);
        net.update(scale);
      }
    },
    loss() {
      const P = new Float64Array(n);
      for (let p = 0; p < n; p++) P[p] = net.forward(X, p * dIn);
      return halfMse(P, Y);
    },
  };
  return measure(trainer, opts.units, opts);
}

// W3: a linear model without bias, full batch: the loop one writes for it directly
// (residual r = x·w - y per point, gradient Xᵀr / n).
function runLinear(spec, data, init, opts) {
  const { X, Y, n, dIn: d } = data;
  const w = new Float64Array(d), g = new Float64Array(d);
  const scale = spec.lr / n;
  const trainer = {
    reset: () => w.set(init[0].W),
    work(units) {
      for (let s = 0; s < units; s++) {
        g.fill(0);
        for (let p = 0; p < n; p++) {
          const o = p * d;
          let r = -Y[p];
          for (let i = 0; i < d; i++) r += X[o + i] * w[i];
          for (let i = 0; i < d; i++) g[i] += r * X[o + i];
        }
        for (let i = 0; i < d; i++) w[i] -= scale * g[i];
      }
    },
    loss() {
      let s = 0;
      for (let p = 0; p < n; p++) {
        let r = -Y[p];
        for (let i = 0; i < d; i++) r += X[p * d + i] * w[i];
        s += r * r;
      }
      return (0.5 * s) / n;
    },
  };
  return measure(trainer, opts.units, opts);
}
