// `make dist`: dist/dlab.html is the whole lab in one file. Opened from file:// with every
// network request blocked, each lab loads, trains and draws, with no console errors, and
// the only thing the browser loads is the file itself (plus the blob: modules it makes).
// Assumes `make wasm` ran (make test runs build-wasm before test-e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ROOT, launchBrowser, newPage, screenshot } from './harness.mjs';
import { chartPixels, inkedPixels, nextFrames, waitReady, LABS, PROJECTOR } from './fixtures/lab.mjs';
import { collectModules, maskCode, scanModule, exportNames } from '../../scripts/dist.mjs';

const OUT = join(ROOT, 'dist', 'dlab.html');
let browser;
let built;

before(async () => {
  built = execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT, encoding: 'utf8' });
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

test('make dist writes one self-contained file and reports its size', () => {
  const html = readFileSync(OUT, 'utf8');
  const raw = Buffer.byteLength(html);
  const gz = gzipSync(html, { level: 9 }).length;
  console.log(`# dist/dlab.html: ${raw} bytes raw (${(raw / 1024).toFixed(1)} KiB), ${gz} bytes gzip -9 (${(gz / 1024).toFixed(1)} KiB)`);
  console.log(`# ${built.trim()}`);
  assert.match(built, /dist\/dlab\.html: \d+ bytes/);
  // Nothing in the markup points at another file or the network.
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<style>[\s\S]*?<\/style>/gi, '');
  for (const m of markup.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)) assert.match(m[1], /^(data:|blob:|#)/, `reference to ${m[1]}`);
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/, 'no external script');
  assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/, 'no external stylesheet');
  // The CSP (meta) allows this file's inline script, blob: modules and wasm, and no network.
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'sha256-[^']+' blob: 'wasm-unsafe-eval'/);
  assert.ok(raw < 4 * 1024 * 1024, `dist file is ${raw} bytes`);
});

test('the dist scanner finds module specifiers and skips strings, comments, templates, regexes', () => {
  const src = [
    "import a, { b as c } from './a.js';",
    "import * as ns from \"../b.js\";",
    "import './side.js';",
    "export { x, y as z } from './c.js';",
    "export * from './d.js';",
    "// import nope from './comment.js'; import('x')",
    "/* export * from './block.js' */",
    "const s = \"import q from './string.js'\";",
    "const r = /['\"`]import\\(/g, t = `import w from './tmpl.js' ${ `${'./nest.js'}` } import.meta`;",
    "const div = 4 / 2 / 1; const re2 = s.replace(/\\{(\\w+)\\}/g, '$1');",
    "export default { k: 1 };",
    "export const K = 1; export function f() {} export class C {} export { K as KK };",
  ].join('\n');
  const { refs, dynamic, meta } = scanModule(src, 'test.js');
  assert.deepEqual(refs.map((r) => r.spec), ['./a.js', '../b.js', './side.js', './c.js', './d.js']);
  for (const r of refs) assert.equal(src.slice(r.start, r.end), r.spec);
  assert.deepEqual(dynamic, []);
  assert.deepEqual(meta, []);
  assert.equal(maskCode(src).length, src.length);
  // import() of a string literal is a reference like the static ones; of anything else, refused later.
  const dyn = "const m = await import('./x.js');\nimport( \"../y.js\" ).then(f);\nimport(name); import('./a' + b); import(`./t.js`);";
  const d = scanModule(dyn, 'd.js');
  assert.deepEqual(d.refs.map((r) => [r.spec, r.kind, r.line]), [['./x.js', 'dynamic', 1], ['../y.js', 'dynamic', 2]]);
  for (const r of d.refs) assert.equal(dyn.slice(r.start, r.end), r.spec);
  assert.deepEqual(d.dynamic, [3, 3, 3]);
  assert.deepEqual(scanModule("const u = new URL('a', import.meta.url);", 'm.js').meta, [1]);
  assert.deepEqual(exportNames(src, 'test.js'), ['C', 'K', 'KK', 'default', 'f', 'x', 'z']);
  assert.throws(() => maskCode("const s = 'open;\n"), /unterminated string/);
});

test('the dist build inlines import() targets, their blob URLs made before their importers\'; refuses other import()s and cycles through one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlab-dist-'));
  const graph = (files) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return () => collectModules(join(dir, 'entry.js')).map((m) => ({ id: relative(dir, join(ROOT, m.id)), deps: m.deps.map((x) => [relative(dir, join(ROOT, x.id)), x.dynamic]) }));
  };
  try {
    const order = graph({
      'entry.js': "import { a } from './a.js';\nexport const go = () => import('./lazy.js').then((m) => m.b + a);",
      'lazy.js': "import { a } from './a.js';\nexport const b = a;",
      'a.js': 'export const a = 1;',
    })();
    assert.deepEqual(order, [
      { id: 'a.js', deps: [] },
      { id: 'lazy.js', deps: [['a.js', false]] },
      { id: 'entry.js', deps: [['a.js', false], ['lazy.js', true]] },
    ]);
    assert.throws(graph({ 'lazy.js': "import './entry.js'; export const b = 1;" }), /import cycle through .*entry\.js/);
    assert.throws(graph({ 'entry.js': "const name = './lazy.js'; export const go = () => import(name);" }), /entry\.js:1: import\(\) of anything but a relative string literal/);
    assert.throws(graph({ 'entry.js': "export const go = () => import('https://example.com/x.js');" }), /bare or absolute specifier "https:\/\/example\.com\/x\.js"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Opens the dist file with the network blocked; records every request. */
async function openDist(hash) {
  const url = `${pathToFileURL(OUT).href}${hash}`;
  const opened = await newPage(browser, null, { viewport: PROJECTOR });
  const { page, context } = opened;
  const blocked = [];
  const requests = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (/^(file|data|blob):/.test(u)) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await waitReady(page);
  return { ...opened, blocked, requests };
}

function assertOffline({ blocked, requests }, what) {
  assert.deepEqual(blocked, [], `${what}: network requests`);
  const files = requests.filter((u) => u.startsWith('file:')).map((u) => u.split('#')[0]);
  assert.deepEqual([...new Set(files)], [pathToFileURL(OUT).href], `${what}: only the dist file itself is read`);
  for (const u of requests) assert.match(u, /^(file|blob|data):/, `${what}: request ${u}`);
}

for (const lab of LABS) {
  test(`dist/dlab.html#lab=${lab} over file://, offline: loads, trains, draws`, { timeout: 60000 }, async () => {
    const opened = await openDist(`#lab=${lab}&lang=en`);
    const { page, context, consoleErrors, pageErrors } = opened;
    const names = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => c.dataset.chart));
    assert.ok(names.length >= 4, `${lab}: ${names.length} charts`);
    const before_ = {};
    for (const n of names) before_[n] = await chartPixels(page, n);
    const step0 = await page.evaluate(() => window.dlab.metrics().step);
    const m = await page.evaluate(() => window.dlab.step(50));
    assert.equal(m.step, step0 + 50, `${lab}: step(50) from ${step0}`);
    assert.equal(await page.evaluate(() => window.dlab.metrics().step), step0 + 50);
    assert.ok(Number.isFinite(m.train_loss), `${lab}: finite loss ${m.train_loss}`);
    await nextFrames(page, 3);
    const changed = [];
    for (const n of names) if ((await chartPixels(page, n)) !== before_[n]) changed.push(n);
    assert.ok(changed.includes('loss') || changed.includes('compare'), `${lab}: the loss chart redrew (changed: ${changed.join(', ')})`);
    assert.ok((await inkedPixels(page, names.includes('loss') ? 'loss' : 'compare')) > 500, `${lab}: the loss chart has ink`);

    // The play button trains too (an exact fit, solved in one step, walks the degree instead).
    const degree = await page.evaluate(() => (window.dlab.config().optim.kind === 'exact' ? window.dlab.config().model.degree : null));
    await page.click('[data-action="play"]');
    if (degree != null) await page.waitForFunction((d) => window.dlab.config().model.degree !== d, degree, { timeout: 10000 });
    else await page.waitForFunction((s) => window.dlab.metrics().step > s, step0 + 50, { timeout: 10000 });
    await page.click('[data-action="play"]');
    assert.equal(await page.evaluate(() => window.dlab.ui().playing), false);
    await screenshot(page, `dist-${lab}-en`);
    assert.deepEqual(pageErrors, [], `${lab}: uncaught errors`);
    assert.deepEqual(consoleErrors, [], `${lab}: console errors (CSP violations included)`);
    assertOffline(opened, lab);
    await context.close();
  });
}

test('dist: Korean, presets, and a fresh core instance (crash recovery path) work offline', { timeout: 60000 }, async () => {
  const opened = await openDist('#lab=init&lang=ko');
  const { page, context, consoleErrors, pageErrors } = opened;
  assert.match(await page.textContent('body'), /[\uAC00-\uD7A3]/, 'Korean text');
  assert.equal(await page.evaluate(() => window.dlab.preset('relu-he')), true);
  assert.equal(await page.evaluate(() => window.dlab.config().model.init), 'he');
  // What session.js does after a wasm trap: load a new instance of the core.
  const fresh = await page.evaluate(async () => {
    const d = globalThis.__dlabDist;
    const mod = await import(d.freshModuleUrl('www/pkg/dlab.js'));
    mod.initSync({ module: d.wasmBytes() });
    const lab = new mod.Lab({ model: { hidden: [4] } });
    const step = lab.step(7).step;
    lab.free();
    return { step, modules: d.modules.length };
  });
  assert.equal(fresh.step, 7);
  assert.ok(fresh.modules > 10);
  await screenshot(page, 'dist-init-ko');
  // The English strings are a module the page imports when asked for (a blob URL here too).
  await page.click('[data-lang="en"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('.tab[aria-selected="true"]'), 'Initialization');
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  assertOffline(opened, 'init/ko');
  await context.close();
});
