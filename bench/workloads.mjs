// The benchmark workloads of shared/reference/workloads.md: data, initial weights and the
// amount of work in one timed repetition, shared by every library.
//
// Reproducible by anyone (e.g. dlab's Rust side) from this description:
//   * generator: mulberry32 (below), one per workload family, seeded with SEEDS[family];
//     uniform() = next u32 / 2^32 in [0, 1); normal() = Box-Muller on two uniforms
//     u1 = 1 - uniform(), u2 = uniform(): sqrt(-2 ln u1) * cos(2 pi u2) (the sine is dropped).
//   * the data is drawn first, then the initial weights, from the same generator.
//   * W1: for each of 250 points: x1 = -6 + 12 u, x2 = -6 + 12 u; y = x1²+x2² < 9 ? +1 : -1.
//   * W2 (and W2n, same data and weights): 1024 points: x = -3 + 6 u; y = sin x.
//   * W3: 100 points: x = normal(), then noise = 0.1 normal();
//     y = 5 + 1.2x - 3.4x²/2! + 5.6x³/3! + noise; features x^i/i!, i = 0..19.
//   * weights: layer by layer from the input, row-major W[o * nIn + i] (o = output unit,
//     i = input unit), each -0.5 + u; biases 0.1 (W3: one 1x20 layer, no bias).
//   * W1-grid: 100 x 100 points x1 = -6 + 12 i/99 (i = row), x2 = -6 + 12 j/99 (j = column),
//     point index i*100 + j (TF Playground's heatmap: DENSITY = 100, d3 scale [0, 99] -> [-6, 6]).
//
// Loss everywhere: ½ mean squared error over the training set, ½·mean((ŷ - y)²).

export const SEEDS = { W1: 1, W2: 2, W3: 3 };

// Work in one repetition (always from the initial weights), so that the loss after one
// repetition is comparable across libraries: the "same work" check.
export const WORK = {
  W1: { units: 20, unit: 'epochs/s' }, // 20 epochs = 500 updates of batch 10
  'W1-grid': { units: 1, unit: 'grids/s' }, // loss column = mean of the grid outputs (checksum)
  W2: { units: 64, unit: 'steps/s' }, // 64 steps of batch 32 = 2 epochs
  W2n: { units: 64, unit: 'steps/s' },
  W3: { units: 1000, unit: 'steps/s' }, // 1000 full-batch steps
};

export const WORKLOADS = ['W1', 'W1-grid', 'W2', 'W2n', 'W3'];

export function mulberry32(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => next() / 4294967296;
  const normal = () => {
    const u1 = 1 - uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return { next, uniform, normal };
}

function initLayers(rng, sizes, bias = true) {
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1], nOut = sizes[l];
    const W = new Float64Array(nOut * nIn);
    for (let k = 0; k < W.length; k++) W[k] = rng.uniform() - 0.5;
    const b = bias ? new Float64Array(nOut).fill(0.1) : null;
    layers.push({ nIn, nOut, W, b });
  }
  return layers;
}

function factorial(n) {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return f;
}

// Builds one workload. Returns:
//   spec: { name, sizes, hidden: 'tanh'|'sigmoid'|null, output: 'tanh'|'linear', bias,
//           lr, batch, unitSteps (updates per unit), gradNorms, grid }
//   data: { n, dIn, X: Float64Array n*dIn (row-major), Y: Float64Array n, G?: grid inputs }
//   init: [{ nIn, nOut, W: Float64Array nOut*nIn, b: Float64Array|null }]
export function makeWorkload(name) {
  if (name === 'W1' || name === 'W1-grid') {
    const rng = mulberry32(SEEDS.W1);
    const n = 250;
    const X = new Float64Array(n * 2), Y = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const x1 = -6 + 12 * rng.uniform();
      const x2 = -6 + 12 * rng.uniform();
      X[2 * p] = x1; X[2 * p + 1] = x2;
      Y[p] = x1 * x1 + x2 * x2 < 9 ? 1 : -1;
    }
    const sizes = [2, 8, 8, 1];
    const init = initLayers(rng, sizes);
    const R = 100;
    const G = new Float64Array(R * R * 2);
    for (let i = 0; i < R; i++)
      for (let j = 0; j < R; j++) {
        G[2 * (i * R + j)] = -6 + (12 * i) / (R - 1);
        G[2 * (i * R + j) + 1] = -6 + (12 * j) / (R - 1);
      }
    const spec = {
      name, sizes, hidden: 'tanh', output: 'tanh', bias: true, lr: 0.03, batch: 10,
      unitSteps: n / 10, gradNorms: false, grid: name === 'W1-grid', gridRes: R,
    };
    return { spec, data: { n, dIn: 2, X, Y, G, gridN: R * R }, init };
  }
  if (name === 'W2' || name === 'W2n') {
    const rng = mulberry32(SEEDS.W2);
    const n = 1024;
    const X = new Float64Array(n), Y = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const x = -3 + 6 * rng.uniform();
      X[p] = x; Y[p] = Math.sin(x);
    }
    const sizes = [1, ...Array(10).fill(32), 1];
    const init = initLayers(rng, sizes);
    const spec = {
      name, sizes, hidden: 'sigmoid', output: 'linear', bias: true, lr: 0.1, batch: 32,
      unitSteps: 1, gradNorms: name === 'W2n', grid: false,
    };
    return { spec, data: { n, dIn: 1, X, Y }, init };
  }
  if (name === 'W3') {
    const rng = mulberry32(SEEDS.W3);
    const n = 100, d = 20;
    const X = new Float64Array(n * d), Y = new Float64Array(n);
    const coef = [5, 1.2, -3.4, 5.6];
    for (let p = 0; p < n; p++) {
      const x = rng.normal();
      const noise = 0.1 * rng.normal();
      let y = noise;
      for (let i = 0; i < d; i++) {
        const f = Math.pow(x, i) / factorial(i);
        X[p * d + i] = f;
        if (i < coef.length) y += coef[i] * f;
      }
      Y[p] = y;
    }
    const sizes = [d, 1];
    const init = initLayers(rng, sizes, false);
    const spec = {
      name, sizes, hidden: null, output: 'linear', bias: false, lr: 0.01, batch: n,
      unitSteps: 1, gradNorms: false, grid: false,
    };
    return { spec, data: { n, dIn: d, X, Y }, init };
  }
  throw new Error(`unknown workload ${name}`);
}

// ½ mean squared error of predictions P against data.Y.
export function halfMse(P, Y) {
  let s = 0;
  for (let i = 0; i < Y.length; i++) {
    const e = P[i] - Y[i];
    s += e * e;
  }
  return (0.5 * s) / Y.length;
}

export function mean(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
}
