// Every guided lesson step makes a claim in its caption (www/strings-en.js,
// lesson.<id>.<k>.*). This file opens each step by its URL (#lesson=<id>&step=<k>), runs
// it through window.dlab, and checks that the claim holds in the numbers the core reports.
// It also screenshots every step in English and Korean at 1280×800
// (test-artifacts/lessons/<id>-<k>-<lang>.png) and writes the measured table to
// test-artifacts/lesson-claims.md. Every claim is asserted; where a claim depends on the
// random draw, it is also checked on other seeds (in a scratch Lab, the page untouched).
//
// What window.dlab cannot show (the weights of a layer, the second run of the init lab,
// the sweep rows, the RBM errors, the fitted surface) is read from the page's own store
// module: `import('/www/store.js')` in the page returns the very module instance main.js
// uses (same URL). That is a test-only back door; see the report in lesson-claims.md.
// The scratch Labs come from the same back door (`getCore()` of /www/session.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, screenshot, ARTIFACTS } from './harness.mjs';
import { waitReady, nextFrames } from './fixtures/lab.mjs';
import { LESSONS } from '../../www/lessons.js';
import EN from '../../www/strings-en.js';
import KO from '../../www/strings-ko.js';

let server, browser;
const rows = []; // the claim table
const measured = {}; // per "id/k": numbers later steps compare against

const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = 'lessons'; // under test-artifacts/
// The ui keys a lesson step sets (lessons.js, the presets' ui): its view.
const VIEW_KEYS = ['lab', 'lesson', 'step', 'edgeView', 'layer', 'logY', 'compare'];
const opened = {}; // "id/k" → {ui, config, hash} as opening the step's URL gives them

const cell = (text) => String(text).replace(/\|/g, '\\|'); // a Markdown table cell

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(join(ARTIFACTS, SHOTS), { recursive: true });
});
after(async () => {
  await session?.context.close();
  await browser?.close();
  await server?.stop();
  mkdirSync(ARTIFACTS, { recursive: true });
  const md = ['| lesson | step | claim | measured | holds |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${r.k} | ${cell(r.claim)} | ${cell(r.measured)} | ${r.holds ? 'yes' : '**no**'} |`)];
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
      case 'pretraining': return Boolean(rt.lab.pretrainPending?.() || rt.compareLab?.pretrainPending?.());
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

/**
 * Scratch runs beside the page: for each patch, a Lab on the page's config with the patch
 * merged in, trained `steps` steps (in chunks of `chunk`). Returns per run the metrics before
 * (m0) and after (m) and the lowest test loss seen. The page's own run is not touched.
 */
async function scratch(page, patches, steps = 0, chunk = 15) {
  return page.evaluate(async ([patches, steps, chunk]) => {
    const { store } = await import('/www/store.js');
    const { getCore } = await import('/www/session.js');
    const { merge } = await import('/www/util.js');
    const core = getCore();
    return patches.map((patch) => {
      const lab = new core.Lab(core.validateConfig(merge(store.state.config, patch)));
      try {
        const m0 = lab.metrics();
        let m = m0;
        let best = m.test_loss;
        for (let s = 0; s < steps; s += chunk) { m = lab.step(Math.min(chunk, steps - s)); best = Math.min(best, m.test_loss); }
        return { m0, m, best };
      } finally { lab.free(); }
    });
  }, [patches, steps, chunk]);
}

/** Waits until the page's RBM pre-training (done in slices over frames) has finished. */
async function waitPretraining(page, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  while (await internals(page, 'pretraining')) {
    if (Date.now() > until) throw new Error('the RBM pre-training did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const seeds = (n) => Array.from({ length: n }, (_, i) => i + 1);
const range = (xs) => `${f(Math.min(...xs), 2)}–${f(Math.max(...xs), 2)}`;

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
// (`train`), and `check(page, ctx)` returning [{claim, measured, holds}].

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
        const m300 = await train(page, 250);
        measured['vanishing/2'] = { ratio: r, m, m300 };
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
        const other = (await scratch(page, seeds(5).slice(1).map((seed) => ({ seed })))).map((r) => Math.max(...hidden(r.m).map((l) => l.saturated)));
        return [
          { claim: 'large weights: more saturated units than with Xavier (step 1)', measured: `saturated h1..h5: ${sat.map((x) => f(x, 2)).join(', ')} vs step 1: ${sat1.map((x) => f(x, 2)).join(', ')}`, holds: Math.max(...sat) > Math.max(...sat1) },
          {
            claim: 'the units sit in the tails (grey zones): a large share saturated (≥ 30 % in the layer the page shows)',
            measured: `the layer the page shows (h${ui.layer + 1}) ${f(sel * 100, 2)} %; max ${f(Math.max(...sat) * 100, 2)} %`,
            holds: sel >= 0.3,
          },
          { claim: '… on other draws too (max over h1..h5 ≥ 30 %, seeds 2–5)', measured: `max saturated ${other.map((x) => `${f(x * 100, 2)} %`).join(', ')}`, holds: other.every((x) => x >= 0.3) },
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
        const m300 = await train(page, 250);
        const plain = measured['vanishing/2'].m300;
        // The caption's invitation: init = large, with and without batch norm (scratch runs).
        const large = await scratch(page, [{ model: { init: 'large' } }, { model: { init: 'large', batch_norm: false } }], 300);
        const satMax = (x) => Math.max(...hidden(x).map((l) => l.saturated));
        const [bn, nobn] = large;
        return [
          { claim: 'ten sigmoid layers with batch norm: the gradient no longer vanishes (W1/W10 ≥ 0.1)', measured: `W1/W10 = ${f(r)} vs ${f(measured['vanishing/2'].ratio)} without`, holds: r >= 0.1 },
          { claim: 'the network learns: after 300 steps test loss ≤ ½ of step 2’s, accuracy ≥ 80 % (step 2 stays at chance)', measured: `test loss ${f(m300.test_loss)}, accuracy ${f(m300.test_acc, 2)} vs step 2: ${f(plain.test_loss)}, ${f(plain.test_acc, 2)}`, holds: m300.test_loss <= 0.5 * plain.test_loss && m300.test_acc >= 0.8 },
          {
            claim: 'init “large”: with batch norm no unit saturates (< 1 %), without it ≥ 10 % do (after 0 and 300 steps)',
            measured: `max saturated over h1..h10 at 0 / 300 steps: with ${f(satMax(bn.m0))} / ${f(satMax(bn.m))} (test loss ${f(bn.m.test_loss)}), without ${f(satMax(nobn.m0))} / ${f(satMax(nobn.m))} (test loss ${f(nobn.m.test_loss)})`,
            holds: Math.max(satMax(bn.m0), satMax(bn.m)) < 0.01 && Math.min(satMax(nobn.m0), satMax(nobn.m)) >= 0.1,
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
      preset: 'relu-xavier', train: 100, ui: { compare: 'he' },
      async check(page) {
        const m = await api(page, () => window.dlab.metrics());
        const cm = await internals(page, 'compare');
        const ui = await api(page, () => window.dlab.ui());
        const xs = hidden(m).map((l) => l.act_std);
        const hs = hidden(cm).map((l) => l.act_std);
        const sizes = await internals(page, 'sizes');
        // He's level variance is an expectation over weight draws: check other draws, and
        // the caption's remark that narrow layers stray from it.
        const ratio = (r) => { const h = hidden(r.m0).map((l) => l.act_std); return h.at(-1) / h[0]; };
        const he64 = (await scratch(page, seeds(10).map((seed) => ({ seed, model: { init: 'he' } })))).map(ratio);
        const xa64 = (await scratch(page, seeds(10).map((seed) => ({ seed })))).map(ratio);
        const he16 = (await scratch(page, seeds(10).map((seed) => ({ seed, model: { init: 'he', hidden: Array(20).fill(16) } })))).map(ratio);
        // Training (the screenshot shows these 100 steps): the page's two runs, and other seeds.
        const mt = await train(page, 100);
        const trained = { xavier: mt.test_loss, he: (await internals(page, 'compare')).test_loss };
        const other = await scratch(page, seeds(10).flatMap((seed) => [{ seed, model: { init: 'he' } }, { seed }]), 100, 50);
        const pairs = [];
        for (let i = 0; i < other.length; i += 2) pairs.push([other[i].m.test_loss, other[i + 1].m.test_loss]);
        const learns = ([he, xa]) => he <= 0.3 && xa >= 0.45;
        return [
          { claim: 'twenty ReLU layers of 64 units', measured: `hidden sizes ${sizes.slice(1, -1).join(',')}`, holds: sizes.length === 22 && sizes.slice(1, -1).every((n) => n === 64) },
          { claim: 'ReLU + Xavier: after 20 layers almost nothing is left (std h20 ≤ 1e-2 × h1)', measured: `Xavier std h1 ${f(xs[0])} → h20 ${f(xs.at(-1))}; seeds 1–10: h20/h1 ${range(xa64)}`, holds: xs.at(-1) <= 1e-2 * xs[0] && xa64.every((x) => x <= 1e-2) },
          { claim: 'He compensates: h20 keeps ≥ 100 × Xavier’s spread', measured: `${ui.compare}: std h1 ${f(hs[0])} → h20 ${f(hs.at(-1))}`, holds: hs.at(-1) >= 100 * xs.at(-1) },
          { claim: 'He keeps the variance level (std h20 ≥ 0.1 × h1, here and on seeds 1–10)', measured: `He h20/h1 = ${f(hs.at(-1) / hs[0])}; seeds 1–10: ${range(he64)}`, holds: hs.at(-1) >= 0.1 * hs[0] && he64.every((x) => x >= 0.1) },
          { claim: '… on average only: with 16 units one draw strays far (seeds 1–10: some h20/h1 < 0.1, max/min ≥ 10)', measured: `He, 16 units: h20/h1 ${he16.map((x) => f(x, 2)).join(', ')}`, holds: Math.min(...he16) < 0.1 && Math.max(...he16) >= 10 * Math.min(...he16) },
          { claim: 'the red line is He', measured: `ui.compare = ${ui.compare}`, holds: ui.compare === 'he' },
          { claim: 'He starts learning long before Xavier: after 100 steps He’s test loss ≤ 0.3, Xavier’s ≥ 0.45 (chance 0.5), here and on ≥ 9 of seeds 1–10', measured: `He ${f(trained.he)} vs Xavier ${f(trained.xavier)}; seeds 1–10: ${pairs.map(([a, b]) => `${f(a, 2)} vs ${f(b, 2)}`).join('; ')}`, holds: learns([trained.he, trained.xavier]) && pairs.filter(learns).length >= 9 },
        ];
      },
    },
    {
      preset: 'rbm', train: 400, ui: { compare: 'xavier' },
      async check(page) {
        await waitPretraining(page);
        const e = await internals(page, 'rbm');
        const by = new Map();
        for (let i = 0; i + 2 < e.length; i += 3) { if (!by.has(e[i])) by.set(e[i], []); by.get(e[i]).push(e[i + 2]); }
        const curves = [...by.values()];
        const drops = curves.map((v) => v.at(-1) / v[0]);
        // "the deeper ones after a flat start": the first tenth of the epochs changes < 5 %.
        const flat = curves.map((v) => v[Math.floor(v.length / 10)] / v[0]);
        const m = await train(page, 400);
        const cm = await internals(page, 'compare');
        const ui = await api(page, () => window.dlab.ui());
        // Other draws (scratch runs): pre-trained vs Xavier after 400 steps.
        const other = await scratch(page, seeds(5).slice(1).flatMap((seed) => [{ seed }, { seed, model: { init: 'xavier' } }]), 400, 50);
        const pairs = [];
        for (let i = 0; i < other.length; i += 2) pairs.push([other[i].m.test_loss, other[i + 1].m.test_loss]);
        return [
          { claim: 'the RBM chart has a reconstruction-error curve per layer', measured: `${by.size} layers × ${curves[0]?.length ?? 0} epochs`, holds: by.size === 4 },
          { claim: 'the reconstruction error falls, in every layer (last ≤ ½ × first)', measured: `last/first per layer: ${drops.map((x) => f(x, 2)).join(', ')}`, holds: drops.every((x) => x <= 0.5) },
          { claim: '… the deeper ones after a flat start (h2..h4 change < 5 % over the first tenth of the epochs)', measured: `epoch ${Math.floor((curves[0]?.length ?? 0) / 10) + 1} / epoch 1 per layer: ${flat.map((x) => f(x, 3)).join(', ')}`, holds: flat.slice(1).every((x) => Math.abs(1 - x) < 0.05) },
          { claim: 'fine-tuning learns: test loss after 400 steps < 0.45 (chance is 0.5)', measured: `test loss ${f(m.test_loss)}, accuracy ${f(m.test_acc, 2)}`, holds: m.test_loss < 0.45 },
          { claim: 'Xavier (red) is still on its plateau (test loss ≥ 0.45) while the pre-trained run is ≤ 0.8 × it', measured: `${ui.compare}: test loss ${f(cm.test_loss)}, accuracy ${f(cm.test_acc, 2)}`, holds: ui.compare === 'xavier' && cm.test_loss >= 0.45 && m.test_loss <= 0.8 * cm.test_loss },
          { claim: '… on seeds 2–5 too (pre-trained < 0.45 ≤ Xavier after 400 steps)', measured: pairs.map(([a, b]) => `${f(a, 2)} vs ${f(b, 2)}`).join('; '), holds: pairs.every(([a, b]) => a < 0.45 && b >= 0.45) },
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
      preset: 'mlp-overfit', train: 1800,
      async check(page) {
        const curve = await trainCurve(page, 1800, 15);
        const best = curve.reduce((b, r) => (r.test < b.test ? r : b));
        const last = curve.at(-1);
        const boundary = await internals(page, 'boundary');
        measured['overfitting/7'] = { last, boundary };
        return [
          { claim: 'the network fits its 80 noisy points far better than new ones (train < test / 3 after 225 epochs)', measured: `epoch ${last.epoch}: train ${f(last.train)}, test ${f(last.test)}`, holds: last.epoch === 225 && last.train < last.test / 3 },
          { claim: 'the test loss rises after its best epoch (the early-stopping mark appears: last > 1.05 × best)', measured: `best test ${f(best.test)} at epoch ${best.epoch}; epoch ${last.epoch}: ${f(last.test)}`, holds: best.epoch < last.epoch && last.test > 1.05 * best.test },
        ];
      },
    },
    {
      preset: 'dropout', train: 1800,
      async check(page) {
        const curve = await trainCurve(page, 1800, 15);
        const last = curve.at(-1);
        const boundary = await internals(page, 'boundary');
        const o = measured['overfitting/7'];
        const gap = last.test - last.train, gap0 = o.last.test - o.last.train;
        const keep = (await api(page, () => window.dlab.config())).model.dropout_keep;
        // Other draws (scratch runs): the same 1800 steps with and without dropout.
        const runs = await scratch(page, seeds(10).slice(1).flatMap((seed) => [{ seed }, { seed, model: { dropout_keep: 1 } }]), 1800, 100);
        const ratios = [];
        for (let i = 0; i < runs.length; i += 2) ratios.push(runs[i].m.test_loss / runs[i + 1].m.test_loss);
        return [
          { claim: 'keep probability in the usual 0.5–0.7', measured: `dropout_keep = ${keep}`, holds: keep >= 0.5 && keep <= 0.7 },
          { claim: 'dropout: the train/test gap shrinks', measured: `gap ${f(gap)} vs ${f(gap0)} without (epoch ${last.epoch})`, holds: last.epoch === o.last.epoch && gap < gap0 },
          { claim: 'the boundary is smoother (shorter on a 64×64 grid)', measured: `boundary cells ${f(boundary * 100, 2)} % vs ${f(o.boundary * 100, 2)} % without`, holds: boundary < o.boundary },
          { claim: 'the test loss ends lower', measured: `test ${f(last.test)} vs ${f(o.last.test)} without`, holds: last.test < o.last.test },
          { claim: '… on seeds 2–10 too (test loss with ÷ without dropout < 1 after 1800 steps)', measured: `ratios ${ratios.map((x) => f(x, 2)).join(', ')}`, holds: ratios.every((x) => x < 1) },
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

/** The step's view (VIEW_KEYS of the ui), its config and the page's address. */
async function viewState(page) {
  return page.evaluate((keys) => {
    const ui = window.dlab.ui();
    return { ui: Object.fromEntries(keys.map((k) => [k, ui[k]])), config: window.dlab.config(), hash: location.hash };
  }, VIEW_KEYS);
}

// One page for every step (a fresh context per step costs more than the checks): each
// step is a full load of index.html (the query string differs, so it is not a same-document
// hash change), as when a student opens the shared link.
let session = null;
async function open(id, k, lang) {
  if (!session) session = await newPage(browser, null, { viewport: VIEWPORT });
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

      // What opening the step's URL gives; the navigation test below compares next/prev with it.
      opened[`${id}/${k}`] = await viewState(page);

      // The step's view settings (lessons.js / the preset's ui) apply when opened by URL.
      for (const [key, want] of Object.entries(spec.ui ?? {})) {
        const got = ui[key];
        const row = { id, k, claim: `(view) opened by URL, ui.${key} is ${JSON.stringify(want)}`, measured: `ui.${key} = ${JSON.stringify(got)}`, holds: got === want };
        rows.push(row);
        await t.test(row.claim, () => assert.equal(got, want));
      }

      for (const r of await spec.check(page)) {
        rows.push({ id, k, ...r });
        await t.test(`${r.claim} — ${r.measured}`, () => assert.ok(r.holds, `${id} step ${k}: ${r.claim}: ${r.measured}`));
      }
      // Screenshots show the step trained as far as `train` says (a claim may have looked at step 0).
      if (st.sweep) await waitSweep(page);
      const done = (await api(page, () => window.dlab.metrics())).step;
      if (!st.sweep && spec.train > done) await train(page, spec.train - done);
      await nextFrames(page, 3);
      await screenshot(page, `${SHOTS}/${id}-${k}-en`);

      // The same trained state in Korean (the language buttons do the same).
      await api(page, () => window.dlab.set('lang', 'ko'));
      await nextFrames(page, 3);
      assert.equal((await page.textContent('.lesson h3'))?.trim(), KO[`lesson.${id}.${k}.title`]);
      await screenshot(page, `${SHOTS}/${id}-${k}-ko`);
      assert.deepEqual(pageErrors, [], 'uncaught errors');
      assert.deepEqual(consoleErrors, [], 'console errors');
    });
  });
}

// Next and prev give each step exactly the view, config and address its URL gives (a view
// setting of the previous step, such as edges=grads, must not carry over).
for (const [id, lesson] of Object.entries(LESSONS)) {
  test(`lesson ${id}: next/prev give each step what its URL gives`, { timeout: 60000 }, async () => {
    const n = lesson.steps.length;
    const nav = await newPage(browser, `${server.url}index.html#lesson=${id}&step=1&lang=en`, { viewport: VIEWPORT });
    try {
      await waitReady(nav.page);
      const visit = async (k, button) => {
        await nav.page.click(`[data-action="lesson-${button}"]`);
        await nav.page.waitForFunction((k) => window.dlab.ui().step === k, k);
        await nextFrames(nav.page, 2);
        const got = await viewState(nav.page);
        const want = opened[`${id}/${k}`];
        assert.ok(want, `step ${k} was not opened by its URL`);
        assert.deepEqual(got.ui, want.ui, `${button} to step ${k}: view`);
        assert.deepEqual(got.config, want.config, `${button} to step ${k}: config`);
        assert.equal(got.hash, want.hash, `${button} to step ${k}: address`);
      };
      for (let k = 2; k <= n; k++) await visit(k, 'next');
      for (let k = n - 1; k >= 1; k--) await visit(k, 'prev');
      assert.deepEqual(nav.pageErrors, [], 'uncaught errors');
      assert.deepEqual(nav.consoleErrors, [], 'console errors');
    } finally {
      await nav.context.close();
    }
  });
}
