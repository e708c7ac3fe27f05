// The page's gradient instruments and the states it explains (issue 10): the gradient bars
// show the back-propagated gradient delta_rms by default and the per-weight grad_rms on a
// toggle that lives in the URL; the f, f′ chart shades exactly the core's saturated zone;
// the banner explains a diverged run, a run where no gradient flows and a saturated one, in
// both languages, and its one-click fix does what it says (and can be undone); RBM init
// sets sigmoid units with a notice that can be undone; model.loss has a select with auto.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean, hangul, PROJECTOR, switchLang } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** A chart's CSV export (its table()), through the card's CSV button: {header, rows}. */
async function chartCsv(page, chart) {
  const card = page.locator(`[data-card="${chart}"]`);
  await card.hover();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    card.locator('[data-export="csv"]').click(),
  ]);
  const lines = (await readFile(await download.path(), 'utf8')).replace(/^\ufeff/, '').split('\r\n').filter(Boolean);
  return { header: lines[0], rows: lines.slice(1).map((l) => l.split(',')) };
}

const desc = (page, chart) => page.textContent(`#chart-desc-${chart}`);
const metrics = (page) => page.evaluate(() => window.dlab.metrics());
const config = (page) => page.evaluate(() => window.dlab.config());

test('gradient bars: delta_rms by default, grad_rms on the toggle; the URL keeps the choice', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en', { viewport: PROJECTOR, acceptDownloads: true });
  const { page } = o;
  for (let i = 0; i < 4; i++) await page.evaluate(() => window.dlab.step(5));
  await nextFrames(page, 3);
  let m = await metrics(page);
  assert.equal(await page.getAttribute('[data-card="gradbars"] [data-ui="gradView"][data-value="delta"]', 'aria-pressed'), 'true');
  let bars = await chartCsv(page, 'gradbars');
  assert.equal(bars.header, 'layer,delta_rms');
  assert.deepEqual(bars.rows.map((r) => Number(r[1])), m.layers.map((l) => l.delta_rms), 'the bars are the metrics’ delta_rms');
  assert.match(await desc(page, 'gradbars'), /^back-propagated gradient ‖∂L\/∂z‖ \(RMS\)/);
  // The history (a row per recorded step, a column per layer) ends with the same values.
  const hist = await chartCsv(page, 'gradhistory');
  assert.equal(hist.header, `step,${m.layers.map((_, i) => (i === m.layers.length - 1 ? 'out' : `W${i + 1}`)).join(',')}`);
  assert.equal(hist.rows.length, 4, 'one row per step() call');
  assert.deepEqual(hist.rows.at(-1).map(Number), [m.step, ...m.layers.map((l) => l.delta_rms)]);
  assert.match(await desc(page, 'gradhistory'), /latest back-propagated gradient/);

  // The toggle on the history card switches both charts, and the URL says so.
  await page.click('[data-card="gradhistory"] [data-ui="gradView"][data-value="weight"]');
  await nextFrames(page, 3);
  assert.match(await page.evaluate(() => location.hash), /&grad=weight(&|$)/);
  m = await metrics(page);
  bars = await chartCsv(page, 'gradbars');
  assert.equal(bars.header, 'layer,grad_rms');
  assert.deepEqual(bars.rows.map((r) => Number(r[1])), m.layers.map((l) => l.grad_rms), 'the bars are the metrics’ grad_rms');
  assert.match(await desc(page, 'gradbars'), /^per-weight gradient ‖∂L\/∂W‖ \(RMS\)/);
  const hist2 = await chartCsv(page, 'gradhistory');
  assert.deepEqual(hist2.rows.at(-1).map(Number), [m.step, ...m.layers.map((l) => l.grad_rms)], 'the history switched too');
  // The readout's ratio follows the chosen quantity.
  const ratio = m.layers[0].grad_rms / m.layers.at(-1).grad_rms;
  assert.match(await page.textContent('[data-readout="gradbars"]'), new RegExp(`${Number(ratio.toPrecision(2))}`.replace('-', '−').replace('.', '\\.')));

  // The network's gradient view writes grad_rms under each weight layer.
  await page.click('[data-ui="edgeView"][data-value="grads"]');
  await nextFrames(page, 3);
  const netText = await desc(page, 'network');
  const fmt2 = (v) => { const [mm, e] = v.toExponential(1).split('e'); return Math.abs(v) < 1e-3 ? `${Number(mm)}e${Number(e)}`.replace('-', '−') : String(Number(v.toPrecision(2))); };
  assert.ok(netText.includes(m.layers.map((l) => fmt2(l.grad_rms)).join(', ')), `network summary has grad_rms: ${netText}`);

  // Reload: the choice comes back from the URL.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal((await page.evaluate(() => window.dlab.ui())).gradView, 'weight');
  assert.equal(await page.getAttribute('[data-card="gradbars"] [data-ui="gradView"][data-value="weight"]', 'aria-pressed'), 'true');
  // Back to the default: the key leaves the URL.
  await page.click('[data-card="gradbars"] [data-ui="gradView"][data-value="delta"]');
  await nextFrames(page);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /grad=/);
  await screenshot(page, 'instruments-gradbars-en');
  assertClean(o);
  await o.context.close();
});

test('the f, f′ chart shades exactly |z| > saturationThreshold, and the help says what saturated means', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en', { viewport: PROJECTOR, acceptDownloads: true });
  const { page } = o;
  const edge = (act) => page.evaluate(async (a) => (await (await import('/www/bridge/core.js')).loadCore()).saturationThreshold(a), act);
  const sigmoid = await edge('sigmoid');
  assert.ok(Math.abs(sigmoid - 3.6369) < 1e-3, `sigmoid edge ${sigmoid}`);
  assert.equal(Number(await page.getAttribute('canvas[data-chart="activation"]', 'data-saturation')), sigmoid);
  const zones = async () => (await chartCsv(page, 'activation')).rows.filter((r) => r[0] === 'saturated').map((r) => r.slice(1).map(Number));
  let z = await zones();
  assert.equal(z.length, 2, 'both tails shaded');
  assert.equal(z[0][1], -sigmoid, 'the negative zone ends at −edge');
  assert.equal(z[1][0], sigmoid, 'the positive zone starts at the edge');

  await page.evaluate(() => window.dlab.set('model.activation', 'tanh'));
  await nextFrames(page, 3);
  const tanh = await edge('tanh');
  assert.ok(Math.abs(tanh - 1.8184) < 1e-3, `tanh edge ${tanh}`);
  assert.equal(Number(await page.getAttribute('canvas[data-chart="activation"]', 'data-saturation')), tanh);
  z = await zones();
  assert.deepEqual([z[0][1], z[1][0]], [-tanh, tanh]);

  for (const act of ['relu', 'leaky_relu', 'linear']) {
    await page.evaluate((a) => window.dlab.set('model.activation', a), act);
    await nextFrames(page, 3);
    assert.equal(await page.getAttribute('canvas[data-chart="activation"]', 'data-saturation'), null, `${act}: no saturated zone`);
  }
  assert.deepEqual(await zones(), []);

  await page.keyboard.press('?');
  const help = await page.textContent('[data-overlay="help"] [data-help="saturated"]');
  assert.match(help, /slope f′\(z\) is below a tenth of its largest value \(σ′ < 0\.025, \|z\| > 3\.64; tanh′ < 0\.1, \|z\| > 1\.82\)/);
  assert.match(help, /backprop passes on less than a tenth of the signal/);
  await page.keyboard.press('Escape');
  await switchLang(page, 'ko');
  await page.keyboard.press('?');
  assert.match(await page.textContent('[data-overlay="help"] [data-help="saturated"]'), /10분의 1.*σ′ < 0\.025.*3\.64.*1\.82/s);
  assertClean(o);
  await o.context.close();
});

// Configs that produce each state (seed 1), the fix the banner offers, and what it changes.
const BANNERS = [
  {
    name: 'diverged', kind: 'diverged', fixAction: 'diverge-fix',
    hash: '&model.activation=relu&model.init=large&optim.lr=10&model.hidden=8,8,8,8,8,8', steps: 5,
    words: { en: /learning rate 10 is too high/, ko: /학습률\(10\)/ },
    check: (c) => c.optim.lr === 1 && c.model.init === 'he', // lr × 0.1, and He for the "large" init
    url: (h) => /optim\.lr=1(&|$)/.test(h) && /model\.init=he/.test(h),
  },
  {
    name: 'no-gradient (vanishing)', kind: 'no-gradient', fixAction: 'banner-fix',
    hash: '&model.init=small', steps: 0, // five sigmoid layers, N(0, 0.01²): first ÷ out ≈ 2e−12
    words: { en: /first layer is 2\.4e−12 × the output layer’s/, ko: /출력층의 2\.4e−12배/ },
    check: (c) => c.model.init === 'xavier' && c.model.activation === 'sigmoid',
    url: (h) => !/model\.init/.test(h), // Xavier is the lab's own init
  },
  {
    name: 'no-gradient (zero init, all ReLUs dead)', kind: 'no-gradient', fixAction: 'banner-fix',
    hash: '&model.activation=relu&model.init=zero', steps: 0,
    words: { en: /All weights start at 0/, ko: /모든 가중치가 0/ },
    check: (c) => c.model.init === 'he' && c.model.activation === 'relu',
    url: (h) => /model\.init=he/.test(h),
  },
  {
    name: 'no-gradient (dead ReLU layer)', kind: 'no-gradient', fixAction: 'banner-fix',
    hash: '&model.activation=relu&model.init=he&optim.lr=3&model.hidden=8,8,8,8,8,8', steps: 20, // h2: every unit dead
    words: { en: /Every unit of h\d outputs 0 for every input/, ko: /h\d의 모든 유닛이 어떤 입력에도 0을 출력/ },
    check: (c) => c.model.activation === 'leaky_relu' && c.optim.lr === 3,
    url: (h) => /model\.activation=leaky_relu/.test(h),
  },
  {
    name: 'saturated', kind: 'saturated', fixAction: 'banner-fix',
    hash: '&model.hidden=64,64,64,64,64&model.init=large&optim.lr=10', steps: 20, // h4, h5 ≥ 97 % saturated
    words: { en: /% of h\d sit on the flat tails of sigmoid σ/, ko: /h\d의 \d+%가 시그모이드 σ의 평평한 꼬리/ },
    check: (c) => c.model.init === 'xavier' && c.optim.lr === 10,
    url: (h) => !/model\.init/.test(h) && /optim\.lr=10/.test(h),
  },
];

for (const lang of ['en', 'ko']) {
  test(`the three banners (${lang}): each explained, its fix applied in one click, then gone`, { timeout: 120000 }, async () => {
    const o = await openLab(browser, server, `#lab=gradient&lang=${lang}`);
    const { page } = o;
    for (const b of BANNERS) {
      await page.evaluate((h) => { location.hash = h; }, `#lab=gradient&lang=${lang}${b.hash}`);
      await page.waitForFunction((h) => window.dlab.config() && location.hash.includes(h.split('&')[1]), b.hash);
      if (b.steps) await page.evaluate((n) => window.dlab.step(n), b.steps);
      const banner = page.locator(`[data-banner="${b.kind}"]`);
      await banner.waitFor({ state: 'visible', timeout: 10000 });
      const text = await banner.innerText();
      assert.match(text, b.words[lang], `${b.name}: ${text}`);
      if (lang === 'ko') assert.match(text, hangul);
      // Compact and above the plots: it covers no chart and no control.
      const box = await banner.boundingBox();
      const plotsTop = await page.$eval('.plots', (p) => p.getBoundingClientRect().top);
      const sideTop = await page.$eval('.side', (p) => p.getBoundingClientRect().top);
      assert.ok(box.y + box.height <= Math.min(plotsTop, sideTop) + 0.5, `${b.name}: banner overlaps the page (${JSON.stringify(box)})`);
      assert.ok(box.height <= 60, `${b.name}: banner too tall (${box.height}px)`);
      if (b.kind === 'diverged') assert.ok(await page.isVisible('[data-action="diverge-reset"]'), 'the reset button stays');
      await screenshot(page, `instruments-banner-${b.name.replace(/\W+/g, '-').replace(/-$/, '')}-${lang}`);

      const before = await config(page);
      await banner.locator(`[data-action="${b.fixAction}"]`).click();
      await nextFrames(page, 3);
      const after = await config(page);
      assert.ok(b.check(after), `${b.name}: fix applied: ${JSON.stringify(after.model)} ${JSON.stringify(after.optim)}`);
      assert.equal(await page.isVisible(`[data-banner="${b.kind}"]`), false, `${b.name}: banner gone after the fix`);
      assert.equal(await page.isVisible('.banner'), false, `${b.name}: no other banner either`);
      assert.equal((await metrics(page)).step, 0, 'the fix restarts the run');
      // The URL says what the fix changed.
      const hash = await page.evaluate(() => location.hash);
      assert.ok(b.url(hash), `${b.name}: the URL after the fix: ${hash}`);
      // One undoable action: the notice's Undo restores the state before the fix.
      const undo = page.locator('[data-notice="undo"] [data-action="notice-undo"]');
      assert.ok(await undo.isVisible(), `${b.name}: an undo offer`);
      if (lang === 'ko') assert.match(await page.textContent('[data-notice="undo"]'), hangul);
      if (b.kind === 'saturated') {
        await undo.click();
        await nextFrames(page, 2);
        assert.deepEqual(await config(page), before, 'undo restores the config');
        assert.equal(await page.locator('[data-notice="undo"]').count(), 0);
      }
    }
    assertClean(o);
    await o.context.close();
  });
}

test('RBM init with tanh or ReLU sets sigmoid units, says so, and Undo restores both settings', { timeout: 90000 }, async () => {
  for (const [lab, lang, act, prevInit] of [['init', 'en', 'tanh', 'xavier'], ['gradient', 'ko', 'relu', 'he']]) {
    const o = await openLab(browser, server, `#lab=${lab}&lang=${lang}&model.activation=${act}&model.init=${prevInit}&model.hidden=8,8`);
    const { page } = o;
    await page.selectOption('select[data-param="model.init"]', 'rbm');
    await nextFrames(page, 2);
    let c = await config(page);
    assert.equal(c.model.init, 'rbm');
    assert.equal(c.model.activation, 'sigmoid', 'activation switched in the same change');
    assert.equal(await page.$eval('select[data-param="model.activation"]', (s) => s.value), 'sigmoid');
    const notice = page.locator('[data-notice="undo"]');
    const text = await notice.textContent();
    if (lang === 'en') assert.match(text, /RBM pre-training is defined for sigmoid units, so the activation was set to sigmoid \(it was tanh\)/);
    else assert.match(text, /RBM 사전 학습은 시그모이드 유닛.*시그모이드로 바꿨습니다.*ReLU/);
    assert.match(await page.evaluate(() => location.hash), /model\.init=rbm/);
    await screenshot(page, `instruments-rbm-${lab}-${lang}`);
    await notice.locator('[data-action="notice-undo"]').click();
    await nextFrames(page, 2);
    c = await config(page);
    assert.equal(c.model.activation, act);
    assert.equal(c.model.init, prevInit);
    assert.equal(await notice.count(), 0, 'the notice goes with the undo');
    // The other way round: another activation while the init is rbm takes that activation's init.
    await page.evaluate(() => window.dlab.set('model.activation', 'sigmoid'));
    await page.evaluate(() => window.dlab.set('model.init', 'rbm'));
    await page.selectOption('select[data-param="model.activation"]', 'relu');
    c = await config(page);
    assert.deepEqual([c.model.activation, c.model.init], ['relu', 'he']);
    assert.ok(await notice.isVisible());
    assertClean(o);
    await o.context.close();
  }
});

test('model.loss: a select with auto, read from and written to the URL', { timeout: 60000 }, async () => {
  const o = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page } = o;
  const sel = 'select[data-param="model.loss"]';
  const options = await page.$$eval(`${sel} option`, (os) => os.map((x) => [x.value, x.textContent]));
  assert.deepEqual(options.map((x) => x[0]), ['auto', 'cross_entropy', 'mse']);
  assert.equal(options[0][1], 'auto (cross-entropy for ±1 sets, MSE for regression)');
  assert.equal(await page.$eval(sel, (s) => s.value), 'auto');
  await page.selectOption(sel, 'mse');
  assert.equal((await config(page)).model.loss, 'mse');
  assert.match(await page.evaluate(() => location.hash), /model\.loss=mse/);
  await page.selectOption(sel, 'auto');
  assert.equal((await config(page)).model.loss, null);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /model\.loss/);
  for (const [v, want] of [['cross_entropy', 'cross_entropy'], ['auto', null], ['null', null], ['mse', 'mse']]) {
    await page.evaluate((h) => { location.hash = h; }, `#lab=gradient&lang=en&model.loss=${v}`);
    await page.waitForFunction((w) => window.dlab.config().model.loss === w, want);
    assert.equal(await page.$eval(sel, (s) => s.value), want ?? 'auto');
  }
  assert.equal(await page.locator('[data-notice="url"]').count(), 0, 'every spelling accepted');
  await page.evaluate(() => { location.hash = '#lab=gradient&lang=en&model.loss=hinge'; });
  const bad = page.locator('[data-notice="url"]');
  await bad.waitFor();
  assert.match(await bad.textContent(), /model\.loss=hinge.*cross_entropy, mse, auto/);
  // The init lab has it too; the overfitting lab only for the ±1 sets.
  await page.evaluate(() => window.dlab.set('lab', 'init'));
  assert.ok(await page.isVisible(sel));
  await page.evaluate(() => window.dlab.set('lab', 'overfitting'));
  assert.equal(await page.isVisible(sel), false, 'hidden for regression data');
  assertClean(o);
  await o.context.close();
});
