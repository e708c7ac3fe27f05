// Clips for slide tools that cannot host a live page (Google Slides, PowerPoint, Keynote):
// a WebM video of one chart, or of the whole lab, while it trains, of a chosen length.
// The chart canvases are composited each animation frame onto one canvas, with each card's
// title and readout drawn where the page shows them (the axes are in the chart canvases
// already), and that canvas is recorded with MediaRecorder through captureStream(). The
// lab plays while it is recorded (and pauses again after, if it was paused). MediaRecorder
// leaves the duration out of a WebM; fix-webm-duration (vendor/) writes it in, so players
// show the length and can seek. No network: it works from the single offline file too.
//
// recordClip(seconds, chart?) → Promise<Uint8Array> is window.dlab.record; clipPicker()
// is the "Clip" select of a chart card's export tools and of presenter mode's top bar.

import { store } from '../state/store.js';
import { t } from '../i18n/i18n.js';
import { el } from '../util.js';

export const CLIP_SECONDS = [5, 10, 20, 30]; // the picker's lengths
export const MAX_SECONDS = 120;
const FPS = 30;
const MAX_W = 1920; // the composite is at most full HD: enough for a slide, small files
const MAX_H = 1080;
const MIME_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];

let actions = null; // play/pause (main.js installClips)
let active = null; // the recording under way: {chart, endsAt}
const listeners = new Set(); // pickers that show the countdown

/** Gives the clips the page's actions (recording plays the lab). */
export function installClips(pageActions) { actions = pageActions; }

/** Whether this browser can record (MediaRecorder and canvas.captureStream). */
export function canRecord() {
  return typeof MediaRecorder !== 'undefined' && typeof HTMLCanvasElement.prototype.captureStream === 'function'
    && MIME_TYPES.some((m) => MediaRecorder.isTypeSupported(m));
}

/** The element a clip shows: one chart's card, or the lab's plots (every card). */
function clipRoot(chart) {
  if (chart == null || chart === '') {
    const plots = document.querySelector('.plots');
    if (!plots) throw new Error('record: the lab is not on the page yet');
    return plots;
  }
  const card = document.querySelector(`.card[data-card="${CSS.escape(String(chart))}"]`);
  if (!card) {
    const names = [...document.querySelectorAll('.card[data-card]')].map((c) => c.dataset.card);
    throw new Error(`record: no chart "${chart}" in this lab, expected one of ${names.join(', ')}`);
  }
  return card;
}

/** Draws a text element's text where the page shows it, in its font and colour. */
function drawText(ctx, node, ox, oy) {
  const text = node?.textContent?.trim();
  if (!text) return;
  const r = node.getBoundingClientRect();
  if (!r.width) return;
  const cs = getComputedStyle(node);
  ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
  ctx.fillStyle = cs.color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, r.left - ox, r.top - oy + r.height / 2, r.width + 2);
}

/** One frame of the composite: the page background, each card's box, title, readout and chart. */
function paint(ctx, root, origin, scale) {
  const ox = origin.left, oy = origin.top;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  const bodyBg = getComputedStyle(document.body).backgroundColor;
  ctx.fillStyle = root.classList.contains('card') ? '#ffffff' : (bodyBg && bodyBg !== 'rgba(0, 0, 0, 0)' ? bodyBg : '#ffffff');
  ctx.fillRect(0, 0, origin.width, origin.height);
  const cards = root.classList.contains('card') ? [root] : [...root.querySelectorAll('.card')];
  for (const card of cards) {
    const rc = card.getBoundingClientRect();
    if (!rc.width || !rc.height) continue;
    const cs = getComputedStyle(card);
    ctx.fillStyle = cs.backgroundColor || '#ffffff';
    ctx.fillRect(rc.left - ox, rc.top - oy, rc.width, rc.height);
    const bw = parseFloat(cs.borderTopWidth) || 0;
    if (bw > 0) {
      ctx.strokeStyle = cs.borderTopColor;
      ctx.lineWidth = bw;
      ctx.strokeRect(rc.left - ox + bw / 2, rc.top - oy + bw / 2, rc.width - bw, rc.height - bw);
    }
    drawText(ctx, card.querySelector('.card-head h2'), ox, oy);
    drawText(ctx, card.querySelector('.card-head .readout'), ox, oy);
    const canvas = card.querySelector('canvas[data-chart]');
    const cr = canvas?.getBoundingClientRect();
    if (cr?.width && cr.height && canvas.width && canvas.height) ctx.drawImage(canvas, cr.left - ox, cr.top - oy, cr.width, cr.height);
  }
}

function notify() { listeners.forEach((f) => f()); }

/**
 * Records `seconds` of the lab (or of chart `chart`, a data-chart name) while it trains,
 * as a WebM video; resolves to its bytes. One recording at a time.
 */
export async function recordClip(seconds, chart = null) {
  const secs = Number(seconds);
  if (!Number.isFinite(secs) || secs <= 0 || secs > MAX_SECONDS) throw new Error(`record: ${seconds} seconds requested, expected a number in (0, ${MAX_SECONDS}]`);
  if (!canRecord()) throw new Error(t('clip.unsupported'));
  if (active) throw new Error(t('clip.busy'));
  const root = clipRoot(chart);
  const origin = root.getBoundingClientRect();
  if (!origin.width || !origin.height) throw new Error(`record: ${chart ? `chart "${chart}"` : 'the lab'} is not shown (nothing to record)`);
  const scale = Math.min(window.devicePixelRatio || 1, MAX_W / origin.width, MAX_H / origin.height);
  const out = document.createElement('canvas');
  // Even sizes: the VP8/VP9 encoders round odd ones.
  out.width = Math.max(2, 2 * Math.round((origin.width * scale) / 2));
  out.height = Math.max(2, 2 * Math.round((origin.height * scale) / 2));
  const ctx = out.getContext('2d');
  const mimeType = MIME_TYPES.find((m) => MediaRecorder.isTypeSupported(m));
  paint(ctx, root, origin, scale);
  const stream = out.captureStream(FPS);
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 4_000_000 });
  const chunks = [];
  recorder.ondataavailable = (e) => { if (e.data && e.data.size) chunks.push(e.data); };

  const wasPlaying = store.state.ui.playing;
  active = { chart, endsAt: performance.now() + secs * 1000 };
  notify();
  let frame = 0;
  const loop = () => { paint(ctx, root.isConnected ? root : clipRoot(chart), origin, scale); frame = requestAnimationFrame(loop); };
  const ticker = setInterval(notify, 250);
  try {
    const stopped = new Promise((resolve, reject) => {
      recorder.onstop = resolve;
      recorder.onerror = (e) => reject(e.error ?? new Error('MediaRecorder failed'));
    });
    const started = new Promise((resolve) => { recorder.onstart = resolve; });
    // fix-webm-duration (5 KB gzip) comes with the first clip, not with the page; asked for
    // now so that it is here when the recording stops.
    const fixer = import('../vendor/fix-webm-duration.js');
    fixer.catch(() => {}); // a failure is reported where it is awaited
    recorder.start(1000);
    await started;
    const t0 = performance.now();
    if (!wasPlaying) actions?.play();
    frame = requestAnimationFrame(loop);
    await new Promise((r) => setTimeout(r, secs * 1000));
    recorder.stop();
    await stopped;
    const ms = performance.now() - t0;
    const { default: fixWebmDuration } = await fixer;
    const blob = await fixWebmDuration(new Blob(chunks, { type: 'video/webm' }), ms, { logger: false });
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    cancelAnimationFrame(frame);
    clearInterval(ticker);
    stream.getTracks().forEach((tr) => tr.stop());
    if (!wasPlaying) actions?.pause();
    active = null;
    notify();
  }
}

/** The file name of a clip: dlab-<lab>-<chart or "lab">-<seconds>s.webm. */
export function clipName(chart, seconds) {
  return `dlab-${store.state.ui.lab}-${chart || 'lab'}-${seconds}s.webm`;
}

/**
 * The "Clip" select: choosing a length records that many seconds of `chart` (null: the
 * whole lab) and downloads it; while a clip records, every picker shows the seconds left.
 * `download` and `toast` come from export.js (which imports this file).
 */
export function clipPicker({ chart = null, title, className = 'tool', download, toast }) {
  const hint = chart ? t('clip.hint', { chart: title() }) : t('clip.lab.hint');
  const first = el('option', { value: '', text: t('clip.label') });
  const sel = el('select', {
    class: `${className} clip-pick`, 'data-export': 'clip', 'data-clip-chart': chart ?? '', 'aria-label': hint, title: hint,
    onchange: async () => {
      const secs = Number(sel.value);
      sel.value = '';
      if (!secs) return;
      try {
        const bytes = await recordClip(secs, chart);
        download(new Blob([bytes], { type: 'video/webm' }), clipName(chart, secs));
        toast(t('clip.saved', { s: secs, kb: Math.round(bytes.length / 1024) }));
      } catch (e) {
        toast(t('tool.export.failed', { msg: String(e?.message ?? e) }), 5000);
      }
    },
  }, first, CLIP_SECONDS.map((s) => el('option', { value: s, text: t('clip.seconds', { s }) })));
  let placed = false; // a picker the page dropped (a rebuild) stops listening
  const sync = () => {
    if (sel.isConnected) placed = true;
    else if (placed) { listeners.delete(sync); return; }
    sel.disabled = Boolean(active) || !able;
    const left = active ? Math.max(0, Math.ceil((active.endsAt - performance.now()) / 1000)) : 0;
    first.textContent = active ? t('clip.recording', { s: left }) : t('clip.label');
    sel.classList.toggle('recording', Boolean(active));
  };
  const able = canRecord();
  if (!able) sel.title = t('clip.unsupported');
  // Pickers of cards a rebuild dropped stop listening now, not at the next recording: the
  // closure holds the whole card (a tab switch or a preset leaked a page's charts each).
  for (const f of listeners) f();
  listeners.add(sync);
  sync();
  requestAnimationFrame(() => { if (sel.isConnected) placed = true; });
  return sel;
}
