// dlab benchmark harness: the workloads of shared/reference/workloads.md on dlab (wasm and
// native) and its npm peers, same data, same initial weights, same update; median of
// `reps` timed repetitions after a warm-up. Run by `make bench` (cd bench && npm ci && node run.mjs).
//
// Options: --only W1,W3   --libs plainjs,tfjs-wasm   --reps 5   --rep-seconds 0.25
//          --warmup-seconds 0.3   --rounds 1 (interleaved rounds, median of them)
//          --quick (reps 3, 0.1 s repetitions)   --json FILE (write the results)
// Env: DLAB_BENCH_NATIVE=0 skips the native dlab-bench run.
import fs from 'fs';
import { WORKLOADS, WORK, makeWorkload } from './workloads.mjs';
import { median, defaults } from './harness.mjs';
import * as tfplayground from './peers/tfplayground.mjs';
import * as convnet from './peers/convnet.mjs';
import * as brain from './peers/brain.mjs';
import * as tfjs from './peers/tfjs.mjs';
import * as plainjs from './peers/plainjs.mjs';
import * as dlabWasm from './peers/dlab-wasm.mjs';
import * as dlabNative from './peers/dlab-native.mjs';

// Column order of the tables. A library = { id, label, run(spec, data, init, opts) }.
const PEERS = [tfplayground, convnet, brain, tfjs.cpu, tfjs.wasm, plainjs];
const DLAB = [dlabWasm, dlabNative];
const LIBS = [...PEERS, ...DLAB];
const REFERENCE = 'plainjs'; // f64, exact algorithm: the loss every other column is checked against

function parseArgs(argv) {
  const o = { ...defaults, rounds: 1, only: null, libs: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--only') o.only = v().split(',');
    else if (a === '--libs') o.libs = v().split(',');
    else if (a === '--reps') o.reps = +v();
    else if (a === '--rep-seconds') o.repSeconds = +v();
    else if (a === '--warmup-seconds') o.warmupSeconds = +v();
    else if (a === '--rounds') o.rounds = +v();
    else if (a === '--json') o.json = v();
    else if (a === '--quick') Object.assign(o, { reps: 3, repSeconds: 0.1, warmupSeconds: 0.1 });
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(0, 9).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const fmt = (x) => {
  if (x == null || !Number.isFinite(x)) return '?';
  if (x >= 100) return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return x.toPrecision(3);
};
const fmtLoss = (x) => (x == null || !Number.isFinite(x) ? '?' : x.toPrecision(4));
const fmtRatio = (x) => (x == null || !Number.isFinite(x) ? '–' : x >= 10 ? x.toFixed(0) + '×' : x.toFixed(2) + '×');

function table(header, rows) {
  const w = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => '| ' + cells.map((s, c) => (c === 0 ? String(s).padEnd(w[c]) : String(s).padStart(w[c]))).join(' | ') + ' |';
  return [line(header), '|' + w.map((n, c) => (c === 0 ? '-'.repeat(n + 2) : '-'.repeat(n + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const workloads = WORKLOADS.filter((w) => !o.only || o.only.includes(w));
  const libs = LIBS.filter((l) => !o.libs || o.libs.includes(l.id));
  const t0 = performance.now();
  // results[w][lib] = list of per-round results
  const results = Object.fromEntries(workloads.map((w) => [w, Object.fromEntries(libs.map((l) => [l.id, []]))]));
  for (let round = 0; round < o.rounds; round++) {
    for (const w of workloads) {
      const { spec, data, init } = makeWorkload(w);
      for (const lib of libs) {
        const t = performance.now();
        let r;
        try {
          r = await lib.run(spec, data, init, { ...o, units: WORK[w].units });
        } catch (e) {
          r = { error: e.message.split('\n')[0] };
        }
        results[w][lib.id].push(r);
        const what = r.na ? `n/a (${r.na})` : r.missing ?? r.error ?? `${fmt(r.throughput)} ${WORK[w].unit}, loss ${fmtLoss(r.loss)}`;
        process.stderr.write(`  [${round + 1}/${o.rounds}] ${w.padEnd(7)} ${lib.label.padEnd(24)} ${what}  (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
      }
    }
  }
  // Combine rounds: median throughput; loss from the first round (it is deterministic).
  const cell = {};
  for (const w of workloads) {
    cell[w] = {};
    for (const lib of libs) {
      const rs = results[w][lib.id];
      const ok = rs.filter((r) => Number.isFinite(r.throughput));
      cell[w][lib.id] = ok.length
        ? { throughput: median(ok.map((r) => r.throughput)), loss: ok[0].loss, note: ok[0].note }
        : { status: rs[0].na ? 'n/a' : rs[0].missing ?? `error: ${rs[0].error}`, reason: rs[0].na };
    }
  }
  const notes = [];
  const note = (text) => {
    let k = notes.indexOf(text);
    if (k < 0) { notes.push(text); k = notes.length - 1; }
    return `[${k + 1}]`;
  };
  const show = (c, value) => {
    if (c.status) {
      if (c.reason) return `n/a ${note(c.reason)}`;
      const kind = c.status.startsWith('error') ? 'error' : c.status.includes('skipped') ? 'skipped' : 'not built';
      return `${kind} ${note(c.status)}`;
    }
    return c.note ? `${value} ${note(c.note)}` : value;
  };
  const lines = [];
  lines.push(`## Throughput (median of ${o.reps} repetitions${o.rounds > 1 ? `, median of ${o.rounds} rounds` : ''}; node ${process.version})`);
  lines.push(table(['workload', ...libs.map((l) => l.label)],
    workloads.map((w) => [`${w} (${WORK[w].unit})`, ...libs.map((l) => show(cell[w][l.id], fmt(cell[w][l.id].throughput)))])));
  lines.push('');
  lines.push(`## Loss after one repetition from the shared initial weights (½·MSE on the training set; W1-grid: mean grid output)`);
  lines.push(`Work per repetition: ${workloads.map((w) => `${w} ${WORK[w].units} ${WORK[w].unit.split('/')[0]}`).join(', ')}. ` +
    `* = more than 1% from the ${REFERENCE} (f64) reference.`);
  lines.push(table(['workload', ...libs.map((l) => l.label)],
    workloads.map((w) => {
      const ref = cell[w][REFERENCE]?.loss;
      return [w, ...libs.map((l) => {
        const c = cell[w][l.id];
        if (c.status) return show(c, '');
        const off = Number.isFinite(ref) && Number.isFinite(c.loss) && Math.abs(c.loss - ref) > 0.01 * Math.abs(ref);
        return show(c, fmtLoss(c.loss) + (off ? '*' : ''));
      })];
    })));
  for (const w of workloads) {
    const ref = cell[w][REFERENCE]?.loss;
    for (const l of libs) {
      const c = cell[w][l.id];
      if (Number.isFinite(ref) && Number.isFinite(c.loss) && !c.note && Math.abs(c.loss - ref) > 0.01 * Math.abs(ref))
        lines.push(`WARNING: ${l.label} ${w}: loss ${fmtLoss(c.loss)} vs ${fmtLoss(ref)} (${REFERENCE}): not the same work?`);
    }
  }
  lines.push('');
  const peers = libs.filter((l) => PEERS.includes(l));
  const ratio = (a, b) => (a?.throughput && b?.throughput ? a.throughput / b.throughput : null);
  lines.push('## Ratios: dlab wasm / peer (> 1× = dlab faster), and dlab wasm / dlab native');
  lines.push(table(['workload', ...peers.map((l) => l.label), 'fastest peer', 'wasm/native'],
    workloads.map((w) => {
      const d = cell[w]['dlab-wasm'];
      const best = peers.map((l) => cell[w][l.id]).filter((c) => c.throughput).sort((a, b) => b.throughput - a.throughput)[0];
      return [w, ...peers.map((l) => fmtRatio(ratio(d, cell[w][l.id]))), fmtRatio(ratio(d, best)), fmtRatio(ratio(d, cell[w]['dlab-native']))];
    })));
  if (notes.length) lines.push('', ...notes.map((n, k) => `[${k + 1}] ${n}`));
  lines.push('', `(whole run ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  console.log(lines.join('\n'));
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ node: process.version, options: o, work: WORK, results: cell }, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
