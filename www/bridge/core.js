// Loads the wasm core (built by `make wasm` into www/pkg/) and makes training workers.
//
// loadCore() imports the wasm-bindgen glue once for the page's own use (the schema,
// validateConfig, activation curves: pure functions, answered at once) and compiles
// dlab_bg.wasm once into a WebAssembly.Module. The Labs live in a worker (worker.js):
// spawnWorker() makes one from a Blob of the glue's text and the worker's function, and
// hands it the compiled Module, so a worker costs no request at all. That is what makes
// crash recovery work offline every time: a trapped worker is dropped and a fresh one
// (a fresh wasm instance, fresh memory) made from the same Blob (session.js).
// The glue is fetched once, as text: the page imports it from a Blob URL of that text
// (script-src blob:), the workers are made from it too.
import { workerScript } from './worker.js';

const CORE_URL = '../pkg/dlab.js';
const WASM_URL = new URL('../pkg/dlab_bg.wasm', import.meta.url);
let compiled = null; // the compiled WebAssembly.Module
let glue = null; // the glue's text
let moduleUrl = null; // the Blob URL the page's own instance is imported from
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

const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));

/** The worker's source: the glue (defines initSync and Lab), then the worker function called with them. */
export function workerSource(text) {
  return workerScript(text);
}

/** The page's instance of the core; `fresh`: a new one (a new module, new memory) after a trap. */
export async function loadCore(fresh = false) {
  const [module, text] = await Promise.all([compiled ?? compile(), glue ?? glueText()]);
  compiled = module;
  glue = text;
  if (!workerUrl) workerUrl = blobUrl(workerSource(text));
  // A module is instantiated once per URL: a fresh instance needs a URL of its own.
  if (!moduleUrl || fresh) moduleUrl = blobUrl(text);
  const mod = await import(moduleUrl);
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
