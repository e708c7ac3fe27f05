// dlab's wasm build, loaded in node the way the page loads it: www/pkg/dlab.js
// (wasm-bindgen --target web) + dlab_bg.wasm bytes passed to initSync({ module }).
//
// Contract (see bench/README.md): a free function
//   benchWorkload(name: string, seconds: number) -> Float64Array [throughput, loss]
// for name in W1, W1-grid, W2, W2n, W3 (workloads.mjs): repeats (reset to the initial
// weights; WORK[name].units units of work) for about `seconds`, returns units per second
// over the timed work and the loss after the first repetition (W1-grid: grid output mean).
import fs from 'fs';
import path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { median, defaults } from '../harness.mjs';

export const id = 'dlab-wasm';
export const label = 'dlab wasm';

const pkg = process.env.DLAB_WASM_PKG || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../www/pkg');
let loaded;

async function load() {
  if (loaded) return loaded;
  const js = path.join(pkg, 'dlab.js'), bin = path.join(pkg, 'dlab_bg.wasm');
  if (!fs.existsSync(js) || !fs.existsSync(bin)) return (loaded = { missing: 'dlab: not built (run make wasm)' });
  try {
    const mod = await import(pathToFileURL(js).href);
    mod.initSync({ module: fs.readFileSync(bin) });
    if (typeof mod.benchWorkload !== 'function') return (loaded = { missing: 'dlab: no benchWorkload export (run make wasm)' });
    return (loaded = { mod });
  } catch (e) {
    return (loaded = { missing: `dlab: wasm failed to load: ${e.message}` });
  }
}

export async function run(spec, data, init, opts) {
  const { mod, missing } = await load();
  if (missing) return { missing };
  const o = { ...defaults, ...opts };
  mod.benchWorkload(spec.name, o.warmupSeconds);
  const reps = [];
  for (let r = 0; r < o.reps; r++) reps.push(Array.from(mod.benchWorkload(spec.name, o.repSeconds)));
  return { throughput: median(reps.map((r) => r[0])), loss: reps[0][1], rates: reps.map((r) => r[0]) };
}
