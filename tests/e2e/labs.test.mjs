// Each lab, in each language, at the projector size (1280×720): loads without a console
// error, draws every chart, fits without scrolling, shows its own language, and leaves a
// screenshot in test-artifacts/ for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot } from './harness.mjs';
import { openLab, inkedPixels, nextFrames, assertClean, hangul, LABS } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const TAB_TEXT = {
  en: { overfitting: 'Overfitting', gradient: 'Vanishing gradient', init: 'Initialization' },
  ko: { overfitting: '과적합', gradient: '기울기 소실', init: '가중치 초기화' },
};

for (const lab of LABS) {
  for (const lang of ['en', 'ko']) {
    test(`the ${lab} lab in ${lang}: no console error, every chart drawn, nothing clipped at 1280×720`, { timeout: 90000 }, async () => {
      const opened = await openLab(browser, server, `#lab=${lab}&lang=${lang}`);
      const { page, context } = opened;
      // Train a little so that the live charts have something to show.
      await page.evaluate(() => window.dlab.step(300));
      await nextFrames(page, 3);

      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const selected = await page.$eval('.tab[aria-selected="true"]', (b) => b.textContent);
      assert.equal(selected, TAB_TEXT[lang][lab]);
      const text = await page.$eval('main', (m) => m.innerText);
      if (lang === 'ko') assert.match(text, hangul, 'Korean text on the page');
      else assert.doesNotMatch(text, hangul, 'no Korean in the English page (outside the language switch)');

      const charts = await page.$$eval('canvas[data-chart]', (cs) => cs.map((c) => c.dataset.chart));
      assert.ok(charts.length >= 4, `charts: ${charts}`);
      for (const name of charts) {
        const ink = await inkedPixels(page, name);
        assert.ok(ink > 300, `chart ${name} looks empty (${ink} inked pixels)`);
      }

      // The main plots fit the projector without scrolling, and no title is cut off.
      const boxes = await page.$$eval('.card', (cards) => cards.map((c) => {
        const r = c.getBoundingClientRect();
        return { name: c.dataset.card, bottom: r.bottom, right: r.right, w: r.width, h: r.height };
      }));
      for (const b of boxes) {
        assert.ok(b.bottom <= 720 + 0.5 && b.right <= 1280 + 0.5, `card ${b.name} leaves the screen: ${JSON.stringify(b)}`);
        assert.ok(b.w > 180 && b.h > 150, `card ${b.name} too small to read: ${JSON.stringify(b)}`);
      }
      const clipped = await page.$$eval('.card-head h2, .tab, .ctl-label > span, legend', (els) => els
        .filter((e) => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
      assert.deepEqual(clipped, [], 'clipped labels');

      await screenshot(page, `lab-${lab}-${lang}`);
      assertClean(opened, `${lab}/${lang}`);
      await context.close();
    });
  }
}

test('a laptop (1440×900) shows every lab without scrolling the plots', { timeout: 60000 }, async () => {
  for (const lab of LABS) {
    const opened = await openLab(browser, server, `#lab=${lab}&lang=en`, { viewport: { width: 1440, height: 900 } });
    const { page, context } = opened;
    const worst = await page.$$eval('.card', (cards) => Math.max(...cards.map((c) => c.getBoundingClientRect().bottom)));
    assert.ok(worst <= 900, `${lab}: a plot ends at ${worst}px`);
    await screenshot(page, `lab-${lab}-en-1440`);
    assertClean(opened, lab);
    await context.close();
  }
});

test('the help overlay opens with ? and lists the shortcuts; Escape closes it', { timeout: 30000 }, async () => {
  const opened = await openLab(browser, server, '#lab=gradient&lang=en');
  const { page, context } = opened;
  await page.keyboard.press('?');
  const dialog = page.locator('[data-overlay="help"]');
  assert.ok(await dialog.isVisible());
  const keys = await dialog.locator('kbd').allTextContents();
  for (const k of ['space', 's', 'r', '?']) assert.ok(keys.includes(k), `shortcut ${k} listed: ${keys}`);
  await screenshot(page, 'help-en');
  await page.keyboard.press('Escape');
  assert.equal(await dialog.isVisible(), false);
  // space plays, space pauses; s steps once; r resets to step 0
  await page.keyboard.press('s');
  await page.evaluate(() => window.dlab.settled()); // the training worker took the step
  assert.equal(await page.evaluate(() => window.dlab.metrics().step), 1);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => window.dlab.metrics().step > 20);
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.dlab.ui().playing), false);
  await page.keyboard.press('r');
  await page.evaluate(() => window.dlab.settled());
  assert.equal(await page.evaluate(() => window.dlab.metrics().step), 0);
  assertClean(opened);
  await context.close();
});
