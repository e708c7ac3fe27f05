// Every guided lesson step makes a claim in its caption (www/strings-en.js,
// lesson.<id>.<k>.*). This file opens each step by its URL (#lesson=<id>&step=<k>), runs
// it through window.dlab, and checks that the claim holds in the numbers the core reports.
// It also screenshots every step in English and Korean at 1280×720
// (test-artifacts/lesson-<id>-<k>-<lang>.png) and writes the measured table to
// test-artifacts/lesson-claims.md.
//
// A claim that does not hold today is a `todo` check: it is printed (with its numbers) and
// listed in the table, but does not fail `make test`; it starts passing once the lesson is
// fixed. Every other claim is asserted.
//
// What window.dlab cannot show (the weights of a layer, the second run of the init lab,
// the sweep rows, the RBM errors, the fitted surface) is read from the page's own store
// module: `import('/www/store.js')` in the page returns the very module instance main.js
// uses (same URL). That is a test-only back door; see the report in lesson-claims.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, screenshot, ARTIFACTS } from './harness.mjs';
import { waitReady, nextFrames, PROJECTOR } from './fixtures/lab.mjs';
import { LESSONS } from '../../www/lessons.js';
import EN from '../../www/strings-en.js';
import KO from '../../www/strings-ko.js';

let server, browser;
const rows = []; // the claim table
const measured = {}; // per "id/k": numbers later steps compare against

before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => {
  await session?.context.close();
  await browser?.close();
  await server?.stop();
  mkdirSync(ARTIFACTS, { recursive: true });
  const md = ['| lesson | step | claim | measured | holds |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${r.k} | ${r.claim} | ${r.measured} | ${r.holds ? 'yes' : '**no**'} |`)];
  writeFileSync(join(ARTIFACTS, 'lesson-claims.md'), `${md.join('\n')}\n`);
});

// ------------------------------------------------------------------ helpers

const f = (x, d = 3) => (x == null ? String(x) : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(d - 1) : String(Number(x.toPrecision(d))));
const grads = (m) => m.layers.map((l) => l.grad_norm);
const hidden = (m) => m.layers.slice(0, -1); // every weight layer but the output one = one per hidden layer
/** ‖∂L/∂W1‖ ÷ ‖∂L/∂W_last hidden‖: how much smaller the first layer's gradient is. */
const firstOverLast = (m) => { const g = grads(m); return g[0] / g[g.length - 2]; };

const api = (page, fn, arg) => page.evaluate(fn, arg);

/** Reads the page's store (test-only back door, see the header). */
async function internals(page, what, arg) {
  return page.evaluate(async ([what, arg]) => {
    const { store } = await import('/www/store.js');
    const rt = store.state.runtime;
    switch (what) {
      case 'weights': return Array.from(rt.lab.weights(arg));
      case 'sizes': return Array.from(rt.lab.layerSizes());
      case 'compare': return rt.compareMetrics;
      case 'sweep': return rt.sweep ? Array.from(rt.sweep.rows) : null;
      case 'rbm': return Array.from(rt.lab.rbmErrors());
      case 'boundary': {
        // Fraction of neighbouring cells of the decision surface on opposite sides of 0.
        const res = 64;
        const g = rt.lab.grid(res);
        let flips = 0, pairs = 0;
        for (let i = 0; i < res; i++) for (let j = 0; j < res; j++) {
          if (j + 1 < res) { pairs++; if ((g[i * res + j] > 0) !== (g[i * res + j + 1] > 0)) flips++; }
          if (i + 1 < res) { pairs++; if ((g[i * res + j] > 0) !== (g[(i + 1) * res + j] > 0)) flips++; }
        }
        return flips / pairs;
      }
      default: throw new Error(what);
    }
  }, [what, arg]);
}

/** The capacity sweep's rows, once the page has computed them. */
async function waitSweep(page, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await internals(page, 'sweep');
    if (s) return s;
    if (Date.now() > until) throw new Error('the sweep did not run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Trains n optimizer steps in about 25 calls (so the page records a history to draw, as
 * when playing); returns the last metrics.
 */
async function train(page, n) {
  return api(page, (n) => {
    const chunk = Math.max(1, Math.ceil(n / 25));
    let m = window.dlab.metrics();
    for (let s = 0; s < n; s += chunk) m = window.dlab.step(Math.min(chunk, n - s));
    return m;
  }, n);
}

/** Trains n steps in chunks, returning [{epoch, train, test}] after each chunk. */
async function trainCurve(page, n, chunk) {
  return api(page, ([n, chunk]) => {
    const out = [];
    for (let s = 0; s < n; s += chunk) {
      const m = window.dlab.step(chunk);
      out.push({ epoch: m.epoch, step: m.step, train: m.train_loss, test: m.test_loss });
    }
    return out;
  }, [n, chunk]);
}

// ------------------------------------------------------------------ the claims
// Each step: the preset it must use, how many optimizer steps the screenshots train
// (`train`), and `check(page, ctx)` returning [{claim, measured, holds, todo?}].
// `todo` names the problem when the claim is known not to hold.

const CLAIMS = {
  vanishing: [
    {
      preset: 'sigmoid', train: 300,
      async check(page) {
        const m = await train(page, 50);
        const g = grads(m);
        const h = g.slice(0, -1);
        const steps = h.slice(1).map((x, i) => x / h[i]);
        const r = firstOverLast(m);
        measured['vanishing/1'] = { ratio: r, m };
        return [
          { claim: 'every layer’s gradient is smaller than the next one’s (W1 < W2 < … < W5)', measured: `‖∂L/∂W‖ = ${h.map((x) => f(x)).join(', ')}`, holds: steps.every((x) => x > 1) },
          { claim: '“several times smaller” per layer', measured: `factors W(i+1)/Wi: ${steps.map((x) => f(x, 2)).join(', ')}`, holds: Math.min(...steps) >= 1.5 },
          { claim: 'the early layers learn slowest: W1 ÷ W5 ≪ 1', measured: `W1/W5 = ${f(r)}`, holds: r <= 0.05 },
        ];
      },
    },
    {
      preset: 'sigmoid-deep', train: 300, ui: { edgeView: 'grads' },
      async check(page) {
        const m = await train(page, 50);
        const r = firstOverLast(m);
        const r5 = measured['vanishing/1'].ratio;
        measured['vanishing/2'] = { ratio: r, m };
        const perLayer10 = Math.log10(r) / 9, perLayer5 = Math.log10(r5) / 4;
        return [
          { claim: 'ten layers: first layer’s gradient ≤ 1e-2 × the last hidden layer’s', measured: `W1/W10 = ${f(r)}`, holds: r <= 1e-2 },
          { claim: 'the gap grows exponentially with depth (about the same factor per layer as with 5)', measured: `log10 factor per layer: ${f(perLayer10, 2)} (10 layers) vs ${f(perLayer5, 2)} (5 layers); W1/W10 = ${f(r)} vs W1/W5 = ${f(r5)}`, holds: r < r5 ** 1.5 && perLayer10 < 0 },
        ];
      },
    },
    {
      preset: 'saturate', train: 300, ui: { layer: 4 },
      async check(page) {
        const m0 = await api(page, () => window.dlab.metrics());
        const ui = await api(page, () => window.dlab.ui());
        const sat = hidden(m0).map((l) => l.saturated);
        const sat1 = hidden(measured['vanishing/1'].m).map((l) => l.saturated);
        const sel = sat[ui.layer] ?? NaN;
        return [
          { claim: 'large weights: more saturated units than with Xavier (step 1)', measured: `saturated h1..h5: ${sat.map((x) => f(x, 2)).join(', ')} vs step 1: ${sat1.map((x) => f(x, 2)).join(', ')}`, holds: Math.max(...sat) > Math.max(...sat1) },
          {
            claim: 'the units sit in the tails (grey zones): a large share saturated (≥ 20 % in some hidden layer)',
            measured: `max ${f(Math.max(...sat) * 100, 2)} %; the layer the page shows (h${ui.layer + 1}) ${f(sel * 100, 2)} %`,
            holds: Math.max(...sat) >= 0.2,
            todo: 'www: preset "saturate" saturates too few units to show the grey zones',
          },
        ];
      },
    },
    {
      preset: 'tanh', train: 300, ui: { edgeView: 'grads' },
      async check(page) {
        const m = await train(page, 50);
        const r = firstOverLast(m);
        const rs = measured['vanishing/2'].ratio;
        measured['vanishing/4'] = { ratio: r };
        return [{ claim: 'tanh: the bars stay much closer together than sigmoid’s (W1/W10 ≥ 1e-2 and ≥ 1000 × sigmoid’s)', measured: `W1/W10 = ${f(r)} vs sigmoid ${f(rs)}`, holds: r >= 1e-2 && r >= 1000 * rs }];
      },
    },
    {
      preset: 'relu', train: 300, ui: { edgeView: 'grads' },
      async check(page) {
        const m = await train(page, 50);
        const r = firstOverLast(m);
        const dead = hidden(m).map((l) => l.dead);
        measured['vanishing/5'] = { dead };
        return [
          { claim: 'ReLU + He: the bars stay level (0.1 ≤ W1/W10 ≤ 10)', measured: `W1/W10 = ${f(r)}`, holds: r >= 0.1 && r <= 10 },
          { claim: 'there are dead units to watch', measured: `dead h1..h10: ${dead.map((x) => f(x, 2)).join(', ')}`, holds: dead.some((x) => x > 0) },
        ];
      },
    },
    {
      preset: 'leaky', train: 300,
      async check(page) {
        const m = await train(page, 50);
        const dead = hidden(m).map((l) => l.dead);
        return [{ claim: 'Leaky ReLU keeps every unit alive (0 dead; ReLU had some)', measured: `dead: max ${f(Math.max(...dead))} vs ReLU max ${f(Math.max(...measured['vanishing/5'].dead))}`, holds: dead.every((x) => x === 0) && measured['vanishing/5'].dead.some((x) => x > 0) }];
      },
    },
    {
      preset: 'batchnorm', train: 300,
      async check(page) {
        const m = await train(page, 50);
        const r = firstOverLast(m);
        const sat = hidden(m).map((l) => l.saturated);
        const sat2 = hidden(measured['vanishing/2'].m).map((l) => l.saturated);
        return [
          { claim: 'ten sigmoid layers with batch norm: the gradient no longer vanishes (W1/W10 ≥ 0.1)', measured: `W1/W10 = ${f(r)} vs ${f(measured['vanishing/2'].ratio)} without`, holds: r >= 0.1 },
          {
            claim: 'the units leave the flat tails (without batch norm ≥ 5 % saturated somewhere, with it at most half that)',
            measured: `max saturated over h1..h10: ${f(Math.max(...sat))} with vs ${f(Math.max(...sat2))} without`,
            holds: Math.max(...sat2) >= 0.05 && Math.max(...sat) <= Math.max(...sat2) / 2,
            todo: 'www: not observable — without batch norm (step 2) hardly any unit is saturated either; there the gradient vanishes because σ′ ≤ 1/4',
          },
        ];
      },
    },
  ],

  init: [
    {
      preset: 'zero', train: 200, ui: { compare: 'xavier' },
      async check(page) {
        await train(page, 200);
        const m = await api(page, () => window.dlab.metrics());
        const sizes = await internals(page, 'sizes');
        const out = [];
        let maxSpread = 0;
        for (let l = 0; l < sizes.length - 2; l++) {
          // Row-major n_in × n_out: column j is unit j's incoming weights.
          const w = await internals(page, 'weights', l);
          const nIn = sizes[l], nOut = sizes[l + 1];
          for (let i = 0; i < nIn; i++) for (let j = 1; j < nOut; j++) maxSpread = Math.max(maxSpread, Math.abs(w[i * nOut + j] - w[i * nOut]));
        }
        const cm = await internals(page, 'compare');
        const ui = await api(page, () => window.dlab.ui());
        out.push({ claim: 'after 200 steps every unit of a layer has the same incoming weights (h1..h3)', measured: `max |w_ij − w_i0| = ${f(maxSpread)}; hidden weight norms ${hidden(m).map((l) => f(l.weight_norm)).join(', ')}`, holds: maxSpread === 0 });
        out.push({ claim: 'same input, same output: identical activations (std over units×points 0)', measured: `act_std h1..h3: ${hidden(m).map((l) => f(l.act_std)).join(', ')}`, holds: hidden(m).every((l) => l.act_std === 0) });
        out.push({ claim: 'it never learns; the comparison run learns', measured: `test loss zero ${f(m.test_loss)} vs ${ui.compare} ${f(cm.test_loss)}`, holds: m.test_loss >= 0.45 && cm.test_loss < 0.8 * m.test_loss });
        return out;
      },
    },
    {
      preset: 'small', train: 200,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const std = hidden(m).map((l) => l.act_std);
        const g = grads(m);
        return [
          { claim: 'tiny weights: the deep layers’ activations collapse to 0 (std h8 ≤ 1e-6 × h1)', measured: `act_std h1..h8: ${std.map((x) => f(x, 2)).join(', ')}`, holds: std.at(-1) <= 1e-6 * std[0] },
          { claim: '… and so do the gradients (every ‖∂L/∂W‖ ≤ 1e-6)', measured: `max ‖∂L/∂W‖ = ${f(Math.max(...g))}`, holds: Math.max(...g) <= 1e-6 },
        ];
      },
    },
    {
      preset: 'large', train: 200,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const sat = hidden(m).map((l) => l.saturated);
        const std = hidden(m).map((l) => l.act_std);
        measured['init/3'] = { sat };
        return [{ claim: 'large weights push tanh into ±1: histograms pile up at the edges (every layer ≥ 20 % saturated, act std ≥ 0.7)', measured: `saturated ${sat.map((x) => f(x, 2)).join(', ')}; act_std ${std.map((x) => f(x, 2)).join(', ')}`, holds: sat.every((x) => x >= 0.2) && std.every((x) => x >= 0.7) }];
      },
    },
    {
      preset: 'xavier-tanh', train: 200,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const std = hidden(m).map((l) => l.act_std);
        const sat = hidden(m).map((l) => l.saturated);
        const spread = Math.max(...std) / Math.min(...std);
        return [{ claim: 'Xavier keeps the spread of activations level (max/min act std over h1..h8 ≤ 4, none saturated like “large”)', measured: `act_std ${std.map((x) => f(x, 2)).join(', ')} (max/min ${f(spread, 2)}); max saturated ${f(Math.max(...sat), 2)}`, holds: spread <= 4 && Math.max(...sat) < 0.05 }];
      },
    },
    {
      preset: 'relu-xavier', train: 200, ui: { compare: 'he' },
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const cm = await internals(page, 'compare');
        const ui = await api(page, () => window.dlab.ui());
        const xs = hidden(m).map((l) => l.act_std);
        const hs = hidden(cm).map((l) => l.act_std);
        return [
          { claim: 'ReLU + Xavier: after 20 layers almost nothing is left (std h20 ≤ 1e-2 × h1)', measured: `Xavier std h1 ${f(xs[0])} → h20 ${f(xs.at(-1))}`, holds: xs.at(-1) <= 1e-2 * xs[0] },
          { claim: 'He compensates: h20 keeps ≥ 100 × Xavier’s spread', measured: `${ui.compare}: std h1 ${f(hs[0])} → h20 ${f(hs.at(-1))}`, holds: hs.at(-1) >= 100 * xs.at(-1) },
          { claim: 'He keeps the variance level (std h20 ≥ 0.1 × h1)', measured: `He h20/h1 = ${f(hs.at(-1) / hs[0])}`, holds: hs.at(-1) >= 0.1 * hs[0], todo: 'www/core: with 16 units a layer He’s activation std still falls steeply over 20 layers' },
          { claim: 'the red line is He', measured: `ui.compare = ${ui.compare}`, holds: ui.compare === 'he' },
        ];
      },
    },
    {
      preset: 'rbm', train: 100,
      async check(page) {
        const e = await internals(page, 'rbm');
        const by = new Map();
        for (let i = 0; i + 2 < e.length; i += 3) { if (!by.has(e[i])) by.set(e[i], []); by.get(e[i]).push(e[i + 2]); }
        const drops = [...by.values()].map((v) => v.at(-1) / v[0]);
        const m = await train(page, 400);
        return [
          { claim: 'the RBM chart has a reconstruction-error curve per layer', measured: `${by.size} layers × ${[...by.values()][0]?.length ?? 0} epochs`, holds: by.size === 4 },
          { claim: 'the reconstruction error falls, in every layer (last ≤ 0.9 × first)', measured: `last/first per layer: ${drops.map((x) => f(x, 2)).join(', ')}`, holds: drops.every((x) => x <= 0.9), todo: 'www/core: some layers’ reconstruction error stays flat (their inputs hardly vary)' },
          { claim: '(not in the caption) fine-tuning learns: test loss after 400 steps < 0.45', measured: `test loss ${f(m.test_loss)}, accuracy ${f(m.test_acc, 2)}`, holds: m.test_loss < 0.45, todo: 'www: the RBM-initialised net of this step does not learn in 400 steps' },
        ];
      },
    },
  ],

  overfitting: [
    {
      preset: 'bishop-3', train: 1,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        measured['overfitting/1'] = { m };
        return [{ claim: 'cubic on 10 points: training and test loss both small (≤ 0.05, ≤ 0.1; noise floor ½σ² = 0.045)', measured: `train ${f(m.train_loss)}, test ${f(m.test_loss)}`, holds: m.train_loss <= 0.05 && m.test_loss <= 0.1 }];
      },
    },
    {
      preset: 'bishop-1', train: 1,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const c = measured['overfitting/1'].m;
        return [{ claim: 'a straight line underfits: both losses high (≥ 2 × the cubic’s train, ≥ 1.5 × its test)', measured: `train ${f(m.train_loss)}, test ${f(m.test_loss)} vs cubic ${f(c.train_loss)}, ${f(c.test_loss)}`, holds: m.train_loss >= 2 * c.train_loss && m.test_loss >= 1.5 * c.test_loss }];
      },
    },
    {
      preset: 'bishop-9', train: 1,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const c = measured['overfitting/1'].m;
        measured['overfitting/3'] = { m };
        const w = m.layers[0].weight_norm, wc = c.layers[0].weight_norm;
        return [
          { claim: 'degree 9 goes through every training point (train loss ≈ 0)', measured: `train ${f(m.train_loss)}`, holds: m.train_loss <= 1e-10 },
          { claim: 'the test loss is large (above degree 3’s)', measured: `test ${f(m.test_loss)} vs degree 3 ${f(c.test_loss)}`, holds: m.test_loss > 2 * c.test_loss },
          { claim: 'the coefficients explode', measured: `‖w‖ ${f(w)} vs degree 3 ${f(wc)}`, holds: w >= 1e4 * wc },
        ];
      },
    },
    {
      preset: 'bishop-9', train: 1, sweep: true,
      async check(page) {
        const s = await waitSweep(page);
        const deg = [], tr = [], te = [];
        for (let i = 0; i < s.length; i += 3) { deg.push(s[i]); tr.push(s[i + 1]); te.push(s[i + 2]); }
        const monotone = tr.every((x, i) => i === 0 || x <= tr[i - 1] * 1.05 + 1e-9);
        const best = te.indexOf(Math.min(...te));
        const at9 = te[deg.indexOf(9)];
        return [
          { claim: 'training loss only falls with capacity', measured: `train by degree: ${tr.map((x) => f(x, 2)).join(', ')}`, holds: monotone },
          { claim: 'test loss falls, then rises: the best degree is inside, degree 9 is worse', measured: `best degree ${deg[best]} (test ${f(te[best])}); degree 0 ${f(te[0])}, degree 9 ${f(at9)}`, holds: best > 0 && deg[best] < 9 && at9 > 2 * te[best] && te[0] > te[best] },
        ];
      },
    },
    {
      preset: 'bishop-9-n100', train: 1,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const o = measured['overfitting/3'].m;
        return [{ claim: '100 points: degree 9 no longer chases the noise (train > 0, test ≤ ½ the 10-point test)', measured: `train ${f(m.train_loss)}, test ${f(m.test_loss)} vs 10 points: ${f(o.train_loss)}, ${f(o.test_loss)}`, holds: m.train_loss > 1e-3 && m.test_loss <= 0.5 * o.test_loss }];
      },
    },
    {
      preset: 'bishop-9-ridge', train: 1,
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const o = measured['overfitting/3'].m;
        const gap = m.test_loss - m.train_loss, gap0 = o.test_loss - o.train_loss;
        return [
          { claim: 'weight decay keeps the coefficients small', measured: `‖w‖ ${f(m.layers[0].weight_norm)} vs ${f(o.layers[0].weight_norm)} without`, holds: m.layers[0].weight_norm <= 1e-3 * o.layers[0].weight_norm },
          { claim: '… and the test loss and the train/test gap lower than without', measured: `test ${f(m.test_loss)} vs ${f(o.test_loss)}; gap ${f(gap)} vs ${f(gap0)}`, holds: m.test_loss < o.test_loss && gap < gap0 },
        ];
      },
    },
    {
      preset: 'mlp-overfit', train: 900,
      async check(page) {
        const curve = await trainCurve(page, 900, 15);
        const best = curve.reduce((b, r) => (r.test < b.test ? r : b));
        const last = curve.at(-1);
        const boundary = await internals(page, 'boundary');
        measured['overfitting/7'] = { last, boundary };
        return [
          { claim: 'the network fits its 30 noisy points far better than new ones (train < test / 3 after 300 epochs)', measured: `train ${f(last.train)}, test ${f(last.test)}`, holds: last.train < last.test / 3 },
          { claim: 'the test loss rises after its best epoch (the early-stopping mark appears: last > 1.05 × best)', measured: `best test ${f(best.test)} at epoch ${best.epoch}; epoch ${last.epoch}: ${f(last.test)}`, holds: best.epoch < last.epoch && last.test > 1.05 * best.test },
        ];
      },
    },
    {
      preset: 'dropout', train: 900,
      async check(page) {
        const curve = await trainCurve(page, 900, 15);
        const last = curve.at(-1);
        const boundary = await internals(page, 'boundary');
        const o = measured['overfitting/7'];
        const gap = last.test - last.train, gap0 = o.last.test - o.last.train;
        return [
          { claim: 'dropout: the train/test gap shrinks', measured: `gap ${f(gap)} vs ${f(gap0)} without (epoch ${last.epoch})`, holds: gap < gap0 },
          { claim: 'the boundary is smoother (shorter on a 64×64 grid)', measured: `boundary cells ${f(boundary * 100, 2)} % vs ${f(o.boundary * 100, 2)} % without`, holds: boundary < o.boundary },
          { claim: 'the test loss stays lower', measured: `test ${f(last.test)} vs ${f(o.last.test)} without`, holds: last.test < o.last.test, todo: 'www: with this preset and seed dropout’s test loss is not below the plain network’s' },
        ];
      },
    },
  ],
};

// ------------------------------------------------------------------ the tests

test('every lesson step has a claim check, with the preset lessons.js gives it', () => {
  for (const [id, lesson] of Object.entries(LESSONS)) {
    assert.ok(CLAIMS[id], `no claim checks for lesson "${id}"`);
    assert.equal(lesson.steps.length, CLAIMS[id].length, `lesson "${id}": ${lesson.steps.length} steps, ${CLAIMS[id].length} checks`);
    lesson.steps.forEach((st, i) => {
      assert.equal(st.preset, CLAIMS[id][i].preset, `lesson ${id} step ${i + 1}: preset changed; update its claim check`);
      assert.equal(Boolean(st.sweep), Boolean(CLAIMS[id][i].sweep), `lesson ${id} step ${i + 1}: sweep`);
      for (const lang of [EN, KO]) {
        assert.ok(lang[`lesson.${id}.${i + 1}.title`], `lesson.${id}.${i + 1}.title`);
        assert.ok(lang[`lesson.${id}.${i + 1}.text`], `lesson.${id}.${i + 1}.text`);
      }
    });
  }
});

// One page for every step (a fresh context per step costs more than the checks): each
// step is a full load of index.html (the query string differs, so it is not a same-document
// hash change), as when a student opens the shared link.
let session = null;
async function open(id, k, lang) {
  if (!session) session = await newPage(browser, null, { viewport: PROJECTOR });
  session.consoleErrors.length = 0;
  session.pageErrors.length = 0;
  await session.page.goto(`${server.url}index.html?step=${id}-${k}#lesson=${id}&step=${k}&lang=${lang}`);
  await waitReady(session.page);
  return session;
}

for (const [id, lesson] of Object.entries(LESSONS)) {
  lesson.steps.forEach((st, i) => {
    const k = i + 1;
    const spec = CLAIMS[id]?.[i];
    if (!spec) return;

    test(`lesson ${id} step ${k} (${st.preset}): ${EN[`lesson.${id}.${k}.title`]}`, { timeout: 60000 }, async (t) => {
      const { page, consoleErrors, pageErrors } = await open(id, k, 'en');
      const ui = await api(page, () => window.dlab.ui());
      assert.equal(ui.lesson, id);
      assert.equal(ui.step, k);
      // The caption is on the page.
      assert.equal((await page.textContent('.lesson h3'))?.trim(), EN[`lesson.${id}.${k}.title`]);

      // The step's view settings (lessons.js / the preset's ui) apply when opened by URL.
      for (const [key, want] of Object.entries(spec.ui ?? {})) {
        const got = ui[key];
        const row = { id, k, claim: `(view) opened by URL, ui.${key} is ${JSON.stringify(want)}`, measured: `ui.${key} = ${JSON.stringify(got)}`, holds: got === want };
        rows.push(row);
        await t.test(row.claim, { todo: row.holds ? false : 'www: a lesson step opened by its URL does not apply the step’s ui settings' }, () => assert.equal(got, want));
      }

      for (const r of await spec.check(page)) {
        rows.push({ id, k, ...r });
        const label = `${r.claim} — ${r.measured}`;
        if (r.todo && !r.holds) {
          await t.test(label, { todo: r.todo }, () => assert.ok(r.holds, r.measured));
        } else {
          await t.test(label, () => assert.ok(r.holds, `${id} step ${k}: ${r.claim}: ${r.measured}`));
        }
      }
      // Screenshots show the step trained as far as `train` says (a claim may have looked at step 0).
      if (st.sweep) await waitSweep(page);
      const done = (await api(page, () => window.dlab.metrics())).step;
      if (!st.sweep && spec.train > done) await train(page, spec.train - done);
      await nextFrames(page, 3);
      await screenshot(page, `lesson-${id}-${k}-en`);

      // The same trained state in Korean (the language buttons do the same).
      await api(page, () => window.dlab.set('lang', 'ko'));
      await nextFrames(page, 3);
      assert.equal((await page.textContent('.lesson h3'))?.trim(), KO[`lesson.${id}.${k}.title`]);
      await screenshot(page, `lesson-${id}-${k}-ko`);
      assert.deepEqual(pageErrors, [], 'uncaught errors');
      assert.deepEqual(consoleErrors, [], 'console errors');
    });
  });
}
