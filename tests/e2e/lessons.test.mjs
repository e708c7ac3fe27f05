// Every guided lesson step, as a student opens it: by its URL (#lesson=<id>&step=<k>), in
// English and Korean. The claims of the captions are checked on seeds 1–10 by the native
// test tests/lessons.rs, on the configs in www/state/presets.js; this file checks what only the
// page shows: the step opens exactly that config and view, its caption is on the page in
// both languages, it trains without an error, and next/prev give what the URL gives. It
// screenshots every step at 1280×800 (test-artifacts/lessons/<id>-<k>-<lang>.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, screenshot, ARTIFACTS } from './harness.mjs';
import { waitReady, nextFrames } from './fixtures/lab.mjs';
import { LESSONS } from '../../www/state/lessons.js';
import DATA from '../../www/state/presets.js';
import EN from '../../www/i18n/strings-en.js';
import KO from '../../www/i18n/strings-ko.js';

let server, browser;

const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = 'lessons'; // under test-artifacts/
// The ui keys a lesson step sets (lessons.js, the presets' ui): its view.
const VIEW_KEYS = ['lab', 'lesson', 'step', 'edgeView', 'layer', 'logY', 'compare'];
const opened = {}; // "id/k" → {ui, config, hash} as opening the step's URL gives them
// Optimizer steps trained before the screenshots, per lesson step (what a class would see).
const SHOT_STEPS = { vanishing: [300, 300, 50, 300, 300, 300, 300, 300], init: [200, 0, 0, 0, 100, 400, 1], overfitting: [1, 1, 1, 1, 1, 1, 1800, 1800, 1, 1800, 1600, 1600, 300, 600, 1000, 1] };

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  mkdirSync(join(ARTIFACTS, SHOTS), { recursive: true });
});
after(async () => {
  await session?.context.close();
  await browser?.close();
  await server?.stop();
});

const api = (page, fn, arg) => page.evaluate(fn, arg);

/** The capacity sweep's rows, once the page has computed them. */
async function waitSweep(page, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await page.evaluate(async () => {
      const { store } = await import('/www/state/store.js');
      return store.state.runtime.sweep ? store.state.runtime.sweep.rows.length : 0;
    });
    if (rows) return;
    if (Date.now() > until) throw new Error('the sweep did not run');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Trains n optimizer steps in about 25 calls (so the page records a history, as when playing). */
async function train(page, n) {
  return api(page, async (n) => {
    const chunk = Math.max(1, Math.ceil(n / 25));
    let m = window.dlab.metrics();
    // step() resolves once the training worker has taken the steps (ui/api.js).
    for (let s = 0; s < n; s += chunk) m = await window.dlab.step(Math.min(chunk, n - s));
    return m;
  }, n);
}

/** Every leaf of `spec` with its path: what the step's config must hold. */
function leaves(spec, prefix = '') {
  return Object.entries(spec).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v)
    ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
}

/** The lab's base with the step's preset over it, as tests/lessons.rs builds it. */
function stepConfig(id, k) {
  const lesson = DATA.lessons[id];
  const lab = DATA.labs[lesson.lab];
  const preset = lab.presets.find((p) => p.id === lesson.steps[k - 1].preset);
  const merged = JSON.parse(JSON.stringify(lab.base));
  for (const [path, v] of leaves(preset.config)) {
    const keys = path.split('.');
    let node = merged;
    for (const key of keys.slice(0, -1)) node = node[key] ??= {};
    node[keys.at(-1)] = v;
  }
  return merged;
}

const getPath = (obj, path) => path.split('.').reduce((o, k) => o?.[k], obj);

// ------------------------------------------------------------------ the tests

test('every lesson step has its caption in both languages and its screenshot length', () => {
  for (const [id, lesson] of Object.entries(LESSONS)) {
    assert.equal(SHOT_STEPS[id]?.length, lesson.steps.length, `lesson "${id}": SHOT_STEPS`);
    lesson.steps.forEach((st, i) => {
      for (const lang of [EN, KO]) {
        assert.ok(lang[`lesson.${id}.${i + 1}.title`], `lesson.${id}.${i + 1}.title`);
        assert.ok(lang[`lesson.${id}.${i + 1}.text`], `lesson.${id}.${i + 1}.text`);
        assert.ok(lang[`lesson.${id}.${i + 1}.question`], `lesson.${id}.${i + 1}.question`);
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
    test(`lesson ${id} step ${k} (${st.preset}): ${EN[`lesson.${id}.${k}.title`]}`, { timeout: 60000 }, async () => {
      const { page, consoleErrors, pageErrors } = await open(id, k, 'en');
      const ui = await api(page, () => window.dlab.ui());
      assert.equal(ui.lesson, id);
      assert.equal(ui.step, k);
      // The caption is on the page.
      assert.equal((await page.textContent('.lesson h3'))?.trim(), EN[`lesson.${id}.${k}.title`]);
      assert.equal((await page.textContent('.lesson .lesson-question'))?.trim(), EN[`lesson.${id}.${k}.question`]);

      // What opening the step's URL gives; the navigation test below compares next/prev with it.
      opened[`${id}/${k}`] = await viewState(page);

      // The page runs exactly the config whose claims tests/lessons.rs checks.
      const config = await api(page, () => window.dlab.config());
      for (const [path, want] of leaves(stepConfig(id, k))) {
        assert.deepEqual(getPath(config, path), want, `${id} step ${k}: ${path}`);
      }
      // The step's view settings (its preset's ui, then the step's) apply when opened by URL.
      const preset = DATA.labs[lesson.lab].presets.find((p) => p.id === st.preset);
      for (const [key, want] of Object.entries({ ...(preset.ui ?? {}), ...(st.ui ?? {}) })) {
        assert.equal(ui[key], want, `${id} step ${k}: ui.${key}`);
      }
      // Screenshots show the step trained as far as `train` says (a claim may have looked at step 0).
      if (st.sweep) await waitSweep(page);
      const done = (await api(page, () => window.dlab.metrics())).step;
      const want = SHOT_STEPS[id][i];
      if (!st.sweep && want > done) await train(page, want - done);
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
