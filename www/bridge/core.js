// Loads the wasm core (built by `make wasm` into www/pkg/).
//
// loadCore() imports the wasm-bindgen glue, compiles dlab_bg.wasm once and keeps the
// compiled WebAssembly.Module. A crash (a Rust panic traps the instance) leaves that
// instance in an unknown state, and a glue module initialises only once, so a fresh core
// needs a fresh module instance of the glue: ./pkg/dlab.js?instance=N. Those imports are
// network requests, so SPARES of them are made at boot, while the page is surely online,
// and kept uninitialised (no wasm memory until used). loadCore(true) initialises the
// oldest spare from the kept Module (no request at all) and tops the pool up again. So
// the first SPARES recoveries work offline, and online every one does; with the pool
// spent offline, loadCore(true) rejects with an error that says so (the page tells the
// user to reconnect and reload). The pool is topped up again when the browser is back online.
const CORE_URL = '../pkg/dlab.js';
const WASM_URL = new URL('../pkg/dlab_bg.wasm', import.meta.url);
const SPARES = 3;
let generation = 0;
let compiled = null; // the compiled WebAssembly.Module
const spares = []; // promises of uninitialised glue modules, oldest first

function topUp() {
  // Offline every import fails: wait for the 'online' event instead.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  while (spares.length < SPARES) {
    const spare = import(`${CORE_URL}?instance=${++generation}`);
    spares.push(spare);
    // Offline the import fails: drop it (the next top-up tries a new one).
    spare.catch(() => {
      const i = spares.indexOf(spare);
      if (i >= 0) spares.splice(i, 1);
    });
  }
}

if (typeof window !== 'undefined') window.addEventListener('online', () => { if (compiled) topUp(); });

/** The oldest spare glue module that loaded, or a new import when none did. */
async function takeSpare() {
  while (spares.length) {
    try {
      return await spares.shift();
    } catch { /* failed to load: try the next */ }
  }
  try {
    return await import(`${CORE_URL}?instance=${++generation}`);
  } catch (e) {
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const err = new Error(`no fresh copy of the core could be loaded${offline ? ' offline' : ''} (${String(e?.message ?? e)})`);
    err.offline = offline;
    throw err;
  }
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
    const mod = await takeSpare();
    topUp();
    await mod.default({ module_or_path: compiled });
    return mod;
  }
  const mod = await import(fresh ? `${CORE_URL}?instance=${++generation}` : CORE_URL);
  const compiling = compiled ?? compile();
  topUp(); // the spares load while the wasm compiles
  compiled = await compiling;
  await mod.default({ module_or_path: compiled });
  // Have them before the page says it is ready (it may go offline right then), but never
  // let a stalled request hold the page up.
  await Promise.race([Promise.allSettled(spares), new Promise((resolve) => setTimeout(resolve, 2000))]);
  return mod;
}
