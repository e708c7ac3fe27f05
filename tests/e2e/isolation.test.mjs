// The page talks to nobody but its own server, works offline once loaded, and lives within
// its Content-Security-Policy (scripts/serve.py's header and index.html's <meta>):
//   - every request made while loading and using each lab (play, settings, presets,
//     language, help) goes to the page's own origin;
//   - after load, with the network off, training goes on and switching labs works;
//   - index.html and www/ reference no external font, CDN or other host;
//   - no CSP violation (securitypolicyviolation events, console messages) in any lab,
//     in embed mode or with the help overlay open; index.html has no inline script and
//     no style attribute.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { startServer, screenshot, ROOT } from './harness.mjs';
import { waitReady, nextFrames, inkedPixels } from './fixtures/lab.mjs';
import { launchInstrumented, instrument, framesIn } from './fixtures/trust.mjs';

const LABS = ['overfitting', 'gradient', 'init'];
let server, browser, origin;
before(async () => {
  server = await startServer();
  origin = new URL(server.url).origin;
  browser = await launchInstrumented();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function setup() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await instrument(context);
  const requests = [];
  const failed = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
  const page = await context.newPage();
  const errors = [];
  const csp = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e && e.stack || e).slice(0, 400)}`));
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) csp.push(`console ${m.type()}: ${m.text().slice(0, 300)}`);
    // (The favicon: see the offline test.)
    else if (m.type() === 'error' && !/favicon\.(ico|svg)/.test(m.location().url || '')) errors.push(`console.error: ${m.text().slice(0, 300)} (${m.location().url})`);
  });
  return { context, page, requests, failed, errors, csp };
}

const cspEvents = (page) => page.evaluate(() => window.__cspViolations || []);

/** What a lecturer does in a lab: play, a slider, a select, a preset, the language, the help. */
async function useLab(page) {
  await page.click('.side [data-action="play"]');
  await page.waitForTimeout(400);
  const sliders = page.locator('.side input[type=range][data-param]:visible');
  if (await sliders.count()) { await sliders.first().focus(); await page.keyboard.press('End'); await page.keyboard.press('Home'); }
  const sel = page.locator('.side select[data-param]:visible').first();
  const options = await sel.evaluate((s) => [...s.options].map((o) => o.value));
  await sel.selectOption(options[options.length - 1]);
  await page.locator('.side [data-preset]').nth(1).click();
  await page.click('.side [data-action="play"]');
  await page.waitForTimeout(300);
  // SVG export (its module is loaded on first use) works offline too.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="svg"] >> nth=0')]);
  assert.match(await readFile(await download.path(), 'utf8'), /<svg[\s\S]*<\/svg>/, 'an SVG export offline');
  await page.click('[data-lang="ko"]');
  await page.click('[data-action="help"]');
  await page.locator('[data-overlay="help"]').waitFor({ state: 'visible' });
  await nextFrames(page, 2);
  await page.keyboard.press('Escape');
  await page.click('[data-lang="en"]');
  await nextFrames(page, 2);
}

test('every request while loading and using each lab goes to the page’s own origin', { timeout: 90000 }, async () => {
  const all = [];
  for (const lab of LABS) {
    const s = await setup();
    await s.page.goto(`${server.url}index.html#lab=${lab}&lang=en`);
    await waitReady(s.page);
    await useLab(s.page);
    assert.deepEqual(s.errors, [], `${lab}: errors`);
    assert.deepEqual(s.failed, [], `${lab}: failed requests`);
    all.push(...s.requests);
    await s.context.close();
  }
  const foreign = all.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
  const paths = [...new Set(all.map((u) => (u.startsWith('data:') ? 'data:…' : new URL(u).pathname)))];
  console.log(`# isolation: ${all.length} requests over 3 labs, ${foreign.length} foreign; distinct: ${paths.join(' ')}`);
  assert.deepEqual(foreign, [], 'requests to another origin');
});

test('offline after load: the lab keeps training, labs and language switch, help opens', { timeout: 90000 }, async () => {
  const s = await setup();
  const { page, context } = s;
  await page.goto(`${server.url}index.html#lab=gradient&lang=en`);
  await waitReady(page);
  // Loaded in full: the other language's strings come a moment after the first paint (main.js).
  await page.waitForSelector('body[data-offline-ready="true"]', { timeout: 15000 });
  const loaded = s.requests.length;
  await context.setOffline(true);
  const step0 = (await page.evaluate(() => window.dlab.metrics())).step;
  await page.click('.side [data-action="play"]');
  assert.ok(await framesIn(page, 800) > 0, 'animation frames offline');
  const step1 = (await page.evaluate(() => window.dlab.metrics())).step;
  assert.ok(step1 > step0, `trains offline: step ${step0} → ${step1}`);
  for (const lab of ['overfitting', 'init', 'gradient']) {
    await page.click(`.tab[data-lab="${lab}"]`);
    await page.evaluate(() => window.dlab.play());
    await page.waitForTimeout(400);
    await page.evaluate(() => window.dlab.pause());
    await nextFrames(page, 2);
    assert.equal(await page.evaluate(() => window.dlab.ui().lab), lab);
    const m = await page.evaluate(() => window.dlab.metrics());
    assert.ok(m.step > 0 && Number.isFinite(m.train_loss), `${lab} trains offline (step ${m.step})`);
    const charts = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => c.dataset.chart));
    const ink = [];
    for (const c of charts) ink.push(await inkedPixels(page, c));
    assert.ok(ink.filter((n) => n > 300).length >= 3, `${lab} draws offline: ${charts.map((c, i) => `${c}:${ink[i]}`)}`);
  }
  // SVG export (its module is loaded on first use) works offline too.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="svg"] >> nth=0')]);
  assert.match(await readFile(await download.path(), 'utf8'), /<svg[\s\S]*<\/svg>/, 'an SVG export offline');
  await page.click('[data-lang="ko"]');
  await page.click('[data-action="help"]');
  await page.locator('[data-overlay="help"]').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.dlab.lesson('vanishing', 2));
  await nextFrames(page, 2);
  await screenshot(page, 'isolation-offline');
  const after = s.requests.slice(loaded);
  const notIcon = after.filter((u) => !/\/www\/favicon\.svg$/.test(u));
  console.log(`# isolation offline: ${after.length} requests after going offline (${after.length - notIcon.length} favicon)${notIcon.length ? `: ${notIcon.join(' ')}` : ''}`);
  // Chromium asks for the favicon again on each title/URL rewrite (serve.py says no-store);
  // offline that fails without any effect on the page, so it is not counted.
  const failed = s.failed.filter((f) => !/\/www\/favicon\.svg /.test(f));
  console.log(`# isolation offline: favicon re-requests that failed: ${s.failed.length - failed.length}`);
  assert.deepEqual(failed, [], 'requests that failed offline');
  assert.deepEqual(s.errors, []);
  await context.close();
});

// The gradient lab, loaded online, then the network cut.
async function openOffline() {
  const s = await setup();
  await s.page.goto(`${server.url}index.html#lab=gradient&lang=en`);
  await waitReady(s.page);
  await s.context.setOffline(true);
  return s;
}

// The class of the Lab the page runs now (whichever glue instance it came from) traps on
// step, the way a Rust panic does ("unreachable"; as tests/e2e/failures.test.mjs does it).
function trapRunningLab(page) {
  return page.evaluate(async () => {
    const { store } = await import('/www/state/store.js');
    Object.getPrototypeOf(store.state.runtime.lab).step = function trap() { throw new WebAssembly.RuntimeError('unreachable'); };
  });
}

test('offline after load: a crash of the core still recovers',
  { timeout: 60000 },
  async () => {
    const s = await openOffline();
    const { page, context } = s;
    await trapRunningLab(page);
    await page.click('.side [data-action="step"]');
    await page.locator('[data-notice="panic"]').waitFor({ state: 'visible' });
    // Online the fresh core is there within a few hundred ms (failures.test.mjs).
    await page.waitForTimeout(3000);
    const m = await page.evaluate(() => window.dlab.step(5));
    const failed = s.failed.filter((f) => !/favicon/.test(f));
    console.log(`# isolation offline crash: step(5) after 3 s → ${JSON.stringify(m?.step)}; failed requests: ${failed.join(' ') || 'none'}`);
    await context.close();
    assert.equal(m?.step, 5, `a fresh core trains offline (failed requests: ${failed.join(' ')})`);
  });

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test('index.html and www/ reference no external host: no web font, no CDN, no absolute URL', () => {
  const files = [join(ROOT, 'index.html'), ...filesUnder(join(ROOT, 'www'))].filter((f) => /\.(html|js|mjs|css|svg|json)$/.test(f));
  const hits = [];
  // XML namespaces (http://www.w3.org/2000/svg) name a vocabulary, they are never fetched.
  const NAMESPACE = /^https?:\/\/www\.w3\.org\//;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'`)<>]*/gi)) {
      const url = m[0];
      const before = text.slice(Math.max(0, m.index - 1), m.index);
      if (NAMESPACE.test(url)) continue;
      // A link in a comment (a vendored library's licence and sources) is read, never fetched.
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index);
      if (/^\s*(\*|\/\/|\/\*)|\s\/\/\s/.test(line)) continue;
      if (!/^https?:/i.test(url) && before !== '"' && before !== "'" && before !== '(') continue; // a comment's "// foo.bar", not a URL
      hits.push(`${relative(ROOT, f)}: ${url}`);
    }
    for (const m of text.matchAll(/@import|@font-face|fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs|googletagmanager|google-analytics/gi)) {
      hits.push(`${relative(ROOT, f)}: ${m[0]}`);
    }
  }
  console.log(`# isolation: ${files.length} files of index.html + www/ searched for external references`);
  assert.deepEqual(hits, [], 'external references');
});

test('CSP: served with the policy; index.html has no inline script and no style attribute', async () => {
  const res = await fetch(`${server.url}index.html`);
  const header = res.headers.get('content-security-policy');
  assert.match(header ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(header, /style-src 'self'/);
  const html = await res.text();
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter((m) => !/\bsrc\s*=/.test(m[1]) || m[2].trim());
  assert.deepEqual(inline.map((m) => m[0].slice(0, 80)), [], 'inline <script>');
  assert.deepEqual(html.match(/\sstyle\s*=/gi) ?? [], [], 'style= attributes');
  assert.doesNotMatch(html, /<style\b/i, 'no <style> element');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler attributes');
});

test('CSP: no violation in any lab, in embed mode, with the help overlay, in both languages', { timeout: 90000 }, async () => {
  const report = [];
  let checked = 0;
  for (const lab of LABS) {
    for (const extra of ['&lang=en', '&lang=ko&embed=1']) {
      const s = await setup();
      const { page, context } = s;
      await page.goto(`${server.url}index.html#lab=${lab}${extra}`);
      await waitReady(page);
      await page.evaluate(() => window.dlab.play());
      await page.waitForTimeout(300);
      if (!extra.includes('embed')) {
        await page.click('[data-action="help"]');
        await page.locator('[data-overlay="help"]').waitFor({ state: 'visible' });
        await page.locator('[data-overlay="help"] [data-lesson-start]').first().click();
        await nextFrames(page, 2);
        await page.click('[data-lang="ko"]');
      } else {
        // Embed mode with the help toggled by its key (the overlay exists there too).
        await page.keyboard.press('?');
        await nextFrames(page, 2);
        await page.keyboard.press('Escape');
      }
      await nextFrames(page, 3);
      // A style attribute set from script would be refused too: none may be in the DOM.
      const styled = await page.$$eval('[style]', (els) => els.map((e) => e.outerHTML.slice(0, 80)));
      const v = await cspEvents(page);
      checked++;
      report.push(`${lab}${extra}: ${v.length + s.csp.length} violations${styled.length ? `, style attrs ${styled.length}` : ''}`);
      assert.deepEqual(v, [], `${lab}${extra}: securitypolicyviolation events`);
      assert.deepEqual(s.csp, [], `${lab}${extra}: CSP console messages`);
      assert.deepEqual(s.errors, [], `${lab}${extra}: errors`);
      await context.close();
    }
  }
  console.log(`# isolation CSP: ${checked} page states checked: ${report.join('; ')}`);
});

test('offline after load: a second crash of the core also recovers',
  { timeout: 60000 },
  async () => {
    const { page, context } = await openOffline();
    // First the page's own core traps, then the spare that the first recovery brought in.
    await trapRunningLab(page);
    await page.click('.side [data-action="step"]');
    await page.waitForTimeout(1500);
    const first = await page.evaluate(() => window.dlab.step(5));
    await trapRunningLab(page);
    await page.click('.side [data-action="step"]');
    await page.waitForTimeout(1500);
    const second = await page.evaluate(() => window.dlab.step(5));
    console.log(`# isolation offline, two crashes: step(5) after the first → ${first?.step}, after the second → ${second?.step}`);
    await context.close();
    assert.equal(first?.step, 5, 'the first crash recovers offline');
    assert.equal(second?.step, 5, 'the second crash recovers offline');
  });

// A fresh training worker is made from the Blob and the Module kept at boot (www/bridge/core.js):
// no request, so offline every crash recovers, not just the first few; back online too.
test('offline after load: every crash recovers (a fresh worker needs no request); back online too',
  { timeout: 90000 },
  async () => {
    const { page, context } = await openOffline();
    const crash = async () => {
      await trapRunningLab(page);
      await page.click('.side [data-action="step"]');
      await page.waitForTimeout(1500);
      // The notice first (a step on a dead core would report a crash anew).
      const notice = await page.evaluate(() => document.querySelector('[data-notice="panic"] .notice-text')?.textContent ?? '');
      return { notice, step: await page.evaluate(async () => (await window.dlab.step(5))?.step ?? null) };
    };
    const offline = [];
    for (let i = 0; i < 4; i++) offline.push(await crash());
    await context.setOffline(false);
    await page.waitForTimeout(1000); // the 'online' event tops the spares up
    const back = await crash();
    console.log(`# isolation offline, four crashes: step(5) after each → ${offline.map((r) => r.step).join(', ')}; the last notice: "${offline[3].notice}"; back online, a fifth → ${back.step}`);
    await context.close();
    assert.deepEqual(offline.map((r) => r.step), [5, 5, 5, 5], 'four offline restarts');
    assert.match(offline[3].notice, /crashed/, 'each crash is reported');
    assert.equal(back.step, 5, 'back online, a crash recovers again');
  });
