// One measurement in a fresh process: `node one.mjs LIB WORKLOAD OPTIONS_JSON` runs library
// LIB (an id of libs.mjs) on one workload and prints `RESULT {json}` as its last line
// ({throughput, loss, rates?, note?} or {na} / {missing} / {error}). bench/run.mjs starts one
// per library, workload and round, so no library inherits another's JIT state, heap or
// warm caches, and the order can rotate between rounds.
import { LIBS, load } from './libs.mjs';
import { WORK, makeWorkload } from './workloads.mjs';

const [libId, workload, optionsJson] = process.argv.slice(2);
const lib = LIBS.find((l) => l.id === libId);
let result;
try {
  if (!lib) throw new Error(`unknown library ${libId}`);
  const { spec, data, init } = makeWorkload(workload);
  const options = JSON.parse(optionsJson || '{}');
  result = await (await load(lib)).run(spec, data, init, { ...options, units: WORK[workload].units });
} catch (e) {
  result = { error: String(e.message ?? e).split('\n')[0] };
}
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
process.exit(0); // TF.js keeps timers alive; the answer is out
