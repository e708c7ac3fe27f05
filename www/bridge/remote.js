// The page's end of the training worker (worker.js): commands as promises, the snapshots
// the worker sends, and LabView, a stand-in for a Lab that answers the labs' draw() calls
// (layerSizes(), weights(l), grid(res), history(), ...) synchronously from the latest
// snapshot. The draw asks as it always did; the view notes each call it could not answer
// (a "want") and the worker puts it in the next snapshots. So the main thread never runs
// the core's training or evaluation, and only what is drawn crosses over.
import { spawnWorker } from './core.js';

const keyOf = (fn, args) => `${fn}(${args.map((a) => (ArrayBuffer.isView(a) ? `${a.length}:${a[0]}:${a[a.length - 1]}` : a)).join(',')})`;

/**
 * A new LabView class per worker: a test (or a crash) that patches one worker's views
 * (Object.getPrototypeOf(view).step = trap) does not reach the views of the next.
 */
function labViewClass(remote) {
  class LabView {
    constructor(which) {
      this.which = which;
      this.snap = null; // the worker's last snapshot of this Lab
      this.built = null; // the build's data (config, sizes, points), kept across snapshots of the same build
    }

    /**
     * The worker sends an extra only when it changed (worker.js extraCache): within one
     * build the extras of earlier snapshots stay, a new build starts empty.
     */
    update(s) {
      if (s.layerSizes) this.built = s;
      if (this.snap && this.snap.gen === s.gen && !s.layerSizes) s.extras = { ...this.snap.extras, ...s.extras };
      this.snap = s;
    }

    get gen() { return this.snap?.gen ?? -1; }

    /** Answers from the snapshot; a miss is a want for the next one (and an empty answer now). */
    demand(fn, args, empty) {
      const key = keyOf(fn, args);
      remote.want(this.which, fn, args, key);
      const hit = this.snap?.extras?.[key];
      if (hit !== undefined) return hit;
      remote.missed = true;
      // The last answer of the same call with other arguments (another layer) beats nothing.
      const last = remote.lastOf(this.which, fn, key);
      return last ?? empty();
    }

    metrics() { return this.snap?.metrics ?? null; }
    config() { return this.snap?.config ?? this.built?.config ?? null; }
    history() { return this.snap?.history ?? new Float64Array(0); }
    rbmErrors() { return this.snap?.rbmErrors ?? new Float64Array(0); }
    pretrainPending() { return Boolean(this.snap?.pretrainPending); }
    pretrainProgress() { return this.snap?.pretrainProgress ?? 1; }
    layerSizes() { return this.built?.layerSizes ?? new Uint32Array(0); }
    dataExtent() { return this.built?.dataExtent ?? new Float64Array([0, 1, 0, 1]); }
    inputDim() { return this.built?.inputDim ?? 0; }
    isRegression() { return Boolean(this.built?.isRegression); }
    numLayers() { return this.built?.numLayers ?? 0; }
    trainPoints() { return this.built?.trainPoints ?? new Float64Array(0); }
    testPoints() { return this.built?.testPoints ?? new Float64Array(0); }

    weights(l) { const s = this.layerSizes(); return this.demand('weights', [l], () => new Float64Array((s[l] ?? 0) * (s[l + 1] ?? 0))); }
    weightGrads(l) { const s = this.layerSizes(); return this.demand('weightGrads', [l], () => new Float64Array((s[l] ?? 0) * (s[l + 1] ?? 0))); }
    gradRms() { return this.demand('gradRms', [], () => new Float64Array(this.numLayers())); }
    weightNorms() { return this.demand('weightNorms', [], () => new Float64Array(this.numLayers())); }
    gradNorms() { return this.demand('gradNorms', [], () => new Float64Array(this.numLayers())); }
    deltaRms() { return this.demand('deltaRms', [], () => new Float64Array(this.numLayers())); }
    histogram(l, which) { return this.demand('histogram', [l, which], () => new Float64Array(0)); }
    grid(res) { return this.demand('grid', [res], () => new Float32Array(res * res)); }
    curve(xs) { return this.demand('curve', [xs], () => new Float64Array(xs.length).fill(NaN)); }
    coefficients() { return this.demand('coefficients', [], () => new Float64Array(0)); }
    /** No stand-in from before a rebuild either: its layers would not match the diagram's. */
    unitMaps(res) {
      const key = keyOf('unitMaps', [res]);
      remote.want(this.which, 'unitMaps', [res], key);
      return this.snap?.extras?.[key] ?? { width: 0, height: 0, extent: new Float64Array(0), layers: [] };
    }
    capacityTable(caps, sizes, epochs) { return this.demand('capacityTable', [caps, sizes, epochs], () => new Float64Array(0)); }
    /** Undefined until the worker answered (no other layer's answer as a stand-in: it would be drawn as this one). */
    rbmReconstruction(layer, rows) {
      const key = keyOf('rbmReconstruction', [layer, rows]);
      remote.want(this.which, 'rbmReconstruction', [layer, rows], key);
      return this.snap?.extras?.[key];
    }

    /** Runs n steps in the worker; resolves to the metrics (session.js step). */
    step(n) { return remote.request('step', { n }); }
  }
  return LabView;
}

/**
 * One worker and its views. `onSnapshot(snap)` gets every snapshot (pushed, or with a
 * command's reply, before the command's promise resolves); `onCrash(message)` a trap in
 * the worker (or its death); the worker is unusable after it.
 */
export function createRemote({ onSnapshot, onCrash }) {
  const worker = spawnWorker();
  const pending = new Map();
  let nextId = 1;
  let dead = false;
  // key → {want: [which, fn, ...args], at: the draw that last made the call}. A call stays
  // wanted for a few draws: the labs make their costly calls only every third frame.
  const wanted = new Map();
  const KEEP_DRAWS = 8;
  let drawNo = 0;
  const lastByFn = new Map(); // `${which}.${fn}` → the last answer
  let sentWants = '';

  const remote = {
    missed: false,
    get pending() { return pending.size; },
    get dead() { return dead; },
    request(cmd, payload = {}) {
      if (dead) return Promise.reject(Object.assign(new Error('the core crashed'), { crash: true }));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, cmd });
        worker.postMessage({ id, cmd, ...payload });
      });
    },
    post(cmd, payload = {}) { if (!dead) worker.postMessage({ cmd, ...payload }); },
    want(which, fn, args, key) { wanted.set(`${which}:${key}`, { want: [which, fn, ...args], at: drawNo }); },
    lastOf(which, fn) { return lastByFn.get(`${which}.${fn}`); },
    /** Before a draw: start noting its calls. */
    beginDraw() { drawNo++; remote.missed = false; },
    /** After a draw: tell the worker it may send the next snapshot, and what it should carry. */
    endDraw() {
      for (const [k, w] of wanted) if (w.at < drawNo - KEEP_DRAWS) wanted.delete(k);
      const list = [...wanted.values()].map((w) => w.want);
      const text = JSON.stringify(list.map((w) => w.map((x) => (ArrayBuffer.isView(x) ? `${x.length}:${x[0]}` : x))));
      if (text !== sentWants) { sentWants = text; remote.post('wants', { list }); }
      remote.post('ack');
    },
    terminate() {
      dead = true;
      worker.terminate();
      for (const p of pending.values()) p.reject(Object.assign(new Error('the core crashed'), { crash: true }));
      pending.clear();
    },
  };
  const LabView = labViewClass(remote);
  remote.views = { b: new LabView('b'), a: new LabView('a') };

  function takeSnapshot(snap) {
    for (const which of ['b', 'a']) {
      const s = snap[which];
      if (!s) continue;
      remote.views[which].update(s);
      for (const [key, v] of Object.entries(s.extras)) lastByFn.set(`${which}.${key.slice(0, key.indexOf('('))}`, v);
    }
    onSnapshot(snap, remote);
  }

  worker.onmessage = (event) => {
    const msg = event.data;
    if (msg.crash !== undefined && msg.id === undefined) { die(msg.crash); return; }
    if (msg.snap !== undefined && msg.id === undefined) { takeSnapshot(msg); return; }
    const p = pending.get(msg.id);
    if (msg.snap) takeSnapshot(msg.snap);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) {
      const err = Object.assign(new Error(msg.error), { crash: Boolean(msg.crash) });
      p.reject(err);
      if (msg.crash) die(msg.error);
    } else p.resolve(msg.value);
  };
  worker.onerror = (event) => { event.preventDefault?.(); die(event.message || 'the training worker stopped'); };
  worker.onmessageerror = () => die('a message from the training worker could not be read');

  function die(message) {
    if (dead) return;
    remote.terminate();
    onCrash(message);
  }
  return remote;
}
