// URL fuzzing: random (seeded) and hand-picked malformed hashes. Whatever the hash, the
// page is never blank (charts and controls present, a chart has ink), nothing is thrown
// uncaught, every ignored key or value is named in a notice, and what was valid is kept
// (window.dlab.config()/ui() hold the valid values given beside the bad ones).
//
// Seed: DLAB_FUZZ_SEED (printed), cases: DLAB_FUZZ_CASES (default 150).
// Most random cases are applied by changing location.hash (the page's hashchange path);
// every 10th, and every case of the fixed list, is a fresh load of index.html#hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, screenshot } from './harness.mjs';
import { waitReady } from './fixtures/lab.mjs';
import { execFileSync } from 'node:child_process';
import { launchInstrumented, instrument, snapshot, aliveProblems, noticeTexts, framesIn } from './fixtures/trust.mjs';

const SEED = Number(process.env.DLAB_FUZZ_SEED ?? 20261128);
// The activations and inits the core declares (`dlab schema`, built by make test's native
// stage), so a new one is fuzzed here without a list to edit.
const CORE_SCHEMA = JSON.parse(execFileSync(new URL('../../target/release/dlab', import.meta.url).pathname, ['schema'], { encoding: 'utf8' }));
const coreOptions = (path) => CORE_SCHEMA.find((f) => f.path === path).options;
const RANDOM_CASES = Number(process.env.DLAB_FUZZ_CASES ?? 150);

let server, browser, schema;
before(async () => { server = await startServer(); browser = await launchInstrumented(); });
after(async () => { await browser?.close(); await server?.stop(); });

// ---------------------------------------------------------------- the oracle

// The page's ui keys (www/state/store.js UI_STATE) with what the tests consider valid.
const UI_KEYS = {
  lab: { valid: ['overfitting', 'gradient', 'init'], invalid: ['nonsense', '', 'Gradient', 'init ', '%00'] },
  lang: { valid: ['ko', 'en'], invalid: ['xx', '', 'EN', 'ko-KR', 'ja'] },
  embed: { valid: ['0', '1', 'true', 'false'], invalid: ['2', 'yes', '', 'TRUE', '-1'] },
  lesson: { valid: ['overfitting', 'vanishing', 'init'], invalid: ['nope', 'Vanishing', '0', '%F0%9F%92%A9'] },
  step: { valid: ['1', '2', '3'], invalid: ['-3', '0', '21', '1.5', 'x', ''] },
  play: { valid: ['0', '1'], invalid: ['yes', '2', ''] },
  speed: { valid: ['1', '10', '200', '1000'], invalid: ['0', '1001', '-5', 'fast', '1e3', ''] },
  logy: { valid: ['0', '1'], invalid: ['maybe', '3'] },
  edges: { valid: ['weights', 'grads'], invalid: ['both', ''] },
  grad: { valid: ['delta', 'weight'], invalid: ['rms', '', 'Weight'] },
  layer: { valid: ['0', '1', '4', '31'], invalid: ['32', '-1', 'h1', '99999999999999999999'] },
  compare: { valid: ['zero', 'he', 'xavier', 'large'], invalid: ['nope', 'HE', ''] },
  present: { valid: ['0', '1', 'true', 'false'], invalid: ['2', 'yes', '', 'on'] },
};

// Config values that are valid in every lab and combine with any other (no cross-field rule
// of src/config.rs involves them), kept small so a case trains fast.
const SAFE_VALID = {
  seed: ['0', '7', '123456', '9007199254740991'],
  'data.noise': ['0', '0.05', '0.3', '2.5', 'auto'],
  // (Not 1, nor a batch of 1: batch norm refuses both, a cross-field rule.)
  'data.n_train': ['2', '12', '150', '300'],
  'data.n_test': ['1', '50', '300'],
  scale: ['none', 'zscore', 'minmax'],
  'model.hidden': ['', '1', '8,8', '16,4,16', '3,3,3,3,3,3', '2'],
  'model.activation': coreOptions('model.activation'),
  'model.leaky_slope': ['0', '0.01', '0.2', '1'],
  'model.init': coreOptions('model.init'),
  'model.batch_norm': ['0', '1', 'true', 'false'],
  'model.dropout_keep': ['0.05', '0.5', '1'],
  'model.degree': ['0', '5', '20'],
  'model.rbm_epochs': ['0', '3', '20'],
  'reg.l1': ['0', '1e-6', '0.01', '100'],
  'reg.l2': ['0', '3.5e-7', '0.5', '100'],
  'optim.lr': ['0.0001', '0.003', '0.1', '1', '10'],
  'optim.batch_size': ['0', '2', '10', '300'],
};

/** Values the page must refuse for a schema field (by its descriptor). */
function invalidValues(f) {
  const over = f.max != null && f.max < 1e15 ? [String(f.max * 10 + 1)] : [];
  switch (f.type) {
    case 'number': return ['abc', '', 'NaN', 'Infinity', '-Infinity', '1e400', '-1', '1,5', ...over, ...(f.min_exclusive ? ['0'] : [])];
    case 'integer': return ['abc', '', '1.5', '-3', '1e3', '99999999999999999999', 'NaN', ...over];
    // A nullable enum (model.loss) takes auto and null for null.
    case 'enum': return ['', 'nope', 'TANH', '%F0%9F%92%A9', ...(f.nullable ? [] : ['null'])];
    case 'bool': return ['2', 'yes', '', 'TRUE', 'on'];
    case 'int_list': return ['0', '300', '8,,8', 'abc', '8;8', '-8', '8.5', ' , ', Array(40).fill(4).join(',')];
    case 'enum_list': return ['x3', 'x1,,x2', 'x1,x1', '', 'X1'];
    default: return ['?'];
  }
}

// www/state/url.js splitHash, restated: the oracle reads the hash the way the page says it does.
function decode(s) { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } }
function splitHash(hash) {
  const body = hash.replace(/^#/, '');
  if (!body) return [];
  return body.split('&').filter(Boolean).map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))];
  });
}

/**
 * What the page must show for a hash: keys to be named in a notice (unknown keys, refused
 * values), config values to be kept, ui values to be kept. `intent` says which pairs the
 * generator made valid (so are expected to apply) and which invalid.
 */
function expectations(seenHash, intent) {
  const pairs = splitHash(seenHash);
  const byPath = new Map(schema.map((f) => [f.path, f]));
  const named = new Set();
  const config = {};
  const ui = {};
  for (const [key, value] of pairs) {
    if (Object.hasOwn(UI_KEYS, key)) {
      const v = intent.get(`${key}=${value}`);
      if (v === 'invalid') named.add(key);
      else if (v === 'valid') ui[key] = value;
    } else if (byPath.has(key)) {
      const v = intent.get(`${key}=${value}`);
      if (v === 'invalid') named.add(key);
      else if (v === 'valid') config[key] = value;
    } else {
      named.add(key); // unknown key
    }
  }
  return { named, config, ui };
}

function parsedConfigValue(path, raw) {
  const f = schema.find((x) => x.path === path);
  if (raw === 'auto') return null;
  switch (f.type) {
    case 'number': case 'integer': return Number(raw);
    case 'bool': return raw === '1' || raw === 'true';
    case 'int_list': return raw.trim() === '' ? [] : raw.split(',').map(Number);
    case 'enum_list': return raw.trim() === '' ? [] : raw.split(',');
    default: return raw;
  }
}

const getPath = (o, p) => p.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);

/** Checks one loaded case; returns a list of problems (empty when it passed). */
async function checkCase(page, seenHash, intent, errorsBefore, errors) {
  // The worker builds the new state and sends it with its reply; the first draw of a new
  // lab asks for its charts' data, which comes a snapshot later: allow it a second.
  await page.evaluate(() => window.dlab?.settled?.().catch(() => {}));
  let state = await snapshot(page, { pause: true });
  for (let t0 = Date.now(); aliveProblems(state).length && Date.now() - t0 < 1500;) {
    await new Promise((r) => setTimeout(r, 100));
    state = await snapshot(page);
  }
  const problems = aliveProblems(state);
  if (errors.length > errorsBefore) problems.push(`uncaught/console errors: ${errors.slice(errorsBefore).join(' | ').slice(0, 500)}`);
  if (!state.config) return problems;
  const { named, config, ui } = expectations(seenHash, intent);
  const notes = state.notices;
  const all = notes.join('\n');
  for (const key of named) {
    // A key is named when the notice holds it (keys over 200 characters: their start).
    const probe = key.length > 200 ? key.slice(0, 200) : key;
    if (!notes.some((n) => n.includes(probe))) problems.push(`no notice names "${key.slice(0, 80)}" (notices: ${all.slice(0, 400)})`);
  }
  for (const [path, raw] of Object.entries(config)) {
    const want = parsedConfigValue(path, raw);
    const got = getPath(state.config, path);
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`valid ${path}=${raw} not kept: config has ${JSON.stringify(got)}`);
  }
  const uiState = { lang: 'lang', embed: 'embed', speed: 'speed', logy: 'logY', edges: 'edgeView', grad: 'gradView', compare: 'compare', present: 'present' };
  for (const [key, raw] of Object.entries(ui)) {
    if (key === 'compare' && state.ui.lab !== 'init') continue;
    if (!uiState[key]) continue;
    const f = UI_KEYS[key];
    let want = raw;
    if (key === 'embed' || key === 'logy' || key === 'present') want = raw === '1' || raw === 'true';
    if (key === 'speed') want = Number(raw);
    if (f && state.ui[uiState[key]] !== want) problems.push(`valid ${key}=${raw} not kept: ui has ${JSON.stringify(state.ui[uiState[key]])}`);
  }
  if (ui.lesson) {
    const labOf = { vanishing: 'gradient', init: 'init', overfitting: 'overfitting' }[ui.lesson];
    if (state.ui.lab !== labOf) problems.push(`lesson=${ui.lesson} did not open the ${labOf} lab (${state.ui.lab})`);
  } else if (ui.lab && !named.has('lesson') && state.ui.lab !== ui.lab) {
    problems.push(`valid lab=${ui.lab} not kept: ${state.ui.lab}`);
  }
  return problems;
}

// ---------------------------------------------------------------- generators

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE_CHARS = ['a', 'Z', '0', '9', '.', '-', '_', '~', '%', '%2', '%25', '%E0%A4%A', '%FF', '%00', '%0A', '%26', '%3D',
  '+', '=', '#', '?', '/', '\\', '"', "'", '<', '>', '`', '{', '}', '|', '^', '[', ']', ' ', '\t',
  '모델', '학습률', 'é', 'ß', 'Ω', '𝔁', '🧠', '🔥', '\u200b', '\u202e', '\ufeff', 'ﷺ', '٣', '१'];

function makeGenerator(rand) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const garbage = (n) => Array.from({ length: n }, () => pick(GARBAGE_CHARS)).join('');
  return function generate() {
    const parts = [];
    const intent = new Map();
    const used = new Set();
    const add = (key, value, how) => {
      if (used.has(key)) return;
      used.add(key);
      parts.push(value === null ? key : `${key}=${value}`);
      // The intent is keyed by the decoded pair, as the oracle sees it.
      if (how) intent.set(`${decode(key)}=${decode(value ?? '')}`, how);
    };
    // A lab (or a bad one) in most cases, a lesson now and then.
    if (rand() < 0.85) add('lab', rand() < 0.8 ? pick(UI_KEYS.lab.valid) : pick(UI_KEYS.lab.invalid), null);
    const n = 1 + Math.floor(rand() * 7);
    for (let i = 0; i < n; i++) {
      const r = rand();
      if (r < 0.3) {
        const path = pick(Object.keys(SAFE_VALID));
        add(path, pick(SAFE_VALID[path]), 'valid');
      } else if (r < 0.55) {
        const f = pick(schema);
        add(f.path, pick(invalidValues(f)), 'invalid');
      } else if (r < 0.72) {
        const key = pick(Object.keys(UI_KEYS));
        const good = rand() < 0.5;
        add(key, pick(good ? UI_KEYS[key].valid : UI_KEYS[key].invalid), good ? 'valid' : 'invalid');
      } else if (r < 0.85) {
        add(`${pick(['foo', 'x', 'model.colour', 'optim', 'model', 'data.kind.x', 'Seed', 'LR', 'optim.lr ', '__proto__', 'constructor'])}${rand() < 0.3 ? garbage(2) : ''}`, garbage(1 + Math.floor(rand() * 6)), null);
      } else if (r < 0.97) {
        // Raw garbage: may have no '=', several, or encode anything.
        parts.push(garbage(1 + Math.floor(rand() * 12)));
      } else {
        parts.push(`junk=${garbage(200 + Math.floor(rand() * 1500))}`);
      }
    }
    // The lab key's intent (valid ones apply, bad ones are named).
    for (const p of parts) {
      const [k, v] = p.split('=');
      if (k === 'lab') intent.set(`lab=${decode(v ?? '')}`, UI_KEYS.lab.valid.includes(v) ? 'valid' : 'invalid');
    }
    let body = parts.join(rand() < 0.1 ? '&&' : '&');
    if (rand() < 0.05) body = `&${body}&`;
    return { hash: `#${body}`, intent };
  };
}

// Raw garbage parts can collide with real keys (e.g. "lab" without a value): the oracle
// then has no intent for them and asks only that the page is alive and names unknown keys.

// ---------------------------------------------------------------- runners

let loads = 0;
/** A fresh load of url (a new document: a query string makes it one even when only the hash differs). */
async function openFresh(page, url) {
  const u = new URL(url);
  u.search = `?load=${++loads}`;
  await page.goto(u.href, { waitUntil: 'domcontentloaded' });
  await waitReady(page);
  return page.evaluate(() => window.__seenHash);
}

/** Runs fn(item, worker) over items with `n` pages side by side (2 cores: 2 pages). */
async function pool(items, n, fn) {
  const workers = [];
  for (let w = 0; w < n; w++) workers.push(await setup());
  let next = 0;
  await Promise.all(workers.map(async (worker) => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], worker, i);
    }
  }));
  for (const w of workers) await w.context.close();
  return workers;
}

/** Applies a hash through hashchange (the page's readUrl(false)); returns the hash the page saw. */
async function applyHash(page, hash) {
  return page.evaluate((h) => new Promise((resolve) => {
    // Clear the notices of the previous case (the user's own "×"), so only this case's count.
    document.querySelectorAll('[data-notice] [data-action="dismiss"]').forEach((b) => b.click());
    const before = location.hash;
    let seen;
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(seen)));
    window.addEventListener('hashchange', done, { once: true });
    location.hash = h;
    seen = location.hash;
    if (seen === before) { window.removeEventListener('hashchange', done); done(); }
  }), hash);
}

async function setup() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await instrument(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e && e.stack || e).slice(0, 300)}`));
  // A value that reaches the DOM as markup would show itself here (the fixed list has <img onerror=alert>).
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/favicon\.ico/.test(m.location().url || '')) return;
    errors.push(`console.error: ${m.text().slice(0, 300)}`);
  });
  return { context, page, errors };
}

async function loadSchema(page) {
  await openFresh(page, `${server.url}index.html#lab=gradient&lang=en`);
  return page.evaluate(async () => {
    // The page's own instance of the core (the glue is imported from a Blob URL of its text).
    const core = await (await import('/www/bridge/core.js')).loadCore();
    return core.schema();
  });
}

// ---------------------------------------------------------------- fixed list

const many = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('&');
const FIFTY_KB = 50 * 1024;

/** [hash, {named: keys a notice names, config: {path: value kept}, ui: {key: value kept}}] */
const FIXED = [
  ['#foo=1&bar=2&lab=init&seed=11', { named: ['foo', 'bar'], config: { seed: 11 }, ui: { lab: 'init' } }],
  ['#model.colour=red&optim=fast&Seed=3&seed=4', { named: ['model.colour', 'optim', 'Seed'], config: { seed: 4 } }],
  ['#__proto__=1&constructor=2&toString=3&seed=5', { named: ['__proto__', 'constructor', 'toString'], config: { seed: 5 } }],
  // wrong types
  ['#optim.lr=abc&model.batch_norm=maybe&model.activation=3&seed=x&lab=gradient&reg.l2=0.001',
    { named: ['optim.lr', 'model.batch_norm', 'model.activation', 'seed'], config: { 'reg.l2': 0.001 }, ui: { lab: 'gradient' } }],
  ['#data.n_train=12.5&model.degree=three&data.features=1&lab=overfitting&model.degree=7',
    { named: ['data.n_train', 'model.degree', 'data.features'], config: { 'model.degree': 7 } }],
  // huge numbers
  ['#optim.lr=1e308&data.n_train=1e9&seed=99999999999999999999999&reg.l1=0.5',
    { named: ['optim.lr', 'data.n_train', 'seed'], config: { 'reg.l1': 0.5 } }],
  ['#optim.batch_size=4294967296&model.rbm_epochs=18446744073709551616&layer=1e10&speed=99999&seed=6',
    { named: ['optim.batch_size', 'model.rbm_epochs', 'layer', 'speed'], config: { seed: 6 } }],
  ['#data.noise=1e400&reg.l2=1.7976931348623157e309&optim.lr=0.05',
    { named: ['data.noise', 'reg.l2'], config: { 'optim.lr': 0.05 } }],
  // NaN, Infinity
  ['#optim.lr=NaN&reg.l2=NaN&data.noise=nan&seed=5', { named: ['optim.lr', 'reg.l2', 'data.noise'], config: { seed: 5 } }],
  ['#optim.lr=Infinity&reg.l1=-Infinity&data.noise=%E2%88%9E&seed=5', { named: ['optim.lr', 'reg.l1', 'data.noise'], config: { seed: 5 } }],
  // negative
  ['#optim.lr=-0.1&data.n_train=-5&optim.batch_size=-1&model.dropout_keep=-0.5&seed=6&model.activation=relu',
    { named: ['optim.lr', 'data.n_train', 'optim.batch_size', 'model.dropout_keep'], config: { seed: 6, 'model.activation': 'relu' } }],
  ['#reg.l2=-0&seed=-0&speed=-1&model.activation=tanh', { named: ['speed'], config: { 'model.activation': 'tanh' } }],
  // empty values, keys without values
  ['#optim.lr=&model.activation=&lab=&lang=&embed=&seed=8', { named: ['optim.lr', 'model.activation', 'lab', 'lang', 'embed'], config: { seed: 8 } }],
  ['#seed&optim.lr&model.init=he', { named: ['seed', 'optim.lr'], config: { 'model.init': 'he' } }],
  ['#', {}], ['#&&&', {}], ['#=', { named: [''] }], ['#==&seed=3', { named: [''], config: { seed: 3 } }], ['#a=b=c&seed=3', { named: ['a'], config: { seed: 3 } }],
  // model.hidden: empty, 0, 300, 40 layers, garbage
  ['#lab=gradient&model.hidden=&seed=2', { config: { 'model.hidden': [], seed: 2 } }],
  ['#model.hidden=0&model.activation=tanh', { named: ['model.hidden'], config: { 'model.activation': 'tanh' } }],
  ['#model.hidden=300&model.activation=tanh', { named: ['model.hidden'], config: { 'model.activation': 'tanh' } }],
  ['#model.hidden=8,300,8&model.activation=tanh', { named: ['model.hidden'], config: { 'model.activation': 'tanh' } }],
  [`#lab=init&model.hidden=${Array(40).fill(4).join(',')}&model.init=he`, { named: ['model.hidden'], config: { 'model.init': 'he' }, ui: { lab: 'init' } }],
  ['#model.hidden=8,,8&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=abc&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=8;8&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=-8&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=8.5,4&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=%5B8%2C8%5D&seed=9', { named: ['model.hidden'], config: { seed: 9 } }],
  ['#model.hidden=8%2C4&seed=9', { config: { 'model.hidden': [8, 4], seed: 9 } }],
  // very long (≈50 kB) hashes
  [`#seed=3&model.activation=relu&junk=${'x'.repeat(FIFTY_KB)}`, { named: ['junk'], config: { seed: 3, 'model.activation': 'relu' } }],
  [`#seed=3&${many(7000, (i) => `k${i}=1`)}`.slice(0, FIFTY_KB + 8), { named: ['k0', 'k1', 'k4000'], config: { seed: 3 } }],
  [`#model.init=he&optim.lr=${'1'.repeat(FIFTY_KB)}`, { named: ['optim.lr'], config: { 'model.init': 'he' } }],
  [`#model.init=he&model.hidden=${Array(FIFTY_KB / 2).fill(8).join(',')}`, { named: ['model.hidden'], config: { 'model.init': 'he' } }],
  [`#model.init=he&${'%'.repeat(FIFTY_KB)}`, { named: ['%'.repeat(200)], config: { 'model.init': 'he' } }],
  // unicode and percent-encoding garbage
  ['#모델=1&model.activation=tanh&lang=ko', { named: ['모델'], config: { 'model.activation': 'tanh' }, ui: { lang: 'ko' } }],
  ['#optim.lr=%D9%A0%D9%AB%D9%A1&seed=4', { named: ['optim.lr'], config: { seed: 4 } }],
  ['#%F0%9F%A7%A0=%F0%9F%94%A5&seed=4', { named: ['🧠'], config: { seed: 4 } }],
  ['#%E2%80%AEdeef=1&%EF%BB%BFseed=5&seed=6', { named: ['\u202edeef', '\ufeffseed'], config: { seed: 6 } }],
  ['#%ZZ=1&%E0%A4%A=2&%=3&optim.lr=%31e-2', { named: ['%ZZ', '%E0%A4%A', '%'], config: { 'optim.lr': 0.01 } }],
  ['#model%2Eactivation=relu&seed=4', { config: { 'model.activation': 'relu', seed: 4 } }],
  ['#%00=%00&seed=%2B5&model.init=he', { named: ['\u0000', 'seed'], config: { 'model.init': 'he' } }],
  ['#seed=+5&model.activation=sigmoid', { config: { seed: 5, 'model.activation': 'sigmoid' } }],
  ['#model.activation=relu%00&seed=4', { named: ['model.activation'], config: { seed: 4 } }],
  ['#lab=init%23x&seed=4', { named: ['lab'], config: { seed: 4 } }],
  ['#model.activation=%3Cscript%3Ealert(1)%3C%2Fscript%3E&%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1&seed=4',
    { named: ['model.activation', '<img src=x onerror=alert(1)>'], config: { seed: 4 } }],
  // repeated keys: the last valid value wins, a refused repeat is named
  ['#seed=3&seed=5', { config: { seed: 5 } }],
  ['#lab=init&lab=overfitting', { ui: { lab: 'overfitting' } }],
  ['#seed=3&seed=bad', { named: ['seed'], config: { seed: 3 } }],
  ['#model.activation=relu&model.activation=swish&lang=en&lang=ko', { named: ['model.activation'], config: { 'model.activation': 'relu' }, ui: { lang: 'ko' } }],
  // ui keys
  ['#lab=nonsense&seed=5', { named: ['lab'], config: { seed: 5 }, ui: { lab: 'gradient' } }],
  ['#lang=xx&seed=5&lab=init', { named: ['lang'], config: { seed: 5 }, ui: { lab: 'init', lang: 'en' } }],
  ['#lesson=nope&step=-3&seed=4', { named: ['lesson', 'step'], config: { seed: 4 } }],
  ['#lesson=vanishing&step=21&seed=4', { named: ['step'], config: { seed: 4 }, ui: { lab: 'gradient' } }],
  ['#lesson=init&step=2&model.activation=relu', { config: { 'model.activation': 'relu' }, ui: { lab: 'init' } }],
  ['#embed=2&lab=init&seed=2', { named: ['embed'], config: { seed: 2 }, ui: { lab: 'init' } }],
  ['#embed=1&lab=overfitting&seed=2', { config: { seed: 2 }, ui: { lab: 'overfitting', embed: true } }],
  ['#layer=31&edges=grads&speed=1000&play=1&seed=2', { config: { seed: 2 }, ui: { edgeView: 'grads', speed: 1000 } }],
  ['#layer=32&edges=both&logy=maybe&compare=nope&lab=init&seed=2', { named: ['layer', 'edges', 'logy', 'compare'], config: { seed: 2 } }],
  ['#lab=init&compare=zero&seed=2', { config: { seed: 2 }, ui: { compare: 'zero' } }],
  // valid but large: 20 000 training points, a wide net, a big batch
  ['#lab=gradient&data.n_train=20000&optim.batch_size=20000&seed=2', { config: { 'data.n_train': 20000, 'optim.batch_size': 20000 } }],
  ['#lab=gradient&play=1&speed=1000&optim.lr=10&model.init=large&model.activation=relu&model.hidden=8,8,8,8,8,8,8,8', { config: { 'optim.lr': 10 } }],
];

// ---------------------------------------------------------------- tests

let casesRun = 0;
after(() => { console.log(`# url-fuzz: ${casesRun} URL cases run (seed ${SEED})`); });

test('a fixed list of malformed hashes: alive, no uncaught error, each ignored key named, the rest kept', { timeout: 180000 }, async () => {
  if (!schema) { const w = await setup(); schema = await loadSchema(w.page); await w.context.close(); }
  const failures = [];
  await pool(FIXED, 2, async ([hash, want], { page, errors }) => {
    const before = errors.length;
    const problems = [];
    try {
      await openFresh(page, `${server.url}index.html${hash}`);
    } catch (e) { problems.push(`did not get ready: ${String(e.message).split('\n')[0]}`); }
    casesRun++;
    const state = await snapshot(page, { pause: true });
    problems.push(...aliveProblems(state));
    if (errors.length > before) problems.push(errors.slice(before).join(' | ').slice(0, 500));
    const notes = state.notices;
    for (const key of want.named ?? []) {
      if (!notes.some((n) => n.includes(key))) problems.push(`no notice names "${key.slice(0, 60)}" (${notes.join(' / ').slice(0, 300)})`);
    }
    if (!want.named) {
      // A hash with nothing wrong in it raises no URL notice.
      const stray = notes.filter((n) => n.startsWith('URL'));
      if (stray.length) problems.push(`unexpected notices: ${stray.join(' / ').slice(0, 300)}`);
    }
    for (const [path, value] of Object.entries(want.config ?? {})) {
      const got = getPath(state.config, path);
      if (JSON.stringify(got) !== JSON.stringify(value)) problems.push(`${path}: kept ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
    }
    for (const [key, value] of Object.entries(want.ui ?? {})) {
      if (state.ui?.[key] !== value) problems.push(`ui.${key}: ${JSON.stringify(state.ui?.[key])}, expected ${JSON.stringify(value)}`);
    }
    if (hash.startsWith('#embed=1')) await screenshot(page, 'url-fuzz-embed');
    if (problems.length) failures.push(`${hash.slice(0, 120)}${hash.length > 120 ? `… (${hash.length} chars)` : ''}\n    ${problems.join('\n    ')}`);
  });
  assert.deepEqual(failures, [], `${failures.length} of ${FIXED.length} fixed cases failed:\n${failures.join('\n')}`);
});

test(`${RANDOM_CASES} random hashes (seeded PRNG): alive, no uncaught error, each ignored key named, valid keys kept`, { timeout: 240000 }, async () => {
  if (!schema) { const w = await setup(); schema = await loadSchema(w.page); await w.context.close(); }
  const generate = makeGenerator(mulberry32(SEED));
  const cases = Array.from({ length: RANDOM_CASES }, (_, i) => ({ i, ...generate() }));
  const failures = [];
  let fresh = 0;
  await pool(cases, 2, async ({ i, hash, intent }, worker) => {
    const { page, errors } = worker;
    if (!worker.opened) { await openFresh(page, `${server.url}index.html#lab=gradient&lang=en`); worker.opened = true; }
    const before = errors.length;
    let seen;
    let problems;
    try {
      if (i % 10 === 9) {
        seen = await openFresh(page, `${server.url}index.html${hash}`);
        fresh++;
      } else {
        seen = await applyHash(page, hash);
      }
      // (checkCase pauses the lab: the next case starts from a page not training in the background.)
      problems = await checkCase(page, seen, intent, before, errors);
    } catch (e) {
      problems = [`did not load: ${String(e.message).split('\n')[0]}`];
    }
    casesRun++;
    if (problems.length) failures.push(`#${i} ${hash.slice(0, 160)}${hash.length > 160 ? `… (${hash.length} chars)` : ''}\n    ${problems.join('\n    ')}`);
  });
  console.log(`# url-fuzz: ${RANDOM_CASES} random cases (${fresh} fresh loads, ${RANDOM_CASES - fresh} via hashchange), ${failures.length} failed`);
  assert.deepEqual(failures, [], `${failures.length} random cases failed (DLAB_FUZZ_SEED=${SEED}):\n${failures.join('\n')}`);
});

test('a URL whose keys conflict with the lab (cross-field rule) drops the conflicting key, names it, and keeps the rest',
  { timeout: 60000 },
  async () => {
    const { context, page, errors } = await setup();
    const cases = [
      ['#lab=overfitting&data.kind=circle&seed=7', 'data.kind', { seed: 7, 'model.kind': 'poly' }],
      ['#lab=overfitting&model.kind=mlp&seed=7&reg.l2=0.01', 'model.kind', { seed: 7, 'reg.l2': 0.01 }],
      ['#lab=gradient&optim.kind=exact&seed=7', 'optim.kind', { seed: 7 }],
    ];
    const failures = [];
    for (const [hash, culprit, kept] of cases) {
      casesRun++;
      await openFresh(page, `${server.url}index.html${hash}`);
      const notes = await noticeTexts(page);
      if (!notes.some((n) => n.includes(`“${culprit}`) || n.includes(`${culprit}=`))) failures.push(`${hash}: no notice names ${culprit}: ${notes.join(' / ')}`);
      const cfg = await page.evaluate(() => window.dlab.config());
      for (const [p, v] of Object.entries(kept)) if (getPath(cfg, p) !== v) failures.push(`${hash}: ${p} = ${getPath(cfg, p)}, expected ${v}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
    assert.deepEqual(failures, [], failures.join('\n'));
  });

test('going from a bad URL to a good one (hashchange) leaves no stale URL notice',
  { timeout: 60000 },
  async () => {
    const { context, page } = await setup();
    await openFresh(page, `${server.url}index.html#lab=gradient&lang=en&foo=1&optim.lr=abc`);
    casesRun++;
    assert.equal((await noticeTexts(page)).length, 2);
    await applyHashKeepNotices(page, '#lab=init&lang=en&seed=3');
    casesRun++;
    const stale = await noticeTexts(page);
    await context.close();
    assert.deepEqual(stale, [], 'the notices of the previous hash are gone');
  });

async function applyHashKeepNotices(page, hash) {
  return page.evaluate((h) => new Promise((resolve) => {
    window.addEventListener('hashchange', () => requestAnimationFrame(() => requestAnimationFrame(resolve)), { once: true });
    location.hash = h;
  }), hash);
}

test('a valid but huge model from the URL (32 × 256 units, playing) keeps the page responsive',
  { timeout: 90000 },
  async () => {
    const { context, page, errors } = await setup();
    const hash = `#lab=gradient&lang=en&model.hidden=${Array(32).fill(256).join(',')}&play=1`;
    const t0 = Date.now();
    await openFresh(page, `${server.url}index.html${hash}`);
    casesRun++;
    const frames = await framesIn(page, 3000);
    console.log(`# url-fuzz: 32×256 playing: ${frames} frames in 3 s (ready after ${Date.now() - t0 - 3000} ms)`);
    assert.deepEqual(errors, []);
    await context.close();
    assert.ok(frames >= 15, `at least 5 frames/s while playing (got ${frames} in 3 s)`);
  });
