// The layout at every screen size (issue 11): each view names one hero chart (data-hero),
// the largest visible one; phone, tablet, laptop, a 1920×1080 screen, presenter mode and
// embeds in a slide's iframe. For each lab and size:
//   - the page does not scroll sideways (document.scrollingElement.scrollWidth ≤ innerWidth);
//   - exactly one visible [data-hero] card, the lab's hero, whose box is the largest visible
//     chart (card and canvas); at 1280×720 it covers ≥ 25 % of the viewport; in presenter
//     mode its tick labels are ≥ 14 px (canvas data-tick-px, written by charts/base.js);
//   - no card title cut off;
//   - phone (390×844, touch): the hero comes first, before the controls, across the width;
//     every control is at least 44 px tall; a touch drag on a slider changes the config and
//     the URL without panning the page (sliders have touch-action: none);
//   - tablet (820×1180, touch): the top bar is not cut ("한국어" whole) and no PNG/CSV button
//     lies over a chart;
//   - 1920×1080: the hero and its type are larger than at 1280×720.
// Then: embed=1 in an iframe of 960×540 and 640×360 has no scroll bar and shows the hero
// and the key controls only; lesson steps name their own hero (overfitting 7 and 8: the
// loss; init 1: the symmetry view); the promote button makes another chart the hero, and a
// lab change gives the view's own hero back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, screenshot } from './harness.mjs';
import { openLab, nextFrames, assertClean, LABS, switchLang } from './fixtures/lab.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const HERO = { overfitting: 'fit', gradient: 'gradbars', init: 'actstd' };
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
  tablet: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true },
  laptop: { viewport: { width: 1280, height: 720 } },
  large: { viewport: { width: 1920, height: 1080 } },
  presenter: { viewport: { width: 1280, height: 720 }, hash: '&present=1' },
};

/** What the layout looks like: every visible card's box, the hero, overflow, clipped titles. */
function measure(page) {
  return page.evaluate(() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top + scrollY, right: r.right, bottom: r.bottom + scrollY, width: r.width, height: r.height }; };
    const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const cards = [...document.querySelectorAll('[data-card]')].filter(shown).map((c) => ({
      name: c.dataset.card, hero: c.hasAttribute('data-hero'), box: box(c), canvas: box(c.querySelector('canvas')),
      tickPx: Number(c.querySelector('canvas').dataset.tickPx),
    }));
    const se = document.scrollingElement;
    const clipped = [...document.querySelectorAll('.card-head h2, .tab, .lang')].filter(shown)
      .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent);
    const side = document.querySelector('.side');
    return {
      cards, clipped, scrollW: se.scrollWidth, innerW: innerWidth, innerH: innerHeight,
      heroes: document.querySelectorAll('[data-hero]').length,
      side: side && shown(side) ? box(side) : null,
    };
  });
}

function checkHero(m, lab, what, expected = HERO[lab]) {
  assert.ok(m.scrollW <= m.innerW, `${what}: the page scrolls sideways (${m.scrollW} > ${m.innerW})`);
  assert.equal(m.heroes, 1, `${what}: one [data-hero]`);
  const heroes = m.cards.filter((c) => c.hero);
  assert.equal(heroes.length, 1, `${what}: one visible hero card`);
  const hero = heroes[0];
  assert.equal(hero.name, expected, `${what}: the hero`);
  const area = (b) => b.width * b.height;
  for (const c of m.cards) {
    if (c.hero) continue;
    assert.ok(area(c.box) < area(hero.box), `${what}: card ${c.name} (${Math.round(c.box.width)}×${Math.round(c.box.height)}) is not smaller than the hero (${Math.round(hero.box.width)}×${Math.round(hero.box.height)})`);
    assert.ok(area(c.canvas) < area(hero.canvas), `${what}: chart ${c.name} is not smaller than the hero's chart`);
  }
  assert.deepEqual(m.clipped, [], `${what}: text cut off`);
  return { hero, share: area(hero.box) / (m.innerW * m.innerH) };
}

const shares = {};
const heroAt = {};

for (const lab of LABS) {
  for (const [size, { hash = '', ...opts }] of Object.entries(SIZES)) {
    test(`layout: the ${lab} lab at ${size} (${opts.viewport.width}×${opts.viewport.height}): one hero, the largest chart, no sideways scroll`, { timeout: 60000 }, async () => {
      const o = await openLab(browser, server, `#lab=${lab}&lang=${size === 'tablet' ? 'ko' : 'en'}${hash}`, opts);
      const { page } = o;
      await page.evaluate(() => window.dlab.step(20));
      await nextFrames(page, 3);
      const m = await measure(page);
      const { hero, share } = checkHero(m, lab, `${lab}@${size}`);
      (shares[lab] ??= {})[size] = share;
      (heroAt[lab] ??= {})[size] = hero;

      if (size === 'laptop' || size === 'presenter') {
        assert.ok(share >= 0.25, `${lab}@${size}: the hero covers ${Math.round(share * 100)} % of the screen, less than a quarter`);
        for (const c of m.cards) assert.ok(c.box.bottom <= 720.5 && c.box.right <= 1280.5, `${lab}@${size}: card ${c.name} leaves the screen`);
      }
      if (size === 'presenter') {
        assert.ok(hero.tickPx >= 14, `${lab}@presenter: the hero's tick labels are ${hero.tickPx} px`);
      }
      if (size === 'large' && heroAt[lab].laptop) {
        assert.ok(hero.box.width * hero.box.height > heroAt[lab].laptop.box.width * heroAt[lab].laptop.box.height * 1.5, `${lab}: the hero grows on a large screen`);
        assert.ok(hero.tickPx > heroAt[lab].laptop.tickPx, `${lab}: its type grows (${heroAt[lab].laptop.tickPx} → ${hero.tickPx} px)`);
      }
      if (size === 'phone') await phoneChecks(o, lab, m, hero);
      if (size === 'tablet') await tabletChecks(o, lab);
      await screenshot(page, `layout-${lab}-${size}`);
      assertClean(o, `${lab}@${size}`);
      await o.context.close();
    });
  }
}

async function phoneChecks({ page }, lab, m, hero) {
  // One column, hero first: above every other card and the controls, across the width.
  for (const c of m.cards) if (!c.hero) assert.ok(c.box.top >= hero.box.bottom - 0.5, `${lab}@phone: ${c.name} comes before the hero`);
  assert.ok(m.side && m.side.top >= hero.box.bottom - 0.5, `${lab}@phone: the controls come after the hero`);
  assert.ok(hero.box.width >= m.innerW - 24, `${lab}@phone: the hero spans the width (${hero.box.width} of ${m.innerW})`);
  assert.ok(hero.box.top < m.innerH / 2, `${lab}@phone: the hero starts in the first half of the screen`);
  // Every control a finger can reach: at least 44 px tall.
  const small = await page.evaluate(() => {
    const out = [];
    const shown = (e) => e.getClientRects().length > 0 && !e.closest('[hidden], .sr-only, [data-overlay]');
    for (const e of document.querySelectorAll('button, select, input, .chip')) {
      if (!shown(e)) continue;
      const target = e.type === 'checkbox' ? (e.closest('label') ?? e) : e;
      const h = target.getBoundingClientRect().height;
      if (h < 43.5) out.push(`${e.tagName.toLowerCase()}[${e.dataset.param ?? e.dataset.action ?? e.dataset.ui ?? e.dataset.lab ?? e.dataset.lang ?? e.dataset.preset ?? e.className}] ${Math.round(h)} px`);
    }
    return out;
  });
  assert.deepEqual(small, [], `${lab}@phone: touch targets under 44 px`);

  // A touch drag along a slider: the value, the config and the URL change; the page does not pan.
  const slider = page.locator('.side input[type=range]:visible').first();
  await slider.scrollIntoViewIfNeeded();
  assert.equal(await slider.evaluate((e) => getComputedStyle(e).touchAction), 'none', 'sliders: touch-action none');
  const b = await slider.boundingBox();
  const before = await page.evaluate(() => ({ config: JSON.stringify(window.dlab.config()), hash: location.hash, y: scrollY }));
  const valueBefore = await slider.inputValue();
  const cdp = await page.context().newCDPSession(page);
  const y = b.y + b.height / 2;
  const x0 = b.x + b.width * 0.15, x1 = b.x + b.width * 0.75;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 8; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + ((x1 - x0) * i) / 8, y: y + i * 0.6 }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await nextFrames(page, 3);
  const afterDrag = await page.evaluate(() => ({ config: JSON.stringify(window.dlab.config()), hash: location.hash, y: scrollY }));
  const b2 = await slider.boundingBox();
  assert.notEqual(await slider.inputValue(), valueBefore, `${lab}@phone: the drag moved the slider`);
  assert.notEqual(afterDrag.config, before.config, `${lab}@phone: the drag changed the config`);
  assert.notEqual(afterDrag.hash, before.hash, `${lab}@phone: and the URL`);
  // A page pan moves the slider on the screen; scroll anchoring (a banner appearing above) does not.
  assert.ok(Math.abs(b2.y - b.y) <= 2 || Math.abs(afterDrag.y - before.y) <= 2, `${lab}@phone: the page panned during the drag (slider ${Math.round(b.y)} → ${Math.round(b2.y)}, scroll ${before.y} → ${afterDrag.y})`);
  await cdp.detach();
}

async function tabletChecks({ page }, lab) {
  const r = await page.evaluate(() => {
    const bar = document.querySelector('.topbar');
    const ko = document.querySelector('[data-lang="ko"]');
    const kr = ko.getBoundingClientRect();
    const canvases = [...document.querySelectorAll('[data-card] canvas')].filter((c) => c.getClientRects().length).map((c) => c.getBoundingClientRect());
    const overlaps = [];
    for (const b of document.querySelectorAll('[data-export]')) {
      if (!b.getClientRects().length || getComputedStyle(b.parentElement).opacity === '0') continue;
      const e = b.getBoundingClientRect();
      if (canvases.some((c) => e.left < c.right && e.right > c.left && e.top < c.bottom && e.bottom > c.top)) overlaps.push(`${b.closest('[data-card]').dataset.card}/${b.dataset.export}`);
    }
    return {
      bar: [bar.scrollWidth, bar.clientWidth], ko: { text: ko.textContent, whole: ko.scrollWidth <= ko.clientWidth + 1, right: kr.right, left: kr.left },
      overlaps, exportShown: [...document.querySelectorAll('[data-export]')].filter((b) => b.getClientRects().length).length,
    };
  });
  assert.ok(r.bar[0] <= r.bar[1] + 1, `${lab}@tablet: the top bar is cut (${r.bar})`);
  assert.equal(r.ko.text, '한국어');
  assert.ok(r.ko.whole && r.ko.left >= 0 && r.ko.right <= 820, `${lab}@tablet: "한국어" is cut: ${JSON.stringify(r.ko)}`);
  assert.ok(r.exportShown >= 2, `${lab}@tablet: the hero's PNG and CSV buttons are shown on a touch screen`);
  assert.deepEqual(r.overlaps, [], `${lab}@tablet: export buttons over a chart`);
}

test('layout: the hero takes its share of the screen (table)', () => {
  const rows = Object.entries(shares).map(([lab, s]) => `${lab}: ${Object.entries(s).map(([k, v]) => `${k} ${Math.round(v * 100)} %`).join(', ')}`);
  console.log(`# hero share of the viewport\n# ${rows.join('\n# ')}`);
});

for (const [w, h] of [[960, 540], [640, 360]]) {
  test(`layout: embed=1 in a ${w}×${h} iframe shows the hero and the key controls, without scroll bars`, { timeout: 90000 }, async () => {
    for (const lab of LABS) {
      const o = await newPage(browser, `${server.url}tests/e2e/fixtures/parent.html#lab=${lab}&embed=1&lang=ko`, { viewport: { width: w + 60, height: h + 120 } });
      const { page } = o;
      await page.evaluate(([ww, hh]) => { const f = document.getElementById('lab'); f.width = ww; f.height = hh; }, [w, h]);
      await page.evaluate(() => window.labReady());
      const frame = page.frames().find((f) => f.url().includes('index.html'));
      await frame.waitForSelector('body[data-ready="true"]');
      await nextFrames(frame, 3);
      const m = await frame.evaluate(() => {
        const se = document.scrollingElement;
        const shown = (e) => e.getClientRects().length > 0;
        const cards = [...document.querySelectorAll('[data-card]')].filter(shown);
        const hero = document.querySelector('[data-hero]');
        const r = hero?.getBoundingClientRect();
        return {
          size: [innerWidth, innerHeight], scroll: [se.scrollWidth, se.clientWidth, se.scrollHeight, se.clientHeight],
          body: [document.body.scrollWidth, document.body.clientWidth, document.body.scrollHeight, document.body.clientHeight],
          cards: cards.map((c) => c.dataset.card), hero: hero?.dataset.card, heroes: document.querySelectorAll('[data-hero]').length,
          heroBox: r && [r.left, r.top, r.right, r.bottom], heroCanvas: hero && [hero.querySelector('canvas').clientWidth, hero.querySelector('canvas').clientHeight],
          keys: [...document.querySelectorAll('.embed-bar [data-param]')].filter(shown).length,
          side: document.querySelector('.side')?.getClientRects().length ?? 0,
        };
      });
      const what = `${lab} embedded at ${w}×${h}`;
      assert.deepEqual(m.size, [w, h], `${what}: the iframe's size`);
      assert.ok(m.scroll[0] <= m.scroll[1] && m.scroll[2] <= m.scroll[3], `${what}: scrolls (${m.scroll})`);
      assert.ok(m.body[0] <= m.body[1] && m.body[2] <= m.body[3], `${what}: the body scrolls (${m.body})`);
      assert.equal(m.heroes, 1);
      assert.equal(m.hero, HERO[lab], `${what}: the hero`);
      assert.deepEqual(m.cards, [HERO[lab]], `${what}: only the hero is shown`);
      assert.ok(m.heroBox[0] >= 0 && m.heroBox[1] >= 0 && m.heroBox[2] <= w + 0.5 && m.heroBox[3] <= h + 0.5, `${what}: the hero inside the frame ${m.heroBox}`);
      assert.ok(m.heroCanvas[0] >= w * 0.9 && m.heroCanvas[1] >= h * 0.45, `${what}: the hero's chart is ${m.heroCanvas}`);
      assert.ok(m.keys >= 2, `${what}: the key controls (${m.keys})`);
      assert.equal(m.side, 0, `${what}: no sidebar`);
      await screenshot(page, `layout-embed-${lab}-${w}x${h}`);
      assert.deepEqual(o.pageErrors, []);
      await o.context.close();
    }
  });
}

test('layout: lesson steps name their hero (overfitting 7 and 8: the loss; init 1: the symmetry view)', { timeout: 90000 }, async () => {
  const cases = [
    ['#lesson=overfitting&step=7&lang=en', 'overfitting', 'loss'],
    ['#lesson=init&step=1&lang=ko', 'init', 'symmetry'],
    ['#lesson=vanishing&step=2&lang=en', 'gradient', 'gradbars'],
  ];
  for (const [hash, lab, hero] of cases) {
    for (const size of ['laptop', 'phone']) {
      const { hash: extra = '', ...opts } = SIZES[size];
      const o = await openLab(browser, server, hash + extra, opts);
      await nextFrames(o.page, 2);
      const m = await measure(o.page);
      const { share } = checkHero(m, lab, `${hash}@${size}`, hero);
      if (size === 'laptop') assert.ok(share >= 0.25, `${hash}: the hero covers ${Math.round(share * 100)} %`);
      if (hash.includes('overfitting') && size === 'laptop') {
        // The next step (dropout) is about epochs too; the first is about the fit.
        await o.page.click('[data-action="lesson-next"]');
        await nextFrames(o.page, 2);
        checkHero(await measure(o.page), lab, 'overfitting step 8', 'loss');
        await o.page.evaluate(() => { location.hash = '#lesson=overfitting&step=1&lang=en'; });
        await o.page.waitForFunction(() => document.querySelector('[data-hero]')?.dataset.card === 'fit');
        checkHero(await measure(o.page), lab, 'overfitting step 1', 'fit');
      }
      assertClean(o, hash);
      await o.context.close();
    }
  }
});

test('layout: the promote button makes another chart the hero; a lab change gives the own hero back', { timeout: 60000 }, async () => {
  for (const size of ['laptop', 'phone']) {
    const { hash: extra = '', ...opts } = SIZES[size];
    const o = await openLab(browser, server, `#lab=gradient&lang=en${extra}`, opts);
    const { page } = o;
    const heroPressed = () => page.$$eval('[data-action="promote"][aria-pressed="true"]', (bs) => bs.map((b) => b.closest('[data-card]').dataset.card));
    assert.deepEqual(await heroPressed(), ['gradbars']);
    const hashBefore = await page.evaluate(() => location.hash);
    await page.locator('[data-card="network"] [data-action="promote"]').click();
    await nextFrames(page, 2);
    let m = await measure(page);
    checkHero(m, 'gradient', `promoted@${size}`, 'network');
    assert.equal(await page.getAttribute('[data-card="network"]', 'data-hero'), 'promoted');
    assert.deepEqual(await heroPressed(), ['network']);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-card]')?.dataset.card), 'network', 'the focus stays on the pressed button');
    assert.equal(await page.evaluate(() => document.querySelector('.plots > .card')?.dataset.card), 'network', 'the hero comes first in the document');
    if (size === 'laptop') {
      const hero = m.cards.find((c) => c.hero);
      assert.ok(hero.box.width * hero.box.height >= 1280 * 720 * 0.25, 'the promoted chart takes the hero spot');
    }
    assert.equal(await page.evaluate(() => location.hash), hashBefore, 'a ui state only: the URL stays');
    // Training and a language change keep it (the same view).
    await page.evaluate(() => window.dlab.step(5));
    await switchLang(page, 'ko');
    await nextFrames(page, 2);
    assert.equal(await page.getAttribute('[data-hero]', 'data-card'), 'network', 'kept across a language change');
    // Pressing the hero's own (pressed) button gives the view's hero back.
    await page.locator('[data-card="network"] [data-action="promote"]').click();
    assert.equal(await page.getAttribute('[data-hero]', 'data-card'), 'gradbars');
    // Promote again, then another lab and back: the view's own hero.
    await page.locator('[data-card="loss"] [data-action="promote"]').click();
    assert.equal(await page.getAttribute('[data-hero]', 'data-card'), 'loss');
    await page.evaluate(() => window.dlab.set('lab', 'init'));
    await page.waitForSelector('[data-card="actstd"][data-hero]');
    await page.evaluate(() => window.dlab.set('lab', 'gradient'));
    await page.waitForSelector('[data-card="gradbars"][data-hero="view"]');
    checkHero(await measure(page), 'gradient', `back@${size}`);
    assertClean(o, size);
    await o.context.close();
  }
});
