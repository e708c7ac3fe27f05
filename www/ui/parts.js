// The parts of the page that need nothing of the current build: the top bar, the run
// controls, the lesson card, the preset chips and the charts' header tools. page.js puts
// them together; each reads the store and writes through the page's actions.

import { store } from '../state/store.js';
import { loadLang, optionLabel, t } from '../i18n/i18n.js';
import { el, fmt } from '../util.js';
import { lessonStep, LESSONS } from '../state/lessons.js';
import { hiddenLabels } from '../labs/common.js';
import { presenterButtons } from './presenter.js';
import { shareButton } from './export.js';

const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 'max'];

/** The top bar: the lab tabs, the lesson picker, language, share, presenter, help. */
export function header(actions) {
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
  // A pointer on (or focus at) a language starts fetching its strings, so a click rarely waits.
  const prefetch = (id) => () => { loadLang(id).catch(() => {}); };
  const lang = el('div', { class: 'langs', role: 'group', 'aria-label': t('ui.language') },
    [['ko', '한국어'], ['en', 'English']].map(([id, name]) => el('button', {
      class: 'lang', 'data-lang': id, 'aria-pressed': String(ui.lang === id), lang: id, onclick: () => actions.setLang(id),
      onpointerenter: prefetch(id), onfocus: prefetch(id),
    }, name)));
  return el('header', { class: 'topbar' },
    el('div', { class: 'brand' }, el('h1', { class: 'brand-name' }, el('strong', { text: 'dlab' })), el('span', { class: 'tagline', text: t('app.tagline') })),
    tabs, el('div', { class: 'spacer' }), lessonSel, lang, shareButton(), presenterButtons(actions),
    el('button', { class: 'help-btn', 'data-action': 'help', 'aria-label': t('ui.help'), title: t('ui.help'), onclick: () => actions.help(true) }, '?'));
}

/** Play / step / reset, speed and seed, and the status lines; `{node, sync, tick}`. */
export function transport(actions, compact = false) {
  const play = el('button', { class: 'btn primary', 'data-action': 'play', onclick: () => actions.toggle() });
  const stepBtn = el('button', { class: 'btn', 'data-action': 'step', title: `${t('ui.step')} (s)`, onclick: () => actions.step(1) }, t('ui.step'));
  const reset = el('button', { class: 'btn', 'data-action': 'reset', title: `${t('ui.reset')} (r)`, onclick: () => actions.reset() }, t('ui.reset'));
  const speed = el('select', { 'data-ui': 'speed', 'aria-label': t('ui.speed'), title: t('ui.speed.hint'), onchange: (e) => store.setUi({ speed: e.target.value === 'max' ? 'max' : Number(e.target.value) }) },
    SPEEDS.map((s) => el('option', { value: s, text: s === 'max' ? t('ui.speed.max') : t('ui.speed.value', { n: s }) })));
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

/** The current lesson step's card (caption, prev / next), or null. */
export function lessonCard(actions) {
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
    // A question to ask the room before pressing play (every step has one: i18n test).
    el('p', { class: 'lesson-question', text: t(`lesson.${id}.${k}.question`) }),
    el('div', { class: 'row' },
      el('button', { class: 'btn', 'data-action': 'lesson-prev', disabled: k <= 1, onclick: () => actions.lesson(id, k - 1) }, `← ${t('ui.prev')}`),
      el('button', { class: 'btn primary', 'data-action': 'lesson-next', disabled: k >= count, onclick: () => actions.lesson(id, k + 1) }, `${t('ui.next')} →`)));
}

/** The lab's preset chips. */
export function presetChips(lab, actions) {
  return el('fieldset', { class: 'group presets' }, el('legend', { text: t('group.presets') }),
    el('div', { class: 'chips' }, lab.presets.map((p) => el('button', {
      class: 'chip-btn', 'data-preset': p.id, title: t(`preset.${lab.id}.${p.id}.hint`), onclick: () => actions.preset(p.id),
    }, t(`preset.${lab.id}.${p.id}`)))));
}

/** The small controls in a chart's header. Returns [nodes, sync]. */
export function chartTools(names, { actions, fields }) {
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

/** The help overlay: what the lab shows, the keys, the lessons. */
export function helpOverlay(lab, actions) {
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
