// Students join from their phones: presenter mode's "QR" button shows a QR code of the
// share link (the page's address; its hash holds the whole state), large enough to scan
// from the back of a hall: it takes most of the screen's height, so on a 1280×720
// projector each module is several pixels wide (data-module-px says how many). The
// code is made on the page (vendor/qrcode-generator.js, no network) as an SVG of one
// path, and follows the state while it is shown. Over file:// (the single offline file)
// there is no address a phone could open, so the overlay says a served copy is needed.

import { t } from '../i18n/i18n.js';
import { el } from '../util.js';
import { shareUrl } from './export.js';

// The encoder (11 KB gzip) is fetched when the overlay first opens, not with the page.
let qrcode = null;
let loading = null;
function loadEncoder() {
  loading ??= import('../vendor/qrcode-generator.js').then((m) => { qrcode = m.default; }, (e) => { loading = null; throw e; });
  return loading;
}

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4; // modules of white around the code, as the standard asks

/** The QR code of `text`: {count, dark(row, col)} (error correction M, the smallest version that fits). Needs the encoder, which opening the overlay loads. */
export function qrMatrix(text) {
  if (!qrcode) throw new Error('qrMatrix: the QR encoder is not loaded yet');
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte'); // the address is ASCII (the browser percent-encodes the rest)
  qr.make();
  const count = qr.getModuleCount();
  return { count, dark: (r, c) => qr.isDark(r, c) };
}

/** An <svg> of the code: one path of unit squares on white, crisp at any size (shape-rendering). */
export function qrSvg(text) {
  const { count, dark } = qrMatrix(text);
  const size = count + 2 * QUIET;
  let d = '';
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count; c++) if (dark(r, c)) d += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('class', 'qr-code');
  svg.setAttribute('role', 'img');
  svg.dataset.modules = String(count);
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(size));
  bg.setAttribute('height', String(size));
  bg.setAttribute('fill', '#ffffff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000000');
  svg.append(bg, path);
  return svg;
}

/** Whether phones in the room can open this address: not a file, not this computer's loopback. */
function reach(url) {
  const u = new URL(url);
  if (u.protocol === 'file:') return 'file';
  if (/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(u.hostname)) return 'loopback';
  return 'ok';
}

let overlay = null;
let shownUrl = '';
let returnFocus = null;

/** The overlay's contents for the current address. */
function fill() {
  const url = shareUrl();
  shownUrl = url;
  const box = overlay.querySelector('.qr-body');
  const where = reach(url);
  if (where === 'file') {
    box.replaceChildren(el('p', { class: 'qr-file', 'data-qr': 'file', text: t('qr.file') }));
    return;
  }
  if (!qrcode) { // the first opening: draw once the encoder is here (if still open)
    loadEncoder().then(() => { if (overlay) fill(); }, (e) => box.replaceChildren(el('p', { class: 'qr-file', text: String(e?.message ?? e) })));
    return;
  }
  const svg = qrSvg(url);
  svg.setAttribute('aria-label', t('qr.alt'));
  box.replaceChildren(svg,
    el('p', { class: 'qr-url', 'data-qr-url': '', text: url }),
    where === 'loopback' ? el('p', { class: 'qr-note', 'data-qr': 'loopback', text: t('qr.loopback') }) : null);
  requestAnimationFrame(measure);
}

/** data-module-px: how many screen pixels one module is (the scanning distance grows with it). */
function measure() {
  const svg = overlay?.querySelector('svg.qr-code');
  if (!svg) return;
  const size = Number(svg.dataset.modules) + 2 * QUIET;
  svg.dataset.modulePx = String(Math.round((svg.getBoundingClientRect().width / size) * 10) / 10);
}

export function closeQr() {
  if (!overlay) return;
  overlay.remove();
  overlay = null;
  window.removeEventListener('resize', measure);
  document.querySelectorAll('[data-action="qr"]').forEach((b) => b.setAttribute('aria-pressed', 'false'));
  returnFocus?.focus?.();
  returnFocus = null;
}

/** Shows the QR overlay (or hides it when shown). */
export function toggleQr(button) {
  if (overlay) { closeQr(); return; }
  returnFocus = button ?? null;
  const close = el('button', { class: 'btn icon', 'data-action': 'qr-close', 'aria-label': t('ui.close'), title: t('ui.close'), onclick: () => closeQr() }, '×');
  overlay = el('div', {
    class: 'qr-overlay', 'data-overlay': 'qr', role: 'dialog', 'aria-modal': 'true', 'aria-label': t('qr.title'),
    onclick: (e) => { if (e.target === overlay) closeQr(); },
    onkeydown: (e) => { if (e.key === 'Escape') { e.stopPropagation(); closeQr(); } },
  }, el('div', { class: 'qr-dialog' },
    el('div', { class: 'dialog-head' }, el('h2', { text: t('qr.title') }), close),
    el('div', { class: 'qr-body' })));
  document.body.append(overlay);
  window.addEventListener('resize', measure);
  fill();
  document.querySelectorAll('[data-action="qr"]').forEach((b) => b.setAttribute('aria-pressed', 'true'));
  close.focus();
}

/** Keeps a shown code on the current address (the state changes while it is up; the language rebuilds the page). */
export function syncQr() {
  if (!overlay) return;
  if (!overlay.isConnected) { overlay = null; return; }
  const head = overlay.querySelector('.dialog-head h2');
  if (head.textContent !== t('qr.title')) { // the language changed
    head.textContent = t('qr.title');
    overlay.setAttribute('aria-label', t('qr.title'));
    fill();
  } else if (shareUrl() !== shownUrl) fill();
}
