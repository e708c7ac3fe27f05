// Loads the wasm core (built by `make wasm` into www/pkg/). `fresh` loads a new instance
// of the module (after a crash left the old one in an unknown state).
const CORE_URL = './pkg/dlab.js';
let generation = 0;

export async function loadCore(fresh = false) {
  const url = fresh ? `${CORE_URL}?instance=${++generation}` : CORE_URL;
  const mod = await import(url);
  await mod.default();
  return mod;
}
