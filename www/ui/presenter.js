// Presenter mode, for a lecture hall: the top bar's button, the P key, `present=1` in the
// URL, window.dlab.set('present', true) or the same through postMessage. It gives larger
// type, lines and markers about twice as thick and near-black axes and text, read from the
// back of the room (the data colours are the Okabe–Ito palette in both modes), laid out to
// fit a 1280×720 projector. The page's look is in style.css (body.presenter), the charts'
// in one theme object (charts/base.js THEMES); this file switches both from the store.
// Also the fullscreen button (F key): the Fullscreen API, quietly refused in an iframe
// that does not allow it, with a short note saying so. In presenter mode the top bar also
// has a QR code of the share link for the students' phones (qr.js) and a "Clip" picker
// that records the whole lab while it trains (clip.js).

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { el } from '../util.js';
import { useTheme } from '../charts/base.js';
import { download, icon, toast } from './export.js';
import { clipPicker } from './clip.js';
import { closeQr, syncQr, toggleQr } from './qr.js';

const ICON_PRESENT = 'M3 4h18v12H3z M12 16v4 M8 20h8'; // a screen on a stand
const ICON_FULLSCREEN = 'M4 9V4h5 M15 4h5v5 M20 15v5h-5 M9 20H4v-5';
const ICON_QR = 'M4 4h6v6H4z M14 4h6v6h-6z M4 14h6v6H4z M14 14h2v2h-2z M18 18h2v2h-2z M14 18h2 M18 14h2'; // three finder squares

function syncButtons() {
  const on = Boolean(store.state.ui.present);
  document.querySelectorAll('[data-action="present"]').forEach((b) => b.setAttribute('aria-pressed', String(on)));
  const full = Boolean(document.fullscreenElement);
  document.querySelectorAll('[data-action="fullscreen"]').forEach((b) => {
    b.setAttribute('aria-pressed', String(full));
    const label = t(full ? 'ui.fullscreen.exit' : 'ui.fullscreen');
    b.setAttribute('aria-label', label);
    b.title = `${label} (f)`;
  });
}

/** Full screen on, or off when it is on. A refusal (an iframe without allowfullscreen, a policy) only shows a note. */
export function toggleFullscreen() {
  const doc = document;
  const refused = () => toast(t('ui.fullscreen.refused'));
  try {
    if (doc.fullscreenElement) {
      doc.exitFullscreen?.()?.catch?.(() => {});
      return;
    }
    const root = doc.documentElement;
    if (!doc.fullscreenEnabled || typeof root.requestFullscreen !== 'function') { refused(); return; }
    const p = root.requestFullscreen({ navigationUI: 'hide' });
    if (p && typeof p.catch === 'function') p.catch(refused);
  } catch {
    refused();
  }
}

/** The top bar's buttons: presenter mode and fullscreen. */
export function presenterButtons(actions) {
  const on = Boolean(store.state.ui.present);
  const present = el('button', {
    class: 'btn top-btn', 'data-action': 'present', 'aria-pressed': String(on),
    title: `${t('ui.present.hint')} (p)`, onclick: () => actions.set('present', !store.state.ui.present),
  }, icon(ICON_PRESENT), el('span', { class: 'top-btn-text', text: t('ui.present') }));
  const full = el('button', {
    class: 'btn top-btn icon-only', 'data-action': 'fullscreen', 'aria-pressed': String(Boolean(document.fullscreenElement)),
    'aria-label': t('ui.fullscreen'), title: `${t('ui.fullscreen')} (f)`, onclick: () => toggleFullscreen(),
  }, icon(ICON_FULLSCREEN));
  // Shown in presenter mode only (style.css: .presenter-only).
  const qr = el('button', {
    class: 'btn top-btn presenter-only', 'data-action': 'qr', 'aria-pressed': 'false', title: t('qr.hint'),
    onclick: () => toggleQr(qr),
  }, icon(ICON_QR), el('span', { class: 'top-btn-text', text: t('qr.button') }));
  const clip = clipPicker({ chart: null, title: () => t(`lab.${store.state.ui.lab}`), className: 'btn top-btn presenter-only', download, toast });
  return [present, qr, clip, full];
}

/**
 * Follows ui.present: the body class the stylesheet keys on and the charts' theme, then
 * a redraw (a canvas that keeps its size would not redraw by itself).
 */
export function installPresenter({ redraw }) {
  let shown = null;
  const apply = () => {
    const on = Boolean(store.state.ui.present);
    syncButtons();
    if (on === shown) return;
    shown = on;
    document.body.classList.toggle('presenter', on);
    useTheme(on ? 'presenter' : 'normal');
    redraw();
  };
  store.subscribe((state, what) => {
    if (what === 'ui') apply();
    if (!state.ui.present) closeQr(); else syncQr(); // the code follows the state while shown
  });
  document.addEventListener('fullscreenchange', syncButtons);
  apply();
}
