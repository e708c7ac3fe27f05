#!/usr/bin/env node
// What a cold load of the page costs on the wire: requests and bytes as sent (compressed,
// Chromium's encodedDataLength, headers included), for each language: until the page is
// ready (its first paint drawn), and in all once it has fetched, at idle, what it keeps
// for offline use (body[data-offline-ready]; a page without that mark: ready + 5 s).
// Not a test: it prints numbers.
//
//   node scripts/cold-load.mjs            (LANGS=ko,en LAB=gradient by default)
import { startServer, launchBrowser } from '../tests/e2e/harness.mjs';
import { waitReady } from '../tests/e2e/fixtures/lab.mjs';

const LANGS = (process.env.LANGS ?? 'ko,en').split(',');
const LAB = process.env.LAB ?? 'gradient';

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sum = (rs) => rs.reduce((s, r) => s + r.bytes, 0);

function report(what, done) {
  const http = done.filter((r) => r.url?.startsWith('http'));
  const wasm = http.filter((r) => r.url.endsWith('.wasm'));
  const text = http.filter((r) => /\.(js|css)$/.test(new URL(r.url).pathname));
  console.log(`${what}: ${http.length} requests, ${sum(http)} B (${kb(sum(http))}); JS/CSS ${text.length} requests ${sum(text)} B (${kb(sum(text))}); wasm ${kb(sum(wasm))}`);
  if (process.env.VERBOSE) for (const r of http) console.log(`  ${r.bytes}\t${new URL(r.url).pathname}`);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const lang of LANGS) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const urls = new Map();
    const done = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => done.push({ url: urls.get(e.requestId), bytes: e.encodedDataLength }));
    await page.goto(`${server.url}index.html#lab=${LAB}&lang=${lang}`);
    await waitReady(page);
    report(`${lang} at ready`, done);
    await page.waitForSelector('body[data-offline-ready="true"]', { timeout: 5000 }).catch(() => {});
    await page.waitForTimeout(500);
    report(`${lang} in all`, done);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
