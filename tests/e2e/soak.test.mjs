// Soak: a long training session in headless Chromium, the way a lecture uses the page:
// labs switched by their tabs, presets clicked, training playing all the time. Every few
// seconds the wasm linear memory and the JS heap (performance.memory.usedJSHeapSize after
// a forced GC, Chromium run with --enable-precise-memory-info) are sampled. After a warm-up
// pass over every lab and preset both must be flat:
//   JS heap: least-squares slope < 1 MB/min;  wasm memory: no growth at all.
//
// Scaled for CI: DLAB_SOAK_SECONDS (default 40) of measured time after the warm-up
// (one quick pass over every preset, then DLAB_SOAK_WARMUP_SECONDS, default 25, of cycling: with the worker and the unit maps the page warms up longer).
// The long run by hand (half an hour, what one lecture does):
//   DLAB_SOAK_SECONDS=1800 node --test tests/e2e/soak.test.mjs
// (node --test's per-test timeout is raised with the soak time.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, screenshot } from './harness.mjs';
import { waitReady } from './fixtures/lab.mjs';
import { launchInstrumented, instrument, wasmMemory, jsHeap, framesIn, slope } from './fixtures/trust.mjs';

const SOAK_SECONDS = Number(process.env.DLAB_SOAK_SECONDS ?? 40);
const SAMPLE_EVERY_MS = 2000;
const DWELL_MS = 1500; // how long each preset trains before the next one
const WARM_CYCLE_MS = Number(process.env.DLAB_SOAK_WARMUP_SECONDS ?? 25) * 1000;
const HEAP_SLOPE_LIMIT = 1024 * 1024; // bytes per minute
const MB = 1024 * 1024;
const LABS = ['overfitting', 'gradient', 'init'];

let server, browser;
before(async () => { server = await startServer(); browser = await launchInstrumented(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function setup(hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await instrument(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e && e.stack || e).slice(0, 400)}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/favicon\.ico/.test(m.location().url || '')) errors.push(`console.error: ${m.text().slice(0, 300)}`); });
  await page.goto(`${server.url}index.html${hash}`);
  await waitReady(page);
  return { context, page, cdp, errors };
}

/** The lecture's moves: the lab's tab, then each of its presets (buttons), playing. */
async function plan(page) {
  const steps = [];
  for (const lab of LABS) {
    await page.click(`.tab[data-lab="${lab}"]`);
    const presets = await page.$$eval('.side [data-preset]', (bs) => bs.map((b) => b.dataset.preset));
    for (const p of presets) steps.push([lab, p]);
  }
  return steps;
}

async function perform(page, [lab, preset]) {
  if (await page.evaluate(() => window.dlab.ui().lab) !== lab) await page.click(`.tab[data-lab="${lab}"]`);
  await page.click(`.side [data-preset="${preset}"]`);
  // Play (the page stops by itself on divergence or on a too slow network: start it again).
  await page.evaluate(() => window.dlab.play());
}

test(`soak: ${SOAK_SECONDS} s of labs, presets and training; JS heap and wasm memory flat after warm-up`, { timeout: (SOAK_SECONDS + 120) * 1000 }, async () => {
  const { context, page, cdp, errors } = await setup('#lab=overfitting&lang=en&speed=50');
  const steps = await plan(page);
  assert.ok(steps.length >= 10, `presets found: ${steps.length}`);

  // Warm-up: every lab and preset once (the largest networks set the wasm high-water mark),
  // then WARM_CYCLE_MS of the same cycling as measured (V8 compiles and tiers up the code of
  // each path in its first minutes: that is growth, but not a leak).
  const tw = Date.now();
  for (const s of steps) {
    await perform(page, s);
    await framesIn(page, 120);
  }
  let i = 0, moves = 0, frames = 0;
  const cycle = async (ms, onSample) => {
    const start = Date.now();
    let nextSample = 0, nextMove = 0;
    for (;;) {
      const now = Date.now() - start;
      if (onSample && now >= nextSample) {
        await onSample(now);
        nextSample += SAMPLE_EVERY_MS;
      }
      if (now >= ms) break;
      if (now >= nextMove) {
        await perform(page, steps[i++ % steps.length]);
        moves++;
        nextMove += DWELL_MS;
      }
      frames += await framesIn(page, 250);
    }
  };
  await cycle(WARM_CYCLE_MS);
  const warm = Date.now() - tw;

  // Measured: keep cycling, sample every SAMPLE_EVERY_MS.
  const samples = [];
  moves = 0; frames = 0;
  const t0 = Date.now();
  await cycle(SOAK_SECONDS * 1000, async () => {
    // Each sample in the same state (the first preset, paused, drawn): the page keeps the
    // worker's latest snapshot, a 32 × 64 net's weights and unit maps are megabytes, and a
    // sample taken in whichever preset the cycle is at would measure that, not a leak.
    await perform(page, steps[0]);
    await page.evaluate(() => window.dlab.pause());
    await framesIn(page, 300);
    const wasm = await wasmMemory(page);
    const heap = await jsHeap(page, cdp);
    samples.push({ t: (Date.now() - t0) / 60000, wasm: wasm.total, heap });
  });
  const seconds = (Date.now() - t0) / 1000;
  await screenshot(page, 'soak-end');

  const t = samples.map((s) => s.t);
  const heapSlope = slope(t, samples.map((s) => s.heap));
  const wasmSlope = slope(t, samples.map((s) => s.wasm));
  const wasmGrowth = samples[samples.length - 1].wasm - samples[0].wasm;
  console.log(`# soak: warm-up ${(warm / 1000).toFixed(1)} s (${steps.length} presets, then cycling); measured ${seconds.toFixed(1)} s, ${moves} preset changes, ${samples.length} samples, ~${Math.round(frames / seconds)} frames/s`);
  console.log(`# soak: JS heap ${(samples[0].heap / MB).toFixed(2)} → ${(samples[samples.length - 1].heap / MB).toFixed(2)} MB, slope ${(heapSlope / 1024).toFixed(1)} KB/min (limit ${HEAP_SLOPE_LIMIT / 1024} KB/min)`);
  console.log(`# soak: wasm memory ${(samples[0].wasm / MB).toFixed(2)} → ${(samples[samples.length - 1].wasm / MB).toFixed(2)} MB, slope ${(wasmSlope / 1024).toFixed(1)} KB/min, growth after warm-up ${wasmGrowth} bytes`);
  console.log(`# soak: samples (min, wasm MB, heap MB): ${samples.map((s) => `${s.t.toFixed(2)}:${(s.wasm / MB).toFixed(2)}/${(s.heap / MB).toFixed(2)}`).join(' ')}`);

  assert.deepEqual(errors, [], 'no uncaught or console error during the soak');
  assert.ok(frames > seconds * 2, `the page kept animating (${frames} frames in ${seconds.toFixed(0)} s)`);
  assert.ok(heapSlope < HEAP_SLOPE_LIMIT, `JS heap grows ${(heapSlope / 1024).toFixed(1)} KB/min`);
  assert.equal(wasmGrowth, 0, `wasm memory grew by ${wasmGrowth} bytes after the warm-up`);
  await context.close();
});

// One run left playing for a whole lecture adds one loss-history row per animation frame
// (Lab.step → trainer history) and the loss chart copies and draws all of them every frame.
// window.dlab.step(1) adds a row exactly as one frame of play does, so 54 000 calls stand
// for 15 minutes at 60 frames/s.
// A tiny network and data set keep each call cheap; the history grows the same.
const FRAMES_OF_PLAY = Number(process.env.DLAB_SOAK_HISTORY_FRAMES ?? 54000);
test(`one run playing for ${FRAMES_OF_PLAY} frames (15 min at 60/s): wasm memory and frame rate stay level`,
  { timeout: 120000 },
  async () => {
    const { context, page, errors } = await setup('#lab=gradient&lang=en&model.hidden=2&data.n_train=4&data.n_test=4&optim.batch_size=0');
    await page.evaluate(() => window.dlab.play());
    const fpsBefore = await framesIn(page, 1500) / 1.5;
    await page.evaluate(() => window.dlab.pause());
    const before = await wasmMemory(page);
    const t0 = Date.now();
    await page.evaluate((n) => { for (let i = 0; i < n; i++) window.dlab.step(1); }, FRAMES_OF_PLAY);
    const took = Date.now() - t0;
    const afterMem = await wasmMemory(page);
    await page.evaluate(() => window.dlab.play());
    const fpsAfter = await framesIn(page, 1500) / 1.5;
    await page.evaluate(() => window.dlab.pause());
    console.log(`# soak history: ${FRAMES_OF_PLAY} step calls in ${(took / 1000).toFixed(1)} s; wasm ${(before.total / MB).toFixed(2)} → ${(afterMem.total / MB).toFixed(2)} MB; frames/s playing ${fpsBefore.toFixed(0)} → ${fpsAfter.toFixed(0)}`);
    assert.deepEqual(errors, []);
    await context.close();
    assert.ok(afterMem.total - before.total <= 1 * MB, `wasm memory grew ${((afterMem.total - before.total) / MB).toFixed(2)} MB`);
    assert.ok(fpsAfter >= 0.7 * fpsBefore, `frame rate fell from ${fpsBefore.toFixed(0)} to ${fpsAfter.toFixed(0)} /s`);
  });
