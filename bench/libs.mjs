// Every library the bench compares: id, the label of its column, the module that runs it and
// the export holding its { run } (a module may hold two entries: tfjs's cpu and wasm). Kept
// apart from the modules so the parent process can list them without loading TF.js & co.:
// each library is imported only in the child process that measures it (bench/one.mjs).
export const LIBS = [
  { id: 'tfplayground', label: 'TF Playground nn.ts', file: './peers/tfplayground.mjs', peer: true },
  { id: 'convnet', label: 'ConvNetJS 0.3.0', file: './peers/convnet.mjs', peer: true },
  { id: 'brain', label: 'brain.js 2.0.0-beta.24', file: './peers/brain.mjs', peer: true },
  { id: 'tfjs-cpu', label: 'TF.js 4.22 cpu', file: './peers/tfjs.mjs', entry: 'cpu', peer: true },
  { id: 'tfjs-wasm', label: 'TF.js 4.22 wasm', file: './peers/tfjs.mjs', entry: 'wasm', peer: true },
  { id: 'plainjs', label: 'plain Float64Array JS', file: './peers/plainjs.mjs', peer: true },
  { id: 'dlab-wasm', label: 'dlab wasm', file: './peers/dlab-wasm.mjs' },
  { id: 'dlab-native', label: 'dlab native', file: './peers/dlab-native.mjs' },
];

export async function load(lib) {
  const mod = await import(new URL(lib.file, import.meta.url));
  return lib.entry ? mod[lib.entry] : mod;
}
