// Taking a chart out of the page: every chart card's "PNG" (the canvas as drawn, on
// white, with the chart's title above it), "SVG" (the same as a vector figure, text as
// text: svg.js), "CSV" (the numbers it draws, from the chart's csv(): charts/*.js
// table()), saved as dlab-<lab>-<chart>.png|svg|csv, and "Clip" (a WebM video of the chart
// while it trains, of a chosen length: clip.js); and the top
// bar's "Copy link", the share URL (the whole state is in the hash, see url.js).
// Downloads go through an <a download> on a blob: URL, which the page's CSP allows (no
// inline script, no data: navigation). Clipboard refused (a policy, an old browser, no
// permission): the link is shown in a selected text field to copy by hand.

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { el } from '../util.js';
import { FONT, THEME } from '../charts/base.js';
import { clipPicker } from './clip.js';

const SVG = 'http://www.w3.org/2000/svg';
let toastNode = null;
let toastTimer = 0;

/** A short note in the corner (link copied, fullscreen refused), read out by screen readers. */
export function toast(text, ms = 2500) {
  if (!toastNode || !toastNode.isConnected) {
    toastNode = el('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'data-toast': '' });
    document.body.append(toastNode);
  }
  toastNode.textContent = text;
  toastNode.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toastNode.hidden = true; toastNode.textContent = ''; }, ms);
}

/** Saves a blob under `name` (an <a download> on a blob: URL, revoked once the download has started). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/** The chart's canvas on white with its title above, as a PNG blob. */
export function chartPng(canvas, title) {
  const dpr = canvas.clientWidth > 0 ? canvas.width / canvas.clientWidth : (window.devicePixelRatio || 1);
  const px = 15 * THEME.zoom * dpr;
  const head = Math.round(px * 2);
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height + head;
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#000000';
  ctx.font = `650 ${px}px ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, Math.round(px * 0.6), head / 2, out.width - px);
  ctx.drawImage(canvas, 0, head);
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob gave nothing'))), 'image/png'));
}

function fileName(chartName, ext) {
  return `dlab-${store.state.ui.lab}-${chartName}.${ext}`;
}

/**
 * The PNG and CSV buttons of a chart card. `chart()` gives the card's current chart (the
 * overfitting lab swaps its fit chart between a curve and a heatmap), `title()` its title.
 */
export function exportTools(name, canvas, chart, title) {
  const png = el('button', {
    class: 'tool', 'data-export': 'png', 'aria-label': t('tool.png.hint', { chart: title() }), title: t('tool.png.hint', { chart: title() }),
    onclick: async () => {
      try { download(await chartPng(canvas, title()), fileName(name, 'png')); } catch (e) { toast(t('tool.export.failed', { msg: String(e?.message ?? e) })); }
    },
  }, 'PNG');
  const csv = el('button', {
    class: 'tool', 'data-export': 'csv', 'aria-label': t('tool.csv.hint', { chart: title() }), title: t('tool.csv.hint', { chart: title() }),
    onclick: () => {
      const text = chart()?.csv() ?? '';
      if (!text) { toast(t('tool.csv.empty')); return; }
      // The byte-order mark lets spreadsheet programs read the Korean labels as UTF-8.
      download(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }), fileName(name, 'csv'));
    },
  }, 'CSV');
  const svg = el('button', {
    class: 'tool', 'data-export': 'svg', 'aria-label': t('tool.svg.hint', { chart: title() }), title: t('tool.svg.hint', { chart: title() }),
    onclick: async () => {
      try {
        const c = chart();
        if (!c?.lastData) { toast(t('tool.csv.empty')); return; }
        // svg.js brings svgcanvas (15 KB gzip): fetched on the first SVG export, not with the page.
        const { chartSvg } = await import('./svg.js');
        download(new Blob([chartSvg(c, title())], { type: 'image/svg+xml' }), fileName(name, 'svg'));
      } catch (e) { toast(t('tool.export.failed', { msg: String(e?.message ?? e) })); }
    },
  }, 'SVG');
  const clip = clipPicker({ chart: name, title, download, toast });
  return el('div', { class: 'export-tools', role: 'group', 'aria-label': t('tool.export') }, png, svg, csv, clip);
}

/** The share URL: the page's address, whose hash holds the whole state. */
export function shareUrl() {
  return location.href;
}

let fallbackNode = null;

function closeFallback(returnTo) {
  fallbackNode?.remove();
  fallbackNode = null;
  returnTo?.focus();
}

/** Clipboard refused: the link in a text field, selected, to copy with Ctrl+C. */
function showFallback(url, returnTo) {
  closeFallback();
  const input = el('input', { type: 'text', readonly: true, value: url, class: 'share-url', 'aria-label': t('ui.share.manual'), 'data-share-url': '' });
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); closeFallback(returnTo); } });
  fallbackNode = el('div', { class: 'share-pop', role: 'dialog', 'aria-label': t('ui.share'), 'data-share': 'manual' },
    el('p', { text: t('ui.share.manual') }),
    el('div', { class: 'row' }, input,
      el('button', { class: 'btn icon', 'data-action': 'share-close', 'aria-label': t('ui.close'), title: t('ui.close'), onclick: () => closeFallback(returnTo) }, '×')));
  document.body.append(fallbackNode);
  input.focus();
  input.select();
}

/** Copies the share URL; says so, or shows it to copy by hand. */
export async function copyLink(button) {
  const url = shareUrl();
  try {
    if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(url);
    closeFallback();
    toast(t('ui.share.copied'));
  } catch {
    showFallback(url, button);
  }
}

/** A small line icon (24 × 24 view box) from SVG path data; hidden from screen readers. */
export function icon(d) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'svg-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

const ICON_LINK = 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1 M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1';

/** The top bar's "Copy link" button. */
export function shareButton() {
  const b = el('button', {
    class: 'btn top-btn', 'data-action': 'share', title: t('ui.share.hint'),
    onclick: () => copyLink(b),
  }, icon(ICON_LINK), el('span', { class: 'top-btn-text', text: t('ui.share') }));
  return b;
}
