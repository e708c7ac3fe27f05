// Smoke test of the serving + browser harness itself (not of the labs).
// `/` is index.html once it exists; before that python's http.server answers `/` with
// a directory listing, so the status and header checks hold either way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, newPage, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('serves / with 200, the CSP and no-store', { timeout: 60000 }, async () => {
  const { page, context, response } = await newPage(browser, server.url);
  assert.equal(response.status(), 200);
  const h = response.headers();
  assert.match(h['content-security-policy'] ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(h['cache-control'], 'no-store');
  await screenshot(page, 'smoke-root');
  await context.close();
});

const pkg = join(ROOT, 'www', 'pkg');
test('www/pkg: wasm MIME type, and it instantiates under the CSP', {
  timeout: 60000,
  skip: existsSync(join(pkg, 'dlab_bg.wasm')) ? false : 'www/pkg not built (make wasm)',
}, async () => {
  const wasm = await fetch(new URL('www/pkg/dlab_bg.wasm', server.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const js = await fetch(new URL('www/pkg/dlab.js', server.url));
  assert.equal(js.headers.get('content-type'), 'text/javascript');
  // Any served page gives the origin and the CSP; /Cargo.toml exists from the start.
  const { page, context, pageErrors, consoleErrors } = await newPage(browser, new URL('Cargo.toml', server.url).href);
  const exports = await page.evaluate(async () => {
    const m = await import('/www/pkg/dlab.js');
    const instance = await m.default(); // fetch + WebAssembly.instantiate: needs 'wasm-unsafe-eval'
    return Object.keys(instance);
  });
  assert.ok(exports.includes('memory'), `wasm exports: ${exports}`);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a cold load fetches the core once: one dlab.js, one wasm (brotli when the build made its copy); prints the bytes moved', {
  timeout: 60000,
  skip: existsSync(join(pkg, 'dlab_bg.wasm')) ? false : 'www/pkg not built (make wasm)',
}, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  const done = [];
  cdp.on('Network.responseReceived', (e) => requests.set(e.requestId, { url: e.response.url, encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] }));
  cdp.on('Network.loadingFinished', (e) => done.push({ ...requests.get(e.requestId), bytes: e.encodedDataLength }));
  await page.goto(`${server.url}index.html#lab=gradient&lang=en`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
  await page.evaluate(() => window.dlab.settled());
  const of = (name) => done.filter((r) => r.url?.endsWith(name));
  assert.equal(of('/www/pkg/dlab.js').length, 1, 'the glue is fetched once (the page and the workers share its text)');
  assert.equal(of('/www/pkg/dlab_bg.wasm').length, 1, 'the wasm is compiled once');
  const brCopy = existsSync(join(pkg, 'dlab_bg.wasm.br'));
  assert.equal(of('/www/pkg/dlab_bg.wasm')[0].encoding, brCopy ? 'br' : 'gzip');
  const total = done.reduce((a, r) => a + r.bytes, 0);
  const wasm = of('/www/pkg/dlab_bg.wasm')[0].bytes;
  console.log(`# cold load: ${done.length} requests, ${(total / 1024).toFixed(0)} KB moved (wasm ${(wasm / 1024).toFixed(0)} KB, the rest ${((total - wasm) / 1024).toFixed(0)} KB)`);
  await context.close();
});
