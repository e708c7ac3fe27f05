// The page around the charts: header with the lab tabs, language and help; the notices
// and the divergence banner; the sidebar (lesson card, run controls, presets, settings);
// the chart cards with their small tools. Built from the store and rebuilt when the lab,
// the language or the embed mode changes; everything else is synced in place.

import { store } from '../state/store.js';
import { optionLabel, t } from '../i18n/i18n.js';
import { el, fmt } from '../util.js';
import { buildControls } from './controls.js';
import { lessonStep, LESSONS } from '../state/lessons.js';
import { hiddenLabels } from '../labs/common.js';
import { presenterButtons } from './presenter.js';
import { exportTools, icon, shareButton } from './export.js';
import { comparePanel } from '../bridge/compare.js';

const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const ICON_PROMOTE = 'M14 4h6v6 M20 4l-7 7 M10 20H4v-6 M4 20l7-7'; // two arrows apart: show large

/** The view a hero belongs to: the lab, or the lesson step. */
function viewKey(ui) {
  return ui.lesson ? `${ui.lab}|${ui.lesson}|${ui.step}` : ui.lab;
}

/**
 * The chart that carries the view's point (data-hero, the largest card): the lesson step's
 * "hero" (presets.js) where it has one, else the lab's `hero`, else its first chart.
 */
export function defaultHero(lab, ui) {
  const names = lab.charts.map((c) => c.name);
  const ls = lessonStep(ui);
  const want = (ls && ls.lesson.lab === lab.id ? ls.step.hero : null) ?? lab.hero;
  return names.includes(want) ? want : names[0];
}

/**
 * Mounts the page. `actions` are what input may do (all of them end in the store):
 * set, apply, play, pause, toggle, step, reset, preset, switchLab, setLang, lesson, sweep,
 * bannerInfo, bannerFix (divergeFix).
 */
export function createPage(root, { labs, fields, actions }) {
  let view = null; // what the current build holds: charts, controls, readouts, tool syncers
  // A chart the student made the hero (the card's promote button), for this view only: a
  // change of lab or lesson step goes back to the view's own hero. Not in the URL.
  let promoted = null; // {view, name}

  function header() {
    const { ui } = store.state;
    const tabs = el('nav', { class: 'tabs', role: 'tablist', 'aria-label': t('app.labs') },
      ['overfitting', 'gradient', 'init'].map((id) => el('button', {
        class: 'tab', role: 'tab', 'data-lab': id, 'aria-selected': String(ui.lab === id),
        onclick: () => actions.switchLab(id),
      }, t(`lab.${id}`))));
    const lessonSel = el('select', { class: 'lesson-pick', 'data-ui': 'lesson', 'aria-label': t('ui.lessons'), onchange: (e) => actions.lesson(e.target.value, 1) },
      el('option', { value: '', text: t('ui.lessons') }),
      Object.keys(LESSONS).map((id) => el('option', { value: id, text: t(`lesson.${id}.title`) })));
    lessonSel.value = ui.lesson || '';
    const lang = el('div', { class: 'langs', role: 'group', 'aria-label': t('ui.language') },
      [['ko', '한국어'], ['en', 'English']].map(([id, name]) => el('button', {
        class: 'lang', 'data-lang': id, 'aria-pressed': String(ui.lang === id), lang: id, onclick: () => actions.setLang(id),
      }, name)));
    return el('header', { class: 'topbar' },
      el('div', { class: 'brand' }, el('h1', { class: 'brand-name' }, el('strong', { text: 'dlab' })), el('span', { class: 'tagline', text: t('app.tagline') })),
      tabs, el('div', { class: 'spacer' }), lessonSel, lang, shareButton(), presenterButtons(actions),
      el('button', { class: 'help-btn', 'data-action': 'help', 'aria-label': t('ui.help'), title: t('ui.help'), onclick: () => actions.help(true) }, '?'));
  }

  function transport(compact = false) {
    const play = el('button', { class: 'btn primary', 'data-action': 'play', onclick: () => actions.toggle() });
    const stepBtn = el('button', { class: 'btn', 'data-action': 'step', title: `${t('ui.step')} (s)`, onclick: () => actions.step(1) }, t('ui.step'));
    const reset = el('button', { class: 'btn', 'data-action': 'reset', title: `${t('ui.reset')} (r)`, onclick: () => actions.reset() }, t('ui.reset'));
    const speed = el('select', { 'data-ui': 'speed', 'aria-label': t('ui.speed'), title: t('ui.speed.hint'), onchange: (e) => store.setUi({ speed: Number(e.target.value) }) },
      SPEEDS.map((s) => el('option', { value: s, text: t('ui.speed.value', { n: s }) })));
    const seed = el('input', { type: 'number', min: 0, step: 1, 'data-param': 'seed', 'aria-label': t('param.seed'), class: 'seed' });
    seed.addEventListener('change', () => {
      const v = Number(seed.value);
      if (Number.isInteger(v) && v >= 0) actions.set('seed', v); else seed.value = store.state.config.seed;
    });
    const dice = el('button', { class: 'btn icon', 'data-action': 'reseed', title: t('ui.newSeed'), 'aria-label': t('ui.newSeed'), onclick: () => actions.set('seed', (store.state.config.seed % 9999) + 1) }, '⟳');
    const status = el('div', { class: 'status', 'data-readout': 'status' });
    const losses = el('div', { class: 'status losses', 'data-readout': 'losses' });
    const node = compact
      ? el('div', { class: 'transport compact' }, play, stepBtn, reset, status)
      : el('div', { class: 'transport' },
        el('div', { class: 'row' }, play, stepBtn, reset),
        el('div', { class: 'row small' }, el('label', { class: 'inline' }, el('span', { text: t('ui.speed') }), speed),
          el('label', { class: 'inline' }, el('span', { text: t('param.seed') }), seed, dice)),
        status, losses);
    return {
      node,
      sync() {
        const { ui, config } = store.state;
        play.textContent = ui.playing ? `❚❚ ${t('ui.pause')}` : `▶ ${t('ui.play')}`;
        play.setAttribute('aria-pressed', String(ui.playing));
        play.title = `${ui.playing ? t('ui.pause') : t('ui.play')} (${t('key.space')})`;
        if (String(speed.value) !== String(ui.speed)) {
          if (!SPEEDS.includes(ui.speed)) speed.append(el('option', { value: ui.speed, text: t('ui.speed.value', { n: ui.speed }) }));
          speed.value = String(ui.speed);
        }
        if (document.activeElement !== seed && config) seed.value = String(config.seed);
      },
      tick() {
        const { runtime: rt, ui } = store.state;
        const m = rt.metrics;
        if (!m) return;
        const rate = rt.rate && ui.playing ? ` · ${t('ui.rate', { eps: fmt(rt.rate.value, 3) })}` : '';
        status.textContent = `${t('ui.epoch')} ${m.epoch} · ${t('ui.stepCount')} ${m.step}${rate}`;
        losses.textContent = m.diverged ? t('ui.diverged')
          : `${t('series.train')} ${fmt(m.train_loss, 3)} · ${t('series.test')} ${fmt(m.test_loss, 3)}`
            + (m.test_acc != null ? ` · ${t('readout.acc', { acc: Math.round(m.test_acc * 100) })}` : '');
      },
    };
  }

  function lessonCard() {
    const ls = lessonStep(store.state.ui);
    if (!ls) return null;
    const id = store.state.ui.lesson;
    const { k, count } = ls;
    return el('section', { class: 'lesson', 'data-lesson': id, 'data-step': k },
      el('div', { class: 'lesson-head' },
        el('span', { class: 'lesson-title', text: t(`lesson.${id}.title`) }),
        el('span', { class: 'lesson-count', text: `${k} / ${count}` }),
        el('button', { class: 'btn icon', 'data-action': 'lesson-close', 'aria-label': t('ui.close'), title: t('ui.close'), onclick: () => actions.lesson('', 0) }, '×')),
      el('h3', { text: t(`lesson.${id}.${k}.title`) }),
      el('p', { text: t(`lesson.${id}.${k}.text`) }),
      el('div', { class: 'row' },
        el('button', { class: 'btn', 'data-action': 'lesson-prev', disabled: k <= 1, onclick: () => actions.lesson(id, k - 1) }, `← ${t('ui.prev')}`),
        el('button', { class: 'btn primary', 'data-action': 'lesson-next', disabled: k >= count, onclick: () => actions.lesson(id, k + 1) }, `${t('ui.next')} →`)));
  }

  function presets(lab) {
    return el('fieldset', { class: 'group presets' }, el('legend', { text: t('group.presets') }),
      el('div', { class: 'chips' }, lab.presets.map((p) => el('button', {
        class: 'chip-btn', 'data-preset': p.id, title: t(`preset.${lab.id}.${p.id}.hint`), onclick: () => actions.preset(p.id),
      }, t(`preset.${lab.id}.${p.id}`)))));
  }

  /** The small controls in a chart's header. Returns [nodes, sync]. */
  function tools(names) {
    const nodes = [];
    const syncs = [];
    for (const name of names ?? []) {
      if (name === 'logY') {
        const b = el('button', { class: 'tool', 'data-ui': 'logY', title: t('tool.logY.hint'), onclick: () => store.setUi({ logY: !store.state.ui.logY }) }, t('tool.logY'));
        nodes.push(b);
        syncs.push(() => b.setAttribute('aria-pressed', String(store.state.ui.logY)));
      } else if (name === 'edgeView') {
        const seg = el('div', { class: 'seg', role: 'group', 'aria-label': t('tool.edges') },
          ['weights', 'grads'].map((v) => el('button', { class: 'tool', 'data-ui': 'edgeView', 'data-value': v, onclick: () => store.setUi({ edgeView: v }) }, t(`tool.edges.${v}`))));
        nodes.push(seg);
        syncs.push(() => seg.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(store.state.ui.edgeView === b.dataset.value))));
      } else if (name === 'gradView') {
        // Which gradient the bars and their history show (ui.gradView, URL grad=weight).
        const seg = el('div', { class: 'seg', role: 'group', 'aria-label': t('tool.grad') },
          ['delta', 'weight'].map((v) => el('button', {
            class: 'tool', 'data-ui': 'gradView', 'data-value': v, title: t(`tool.grad.${v}.hint`), onclick: () => store.setUi({ gradView: v }),
          }, t(`tool.grad.${v}`))));
        nodes.push(seg);
        syncs.push(() => seg.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(store.state.ui.gradView === b.dataset.value))));
      } else if (name === 'layer') {
        const sel = el('select', { class: 'tool', 'data-ui': 'layer', 'aria-label': t('tool.layer'), title: t('tool.layer'), onchange: (e) => store.setUi({ layer: Number(e.target.value) }) });
        let count = -1;
        nodes.push(sel);
        syncs.push(() => {
          const n = Math.max(1, store.state.config?.model?.hidden?.length ?? 0);
          if (n !== count) {
            count = n;
            sel.replaceChildren(...hiddenLabels(n).map((lab, i) => el('option', { value: i, text: `${t('tool.layer')} ${lab}` })));
          }
          sel.value = String(Math.min(store.state.ui.layer, n - 1));
        });
      } else if (name === 'compare') {
        const sel = el('select', { class: 'tool', 'data-ui': 'compare', 'aria-label': t('tool.compare'), title: t('tool.compare'), onchange: (e) => actions.compare(e.target.value) },
          (fields.get('model.init')?.options ?? []).map((v) => el('option', { value: v, text: `${t('tool.compare.vs')} ${optionLabel('model.init', v)}` })));
        nodes.push(sel);
        syncs.push(() => { sel.value = store.state.ui.ab?.model?.init ?? store.state.ui.compare; });
      } else if (name === 'sweep') {
        const b = el('button', { class: 'tool primary', 'data-action': 'sweep', title: t('tool.sweep.hint'), onclick: () => actions.sweep() }, t('tool.sweep'));
        nodes.push(b);
        syncs.push(() => {
          const m = store.state.config?.model;
          const noKnob = m && m.kind === 'mlp' && m.hidden.length === 0;
          b.disabled = Boolean(store.state.runtime.sweeping) || noKnob;
        });
      }
    }
    return [nodes, () => syncs.forEach((s) => s())];
  }

  function chartCard(spec, lab, config) {
    // A screen reader gets the title and a summary with the numbers, written by the lab's draw().
    const descId = `chart-desc-${spec.name}`;
    const canvas = el('canvas', { 'data-chart': spec.name, role: 'img', 'aria-label': t(spec.title), 'aria-describedby': descId });
    const desc = el('p', { class: 'sr-only', id: descId });
    const [toolNodes, syncTools] = tools(spec.tools);
    const readout = el('span', { class: 'readout', 'data-readout': spec.name });
    // Makes this chart the hero of the view (pressed on the hero itself; pressing it there
    // gives the view's own hero back).
    const promote = el('button', {
      class: 'tool promote', 'data-action': 'promote', 'data-chart-name': spec.name, 'aria-pressed': 'false',
      'aria-label': t('ui.promote.hint', { chart: t(spec.title) }), title: t('ui.promote.hint', { chart: t(spec.title) }),
      onclick: () => promote_(spec.name),
    }, icon(ICON_PROMOTE));
    // The PNG/CSV buttons sit in the header (style.css shows them over the chart's corner
    // only while hovered, and in the header's flow on a touch screen, off the axis labels).
    const card = el('section', { class: `card area-${spec.area}`, 'data-card': spec.name },
      el('div', { class: 'card-head' }, el('h2', { text: t(spec.title) }), readout, el('div', { class: 'tools' }, toolNodes, promote),
        store.state.ui.embed ? null : exportTools(spec.name, canvas, () => view?.charts[spec.name], () => t(spec.title))),
      el('div', { class: 'card-body' }, canvas), desc);
    const Cls = lab.chartClass ? lab.chartClass(spec.name, config) : lab.classes[spec.name];
    return { card, canvas, chart: new Cls(canvas), syncTools, readout, desc, Cls, promote };
  }

  /** The hero of the current view: promoted by the student, else the view's own. */
  function heroName() {
    const { ui } = store.state;
    if (promoted?.view === viewKey(ui) && view.lab.charts.some((c) => c.name === promoted.name)) return promoted.name;
    return defaultHero(view.lab, ui);
  }

  /** Marks the hero card (data-hero; style.css makes it the largest) and the promote buttons. */
  function applyHero() {
    if (!view) return;
    const name = heroName();
    const own = defaultHero(view.lab, store.state.ui);
    for (const c of view.cards) {
      const on = c.spec.name === name;
      if (on) c.card.dataset.hero = name === own ? 'view' : 'promoted';
      else delete c.card.dataset.hero;
      c.card.classList.toggle('is-hero', on);
      c.promote.setAttribute('aria-pressed', String(on));
    }
    view.plots.dataset.heroChart = name;
    // The hero first in the document too (reading and tab order, a phone's one column),
    // the others in their lab's order; the focus stays where it was.
    const order = [...view.cards.filter((c) => c.spec.name === name), ...view.cards.filter((c) => c.spec.name !== name)].map((c) => c.card);
    if (order.some((card, i) => view.plots.children[i] !== card)) {
      const active = document.activeElement;
      view.plots.append(...order);
      if (active && view.plots.contains(active) && document.activeElement !== active) active.focus({ preventScroll: true });
    }
  }

  function promote_(name) {
    const { ui } = store.state;
    const current = heroName();
    promoted = name === current ? null : { view: viewKey(ui), name };
    applyHero();
    actions.redraw();
  }

  function build() {
    const { ui, config } = store.state;
    const lab = labs[ui.lab];
    // A new view (another lab or lesson step) starts from its own hero.
    if (promoted && promoted.view !== viewKey(ui)) promoted = null;
    document.documentElement.lang = ui.lang;
    document.title = `${t(`lab.${ui.lab}`)} · dlab`;
    document.body.classList.toggle('embed', ui.embed);
    const ctx = { fields, set: actions.set, apply: actions.apply, config: () => store.state.config };
    // Either the sidebar or (embedded in a slide) the slim bar of key controls: never both,
    // so every data-param control is on the page once.
    const none = { node: null, sync() {}, tick() {} };
    const controls = ui.embed ? none : buildControls(lab.controls, ctx);
    const embedControls = ui.embed ? buildControls([{ title: 'group.key', items: lab.embedControls }], ctx) : none;
    const tp = ui.embed ? none : transport(false);
    const tpEmbed = ui.embed ? transport(true) : none;
    const abPanel = ui.embed ? none : comparePanel(actions); // A/B: pin a run, compare (compare.js)
    const cards = lab.charts.map((spec) => ({ spec, ...chartCard(spec, lab, config) }));
    const charts = Object.fromEntries(cards.map((c) => [c.spec.name, c.chart]));
    const readouts = Object.fromEntries(cards.map((c) => [c.spec.name, c.readout]));
    const descs = Object.fromEntries(cards.map((c) => [c.spec.name, c.desc]));

    const side = ui.embed ? null : el('aside', { class: 'side', 'aria-label': t('ui.settings') },
      lessonCard(), tp.node, presets(lab), abPanel.node, controls.node,
      el('p', { class: 'hint', text: t('ui.keys.hint') }));
    const plots = el('section', { class: `plots grid-${lab.layout}`, 'aria-label': t(`lab.${lab.id}`) }, cards.map((c) => c.card));
    const embedBar = ui.embed ? el('div', { class: 'embed-bar' }, tpEmbed.node, embedControls.node) : null;
    const main = el('main', { class: 'main' }, side, el('div', { class: 'plots-wrap' }, embedBar, plots));
    const notices = el('div', { class: 'notices', 'aria-live': 'polite' });
    const banner = el('div', { class: 'banner', role: 'alert', 'data-banner': 'none', hidden: true });
    const help = helpOverlay(lab);
    // Embedded, the page's one h1 is there for screen readers only.
    root.replaceChildren(...[ui.embed ? el('h1', { class: 'sr-only', text: 'dlab' }) : header(), notices, banner, main, help].filter(Boolean));
    view = { lab, charts, readouts, descs, cards, plots, controls, embedControls, tp, tpEmbed, abPanel, notices, banner, help, bannerKey: null };
    applyHero();
    // Canvases resize with the layout: redraw on any size change.
    const ro = new ResizeObserver(() => actions.redraw());
    cards.forEach((c) => ro.observe(c.canvas));
    view.ro = ro;
    sync();
    renderNotices();
    return view;
  }

  function helpOverlay(lab) {
    const keys = [['key.space', 'help.key.play'], ['s', 'help.key.step'], ['r', 'help.key.reset'], ['?', 'help.key.help'], ['1 2 3', 'help.key.labs'], ['p', 'help.key.present'], ['f', 'help.key.fullscreen'], ['Esc', 'help.key.close']];
    const box = el('div', { class: 'overlay', 'data-overlay': 'help', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('ui.help'), hidden: true, onclick: (e) => { if (e.target === box) actions.help(false); } },
      el('div', { class: 'dialog' },
        el('div', { class: 'dialog-head' }, el('h2', { text: t('help.title') }),
          el('button', { class: 'btn icon', 'data-action': 'help-close', 'aria-label': t('ui.close'), onclick: () => actions.help(false) }, '×')),
        el('p', { text: t(`help.lab.${lab.id}`) }),
        el('h3', { text: t('help.keys') }),
        el('table', { class: 'keys' }, keys.map(([k, d]) => el('tr', {}, el('td', {}, el('kbd', { text: k.startsWith('key.') ? t(k) : k })), el('td', { text: t(d) })))),
        el('h3', { text: t('help.reading') }),
        el('p', { text: t('help.colours') }),
        // What the gradient bars and the "saturated" zones mean (the gradient and init labs draw them).
        lab.id === 'overfitting' ? null : el('p', { 'data-help': 'gradients', text: t('help.gradients') }),
        lab.id === 'overfitting' ? null : el('p', { 'data-help': 'saturated', text: t('help.saturated') }),
        el('h3', { text: t('ui.lessons') }),
        el('div', { class: 'row wrap' }, Object.keys(LESSONS).map((id) => el('button', { class: 'btn', 'data-lesson-start': id, onclick: () => { actions.help(false); actions.lesson(id, 1); } }, t(`lesson.${id}.title`)))),
        el('p', { class: 'hint', text: t('help.embed') }),
        el('p', { class: 'hint', text: t('help.export') })));
    return box;
  }

  function renderNotices() {
    if (!view) return;
    const { notices } = store.state;
    view.notices.replaceChildren(...notices.map((n) => el('div', { class: `notice notice-${n.kind}`, 'data-notice': n.kind, 'data-key': n.key, role: n.kind === 'panic' ? 'alert' : 'status' },
      el('span', { class: 'notice-text', text: n.text }),
      n.kind === 'panic' ? el('button', { class: 'btn', 'data-action': 'reload', onclick: () => location.reload() }, t('ui.reload')) : null,
      n.action ? el('button', { class: 'btn', 'data-action': `notice-${n.action.id}`, onclick: () => n.action.run() }, n.action.label) : null,
      el('button', { class: 'btn icon', 'data-action': 'dismiss', 'aria-label': t('ui.close'), onclick: () => store.dismiss(n.key) }, '×'))));
  }

  /**
   * The banner (diagnose.js): the run diverged, no gradient flows, or the units saturated;
   * why, in words, and a one-click fix. One line, above the plots (never over them).
   * data-banner names the state ("diverged", "no-gradient", "saturated"; "none" when hidden).
   */
  function renderBanner() {
    const info = actions.bannerInfo();
    const key = info ? `${store.state.ui.lang}|${info.kind}|${info.text}|${info.fixLabel}` : null;
    if (key === view.bannerKey) return;
    view.bannerKey = key;
    view.banner.hidden = !info;
    view.banner.dataset.banner = info?.kind ?? 'none';
    if (!info) { view.banner.replaceChildren(); return; }
    const diverged = info.kind === 'diverged';
    view.banner.replaceChildren(...[
      el('strong', { text: info.title }),
      el('span', { class: 'banner-text', text: info.text, title: info.text }),
      info.fix ? el('button', {
        class: 'btn primary', 'data-action': diverged ? 'diverge-fix' : 'banner-fix', 'data-fix': info.cause, onclick: () => actions.bannerFix(),
      }, info.fixLabel) : null,
      diverged ? el('button', { class: 'btn', 'data-action': 'diverge-reset', onclick: () => actions.reset() }, t('banner.resetSame')) : null,
    ].filter(Boolean));
  }

  function sync() {
    if (!view) return;
    const { config, ui } = store.state;
    if (config) {
      view.controls.sync(config);
      view.embedControls.sync(config);
    }
    view.tp.sync();
    view.abPanel.sync();
    view.tpEmbed.sync();
    view.cards.forEach((c) => c.syncTools());
    view.help.hidden = !ui.help;
    root.querySelectorAll('[data-preset]').forEach((b) => b.classList.toggle('active', b.dataset.preset === actions.activePreset()));
  }

  /** Per-frame updates that are cheap: status line, banner. */
  function tick() {
    if (!view) return;
    view.tp.tick();
    view.abPanel.tick();
    view.tpEmbed.tick();
    renderBanner();
  }

  /** A chart whose class depends on the config (the overfitting lab's fit: heatmap or curve). */
  function refreshChartClasses() {
    const { lab } = view;
    if (!lab.chartClass) return;
    for (const c of view.cards) {
      const Cls = lab.chartClass(c.spec.name, store.state.config);
      if (Cls !== c.Cls) {
        c.Cls = Cls;
        c.chart = new Cls(c.canvas);
        view.charts[c.spec.name] = c.chart;
      }
    }
  }

  return {
    build, sync, tick, renderNotices, refreshChartClasses,
    /** The current view's hero chart; promote(name) makes another chart the hero (for this view). */
    hero: () => (view ? heroName() : null),
    promote: (name) => promote_(name),
    get view() { return view; },
  };
}
