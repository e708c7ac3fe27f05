// The URL holds the whole state: good values are taken exactly, bad ones fall back to
// their default with a notice naming the key, unknown keys are named, nothing throws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, assertClean } from './fixtures/lab.mjs';
import { LESSONS } from '../../www/state/lessons.js';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const notices = (page) => page.$$eval('[data-notice]', (ns) => ns.map((n) => n.querySelector('.notice-text').textContent));

test('malformed and out-of-range values: a notice names each key, its default is used, the rest is kept', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server,
    '#lab=gradient&lang=en&optim.lr=abc&model.activation=swish&model.hidden=8,x&data.kind=xor&optim.batch_size=-3&reg.l2=1e9&seed=7&foo=1&model.colour=red');
  const { page, context } = opened;
  const texts = await notices(page);
  const all = texts.join('\n');
  for (const key of ['optim.lr', 'model.activation', 'model.hidden', 'optim.batch_size', 'reg.l2']) {
    assert.ok(texts.some((t) => t.includes(key) && /default/.test(t)), `a notice names ${key} and its default:\n${all}`);
  }
  assert.ok(texts.some((t) => t.includes('foo') && t.includes('model.colour')), `unknown keys named:\n${all}`);
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.equal(cfg.optim.lr, 0.1, 'the gradient lab default lr');
  assert.equal(cfg.model.activation, 'sigmoid');
  assert.deepEqual(cfg.model.hidden, [8, 8, 8, 8, 8]);
  assert.equal(cfg.optim.batch_size, 10);
  assert.equal(cfg.reg.l2, 0);
  assert.equal(cfg.data.kind, 'xor', 'valid keys are kept');
  assert.equal(cfg.seed, 7);
  // The page works: it trains and draws.
  await page.evaluate(() => window.dlab.step(10));
  await screenshot(page, 'url-bad-values-en');
  assertClean(opened);
  await context.close();
});

test('a value the core rejects (41 hidden layers) gets a notice naming model.hidden (Korean page)', { timeout: 60000 }, async () => {
  const hidden = Array(41).fill(4).join(',');
  const opened = await openLab(browser, server, `#lab=init&lang=ko&model.hidden=${hidden}&model.init=he`);
  const { page, context } = opened;
  const texts = await notices(page);
  assert.ok(texts.some((t) => t.includes('model.hidden')), texts.join('\n'));
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.ok(cfg.model.hidden.length <= 32);
  assert.equal(cfg.model.init, 'he', 'the other key is kept');
  assertClean(opened);
  await context.close();
});

test('every kind of value is read back exactly, and the page writes the same URL', { timeout: 60000 }, async () => {
  const hash = '#lab=overfitting&lang=en&logy=0&seed=12345&data.kind=spiral&data.n_train=37&data.noise=0.125'
    + '&data.features=x1,x2,sin_x1&scale=zscore&model.kind=mlp&model.hidden=5,7,3&model.activation=leaky_relu'
    + '&model.leaky_slope=0.2&model.init=he&model.batch_norm=1&model.dropout_keep=0.65&reg.l1=0.000123&reg.l2=3.5e-7'
    + '&optim.kind=adam&optim.lr=0.0042&optim.batch_size=0';
  const opened = await openLab(browser, server, hash);
  const { page, context } = opened;
  assert.deepEqual(await notices(page), []);
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.deepEqual(
    { seed: cfg.seed, data: cfg.data, scale: cfg.scale, hidden: cfg.model.hidden, act: cfg.model.activation, slope: cfg.model.leaky_slope, init: cfg.model.init, bn: cfg.model.batch_norm, keep: cfg.model.dropout_keep, reg: cfg.reg, optim: cfg.optim },
    {
      seed: 12345, data: { kind: 'spiral', n_train: 37, n_test: 100, noise: 0.125, features: ['x1', 'x2', 'sin_x1'], raw_units: false }, scale: 'zscore',
      hidden: [5, 7, 3], act: 'leaky_relu', slope: 0.2, init: 'he', bn: true, keep: 0.65,
      reg: { l1: 0.000123, l2: 3.5e-7 }, optim: { kind: 'adam', lr: 0.0042, batch_size: 0 },
    });
  assert.equal(await page.evaluate(() => window.dlab.ui().logY), false);
  // Written back in schema order: the same keys and values.
  const written = await page.evaluate(() => location.hash);
  const asSet = (h) => new Set(h.slice(1).split('&'));
  assert.deepEqual(asSet(written), asSet(hash));
  assertClean(opened);
  await context.close();
});

test('a lesson link opens its step with that step’s settings', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lesson=vanishing&step=3&lang=ko');
  const { page, context } = opened;
  const card = page.locator('[data-lesson="vanishing"]');
  assert.equal(await card.getAttribute('data-step'), '3');
  assert.match(await card.textContent(), new RegExp(`3 / ${LESSONS.vanishing.steps.length}`));
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.equal(cfg.model.init, 'large');
  assert.equal(await page.evaluate(() => window.dlab.ui().lab), 'gradient');
  await page.click('[data-action="lesson-next"]');
  assert.match(await page.evaluate(() => location.hash), /lesson=vanishing&step=4/);
  assert.equal(await page.evaluate(() => window.dlab.config().model.activation), 'tanh');
  await screenshot(page, 'lesson-vanishing-4-ko');
  assertClean(opened);
  await context.close();
});

test('a lesson step’s view comes with its link, and the URL can still override it', { timeout: 60000 }, async () => {
  const a = await openLab(browser, server, '#lesson=vanishing&step=1&lang=en');
  assert.equal(await a.page.evaluate(() => window.dlab.ui().edgeView), 'grads', 'step 1 shows the gradients on the edges');
  assert.doesNotMatch(await a.page.evaluate(() => location.hash), /edges=/, 'the step’s own view is not written out');
  await a.page.click('button[data-ui="edgeView"][data-value="weights"]');
  const hash = await a.page.evaluate(() => location.hash);
  assert.match(hash, /edges=weights/);
  await a.page.reload();
  await a.page.waitForSelector('body[data-ready="true"]');
  assert.equal(await a.page.evaluate(() => window.dlab.ui().edgeView), 'weights', 'restored exactly');
  assertClean(a);
  await a.context.close();
});
