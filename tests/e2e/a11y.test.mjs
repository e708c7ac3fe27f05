// Accessibility of each lab, in English and Korean:
//   - axe-core (npm devDependency) finds no serious or critical violation;
//   - every control is reachable with Tab, and shows a visible focus (outline or box-shadow
//     on :focus-visible);
//   - sliders and buttons have accessible names;
//   - every chart (canvas[data-chart]) has a text summary for screen readers (its
//     aria-label or an aria-describedby description) that says what it shows, with numbers,
//     e.g. the gradient chart: how the first layer's gradient compares with the last one's.
//
// bypassCSP: axe is injected with page.addScriptTag, which adds an inline <script>; the
// page's Content-Security-Policy (script-src 'self') refuses inline scripts, as it should.
// This test alone turns CSP enforcement off in its browser context to run the checker;
// tests/e2e/isolation.test.mjs checks the page under its CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, launchBrowser, ROOT } from './harness.mjs';
import { waitReady, nextFrames } from './fixtures/lab.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const LABS = ['overfitting', 'gradient', 'init'];
const LANGS = ['en', 'ko'];

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function open(hash) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.stack || e).slice(0, 300)));
  await page.goto(`${server.url}index.html${hash}`);
  await waitReady(page);
  // Something to show in every chart.
  await page.evaluate(() => window.dlab.step(200));
  await nextFrames(page, 3);
  return { context, page, errors };
}

/** Inputs, selects and buttons without an accessible name (aria-label, aria-labelledby, <label>, text, title). */
function namelessControls(page) {
  return page.evaluate(() => {
    const nameOf = (e) => {
      const aria = e.getAttribute('aria-label');
      if (aria && aria.trim()) return aria.trim();
      const by = e.getAttribute('aria-labelledby');
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      const labels = e.labels ? [...e.labels].map((l) => l.textContent).join(' ').trim() : '';
      if (labels) return labels;
      if (e.tagName === 'BUTTON') return (e.textContent.trim() || e.title || '').trim();
      return (e.title || '').trim();
    };
    return [...document.querySelectorAll('input, select, button')]
      .filter((e) => e.type !== 'hidden' && !nameOf(e))
      .map((e) => e.outerHTML.slice(0, 120));
  });
}

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

const results = [];
after(() => { for (const r of results) console.log(`# a11y axe ${r}`); });

for (const lab of LABS) {
  for (const lang of LANGS) {
    test(`axe: no serious or critical violation in the ${lab} lab (${lang}), also with the help open; every control named`, { timeout: 60000 }, async () => {
      const { context, page, errors } = await open(`#lab=${lab}&lang=${lang}`);
      const nameless = await namelessControls(page);
      const v = await axe(page);
      await page.click('[data-action="help"]');
      await page.locator('[data-overlay="help"]').waitFor({ state: 'visible' });
      const vHelp = await axe(page);
      const bad = [...v, ...vHelp.map((x) => ({ ...x, id: `${x.id} (help open)` }))].filter((x) => x.impact === 'serious' || x.impact === 'critical');
      const count = (xs, imp) => xs.filter((x) => x.impact === imp).length;
      results.push(`${lab}/${lang}: ${v.length} rules violated (critical ${count(v, 'critical')}, serious ${count(v, 'serious')}, moderate ${count(v, 'moderate')}, minor ${count(v, 'minor')})${v.length ? `: ${v.map((x) => `${x.id}[${x.impact}]×${x.nodes}`).join(', ')}` : ''}; help open: ${vHelp.length}${vHelp.length ? ` ${vHelp.map((x) => `${x.id}[${x.impact}]`).join(', ')}` : ''}`);
      assert.deepEqual(errors, []);
      await context.close();
      assert.deepEqual(nameless, [], 'sliders, selects, checkboxes and buttons without an accessible name');
      assert.deepEqual(bad, [], `serious/critical axe violations:\n${bad.map((x) => `${x.id} [${x.impact}] ${x.help}: ${x.targets.join(' | ')}`).join('\n')}`);
    });
  }
}

for (const lab of LABS) {
  test(`keyboard: every control of the ${lab} lab is reachable with Tab and shows a visible focus`, { timeout: 60000 }, async () => {
    const { context, page } = await open(`#lab=${lab}&lang=en`);
    // Mark every control a keyboard user must reach (visible and enabled).
    const expected = await page.evaluate(() => {
      const sel = 'button, select, input, textarea, a[href], [tabindex]:not([tabindex="-1"])';
      let n = 0;
      const out = [];
      for (const e of document.querySelectorAll(sel)) {
        if (e.disabled || e.offsetParent === null || !e.getClientRects().length) continue;
        e.dataset.a11yId = String(n++);
        out.push({ id: e.dataset.a11yId, what: `${e.tagName.toLowerCase()}${e.type ? `[${e.type}]` : ''} ${e.dataset.param ?? e.dataset.action ?? e.dataset.lab ?? e.dataset.preset ?? e.dataset.ui ?? e.dataset.lang ?? e.className}` });
      }
      return out;
    });
    await page.evaluate(() => document.activeElement?.blur());
    const reached = new Map();
    const noFocusRing = [];
    for (let i = 0; i < expected.length + 20; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const cs = getComputedStyle(e);
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
        const shadow = cs.boxShadow && cs.boxShadow !== 'none';
        return { id: e.dataset.a11yId ?? null, tag: e.tagName, visibleFocus: e.matches(':focus-visible') && (outline || shadow), style: `${cs.outlineStyle} ${cs.outlineWidth} / ${cs.boxShadow}` };
      });
      if (!f) continue;
      if (f.id != null && !reached.has(f.id)) {
        reached.set(f.id, f);
        if (!f.visibleFocus) noFocusRing.push(`${expected.find((x) => x.id === f.id)?.what}: ${f.style}`);
      }
      if (reached.size === expected.length) break;
    }
    const missed = expected.filter((x) => !reached.has(x.id)).map((x) => x.what);
    console.log(`# a11y keyboard ${lab}: ${reached.size} of ${expected.length} controls reached by Tab; ${noFocusRing.length} without a visible focus`);
    await context.close();
    assert.deepEqual(missed, [], 'controls Tab never reaches');
    assert.deepEqual(noFocusRing, [], 'controls focused without a visible focus indicator');
  });
}

test('charts: each canvas[data-chart] has a text summary of what it shows (with numbers), (every lab in en, one in ko)',
  { timeout: 90000 },
  async () => {
    const problems = [];
    let seen = 0;
    for (const [lab, lang] of [['overfitting', 'en'], ['gradient', 'en'], ['init', 'en'], ['gradient', 'ko']]) {
      {
        const { context, page } = await open(`#lab=${lab}&lang=${lang}`);
        const charts = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => {
          const title = c.closest('[data-card]')?.querySelector('h2')?.textContent?.trim() ?? '';
          const label = (c.getAttribute('aria-label') ?? '').trim();
          const described = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
            .map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
          return { name: c.dataset.chart, title, summary: `${label} ${described}`.trim(), role: c.getAttribute('role') };
        }));
        for (const c of charts) {
          seen++;
          const beyondTitle = c.summary.replace(c.title, '').trim();
          if (!c.summary) problems.push(`${lab}/${lang} ${c.name}: no text alternative at all`);
          else if (!beyondTitle || !/\d/.test(c.summary)) problems.push(`${lab}/${lang} ${c.name}: only its title ("${c.summary}"), no summary of the data`);
        }
        await context.close();
      }
    }
    // The gradient chart's summary compares the first layer with the last.
    const { context, page } = await open('#lab=gradient&lang=en&model.hidden=8,8,8,8,8,8,8,8,8,8');
    const g = await page.$eval('canvas[data-chart="gradbars"]', (c) => `${c.getAttribute('aria-label') ?? ''} ${(c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')}`);
    await context.close();
    if (!/(W1|layer 1|first)/i.test(g) || !/\d/.test(g)) problems.push(`gradbars summary does not compare layer 1 with the last: "${g.trim()}"`);
    console.log(`# a11y charts: ${seen} charts checked, ${problems.length} without a data summary`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

// axe's page-has-heading-one (moderate): screen-reader users jump to the h1 to find where
// a page starts. The brand "dlab" in the top bar is it; embedded (no top bar) a hidden one.
test('the page has exactly one h1, “dlab” (the brand in the top bar; for screen readers only when embedded)', { timeout: 60000 }, async () => {
  const seen = [];
  for (const hash of ['#lab=gradient&lang=en', '#lab=init&lang=ko', '#lab=overfitting&lang=en&embed=1']) {
    const { context, page, errors } = await open(hash);
    const h1 = await page.$$eval('h1', (hs) => hs.map((h) => ({ text: h.textContent.trim(), inTopbar: Boolean(h.closest('.topbar')), box: Math.round(h.getBoundingClientRect().height) })));
    const v = (await axe(page)).map((x) => x.id);
    seen.push(`${hash}: ${JSON.stringify(h1)}; axe page-has-heading-one ${v.includes('page-has-heading-one') ? 'VIOLATED' : 'ok'}`);
    await context.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(h1.map((h) => h.text), ['dlab'], `${hash}: one h1 "dlab"`);
    assert.equal(h1[0].inTopbar, !hash.includes('embed'), `${hash}: the h1 is the top bar's brand`);
    assert.ok(!v.includes('page-has-heading-one'), `${hash}: axe page-has-heading-one`);
  }
  console.log(`# a11y h1: ${seen.join(' | ')}`);
});
