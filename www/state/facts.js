// What the core says about each option of the activation and init settings: the schema's
// `about` (generated from their blocks in src/model/activation.rs and init.rs), set once at
// boot. The page asks here which init suits an activation, whether it saturates or its
// units can die, and a label when the string files have none: no list of names in the page.

let about = {};
let byPath = new Map();

/** Takes the core's schema() fields. */
export function useSchema(fields) {
  about = Object.fromEntries(fields.filter((f) => f.about).map((f) => [f.path, f.about]));
  byPath = new Map(fields.map((f) => [f.path, f]));
}

/** The schema's field of a config path (its type, range, list lengths), or undefined. */
export const schemaField = (path) => byPath.get(path);

const activation = (name) => about['model.activation']?.[name] ?? {};

/** The init that keeps this activation's layers level (He for rectifiers, else Xavier). */
export const suitedInit = (name) => activation(name).suited_init ?? 'xavier';
/** Whether the activation has flat tails (a saturated zone): sigmoid, tanh. */
export const saturates = (name) => activation(name).saturates_beyond != null;
/** Whether its units can die (output 0 for every input): ReLU. */
export const canDie = (name) => Boolean(activation(name).can_die);
/** [lo, hi] that f(z) approaches, null for an unbounded end: σ [0, 1], tanh [−1, 1], ReLU [0, null]. */
export const outputBounds = (name) => activation(name).bounds ?? [null, null];
/** The core's label for an option, or undefined. */
export const coreLabel = (path, value) => about[path]?.[value]?.label;
