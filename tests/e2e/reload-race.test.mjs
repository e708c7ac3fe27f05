// Changing only the hash and reloading at once (a lecturer pasting a link over the open
// lab) must always open the new state, never the new lab with the previous run's config:
// while the page reads an address it must not write a mixed one back (main.js readUrl).
// Also: the notices about a bad address speak the address's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './harness.mjs';
import { waitReady } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const STATES = [
  { hash: '#lab=init&lang=en&model.init=he&model.activation=relu', lab: 'init', check: (c) => c.model.init === 'he' && c.model.activation === 'relu' },
  { hash: '#lab=gradient&lang=en&model.activation=tanh&model.hidden=4,4', lab: 'gradient', check: (c) => c.model.activation === 'tanh' && c.model.hidden.join() === '4,4' },
  { hash: '#lab=overfitting&lang=en&model.degree=7', lab: 'overfitting', check: (c) => c.model.degree === 7 && c.optim.kind === 'exact' },
];

test('20 hash changes each followed at once by a reload always open the new state', { timeout: 120000 }, async () => {
  const { page, context, pageErrors } = await newPage(browser, `${server.url}index.html#lab=gradient&lang=en`);
  try {
    await waitReady(page);
    for (let i = 0; i < 20; i++) {
      const want = STATES[i % STATES.length];
      await page.evaluate((h) => { location.hash = h; location.reload(); }, want.hash);
      await page.waitForLoadState('load');
      await waitReady(page);
      const got = await page.evaluate(() => ({ ui: window.dlab.ui(), config: window.dlab.config(), hash: location.hash }));
      assert.equal(got.ui.lab, want.lab, `round ${i}: lab (hash now ${got.hash})`);
      assert.ok(want.check(got.config), `round ${i}: config of ${want.hash}, got ${JSON.stringify(got.config.model)} (hash now ${got.hash})`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// The mechanism behind the race, checked directly: every address the page writes while
// following 20 hash changes is the one it was given (normalised), never the new lab with
// the old config (which a reload at that moment would open).
test('following a new address the page writes back only that address, never a mix', { timeout: 60000 }, async () => {
  const { page, context, pageErrors } = await newPage(browser, `${server.url}index.html#lab=gradient&lang=en`);
  try {
    await waitReady(page);
    await page.evaluate(() => {
      window.__written = [];
      const replace = history.replaceState.bind(history);
      history.replaceState = (s, t, url) => { window.__written.push(String(url)); return replace(s, t, url); };
    });
    for (let i = 0; i < 20; i++) {
      const want = STATES[i % STATES.length];
      const written = await page.evaluate(async (h) => {
        window.__written = [];
        location.hash = h;
        await new Promise((r) => setTimeout(r, 50));
        return window.__written;
      }, want.hash);
      const final = await page.evaluate(() => location.hash);
      for (const w of written) assert.equal(w, final, `round ${i}: wrote ${w} on the way to ${final}`);
      assert.ok(want.check(await page.evaluate(() => window.dlab.config())), `round ${i}`);
    }
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('a bad address is explained in its own language', async () => {
  const { page, context } = await newPage(browser, `${server.url}index.html#lab=gradient&lang=ko&optim.lr=fast`);
  try {
    await waitReady(page);
    const text = await page.textContent('[data-notice="url"]');
    assert.match(text, /optim\.lr/);
    assert.match(text, /[가-힣]/, `Korean notice: ${text}`);
    assert.doesNotMatch(text, /is not valid|was used/, text);
  } finally {
    await context.close();
  }
});
