// The network diagram as a picture of every unit and as a control: window.dlab.units gives
// each unit's map; a dead ReLU unit's thumbnail is flat; the units of a zero-initialized
// layer are identical; + / − on the diagram change model.hidden and the URL; an edge's
// editor sets a weight the network then trains from. Screenshots at every size, en and ko,
// and the thumbnails' cost per frame (printed, not asserted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Pixels of the node thumbnail of (column l, drawn row k) of the network canvas: distinct colours. */
async function thumbColours(page, l, k) {
  return page.$eval('canvas[data-chart="network"]', (c, [l, k]) => {
    const n = c.dlabNodes?.find((q) => q.l === l && q.k === k);
    if (!n) return null;
    const dpr = c.width / c.dlabCssW;
    const z = c.dlabZoom ?? 1;
    const s = Math.floor((n.r - 1.5) * z * dpr);
    const d = c.getContext('2d').getImageData(Math.round(n.x * z * dpr) - s, Math.round(n.y * z * dpr) - s, 2 * s, 2 * s).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return colours.size;
  }, [l, k]);
}

test('units(layer) gives every unit a map over the plane; a unit with no incoming weights is flat, in its data and in its thumbnail', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en&model.activation=relu&model.init=he&model.hidden=8,8');
  const { page, context } = opened;
  const u = await page.evaluate(async () => {
    const r = await window.dlab.units(0);
    return { width: r.width, height: r.height, extent: r.extent, n: r.maps.length, len: r.maps[0].length, typed: r.maps[0] instanceof Float32Array, act: r.activation };
  });
  assert.equal(u.n, 8);
  assert.equal(u.len, u.width * u.height);
  assert.ok(u.typed, 'Float32Array per unit');
  assert.equal(u.extent.length, 4);
  assert.equal(u.act, 'relu');
  await assert.rejects(page.evaluate(() => window.dlab.units(9)), /out of range/);
  // Unit 3 of the first hidden layer: its incoming weights 0 and its bias 0 → ReLU(0) = 0 everywhere.
  await page.evaluate(() => { window.dlab.setWeight(0, 0, 3, 0); window.dlab.setWeight(0, 1, 3, 0); });
  await nextFrames(page, 3);
  const dead = await page.evaluate(async () => {
    const r = await window.dlab.units(0);
    const m = r.maps[3];
    return { min: Math.min(...m), max: Math.max(...m), silent: r.silent[3], otherSpread: Math.max(...r.maps.filter((_, i) => i !== 3).map((x) => Math.max(...x) - Math.min(...x))) };
  });
  assert.equal(dead.min, dead.max, 'a flat map');
  assert.equal(dead.silent, 1, 'outputs 0 on the whole plane');
  assert.ok(dead.otherSpread > 0, 'the other units are not flat');
  assert.equal(await page.$eval('canvas[data-chart="network"]', (c) => c.dataset.thumbs), 'maps');
  assert.equal(await thumbColours(page, 1, 3), 1, 'the dead unit\'s thumbnail is one colour');
  assert.ok(await thumbColours(page, 1, 0) > 3, 'a live unit\'s thumbnail has structure');
  assertClean(opened);
  await context.close();
});

test('zero init: the units of a layer are identical copies, in the maps and in the thumbnails', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lesson=init&step=1&lang=en');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.step(100));
  await nextFrames(page, 3);
  const same = await page.evaluate(async () => {
    const r = await window.dlab.units(0);
    return r.maps.every((m) => m.every((v, i) => v === r.maps[0][i]));
  });
  assert.ok(same, 'every map of the layer equals the first');
  const thumbs = await page.$eval('canvas[data-chart="network"]', (c) => {
    const dpr = c.width / c.dlabCssW, z = c.dlabZoom ?? 1;
    const ctx = c.getContext('2d');
    return c.dlabNodes.filter((n) => n.l === 1).map((n) => {
      const s = Math.floor((n.r - 1.5) * z * dpr);
      return Array.from(ctx.getImageData(Math.round(n.x * z * dpr) - s, Math.round(n.y * z * dpr) - s, 2 * s, 2 * s).data).join();
    });
  });
  assert.ok(thumbs.length >= 2);
  assert.ok(thumbs.every((t) => t === thumbs[0]), 'identical thumbnails');
  await screenshot(page, 'units-zero-init-en');
  assertClean(opened);
  await context.close();
});

test('+ / − on the diagram change the width and depth, the sliders and the URL, within the schema\'s range', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en&model.hidden=8,8');
  const { page, context } = opened;
  await page.click('[data-chart="network"] ~ .net-edit [data-action="add-unit"][data-layer="1"], .net-edit [data-action="add-unit"][data-layer="1"]');
  await nextFrames(page);
  assert.deepEqual(await page.evaluate(() => window.dlab.config().model.hidden), [8, 9]);
  assert.match(await page.evaluate(() => location.hash), /model\.hidden=8,9(&|$)/);
  await page.click('.net-edit [data-action="remove-unit"][data-layer="0"]');
  await page.click('.net-edit [data-action="add-layer"]');
  await nextFrames(page);
  assert.deepEqual(await page.evaluate(() => window.dlab.config().model.hidden), [7, 9, 9]);
  assert.equal(await page.$eval('input[data-param="model.hidden"][data-part="depth"]', (i) => i.value), '3', 'the depth slider follows');
  await page.click('.net-edit [data-action="remove-layer"]');
  await page.click('.net-edit [data-action="remove-layer"]');
  await nextFrames(page);
  assert.deepEqual(await page.evaluate(() => window.dlab.config().model.hidden), [7]);
  assert.match(await page.evaluate(() => location.hash), /model\.hidden=7(&|$)/);
  assert.ok(await page.$eval('.net-edit [data-action="remove-layer"]', (b) => b.disabled), 'one hidden layer is the least');
  // A width of 1 cannot go lower.
  await page.evaluate(() => window.dlab.set('model.hidden', [1]));
  await nextFrames(page);
  assert.ok(await page.$eval('.net-edit [data-action="remove-unit"][data-layer="0"]', (b) => b.disabled));
  assertClean(opened);
  await context.close();
});

test('clicking an edge shows its weight and gradient; a new weight changes the network and training goes on from it', { timeout: 90000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en&model.hidden=4,4');
  const { page, context } = opened;
  await page.evaluate(() => window.dlab.step(5));
  await nextFrames(page);
  // The middle of the edge 0 → 0 of weight layer 1 (hidden 1 to hidden 2).
  const at = await page.$eval('canvas[data-chart="network"]', (c) => {
    const e = c.dlabEdges.find((g) => g.l === 1 && g.i === 0 && g.j === 0);
    const r = c.getBoundingClientRect(), z = c.dlabZoom ?? 1;
    return { x: r.left + ((e.x1 + e.x2) / 2) * z, y: r.top + ((e.y1 + e.y2) / 2) * z };
  });
  await page.mouse.click(at.x, at.y);
  await nextFrames(page);
  const editor = page.locator('.net-editor');
  assert.equal(await editor.getAttribute('data-edge'), '1,0,0');
  const shown = Number(await editor.getAttribute('data-weight'));
  assert.equal(shown, await page.evaluate(async () => (await window.dlab.weights(1))[0][0]));
  assert.match(await editor.innerText(), /gradient/);
  const stepBefore = await page.evaluate(() => window.dlab.metrics().step);
  await editor.locator('input').fill('2.5');
  await editor.locator('[data-action="set-weight"]').click();
  await nextFrames(page);
  assert.equal(await page.evaluate(async () => (await window.dlab.weights(1))[0][0]), 2.5);
  assert.equal(Number(await editor.getAttribute('data-weight')), 2.5, 'the editor shows the new weight');
  assert.equal(await page.evaluate(() => window.dlab.metrics().step), stepBefore, 'the run is not restarted');
  await page.evaluate(() => window.dlab.step(3));
  const after = await page.evaluate(async () => (await window.dlab.weights(1))[0][0]);
  assert.ok(after !== 2.5 && Math.abs(after - 2.5) < 0.5, `training moves it on from 2.5: ${after}`);
  assert.match(await page.evaluate(() => location.hash), /model\.hidden=4,4/, 'the URL keeps the config (a weight is the run\'s state, not a setting)');
  assertClean(opened);
  await context.close();
});

test('hovering a unit shows its map large; screenshots at every size; thumbnails\' cost per frame', { timeout: 240000 }, async () => {
  const sizes = [
    ['phone', { width: 390, height: 844 }, ''],
    ['1280', { width: 1280, height: 720 }, ''],
    ['1920', { width: 1920, height: 1080 }, ''],
    ['embed', { width: 640, height: 360 }, '&embed=1'],
  ];
  const views = [['saturate', '#lesson=vanishing&step=3'], ['zero', '#lesson=init&step=1'], ['he', '#lesson=init&step=5']];
  for (const [name, viewport, extra] of sizes) {
    for (const lang of ['en', 'ko']) {
      for (const [view, hash] of views) {
        if (name !== '1280' && view === 'he') continue;
        const opened = await openLab(browser, server, `${hash}&lang=${lang}${extra}`, { viewport });
        const { page, context } = opened;
        await page.evaluate(() => window.dlab.step(20));
        await nextFrames(page, 3);
        const canvas = page.locator('canvas[data-chart="network"]');
        if (await canvas.isVisible()) {
          const node = await page.$eval('canvas[data-chart="network"]', (c) => {
            const n = c.dlabNodes.find((q) => q.l === 1 && q.k === 0);
            const r = c.getBoundingClientRect(), z = c.dlabZoom ?? 1;
            return n && { x: r.left + n.x * z, y: r.top + n.y * z };
          });
          if (node && name !== 'phone') {
            await page.mouse.move(node.x, node.y);
            await nextFrames(page);
            assert.equal(await canvas.getAttribute('data-focus'), '0:0', 'the hovered unit is shown large');
          }
          await canvas.scrollIntoViewIfNeeded();
        }
        await screenshot(page, `units-${view}-${name}-${lang}`);
        assertClean(opened, `${view} ${name} ${lang}`);
        await context.close();
      }
    }
  }
  // Cost per frame: the core's maps (ms per refresh) and the whole diagram's draw.
  const cost = [];
  for (const [label, hash] of [['8 × 5 sigmoid', '#lab=gradient'], ['8 × 10 relu', '#lesson=vanishing&step=5'], ['64 × 20 relu', '#lesson=init&step=5'], ['64 × 32 sigmoid', '#lesson=vanishing&step=3']]) {
    const opened = await openLab(browser, server, `${hash}&lang=en`);
    const { page, context } = opened;
    const r = await page.evaluate(async () => {
      const mapsMs = [], drawMs = [];
      const c = document.querySelector('canvas[data-chart="network"]');
      for (let i = 0; i < 10; i++) { await window.dlab.step(1); await new Promise((res) => requestAnimationFrame(res)); drawMs.push(Number(c.dataset.drawMs)); }
      // The maps are computed in the training worker: time the same call on a Lab of the
      // page's own core with the run's settings (the worker's cost, off the main thread).
      const { getCore } = await import('/www/bridge/session.js');
      const { store } = await import('/www/state/store.js');
      const lab = new (getCore().Lab)(store.state.config);
      lab.step(10);
      for (let i = 0; i < 10; i++) { const t0 = performance.now(); lab.unitMaps(0); mapsMs.push(performance.now() - t0); }
      lab.free();
      const u = await window.dlab.units(0);
      mapsMs.sort((a, b) => a - b); drawMs.sort((a, b) => a - b);
      return { res: u.width, ms: mapsMs[5], draw: drawMs[5] };
    });
    cost.push(`${label}: maps ${r.res}×${r.res}, core ${r.ms.toFixed(2)} ms per refresh (in the worker), diagram draw ${r.draw.toFixed(2)} ms (medians of 10, 1280×720)`);
    await context.close();
  }
  console.log(`thumbnail cost per frame:\n  ${cost.join('\n  ')}`); // eslint-disable-line no-console
});
