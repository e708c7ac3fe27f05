// dlab's native build: the `dlab-bench` binary (src/bin/dlab-bench.rs), one process per
// workload and round like every other library, measured the same way (warm-up, `reps`
// repetitions of about `repSeconds`, median). Its last stdout line is one JSON object keyed
// by workload name: {"W1": {"throughput": 12345.6, "loss": 0.123}} (a bare number or a
// [throughput, loss] pair is accepted too). bench/run.mjs builds the binary once before the
// rounds (cargo build --release --bin dlab-bench); DLAB_BENCH_BIN points at another build
// (e.g. a baseline), DLAB_BENCH_NATIVE=0 skips it.
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import { fileURLToPath } from 'url';
import { defaults } from '../harness.mjs';

export const id = 'dlab-native';
export const label = 'dlab native';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binary = () => process.env.DLAB_BENCH_BIN || path.join(root, 'target/release/dlab-bench');

export async function run(spec, data, init, opts) {
  if (process.env.DLAB_BENCH_NATIVE === '0') return { missing: 'dlab-native: skipped (DLAB_BENCH_NATIVE=0)' };
  const bin = binary();
  if (!fs.existsSync(bin)) return { missing: `dlab-native: not built (${bin})` };
  const o = { ...defaults, ...opts };
  const args = ['--json', '--only', spec.name, '--reps', String(o.reps),
    '--rep-seconds', String(o.repSeconds), '--warmup-seconds', String(o.warmupSeconds)];
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    const why = (r.error?.message || r.stderr || '').trim().split('\n').slice(-3).join(' | ');
    return { error: `dlab-bench failed (${why.slice(0, 200)})` };
  }
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{'));
  const v = JSON.parse(line)[spec.name];
  if (typeof v === 'number') return { throughput: v };
  if (Array.isArray(v)) return { throughput: v[0], loss: v[1] };
  if (v && typeof v === 'object') return { throughput: v.throughput, loss: v.loss, rates: v.rates };
  return { missing: `dlab-native: no ${spec.name} in dlab-bench output` };
}
