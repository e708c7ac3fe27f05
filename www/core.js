// Loads the wasm core (built by `make wasm` into www/pkg/).
//
// loadCore() imports the wasm-bindgen glue, compiles dlab_bg.wasm once and keeps the
// compiled WebAssembly.Module, and imports a spare copy of the glue (a separate module
// instance, not yet initialised). loadCore(true), after a crash left the running
// instance in an unknown state, initialises that spare from the kept Module: a fresh
// instance without any network request, so recovery works offline too.
const CORE_URL = './pkg/dlab.js';
const WASM_URL = new URL('./pkg/dlab_bg.wasm', import.meta.url);
let generation = 0;
let compiled = null; // the compiled WebAssembly.Module
let spare = null; // a promise of an uninitialised glue module

function prepareSpare() {
  spare = import(`${CORE_URL}?instance=${++generation}`);
  spare.catch(() => { spare = null; }); // offline: try again at the next load
}

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

export async function loadCore(fresh = false) {
  if (fresh && compiled) {
    const mod = await (spare ?? import(`${CORE_URL}?instance=${++generation}`));
    await mod.default({ module_or_path: compiled });
    prepareSpare();
    return mod;
  }
  const mod = await import(fresh ? `${CORE_URL}?instance=${++generation}` : CORE_URL);
  compiled = compiled ?? await compile();
  await mod.default({ module_or_path: compiled });
  prepareSpare();
  return mod;
}
