// dlab benchmark harness: the workloads of shared/reference/workloads.md on dlab (wasm and
// native) and its npm peers, same data, same initial weights, same update. Each library runs
// in its own process (bench/one.mjs) for every workload in every round, in an order rotated
// by one place per round; native dlab runs in the same rounds. Ratios are taken within a
// round (wasm and its peer measured minutes apart on a shared machine are not comparable),
// then the median and the spread (min–max) over the rounds are printed.
// Run by `make bench` (cd bench && npm ci && node run.mjs).
//
// Options: --only W1,W3   --libs tfplayground,dlab-wasm   --rounds 5   --reps 3
//          --rep-seconds 0.2   --warmup-seconds 0.3   --quick (3 rounds, 0.1 s repetitions)
//          --json FILE (write every round's results)
// Env: DLAB_BENCH_NATIVE=0 skips native dlab; DLAB_BENCH_BIN / DLAB_WASM_PKG measure other builds.
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import { fileURLToPath } from 'url';
import { WORKLOADS, WORK } from './workloads.mjs';
import { median } from './harness.mjs';
import { LIBS } from './libs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE = 'plainjs'; // f64, exact algorithm: the loss every other column is checked against
// Issue 12's targets: dlab wasm against TF Playground's nn.ts in the same round, and wasm/native.
const TARGETS = [
  { workload: 'W1', against: 'tfplayground', atLeast: 10 },
  { workload: 'W2', against: 'tfplayground', atLeast: 20 },
  { workload: 'W3', against: 'tfplayground', atLeast: 12 },
  { workload: 'W2', against: 'dlab-native', atLeast: 0.7 },
];

function parseArgs(argv) {
  const o = { rounds: 5, reps: 3, repSeconds: 0.2, warmupSeconds: 0.3, only: null, libs: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--only') o.only = v().split(',');
    else if (a === '--libs') o.libs = v().split(',');
    else if (a === '--reps') o.reps = +v();
    else if (a === '--rep-seconds') o.repSeconds = +v();
    else if (a === '--warmup-seconds') o.warmupSeconds = +v();
    else if (a === '--rounds') o.rounds = +v();
    else if (a === '--json') o.json = v();
    else if (a === '--quick') Object.assign(o, { rounds: 3, reps: 3, repSeconds: 0.1, warmupSeconds: 0.1 });
    else if (a === '--help' || a === '-h') {
      console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(0, 12).join('\n'));
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
// median [min–max] of a list, each formatted by f.
const spread = (xs, f) => (xs.length ? `${f(median(xs))} [${f(Math.min(...xs))}–${f(Math.max(...xs))}]` : '–');

function table(header, rows) {
  const w = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => '| ' + cells.map((s, c) => (c === 0 ? String(s).padEnd(w[c]) : String(s).padStart(w[c]))).join(' | ') + ' |';
  return [line(header), '|' + w.map((n, c) => (c === 0 ? '-'.repeat(n + 2) : '-'.repeat(n + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

// One library on one workload in a fresh node process.
function measureInChild(lib, workload, o) {
  const options = JSON.stringify({ reps: o.reps, repSeconds: o.repSeconds, warmupSeconds: o.warmupSeconds });
  const r = spawnSync(process.execPath, [path.join(here, 'one.mjs'), lib.id, workload, options], {
    cwd: here, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24,
  });
  const line = (r.stdout || '').split('\n').reverse().find((l) => l.startsWith('RESULT '));
  if (!line) return { error: `no result (exit ${r.status}): ${(r.stderr || '').trim().split('\n').slice(-1)[0] ?? ''}` };
  return JSON.parse(line.slice('RESULT '.length));
}

function buildNative() {
  if (process.env.DLAB_BENCH_NATIVE === '0' || process.env.DLAB_BENCH_BIN) return;
  process.stderr.write('  cargo build --release --bin dlab-bench ...\n');
  const r = spawnSync('cargo', ['build', '--release', '--quiet', '--bin', 'dlab-bench'], { cwd: path.join(here, '..'), stdio: 'inherit' });
  if (r.status !== 0) process.stderr.write('  dlab-bench did not build: its column will say so\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const workloads = WORKLOADS.filter((w) => !o.only || o.only.includes(w));
  const libs = LIBS.filter((l) => !o.libs || o.libs.includes(l.id));
  if (libs.some((l) => l.id === 'dlab-native')) buildNative();
  const t0 = performance.now();
  // rounds[r][w][lib] = that round's result
  const rounds = [];
  for (let round = 0; round < o.rounds; round++) {
    const results = {};
    for (const w of workloads) {
      results[w] = {};
      const shift = round % libs.length;
      for (const lib of [...libs.slice(shift), ...libs.slice(0, shift)]) {
        const t = performance.now();
        const r = measureInChild(lib, w, o);
        results[w][lib.id] = r;
        const what = r.na ? `n/a (${r.na})` : r.missing ?? r.error ?? `${fmt(r.throughput)} ${WORK[w].unit}, loss ${fmtLoss(r.loss)}`;
        process.stderr.write(`  [${round + 1}/${o.rounds}] ${w.padEnd(7)} ${lib.label.padEnd(24)} ${what}  (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
      }
    }
    rounds.push(results);
  }
  const ok = (r) => r && Number.isFinite(r.throughput);
  const throughputs = (w, id) => rounds.map((r) => r[w][id]).filter(ok).map((r) => r.throughput);
  // Same-round ratios a / b.
  const ratios = (w, a, b) => rounds.filter((r) => ok(r[w][a]) && ok(r[w][b])).map((r) => r[w][a].throughput / r[w][b].throughput);
  const first = (w, id) => rounds.map((r) => r[w][id]).find(ok) ?? rounds[0][w][id];

  const notes = [];
  const note = (text) => {
    let k = notes.indexOf(text);
    if (k < 0) { notes.push(text); k = notes.length - 1; }
    return `[${k + 1}]`;
  };
  const status = (r) => (r.na ? `n/a ${note(r.na)}` : r.missing ? `not built ${note(r.missing)}` : `error ${note(r.error ?? 'no result')}`);
  const lines = [];
  lines.push(`## Throughput: median [min–max] over ${o.rounds} rounds, one process per library, workload and round, ` +
    `order rotated each round (each: median of ${o.reps} repetitions of ${o.repSeconds} s; node ${process.version})`);
  lines.push(table(['workload', ...libs.map((l) => l.label)],
    workloads.map((w) => [`${w} (${WORK[w].unit})`, ...libs.map((l) => {
      const xs = throughputs(w, l.id);
      return xs.length ? spread(xs, fmt) : status(first(w, l.id));
    })])));
  lines.push('');
  lines.push(`## Loss after one repetition from the shared initial weights (½·MSE on the training set; W1-grid: mean grid output)`);
  lines.push(`Work per repetition: ${workloads.map((w) => `${w} ${WORK[w].units} ${WORK[w].unit.split('/')[0]}`).join(', ')}. ` +
    `* = more than 1% from the ${REFERENCE} (f64) reference.`);
  const warnings = [];
  lines.push(table(['workload', ...libs.map((l) => l.label)],
    workloads.map((w) => {
      const ref = first(w, REFERENCE)?.loss;
      return [w, ...libs.map((l) => {
        const c = first(w, l.id);
        if (!ok(c)) return status(c);
        const off = Number.isFinite(ref) && Number.isFinite(c.loss) && Math.abs(c.loss - ref) > 0.01 * Math.abs(ref);
        if (off && !c.note) warnings.push(`WARNING: ${l.label} ${w}: loss ${fmtLoss(c.loss)} vs ${fmtLoss(ref)} (${REFERENCE}): not the same work?`);
        return fmtLoss(c.loss) + (off ? '*' : '') + (c.note ? ` ${note(c.note)}` : '');
      })];
    })));
  lines.push(...warnings, '');
  const peers = libs.filter((l) => l.peer);
  lines.push('## Ratios within each round: dlab wasm / peer (> 1× = dlab faster), and dlab wasm / dlab native; median [min–max] over rounds');
  lines.push(table(['workload', ...peers.map((l) => l.label), 'wasm/native'],
    workloads.map((w) => [w, ...peers.map((l) => spread(ratios(w, 'dlab-wasm', l.id), fmtRatio)),
      spread(ratios(w, 'dlab-wasm', 'dlab-native'), fmtRatio)])));
  lines.push('');
  const targets = TARGETS.filter((t) => workloads.includes(t.workload) && libs.some((l) => l.id === t.against));
  if (targets.length && libs.some((l) => l.id === 'dlab-wasm')) {
    lines.push('## Targets (issue 12): dlab wasm / X in the same round');
    lines.push(table(['workload', 'against', 'target', 'median', 'worst round', 'met (median)'],
      targets.map((t) => {
        const xs = ratios(t.workload, 'dlab-wasm', t.against);
        const label = LIBS.find((l) => l.id === t.against).label;
        return [t.workload, label, `≥ ${t.atLeast}×`, xs.length ? fmtRatio(median(xs)) : '–',
          xs.length ? fmtRatio(Math.min(...xs)) : '–', xs.length ? (median(xs) >= t.atLeast ? 'yes' : 'NO') : '–'];
      })));
  }
  if (notes.length) lines.push('', ...notes.map((n, k) => `[${k + 1}] ${n}`));
  lines.push('', `(whole run ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  console.log(lines.join('\n'));
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ node: process.version, options: o, work: WORK, rounds }, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
