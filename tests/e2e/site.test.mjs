// `make site`: site/ is what CI publishes as static pages. Served the way GitHub Pages
// serves a project (https://OWNER.github.io/REPO/: under a sub-path, no CSP header, only
// the page's own meta CSP), each lab loads, trains and draws with no console errors, no
// 404 and no request outside the sub-path; the deck and the single file work there too.
// And the workflow that publishes it: its YAML parses, it runs .ci/run, and every make
// target it calls exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ROOT, launchBrowser, newPage, screenshot } from './harness.mjs';
import { LABS, PROJECTOR, inkedPixels, nextFrames, waitReady } from './fixtures/lab.mjs';

const SITE = join(ROOT, 'site');
const PREFIX = '/dlab-course/lab/'; // a sub-path two levels deep, as a project page under a folder
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

let server, base, browser, built;
const served = []; // {path, status}

/** A static server for site/ at PREFIX only (everything else 404), like a Pages host. */
function startSubPathServer() {
  const srv = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, body = '') => { served.push({ path, status }); res.writeHead(status, { 'content-type': 'text/plain' }); res.end(body); };
    if (!path.startsWith(PREFIX)) return send(404, 'outside the site');
    let file = normalize(join(SITE, path.slice(PREFIX.length)));
    if (!file.startsWith(SITE)) return send(404);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return send(404);
    served.push({ path, status: 200 });
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

before(async () => {
  // What `make site` runs after `make dist` (make test has built www/pkg already).
  built = execFileSync(process.execPath, [join(ROOT, 'scripts', 'dist.mjs')], { cwd: ROOT, encoding: 'utf8' })
    + execFileSync(process.execPath, [join(ROOT, 'scripts', 'site.mjs')], { cwd: ROOT, encoding: 'utf8' });
  server = await startSubPathServer();
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await new Promise((r) => (server ? server.close(r) : r())); });

/** Opens a page of the site, recording every response that failed and every URL outside the sub-path. */
async function openSite(path, opts = {}) {
  const opened = await newPage(browser, null, { viewport: PROJECTOR, ...opts });
  const failed = [];
  const outside = [];
  opened.page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  opened.page.on('requestfailed', (r) => failed.push(`failed ${r.url()} ${r.failure()?.errorText}`));
  opened.page.on('request', (r) => {
    const u = new URL(r.url());
    if (/^(blob|data):/.test(r.url())) return;
    if (u.origin !== new URL(base).origin || !u.pathname.startsWith(PREFIX)) outside.push(r.url());
  });
  await opened.page.goto(base + path);
  return { ...opened, failed, outside };
}

function assertSiteClean({ failed, outside, consoleErrors, pageErrors }, what) {
  assert.deepEqual(failed, [], `${what}: failed requests (404s)`);
  assert.deepEqual(outside, [], `${what}: requests outside ${PREFIX}`);
  assert.deepEqual(pageErrors, [], `${what}: uncaught errors`);
  assert.deepEqual(consoleErrors, [], `${what}: console errors`);
}

test('make site writes one folder with the page, the core, the deck and the single file', () => {
  console.log(`# ${built.trim().split('\n').join('\n# ')}`);
  const files = [];
  const walk = (d) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n).slice(SITE.length + 1))));
  walk(SITE);
  for (const f of ['index.html', 'www/main.js', 'www/pkg/dlab.js', 'www/pkg/dlab_bg.wasm', 'slides/index.html', 'dlab.html', '.nojekyll']) {
    assert.ok(files.includes(f), `site/${f} missing (has ${files.length} files)`);
  }
  assert.ok(!files.some((f) => /\.(md|d\.ts|rs|toml)$/.test(f) || f.startsWith('src/') || f.startsWith('tests/')), `site/ holds only what a browser asks for: ${files.filter((f) => /\.(md|ts|rs|toml)$/.test(f))}`);
  assert.deepEqual(readFileSync(join(SITE, 'dlab.html')), readFileSync(join(ROOT, 'dist', 'dlab.html')), 'site/dlab.html is dist/dlab.html');
});

for (const lab of LABS) {
  test(`site under a sub-path: lab=${lab} loads, trains and draws, no 404, no error`, { timeout: 60000 }, async () => {
    const opened = await openSite(`#lab=${lab}&lang=en`); // the bare folder URL: index.html
    const { page, context } = opened;
    await waitReady(page);
    const names = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => c.dataset.chart));
    assert.ok(names.length >= 4, `${lab}: ${names.length} charts`);
    const step0 = await page.evaluate(() => window.dlab.metrics().step);
    const m = await page.evaluate(() => window.dlab.step(30));
    assert.equal(m.step, step0 + 30);
    assert.ok(Number.isFinite(m.train_loss), `${lab}: finite loss`);
    await nextFrames(page, 3);
    const chart = names.includes('loss') ? 'loss' : names[0];
    assert.ok((await inkedPixels(page, chart)) > 500, `${lab}: ${chart} has ink`);
    // The wasm came from the sub-path (the request log of the server agrees with the browser's).
    assert.ok(served.some((s) => s.path === `${PREFIX}www/pkg/dlab_bg.wasm` && s.status === 200), 'the core was fetched under the sub-path');
    await screenshot(page, `site-subpath-${lab}-en`);
    assertSiteClean(opened, lab);
    await context.close();
  });
}

test('site under a sub-path: the deck reaches the lab in its iframe, and dlab.html opens', { timeout: 60000 }, async () => {
  const deck = await openSite('slides/index.html');
  await deck.page.waitForSelector('iframe.lab');
  const frames = await deck.page.$$('iframe.lab');
  const frame = await frames[0].contentFrame();
  await frame.waitForFunction(() => document.body?.dataset.ready === 'true' && window.dlab, null, { timeout: 30000 });
  assert.ok(frame.url().startsWith(`${base}index.html#`), `deck iframe at ${frame.url()}`);
  assertSiteClean(deck, 'slides');
  await deck.context.close();

  const single = await openSite('dlab.html#lab=gradient&lang=ko');
  await waitReady(single.page);
  assert.equal((await single.page.evaluate(() => window.dlab.step(5))).step > 0, true);
  assertSiteClean(single, 'dlab.html');
  await single.context.close();
});

// ------------------------------------------------------------------ the workflow

const WORKFLOWS = join(ROOT, '.github', 'workflows');

/** The workflow files parsed (python3-yaml, from scripts/setup.sh: the YAML 1.1 GitHub reads). */
function workflows() {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
  const json = execFileSync('python3', ['-c', [
    'import json, sys, yaml',
    'print(json.dumps({f: yaml.safe_load(open(f)) for f in sys.argv[1:]}, default=str))',
  ].join('\n'), ...files.map((f) => join(WORKFLOWS, f))], { encoding: 'utf8' });
  return Object.entries(JSON.parse(json)).map(([file, doc]) => ({ file: file.slice(WORKFLOWS.length + 1), doc }));
}

/** The targets the Makefile declares (`name:` at a line start, not a variable). */
function makeTargets() {
  const mk = readFileSync(join(ROOT, 'Makefile'), 'utf8');
  return new Set([...mk.matchAll(/^([A-Za-z0-9_.-]+)\s*:(?!=)/gm)].map((m) => m[1]));
}

test('the publish workflow parses, runs .ci/run, builds the site and the single file, and calls only make targets that exist', () => {
  const all = workflows();
  assert.ok(all.length >= 1, 'a workflow in .github/workflows/');
  const targets = makeTargets();
  const runs = [];
  const uses = [];
  for (const { file, doc } of all) {
    assert.ok(doc && typeof doc === 'object' && doc.jobs, `${file}: a mapping with jobs`);
    // YAML 1.1 reads a bare `on` key as true; GitHub reads it as the trigger either way.
    assert.ok(doc.on ?? doc.true, `${file}: has triggers (on:)`);
    for (const [id, job] of Object.entries(doc.jobs)) {
      assert.ok(job['runs-on'], `${file}: job ${id} has runs-on`);
      assert.ok(Array.isArray(job.steps) && job.steps.length, `${file}: job ${id} has steps`);
      for (const s of job.steps) {
        assert.ok(s.run || s.uses, `${file}: job ${id}: a step with neither run nor uses`);
        if (s.run) runs.push(s.run);
        if (s.uses) {
          uses.push(s.uses);
          assert.match(s.uses, /^[\w.-]+\/[\w./-]+@[\w.-]+$/, `${file}: ${s.uses} is pinned to a version`);
        }
      }
    }
  }
  const script = runs.join('\n');
  assert.match(script, /(^|\s)(bash\s+)?\.ci\/run\b/m, 'the workflow runs .ci/run');
  // `make a b` as a command (at a line's start or after ; && ||), not the word in an apt list.
  const called = [...script.matchAll(/(?:^|[;&|])\s*make\s+([^\n;&|#]+)/gm)]
    .flatMap((m) => m[1].trim().split(/\s+/)).filter((w) => w && !w.includes('=') && !w.startsWith('-'));
  assert.ok(called.length, 'the workflow calls make');
  assert.ok(called.includes('site') && (called.includes('dist') || targets.has('site')), `the workflow builds the site (make: ${called})`);
  for (const t of called) assert.ok(targets.has(t), `make ${t}: no such target in the Makefile`);
  // Pages from the site folder, the single file as a release asset.
  assert.ok(uses.some((u) => u.startsWith('actions/upload-pages-artifact@')), 'uploads the Pages artifact');
  assert.ok(uses.some((u) => u.startsWith('actions/deploy-pages@')), 'deploys Pages');
  const text = all.map(({ file }) => readFileSync(join(WORKFLOWS, file), 'utf8')).join('\n');
  assert.match(text, /path:\s*site\/?\s*$/m, 'the Pages artifact is site/');
  assert.match(text, /dist\/dlab\.html/, 'the release asset is dist/dlab.html');
  assert.match(text, /tags:\s*\n\s*-\s*['"]?v/, 'releases on version tags');
});
