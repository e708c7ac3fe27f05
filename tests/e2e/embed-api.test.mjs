// embed=1 for slides; the scripting API window.dlab; the same API from a parent frame
// through postMessage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, screenshot } from './harness.mjs';
import { openLab, chartPixels, nextFrames, assertClean } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('embed=1 hides the chrome and keeps the plots and the key sliders', { timeout: 60000 }, async () => {
  for (const lab of ['gradient', 'overfitting', 'init']) {
    const opened = await openLab(browser, server, `#lab=${lab}&lang=en&embed=1`);
    const { page, context } = opened;
    for (const sel of ['header', '.tabs', '[data-action="help"]', '.side', '[data-preset]']) {
      const visible = await page.locator(sel).first().isVisible().catch(() => false);
      assert.equal(visible, false, `${lab}: ${sel} hidden`);
    }
    const charts = await page.locator('canvas[data-chart]').count();
    assert.ok(charts >= 4);
    for (const c of await page.locator('canvas[data-chart]').all()) assert.ok(await c.isVisible());
    const keySliders = page.locator('.embed-bar [data-param]');
    assert.ok(await keySliders.count() >= 2, `${lab}: key controls in the embed bar`);
    assert.ok(await keySliders.first().isVisible());
    assert.ok(await page.locator('.embed-bar [data-action="play"]').isVisible());
    // The plots use the freed space: the first card starts near the left edge.
    const left = await page.$eval('.card', (c) => c.getBoundingClientRect().left);
    assert.ok(left < 40, `plots start at ${left}px`);
    await screenshot(page, `embed-${lab}-en`);
    assertClean(opened, lab);
    await context.close();
  }
});

test('window.dlab: config, set (live and rebuilding), step, play/pause, reset, preset, metrics, errors', { timeout: 60000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  const r = await page.evaluate(async () => {
    const d = window.dlab;
    const out = {};
    out.keys = Object.keys(d).sort();
    out.config = d.config();
    out.m5 = d.step(5);
    out.liveLr = d.set('optim.lr', 0.05); // live: false, like Lab.set
    out.stepAfterLive = d.metrics().step;
    out.rebuild = d.set('model.activation', 'relu');
    out.stepAfterRebuild = d.metrics().step;
    out.play = d.play();
    await new Promise((res) => setTimeout(res, 400));
    out.pause = d.pause();
    out.stepsPlayed = d.metrics().step;
    out.reset = d.reset().step;
    out.preset = d.preset('sigmoid-deep');
    out.presetHidden = d.config().model.hidden.length;
    try { d.set('model.activation', 'swish'); out.badSet = 'no error'; } catch (e) { out.badSet = e.message; }
    out.afterBad = d.config().model.activation;
    try { d.preset('nope'); } catch (e) { out.badPreset = e.message; }
    out.metrics = d.metrics();
    return out;
  });
  for (const k of ['config', 'set', 'play', 'pause', 'step', 'reset', 'preset', 'metrics']) assert.ok(r.keys.includes(k), `dlab.${k}`);
  assert.equal(r.config.model.activation, 'sigmoid');
  assert.equal(r.m5.step, 5);
  assert.equal(r.liveLr, false);
  assert.equal(r.stepAfterLive, 5);
  assert.equal(r.rebuild, true);
  assert.equal(r.stepAfterRebuild, 0);
  assert.equal(r.play, true);
  assert.equal(r.pause, false);
  assert.ok(r.stepsPlayed > 0, 'playing trained');
  assert.equal(r.reset, 0);
  assert.equal(r.preset, true);
  assert.equal(r.presetHidden, 10);
  assert.match(r.badSet, /^model\.activation: /);
  assert.equal(r.afterBad, 'sigmoid', 'a rejected value keeps the previous state');
  assert.match(r.badPreset, /nope/);
  assert.equal(r.metrics.layers.length, 11);
  for (const k of ['weight_norm', 'grad_norm', 'act_mean', 'act_std', 'saturated', 'dead']) assert.ok(k in r.metrics.layers[0], k);
  // The rejected value is explained on the page too.
  const notice = await page.locator('[data-notice="config"]').textContent();
  assert.match(notice, /model\.activation/);
  assertClean(opened);
  await context.close();
});

test('a parent page drives the embedded lab with postMessage and gets replies', { timeout: 60000 }, async () => {
  const opened = await newPage(browser, `${server.url}tests/e2e/fixtures/parent.html#lab=gradient&embed=1&lang=ko`, { viewport: { width: 1100, height: 700 } });
  const { page, context } = opened;
  await page.evaluate(() => window.labReady());
  const frame = page.frames().find((f) => f.url().includes('index.html'));
  await frame.waitForSelector('body[data-ready="true"]');
  const before = await chartPixels(frame, 'network');
  const r = await page.evaluate(async () => {
    const out = {};
    const repliesBefore = window.replies.length;
    out.set = await window.ask({ dlab: 'set', path: 'model.hidden', value: [8, 8] });
    out.step = await window.ask({ dlab: 'step', n: 7 });
    out.config = await window.ask({ dlab: 'config' });
    out.preset = await window.ask({ dlab: 'preset', name: 'relu' });
    out.metrics = await window.ask({ dlab: 'metrics' });
    try { await window.ask({ dlab: 'set', path: 'optim.lr', value: -1 }); out.bad = 'no error'; } catch (e) { out.bad = e.message; }
    window.document.getElementById('lab').contentWindow.postMessage({ dlab: 'play' }, location.origin); // no id: no reply
    await new Promise((res) => setTimeout(res, 300));
    out.paused = await window.ask({ dlab: 'pause' });
    out.replies = window.replies.length - repliesBefore;
    return out;
  });
  assert.equal(r.set, true);
  assert.equal(r.step.step, 7);
  assert.deepEqual(r.config.model.hidden, [8, 8]);
  assert.equal(r.preset, true);
  assert.equal(r.metrics.layers.length, 11);
  assert.match(r.bad, /^optim\.lr: /);
  assert.equal(r.paused, false);
  assert.equal(r.replies, 7, 'one reply per message with an id');
  await nextFrames(frame);
  assert.notEqual(await chartPixels(frame, 'network'), before);
  assert.match(await frame.evaluate(() => location.hash), /model\.activation=relu/);
  await screenshot(page, 'embed-in-parent-ko');
  assert.deepEqual(opened.pageErrors, []);
  await context.close();
});
