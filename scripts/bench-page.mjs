#!/usr/bin/env node
// `make bench-page`: the page's speed, per lesson step, in headless Chromium. Not a test:
// it prints numbers (medians and spread over ROUNDS rounds, default 3).
//
// For each step of www/state/presets.js lessons.*.steps, opened with speed=max:
//   fps, longest frame   requestAnimationFrame gaps on the page while it plays PLAY_MS
//   steps/s              optimizer steps the page trains a second while playing (metrics().step)
//   claim ms             the time from Play until the step's claim is visible. A claim in
//                        tests/lessons.rs is stated after N steps ("after 300 steps ..."):
//                        visible = the page's metrics (what its hero chart draws) have reached
//                        step N. A claim about the start (no "N steps") is visible at once: 0.
//   long frames          each round's longest animation frame over 50 ms (Long Animation
//                        Frames API), when it began after Play and the script that took most of it
//   bare steps/s         the same config's Lab stepping in a tight loop (step(500) calls) in
//                        the same browser, on the page's own core: the rate the page could reach.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, newPage, ROOT } from '../tests/e2e/harness.mjs';
import { waitReady } from '../tests/e2e/fixtures/lab.mjs';
import DATA from '../www/state/presets.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PLAY_MS = Number(process.env.PLAY_MS ?? 3000);
const CLAIM_TIMEOUT_MS = 20000;
// ONLY=vanishing/3,init/5 measures those steps alone.
const ONLY = process.env.ONLY ? new Set(process.env.ONLY.split(',')) : null;

/** lesson/step → the number of steps its claims are stated at (the largest), from tests/lessons.rs. */
function claimSteps() {
  const src = readFileSync(join(ROOT, 'tests', 'lessons.rs'), 'utf8');
  const out = new Map();
  for (const block of src.split(/\n(?=\s*(?:#\[test\]|fn ))/)) {
    const vars = new Map();
    for (const m of block.matchAll(/let\s+(\(?[\w\s,]+\)?)\s*=\s*(\(?\s*step\([^;]*);/g)) {
      const names = m[1].replace(/[()\s]/g, '').split(',');
      const steps = [...m[2].matchAll(/step\("(\w+)",\s*(\d+)\)/g)].map((x) => `${x[1]}/${x[2]}`);
      names.forEach((n, i) => vars.set(n, steps[i]));
    }
    for (const m of block.matchAll(/(\w+)\.claim\("((?:[^"\\]|\\.)*)"/g)) {
      const key = vars.get(m[1]);
      if (!key) continue;
      const ns = [...m[2].matchAll(/(\d+)\s+steps/g)].map((x) => Number(x[1]));
      out.set(key, Math.max(out.get(key) ?? 0, ...ns, 0));
    }
  }
  return out;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const spread = (xs) => (xs.length > 1 ? `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}` : '');
const fmt = (v) => (!Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

async function measure(browser, server, lesson, k, claimAt) {
  const { page, context } = await newPage(browser, `${server.url}index.html#lesson=${lesson}&step=${k}&lang=en&speed=max`, { viewport: { width: 1280, height: 720 } });
  try {
    await waitReady(page);
    return await page.evaluate(async ({ playMs, claimAt, timeout }) => {
      const d = window.dlab;
      const exact = d.config().optim.kind === 'exact';
      const gaps = [];
      // Long animation frames (over 50 ms) with the scripts they ran: where a slow frame went.
      const loafs = [];
      const observer = new PerformanceObserver((list) => loafs.push(...list.getEntries()));
      observer.observe({ type: 'long-animation-frame' });
      let last = performance.now();
      let on = true;
      const frame = (now) => { gaps.push(now - last); last = now; if (on) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
      const step0 = d.metrics().step;
      const t0 = performance.now();
      d.play();
      let claimMs = claimAt === 0 || exact ? 0 : NaN;
      while (performance.now() - t0 < Math.max(playMs, Number.isNaN(claimMs) ? timeout : 0)) {
        await new Promise((r) => setTimeout(r, 20));
        if (Number.isNaN(claimMs) && d.metrics().step - step0 >= claimAt) claimMs = performance.now() - t0;
        if (!d.ui().playing) break;
      }
      const wall = performance.now() - t0;
      const steps = d.metrics().step - step0;
      d.pause();
      on = false;
      observer.disconnect();
      const worst = loafs.sort((a, b) => b.duration - a.duration)[0];
      const script = worst?.scripts.sort((a, b) => b.duration - a.duration)[0];
      const where = worst ? `${Math.round(worst.duration)} ms at +${Math.round(worst.startTime - t0)} ms: ${script ? `${(script.sourceURL || '').split('/').pop()}:${script.sourceFunctionName || script.invoker} ${Math.round(script.duration)} ms` : 'no script (rendering)'}` : '';
      gaps.shift();
      const total = gaps.reduce((a, b) => a + b, 0);
      // Then the bare loop (the page paused; run after, so its long task is not in the frames).
      const { getCore } = await import('/www/bridge/session.js');
      const lab = new (getCore().Lab)(d.config());
      let bare = NaN;
      if (!exact) {
        lab.step(1);
        let n = 0;
        const t0 = performance.now();
        while (performance.now() - t0 < 1000) { lab.step(500); n += 500; }
        bare = (n * 1000) / (performance.now() - t0);
      }
      lab.free();
      return { fps: (gaps.length * 1000) / total, longest: Math.max(...gaps), steps: (steps * 1000) / wall, claimMs, bare, where };
    }, { playMs: PLAY_MS, claimAt, timeout: CLAIM_TIMEOUT_MS });
  } finally {
    await context.close();
  }
}

const server = await startServer();
const browser = await launchBrowser();
const claims = claimSteps();
const rows = [];
try {
  for (const [lesson, def] of Object.entries(DATA.lessons)) {
    for (let k = 1; k <= def.steps.length; k++) {
      if (ONLY && !ONLY.has(`${lesson}/${k}`)) continue;
      const claimAt = claims.get(`${lesson}/${k}`) ?? 0;
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) runs.push(await measure(browser, server, lesson, k, claimAt));
      const col = (f) => runs.map((x) => x[f]).filter(Number.isFinite);
      const row = { step: `${lesson}/${k}`, preset: def.steps[k - 1].preset, claimAt };
      for (const f of ['fps', 'longest', 'steps', 'claimMs', 'bare']) row[f] = { med: median(col(f)), spread: spread(col(f)) };
      rows.push(row);
      const cell = (c) => `${fmt(c.med)}${c.spread ? ` (${c.spread})` : ''}`;
      console.log([row.step.padEnd(14), row.preset.padEnd(15), cell(row.fps).padEnd(20), cell(row.longest).padEnd(20),
        cell(row.steps).padEnd(22), `${claimAt}`.padEnd(6), cell(row.claimMs).padEnd(22), cell(row.bare).padEnd(22),
        runs.map((x) => x.where).filter(Boolean).join('; ') || '–'].join(' '));
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(`\nmedians (min–max) over ${ROUNDS} rounds, ${PLAY_MS} ms of play each; columns: step, preset, fps, longest frame ms, page steps/s, claim at step N, claim visible ms after Play, bare-loop steps/s, each round's longest animation frame over 50 ms and the script that took most of it`);
