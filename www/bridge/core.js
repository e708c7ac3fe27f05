// Loads the wasm core (built by `make wasm` into www/pkg/) and makes training workers.
//
// loadCore() imports the wasm-bindgen glue once for the page's own use (the schema,
// validateConfig, activation curves: pure functions, answered at once) and compiles
// dlab_bg.wasm once into a WebAssembly.Module. The Labs live in a worker (worker.js):
// spawnWorker() makes one from a Blob of the glue's text and the worker's function, and
// hands it the compiled Module, so a worker costs no request at all. That is what makes
// crash recovery work offline every time: a trapped worker is dropped and a fresh one
// (a fresh wasm instance, fresh memory) made from the same Blob (session.js).
// The glue's text is fetched once (the import above cannot give it back as text).
import { workerScript } from './worker.js';

const CORE_URL = '../pkg/dlab.js';
const WASM_URL = new URL('../pkg/dlab_bg.wasm', import.meta.url);
let generation = 0;
let compiled = null; // the compiled WebAssembly.Module
let workerUrl = null; // the Blob URL every worker is made from

async function compile() {
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`${WASM_URL.pathname}: HTTP ${response.status}`);
  // compileStreaming needs the application/wasm MIME type; fall back to bytes otherwise.
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

async function glueText() {
  const response = await fetch(new URL(CORE_URL, import.meta.url));
  if (!response.ok) throw new Error(`${CORE_URL}: HTTP ${response.status}`);
  return response.text();
}

/** The worker's source: the glue (defines initSync and Lab), then the worker function called with them. */
export function workerSource(glue) {
  return workerScript(glue);
}

export async function loadCore(fresh = false) {
  const mod = await import(fresh ? `${CORE_URL}?instance=${++generation}` : CORE_URL);
  const [module, text] = await Promise.all([compiled ?? compile(), workerUrl ? null : glueText()]);
  compiled = module;
  if (!workerUrl) workerUrl = URL.createObjectURL(new Blob([workerSource(text)], { type: 'text/javascript' }));
  await mod.default({ module_or_path: compiled });
  return mod;
}

/** A new training worker with its own instance of the core; its first message (init) is already sent. */
export function spawnWorker() {
  if (!workerUrl) throw new Error('spawnWorker: the core is not loaded');
  const worker = new Worker(workerUrl, { name: 'dlab-training' });
  worker.postMessage({ id: 0, cmd: 'init', module: compiled });
  return worker;
}
