// dlab's native build: `cargo run --release --bin dlab-bench -- --json` in the repo root,
// which prints (as its last line) one JSON object keyed by workload name:
//   {"W1": {"throughput": 12345.6, "loss": 0.123}, "W1-grid": {...}, "W2": ..., "W2n": ..., "W3": ...}
// (a bare number or a [throughput, loss] pair per workload is accepted too). Throughputs in
// the units of workloads.mjs WORK, loss after one repetition of WORK[name].units from the
// initial weights. Run once; every workload's cell is read from that one run.
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import { fileURLToPath } from 'url';

export const id = 'dlab-native';
export const label = 'dlab native';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let results;

function collect() {
  if (results) return results;
  if (process.env.DLAB_BENCH_NATIVE === '0') return (results = { missing: 'dlab-native: skipped (DLAB_BENCH_NATIVE=0)' });
  const cargoToml = path.join(root, 'Cargo.toml');
  const hasBin = fs.existsSync(path.join(root, 'src/bin/dlab-bench.rs')) ||
    (fs.existsSync(cargoToml) && fs.readFileSync(cargoToml, 'utf8').includes('dlab-bench'));
  if (!hasBin) return (results = { missing: 'dlab: not built (no dlab-bench binary yet)' });
  process.stderr.write('  building/running dlab-bench (cargo run --release) ...\n');
  const r = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'dlab-bench', '--', '--json'], {
    cwd: root, encoding: 'utf8', timeout: 900_000, maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    const why = (r.error?.message || r.stderr || '').trim().split('\n').slice(-3).join(' | ');
    return (results = { missing: `dlab-native: dlab-bench failed (${why.slice(0, 200)})` });
  }
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  try {
    const obj = JSON.parse(line);
    results = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number') results[k] = { throughput: v };
      else if (Array.isArray(v)) results[k] = { throughput: v[0], loss: v[1] };
      else if (v && typeof v === 'object') results[k] = { throughput: v.throughput, loss: v.loss };
    }
    return results;
  } catch (e) {
    return (results = { missing: `dlab-native: could not parse dlab-bench --json output` });
  }
}

export async function run(spec) {
  const res = collect();
  if (res.missing) return { missing: res.missing };
  return res[spec.name] ?? { missing: `dlab-native: no ${spec.name} in dlab-bench output` };
}
