// Helpers for the browser end-to-end tests (node --test tests/e2e/).
// playwright-core drives the Debian chromium (/usr/bin/chromium): `npx playwright
// install` cannot work here (it downloads a browser), so none is bundled.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

// Start scripts/serve.py on a free port (port 0: the OS picks; the server prints the
// URL it got). Resolves to {url, stop} once the server answers HTTP.
export async function startServer({ timeoutMs = 15000 } = {}) {
  const proc = spawn('python3', [join(ROOT, 'scripts', 'serve.py'), '0', ROOT], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.py did not start: ${stderr}`)), timeoutMs);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.py exited ${code}: ${stderr}`)); });
  });
  // The URL is printed just before serve_forever(); poll until a request succeeds.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try { await fetch(url, { method: 'HEAD' }); break; } catch (e) {
      if (Date.now() > deadline) { proc.kill(); throw e; }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const stop = () => new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
  return { url, stop, stderr: () => stderr };
}

// Headless Debian chromium. --no-sandbox: CI runs as root, where the sandbox refuses
// to start. The --disable-* flags keep it from phoning home (no network here anyway).
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
    ...options,
  });
}

// A fresh page (own context) at `url`. consoleErrors gets every console.error (and
// failed resource loads, which chromium reports as console errors, CSP violations
// included); pageErrors every uncaught exception. Tests usually assert both are empty.
export async function newPage(browser, url, { viewport = { width: 1280, height: 800 }, waitUntil = 'load', ...ctx } = {}) {
  const context = await browser.newContext({ viewport, ...ctx });
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Chromium asks for /favicon.ico by itself when a page declares no icon; its 404
    // is not the page's error.
    if (new URL(msg.location().url || 'about:blank').pathname === '/favicon.ico') return;
    consoleErrors.push(`${msg.text()} (${msg.location().url || 'page'})`);
  });
  page.on('pageerror', (err) => { pageErrors.push(String(err && err.stack || err)); });
  const response = url ? await page.goto(url, { waitUntil }) : null;
  return { page, context, response, consoleErrors, pageErrors };
}

// Save a full-page PNG to test-artifacts/NAME.png; returns the path.
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
