// The training worker: owns the page's Labs (the run B, and the compared run A) and trains
// them as fast as the chosen speed allows, off the main thread; the page only draws the
// latest snapshot it sends (www/bridge/remote.js is the other end).
//
// `workerMain` runs inside a dedicated worker made from a Blob (www/bridge/core.js
// spawnWorker): the wasm-bindgen glue's text, then `(workerMain)({initSync, Lab})` (workerScript). So
// this function must be self-contained: it is sent as source text (Function#toString)
// and sees nothing of this module but its parameter. The same Blob works served and in
// the single offline file (no URL to fetch, the wasm Module or bytes come by message).
//
// Protocol (every command {id, cmd, ...} gets {id, value} or {id, error, crash}):
//   init {module | bytes}          instantiate the core
//   build {config, compare}        new Labs (compare: A's config or null); value: the snapshot
//   compare {config}               rebuild A only
//   set {path, value, compare}     Lab.set on B; compare: 'set' | 'rebuild' | 'reset' | null for A
//   reset, step {n}                as the Lab's; step's value is B's metrics
//   play {playing, speed}          speed: steps per frame (a 60 Hz frame) or 'max'
//   sweepStart {caps, epochs}, sweepCancel
//   wants {list}                   what each snapshot carries beyond the metrics ([lab, fn, ...args])
//   ack                            the page drew the last snapshot: the next may be sent
// and unprompted {snap} messages: a snapshot when something changed and the page acked.
/**
 * The worker's whole script: the glue's text made a classic script (a module worker from a
 * Blob does not start in a page opened from file://, a classic one does), then workerMain.
 */
export function workerScript(glueText) {
  const classic = glueText
    .replace(/^export\s*\{[^}]*\};?[ \t]*$/gm, '')
    .replace(/^export\s+(?=(?:async\s+)?(?:class|function|const|let|var)\b)/gm, '')
    .replace(/import\.meta\.url/g, 'self.location.href');
  return `${classic}\n;(${workerMain.toString()})({ initSync, Lab });\n`;
}

export function workerMain({ initSync, Lab }) {
  const FRAME_MS = 1000 / 60;
  const CHUNK_MS = 14; // one step() call at 'max': one evaluation per display frame
  const JOB_BUDGET_MS = 8;
  const SLOW_STEP_MS = 250;
  const labs = { b: null, a: null };
  const gen = { b: 0, a: 0 }; // build generation: static data is resent when it changes
  let playing = false;
  let speed = 20;
  let msPerStep = null;
  let wants = [];
  let canSend = true;
  let dirty = true;
  let seq = 0;
  let scheduled = false;
  let nextAt = 0;
  let rate = null;
  let sweep = null; // {models, kind, started, progress, rows, done, ms}
  let stopped = null; // why playing stopped by itself: 'diverged' | 'slow'
  // Extras (what the page draws beyond the metrics) are computed once per state: `version`
  // bumps whenever a Lab may have changed, and an extra already sent at this version is not
  // sent again (the page keeps it, remote.js update). While playing, the costly ones (a
  // 32 × 64 net's unit maps, tens of ms) share a budget of EXTRAS_SHARE of the worker's
  // time, stalest first, so they no longer crowd out training; a command's reply carries
  // every wanted extra current.
  const EXTRAS_SHARE = 0.25;
  const CREDIT_CAP_MS = 100;
  let version = 0;
  const extraCache = { b: new Map(), a: new Map() }; // key → {version, at}
  let credit = 0;
  let creditAt = 0;
  const unevaluated = { b: false, a: false }; // trained (advance) since the last evaluation
  let slowMs = 0;
  const runners = { pretrain: { msPerUnit: null, biggest: 0 }, sweep: { msPerUnit: null, biggest: 0 } };

  const isCrash = (e) => e instanceof WebAssembly.RuntimeError
    || /unreachable|memory access out of bounds|RuntimeError/i.test(String(e?.name ?? '') + String(e?.message ?? ''));

  // As www/bridge/jobs.js SliceRunner: sizes each advance(units) call by the measured cost.
  function runFor(runner, advance, budgetMs) {
    const t0 = performance.now();
    let work = 0;
    let r;
    for (;;) {
      const elapsed = performance.now() - t0;
      const est = elapsed >= 1 && work > 0 ? elapsed / work : runner.msPerUnit;
      const cap = runner.biggest ? runner.biggest * 4 : 20000;
      const units = Math.max(1, Math.floor(est == null ? cap : Math.min(cap, (budgetMs - elapsed) / est)));
      r = advance(units);
      const w = Math.max(1, Number(r?.work) || 0);
      work += w;
      runner.biggest = Math.max(runner.biggest, w);
      if (r?.done || performance.now() - t0 >= 0.8 * budgetMs) break;
    }
    const took = performance.now() - t0;
    if (took >= 1) {
      const per = took / work, m = runner.msPerUnit;
      runner.msPerUnit = m == null ? per : per > m ? 0.5 * (m + per) : 0.8 * m + 0.2 * per;
    }
    return r;
  }

  function free(which) { try { labs[which]?.free(); } catch { /* gone */ } labs[which] = null; }

  /** A slice of pending pre-training at once; all of it when that slice did a quarter (session.js did the same). */
  function pretrainSome(lab) {
    if (!lab?.pretrainPending()) return;
    const r = runFor(runners.pretrain, (u) => lab.pretrainAdvance(u), JOB_BUDGET_MS);
    if (!r.done && r.progress >= 0.25) lab.pretrainAdvance(Infinity);
  }

  function buildLab(which, config) {
    const lab = Lab.deferred(config);
    free(which);
    labs[which] = lab;
    gen[which]++;
    unevaluated[which] = false; // a new Lab is evaluated
    pretrainSome(lab);
  }

  function buildCompare(config) {
    free('a');
    if (!config) return null;
    try { buildLab('a', config); return null; } catch (e) {
      if (isCrash(e)) throw e;
      return String(e?.message ?? e);
    }
  }

  // ------------------------------------------------------------ snapshots

  /** Everything the page's Lab view answers without asking (the build's data, the metrics, the history). */
  function labSnap(which, sent, budgeted) {
    const lab = labs[which];
    if (!lab) return null;
    // Evaluation (train and test loss, the probe's layer stats) at display rate: once per
    // snapshot, and while playing within the extras' budget (a 32 × 64 net's costs ~100 ms).
    // (The Lab's own commands, step, set, reset, evaluate as they go.)
    if (unevaluated[which] && (!budgeted || credit > 0)) {
      const t0 = performance.now();
      lab.evaluate();
      unevaluated[which] = false;
      if (budgeted) credit -= performance.now() - t0;
    }
    const s = {
      gen: gen[which], metrics: lab.metrics(), history: lab.history(), rbmErrors: lab.rbmErrors(),
      pretrainPending: lab.pretrainPending(), pretrainProgress: lab.pretrainProgress(), extras: {},
    };
    if (sent !== gen[which]) {
      Object.assign(s, {
        config: lab.config(), layerSizes: lab.layerSizes(), dataExtent: lab.dataExtent(), inputDim: lab.inputDim(),
        isRegression: lab.isRegression(), numLayers: lab.numLayers(), trainPoints: lab.trainPoints(), testPoints: lab.testPoints(),
      });
    }
    const cache = extraCache[which];
    if (sent !== gen[which]) cache.clear(); // a new build: the page drops its extras too
    const stale = [];
    for (const w of wants) {
      if (w[0] !== which) continue;
      const [, fn, ...args] = w;
      const key = `${fn}(${args.map((a) => (ArrayBuffer.isView(a) ? `${a.length}:${a[0]}:${a[a.length - 1]}` : a)).join(',')})`;
      const c = cache.get(key);
      if (c?.version !== version) stale.push({ fn, args, key, at: c?.at ?? -Infinity });
    }
    if (budgeted) stale.sort((x, y) => x.at - y.at); // never sent first, then the stalest
    for (const { fn, args, key, at } of stale) {
      // Within budget, or never sent in this build (the page has nothing to draw yet).
      if (budgeted && at !== -Infinity && credit <= 0) continue;
      const t0 = performance.now();
      try { s.extras[key] = lab[fn](...args); } catch (e) { if (isCrash(e)) throw e; }
      const t1 = performance.now();
      cache.set(key, { version, at: t1 });
      if (budgeted) credit -= t1 - t0;
    }
    return s;
  }

  const sentGen = { b: -1, a: -1 };
  /** budgeted: a snapshot of the play loop (costly extras within EXTRAS_SHARE), not a command's reply. */
  function snapshot(budgeted = false) {
    const now = performance.now();
    credit = Math.min(CREDIT_CAP_MS, credit + EXTRAS_SHARE * (now - creditAt));
    creditAt = now;
    const b = labSnap('b', sentGen.b, budgeted);
    const a = labSnap('a', sentGen.a, budgeted);
    // The evaluation can find what a step's loss did not (a non-finite probe).
    if (playing && b?.metrics?.diverged && !aAlive()) { playing = false; stopped = 'diverged'; }
    const snap = { snap: ++seq, playing, stopped, slowMs, rate, sweep: sweep && { ...sweep }, b, a };
    sentGen.b = gen.b; sentGen.a = labs.a ? gen.a : -1;
    stopped = null;
    if (sweep?.done) sweep = null; // the finished rows go once
    return snap;
  }

  function transferables(snap) {
    const out = [];
    const add = (v) => { if (ArrayBuffer.isView(v) && !out.includes(v.buffer)) out.push(v.buffer); };
    for (const s of [snap.b, snap.a]) {
      if (!s) continue;
      for (const v of Object.values(s)) add(v);
      for (const v of Object.values(s.extras)) add(v);
    }
    return out;
  }

  function send() {
    if (!canSend || !dirty) return;
    const snap = snapshot(playing);
    canSend = false;
    dirty = false;
    postMessage(snap, transferables(snap));
  }

  // ------------------------------------------------------------ the loop

  const channel = new MessageChannel();
  channel.port1.onmessage = () => tick();
  function schedule(delay = 0) {
    if (scheduled) return;
    scheduled = true;
    if (delay <= 0) channel.port2.postMessage(0); else setTimeout(() => { scheduled = false; tick(); }, delay);
  }

  const aAlive = () => Boolean(labs.a) && labs.a.__pinned && !labs.a.diverged();

  function runJobs() {
    let busy = false;
    let pretraining = false;
    for (const which of ['b', 'a']) {
      const lab = labs[which];
      if (!lab?.pretrainPending()) continue;
      runFor(runners.pretrain, (u) => lab.pretrainAdvance(u), JOB_BUDGET_MS / 2);
      busy = true;
      dirty = true;
      version++;
      if (lab.pretrainPending()) pretraining = true;
    }
    if (sweep && !sweep.done && labs.b) {
      const r = runFor(runners.sweep, (u) => labs.b.sweepAdvance(u), playing ? JOB_BUDGET_MS / 2 : JOB_BUDGET_MS * 2);
      Object.assign(sweep, { progress: r.progress, rows: r.rows });
      if (r.done) {
        Object.assign(sweep, { done: true, ms: performance.now() - sweep.started });
        labs.b.sweepCancel();
      }
      busy = true;
      dirty = true;
    }
    return { busy, pretraining };
  }

  function trainSome(now) {
    const b = labs.b;
    const k = speed === 'max'
      ? Math.max(1, Math.floor(CHUNK_MS / Math.max(1e-4, msPerStep ?? CHUNK_MS)))
      : msPerStep == null ? 1 : Math.max(1, Math.min(speed, Math.floor(CHUNK_MS / Math.max(1e-4, msPerStep))));
    const n = msPerStep == null ? 1 : k;
    const t0 = performance.now();
    // Steps alone: the evaluation is the snapshot's (labSnap), at display rate.
    b.advance(n);
    labs.a?.advance(n);
    unevaluated.b = true;
    unevaluated.a = Boolean(labs.a);
    const per = (performance.now() - t0) / n;
    msPerStep = msPerStep == null ? per : 0.7 * msPerStep + 0.3 * per;
    dirty = true;
    version++;
    if (per > SLOW_STEP_MS) { playing = false; stopped = 'slow'; slowMs = per; }
    if (b.diverged() && !aAlive()) { playing = false; stopped = 'diverged'; }
    // Steps and epochs per second over about a second.
    const step = b.stepsTaken(), epoch = b.epoch();
    if (!rate || rate.step > step) rate = { t: now, epoch, step, epochs: 0, steps: 0 };
    else if (now - rate.t > 800) {
      rate = { t: now, epoch, step, epochs: ((epoch - rate.epoch) * 1000) / (now - rate.t), steps: ((step - rate.step) * 1000) / (now - rate.t) };
    }
  }

  function tick() {
    scheduled = false;
    const now = performance.now();
    try {
      const { busy, pretraining } = runJobs();
      let trained = false;
      if (playing && labs.b && !pretraining && now >= nextAt) {
        trainSome(now);
        trained = true;
        // A numeric speed is so many steps per 60 Hz frame: wait out the rest of the frame.
        nextAt = speed === 'max' ? 0 : now + FRAME_MS;
      }
      send();
      if (playing && labs.b) schedule(pretraining || trained && speed === 'max' ? 0 : Math.max(0, nextAt - performance.now()));
      else if (busy) schedule(0);
    } catch (e) {
      crashed(e);
    }
  }

  function crashed(e) {
    playing = false;
    postMessage({ crash: String(e?.message ?? e) });
    // This instance may be inconsistent: the page starts a fresh worker and drops this one.
    labs.b = labs.a = null;
  }

  // ------------------------------------------------------------ commands

  const commands = {
    init({ module, bytes }) { initSync({ module: module ?? bytes }); return true; },
    build({ config, compare, pinned }) {
      buildLab('b', config);
      sweep = null;
      rate = null;
      msPerStep = null;
      const compareError = buildCompare(compare);
      if (labs.a) labs.a.__pinned = pinned;
      return { compareError };
    },
    compare({ config, pinned }) {
      const compareError = buildCompare(config);
      if (labs.a) labs.a.__pinned = pinned;
      return { compareError };
    },
    set({ path, value, compare, compareConfig, pinned }) {
      const rebuilt = labs.b.set(path, value);
      if (rebuilt) { pretrainSome(labs.b); gen.b++; msPerStep = null; unevaluated.b = false; }
      let compareError = null;
      // 'rebuild': A is built again (A/B after a new seed); 'follow': the init lab's compared
      // run takes a live setting as B does, and is rebuilt with B otherwise.
      if (compare === 'rebuild' || (compare === 'follow' && (rebuilt || path === 'seed'))) compareError = buildCompare(compareConfig);
      else if (compare === 'follow' && labs.a) {
        // A live setting applies to A as to B; A rebuilds when it cannot take it.
        try { if (labs.a.set(path, value)) { pretrainSome(labs.a); gen.a++; } } catch (e) {
          if (isCrash(e)) throw e;
          compareError = buildCompare(compareConfig);
        }
      }
      if (labs.a) labs.a.__pinned = pinned;
      return { rebuilt, compareError };
    },
    reset() {
      unevaluated.b = unevaluated.a = false;
      labs.b?.reset();
      pretrainSome(labs.b);
      labs.a?.reset();
      pretrainSome(labs.a);
      gen.b++;
      if (labs.a) gen.a++;
      rate = null;
      return true;
    },
    step({ n }) {
      const m = labs.b.step(n);
      labs.a?.step(n);
      unevaluated.b = unevaluated.a = false;
      return m;
    },
    play(msg) {
      if (msg.speed != null) speed = msg.speed;
      if (msg.playing != null && msg.playing !== playing) { playing = msg.playing; rate = null; nextAt = 0; }
      return playing;
    },
    sweepStart({ caps, epochs, kind, sweepId }) {
      const models = labs.b.sweepStart(caps, epochs);
      sweep = { id: sweepId, models, kind, started: performance.now(), progress: 0, rows: new Float64Array(0), done: false };
      return models;
    },
    sweepCancel() { try { labs.b?.sweepCancel(); } catch (e) { if (isCrash(e)) throw e; } sweep = null; return true; },
    /** The diagram's edge editor: one weight of run B set; training goes on from it. */
    setWeight({ layer, from, to, value }) { unevaluated.b = false; return labs.b.setWeight(layer, from, to, value); },
    /** One answer of a Lab's read (window.dlab.weights, grid), exact and current. */
    read({ which, fn, args }) {
      const lab = labs[which ?? 'b'];
      if (!lab) throw new Error(`${fn}: the core is not loaded`);
      return lab[fn](...(args ?? []));
    },
    wants({ list }) { wants = list; dirty = true; return true; },
    ack() { canSend = true; return true; },
  };

  const QUIET = new Set(['ack', 'wants', 'read']); // commands that change nothing to draw
  self.onmessage = (event) => {
    const msg = event.data;
    const run = commands[msg.cmd];
    let reply;
    try {
      if (!run) throw new Error(`worker: unknown command ${msg.cmd}`);
      const value = run(msg);
      if (!QUIET.has(msg.cmd)) { dirty = true; version++; }
      reply = { id: msg.id, value };
    } catch (e) {
      if (isCrash(e)) { crashed(e); reply = { id: msg.id, error: String(e?.message ?? e), crash: true }; } else reply = { id: msg.id, error: String(e?.message ?? e) };
    }
    if (msg.id != null) {
      // A command's snapshot goes with its reply, so what the page reads after awaiting it is current.
      if (!reply.error && !QUIET.has(msg.cmd) && msg.cmd !== 'init' && labs.b) {
        reply.snap = snapshot();
        dirty = false;
        postMessage(reply, transferables(reply.snap));
      } else postMessage(reply);
    }
    schedule(0);
  };
}
