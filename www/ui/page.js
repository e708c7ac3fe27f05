// The page around the charts: header with the lab tabs, language and help; the notices
// and the divergence banner; the sidebar (lesson card, run controls, presets, settings);
// the chart cards with their small tools. Built from the store and rebuilt when the lab,
// the language or the embed mode changes; everything else is synced in place.

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { el } from '../util.js';
import { buildControls } from './controls.js';
import { lessonStep } from '../state/lessons.js';
import { exportTools, icon } from './export.js';
import { comparePanel } from '../bridge/compare.js';
import { chartTools, header, helpOverlay, lessonCard, presetChips, transport } from './parts.js';

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

  function chartCard(spec, lab, config) {
    // A screen reader gets the title and a summary with the numbers, written by the lab's draw().
    const descId = `chart-desc-${spec.name}`;
    const canvas = el('canvas', { 'data-chart': spec.name, role: 'img', 'aria-label': t(spec.title), 'aria-describedby': descId });
    const desc = el('p', { class: 'sr-only', id: descId });
    const [toolNodes, syncTools] = chartTools(spec.tools, { actions, fields });
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
    const tp = ui.embed ? none : transport(actions, false);
    const tpEmbed = ui.embed ? transport(actions, true) : none;
    const abPanel = ui.embed ? none : comparePanel(actions); // A/B: pin a run, compare (compare.js)
    const cards = lab.charts.map((spec) => ({ spec, ...chartCard(spec, lab, config) }));
    const charts = Object.fromEntries(cards.map((c) => [c.spec.name, c.chart]));
    const readouts = Object.fromEntries(cards.map((c) => [c.spec.name, c.readout]));
    const descs = Object.fromEntries(cards.map((c) => [c.spec.name, c.desc]));

    const side = ui.embed ? null : el('aside', { class: 'side', 'aria-label': t('ui.settings') },
      lessonCard(actions), tp.node, presetChips(lab, actions), abPanel.node, controls.node,
      el('p', { class: 'hint', text: t('ui.keys.hint') }));
    const plots = el('section', { class: `plots grid-${lab.layout}`, 'aria-label': t(`lab.${lab.id}`) }, cards.map((c) => c.card));
    const embedBar = ui.embed ? el('div', { class: 'embed-bar' }, tpEmbed.node, embedControls.node) : null;
    const main = el('main', { class: 'main' }, side, el('div', { class: 'plots-wrap' }, embedBar, plots));
    const notices = el('div', { class: 'notices', 'aria-live': 'polite' });
    const banner = el('div', { class: 'banner', role: 'alert', 'data-banner': 'none', hidden: true });
    const help = helpOverlay(lab, actions);
    // Embedded, the page's one h1 is there for screen readers only.
    root.replaceChildren(...[ui.embed ? el('h1', { class: 'sr-only', text: 'dlab' }) : header(actions), notices, banner, main, help].filter(Boolean));
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
    const active = actions.activePreset(); // once: it compares the config with every preset
    root.querySelectorAll('[data-preset]').forEach((b) => b.classList.toggle('active', b.dataset.preset === active));
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
