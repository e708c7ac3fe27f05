// Shared canvas plumbing for the charts: a DPR-aware canvas, scales, ticks and axes.
// Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies).

import { fmt } from '../util.js';

export const COLORS = {
  black: '#000000', orange: '#E69F00', sky: '#56B4E9', green: '#009E73',
  yellow: '#F0E442', blue: '#0072B2', vermillion: '#D55E00', purple: '#CC79A7',
  grey: '#8a8a8a', grid: '#e6e6e6', axis: '#444444', text: '#222222', muted: '#666666',
};
const NORMAL_COLORS = { ...COLORS };

/**
 * How the charts draw, in one place: `zoom` scales everything drawn (type, margins,
 * markers), `line` and `marker` thicken the data on top of that, and `colors` replaces
 * the axis/grid/text greys. Presenter mode (www/presenter.js) switches it with useTheme();
 * the data colours stay Okabe–Ito in both.
 */
export const THEMES = {
  normal: { name: 'normal', zoom: 1, line: 1, marker: 1, colors: {} },
  // From the back of a hall: larger type, lines twice as thick, near-black axes and text.
  presenter: { name: 'presenter', zoom: 1.25, line: 1.6, marker: 1.35, colors: { grid: '#c4c4c4', axis: '#000000', text: '#000000', muted: '#2e2e2e', grey: '#5c5c5c' } },
};
export const THEME = { ...THEMES.normal };

/** Switches every chart to a theme (they pick it up on their next draw). */
export function useTheme(name) {
  const th = THEMES[name] ?? THEMES.normal;
  Object.assign(THEME, th);
  Object.assign(COLORS, NORMAL_COLORS, th.colors);
}

/** Series colours in order (black is kept for axes). */
export const SERIES = [COLORS.blue, COLORS.vermillion, COLORS.green, COLORS.orange, COLORS.purple, COLORS.sky, COLORS.yellow, COLORS.grey];
export const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';

export function font(px, weight = 400) { return `${weight} ${px}px ${FONT}`; }

/**
 * How much larger a chart draws for the size of its box: 1 up to 520 × 340 CSS px, then
 * growing with the box's tighter side, at most 1.6× (tick labels 11 → 17.6 px). A hero chart
 * on a projector or a large screen gets larger type; a small card keeps 11 px, never less.
 */
export const SIZE_ZOOM = { refW: 520, refH: 340, max: 1.6 };
export function sizeZoom(w, h) {
  return Math.min(SIZE_ZOOM.max, Math.max(1, Math.min(w / SIZE_ZOOM.refW, h / SIZE_ZOOM.refH)));
}

/** The tick labels' size in CSS px (font(11) under the zoom); prepare() writes it on the canvas as data-tick-px. */
export const TICK_PX = 11;

/**
 * Sizes the canvas backing store to its CSS box × devicePixelRatio and returns a context in
 * CSS pixels. A canvas that is not laid out (its card folded away, e.g. an embed that shows
 * only the hero) keeps drawing at its last size, so its PNG export and pixels stay current.
 */
export function prepare(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const shown = canvas.clientWidth > 0 && canvas.clientHeight > 0;
  const w = shown ? Math.round(canvas.clientWidth) : (canvas.dlabCssW ?? 480);
  const h = shown ? Math.round(canvas.clientHeight) : (canvas.dlabCssH ?? 320);
  canvas.dlabCssW = w;
  canvas.dlabCssH = h;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  // The theme's zoom (and the box's: sizeZoom) draws the same chart larger: the chart lays
  // itself out in w/zoom × h/zoom.
  const z = THEME.zoom * sizeZoom(w, h);
  canvas.dlabZoom = z;
  const tickPx = String(Math.round(TICK_PX * z * 10) / 10);
  if (canvas.dataset.tickPx !== tickPx) canvas.dataset.tickPx = tickPx;
  ctx.setTransform(dpr * z, 0, 0, dpr * z, 0, 0);
  ctx.clearRect(0, 0, w / z, h / z);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  return { ctx, w: w / z, h: h / z };
}

export function linearScale(d0, d1, r0, r1) {
  if (d0 === d1) { d0 -= 0.5; d1 += 0.5; }
  const k = (r1 - r0) / (d1 - d0);
  const s = (v) => r0 + (v - d0) * k;
  s.invert = (p) => d0 + (p - r0) / k;
  s.domain = [d0, d1];
  s.ticks = (n = 5) => niceTicks(d0, d1, n);
  s.log = false;
  return s;
}

export function logScale(d0, d1, r0, r1) {
  // Clamp to what doubles can hold, so a loss on its way to infinity still draws.
  d0 = Math.min(Math.max(d0, 1e-300), 1e299); d1 = Math.min(Math.max(d1, d0 * 10), 1e300);
  const l0 = Math.log10(d0), l1 = Math.log10(d1);
  const k = (r1 - r0) / (l1 - l0);
  const s = (v) => r0 + (Math.log10(Math.max(v, 1e-300)) - l0) * k;
  s.invert = (p) => 10 ** (l0 + (p - r0) / k);
  s.domain = [d0, d1];
  s.ticks = (n = 5) => logTicks(d0, d1, n);
  s.log = true;
  return s;
}

/** Symmetric log: linear within ±c, logarithmic beyond (for coefficients spanning many decades). */
export function symlogScale(d0, d1, r0, r1, c = 1) {
  const f = (v) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);
  const fi = (u) => Math.sign(u) * c * (10 ** Math.abs(u) - 1);
  const inner = linearScale(f(d0), f(d1), r0, r1);
  const s = (v) => inner(f(v));
  s.invert = (p) => fi(inner.invert(p));
  s.domain = [d0, d1];
  s.ticks = () => {
    const out = [0];
    const hi = Math.max(Math.abs(d0), Math.abs(d1));
    for (let e = Math.ceil(Math.log10(c)); 10 ** e <= hi * 1.0001 && e < 310; e++) {
      if (10 ** e <= d1) out.push(10 ** e);
      if (-(10 ** e) >= d0) out.push(-(10 ** e));
    }
    if (out.length > 9) return out.filter((v, i) => v === 0 || Math.round(Math.log10(Math.abs(v))) % 2 === 0);
    return out;
  };
  s.log = false;
  return s;
}

export function niceTicks(lo, hi, n = 5) {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && out.length < 50; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

export function logTicks(lo, hi, n = 5) {
  if (!(lo > 0) || !Number.isFinite(hi) || !(hi > lo)) return [];
  const e0 = Math.ceil(Math.log10(lo) - 1e-9), e1 = Math.floor(Math.log10(hi) + 1e-9);
  const decades = Math.log10(hi / lo);
  if (decades < 1.6) {
    // Less than two decades: 1-2-5 steps, or plain linear ticks when even those are too few.
    const out = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of [1, 2, 5]) { const v = m * 10 ** e; if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v); }
    }
    if (out.length >= 2) return out;
    return niceTicks(lo, hi, 3).filter((v) => v > 0);
  }
  const every = Math.max(1, Math.ceil((e1 - e0 + 1) / Math.max(2, n)));
  const out = [];
  for (let e = e0; e <= e1; e++) if ((e - e0) % every === 0) out.push(10 ** e);
  if (!out.length) out.push(lo, hi);
  return out;
}

/** Tick labels with as many decimals as the tick step needs (300.2, 300.4, … not 300, 300, …). */
export function stepFormat(ticks) {
  if (ticks.length < 2) return null;
  const step = Math.abs(ticks[1] - ticks[0]);
  if (!(step > 0) || step >= 1 || Math.max(...ticks.map(Math.abs)) >= 1e5) return null;
  let decimals = 0; // as many as the step itself has: 0.25 → 2, 0.5 → 1
  while (decimals < 8 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  return (v) => (Math.abs(v) < step / 2 ? '0' : v.toFixed(decimals).replace('-', '−'));
}

export function fmtTick(v, scale) {
  if (scale && scale.log) {
    const e = Math.floor(Math.log10(v) + 1e-9);
    if (e >= -2 && e <= 3) return fmt(v);
    const m = v / 10 ** e;
    if (Math.abs(m - 1) > 1e-6) return `${fmt(m, 2)}e${e}`.replace('-', '−');
    return `1e${e}`.replace('-', '−');
  }
  return fmt(v, 3);
}

/** Finite min/max over several arrays (NaN and ±∞ skipped; positives only when `positive`). */
export function extent(arrays, positive = false) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) {
    for (const v of a) {
      if (!Number.isFinite(v) || (positive && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Pads a [lo, hi] domain a little (log-aware) so lines do not touch the frame. */
export function pad([lo, hi], log = false, frac = 0.06) {
  lo = Math.max(lo, -1e300); hi = Math.min(hi, 1e300);
  if (log) {
    const l0 = Math.log10(lo), l1 = Math.log10(hi);
    const p = Math.max((l1 - l0) * frac, 0.15);
    return [10 ** Math.max(l0 - p, -300), 10 ** Math.min(l1 + p, 300)];
  }
  const p = Math.min((hi - lo) * frac || Math.abs(hi) * 0.1 || 1, 1e300);
  return [Math.max(lo - p, -1e308), Math.min(hi + p, 1e308)];
}

/**
 * The plotting frame inside a canvas, with room for tick labels and axis titles.
 * Returns {x, y, w, h} in CSS pixels.
 */
export function frame(w, h, { left = 46, right = 10, top = 8, bottom = 32 } = {}) {
  return { x: left, y: top, w: Math.max(10, w - left - right), h: Math.max(10, h - top - bottom) };
}

/**
 * Drops ticks that would sit closer than `minPx` to one already kept, keeping 0 and
 * then the largest magnitudes first (so a symlog axis keeps its decades, not ±1 next to 0).
 */
function spaced(ticks, scale, minPx) {
  const order = [...ticks].sort((a, b) => (a === 0 ? -1 : b === 0 ? 1 : Math.abs(b) - Math.abs(a)));
  const kept = [];
  for (const v of order) {
    const p = scale(v);
    if (kept.every((k) => Math.abs(scale(k) - p) >= minPx)) kept.push(v);
  }
  return kept;
}

/** The left margin that fits the y tick labels of `scale` (plus the rotated axis title). */
export function leftMargin(ctx, scale, n = 5, format) {
  ctx.save();
  ctx.font = font(11);
  let wMax = 0;
  for (const v of scale.ticks(n)) wMax = Math.max(wMax, ctx.measureText((format ?? ((t) => fmtTick(t, scale)))(v)).width);
  ctx.restore();
  return Math.max(40, Math.ceil(wMax) + 26);
}

/**
 * Draws grid lines, ticks, tick labels and axis titles for a frame and its two scales. The
 * rotated y title is `yLabel` where it fits the frame's height, else `yLabelShort` if given.
 */
export function drawAxes(ctx, f, xs, ys, { xLabel = '', yLabel = '', yLabelShort = '', xTicks, yTicks, xFormat: xf, yFormat: yf } = {}) {
  let xFormat = xf, yFormat = yf;
  ctx.save();
  ctx.font = font(11);
  ctx.fillStyle = COLORS.muted;
  ctx.strokeStyle = COLORS.grid;
  ctx.lineWidth = 1;
  const yt = spaced(yTicks ?? ys.ticks(Math.max(2, Math.floor(f.h / 34))), ys, 13);
  if (!yFormat && !ys.log) yFormat = stepFormat([...yt].sort((a, b) => a - b)) ?? undefined;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of yt) {
    const py = Math.round(ys(v)) + 0.5;
    if (py < f.y - 1 || py > f.y + f.h + 1) continue;
    ctx.beginPath(); ctx.moveTo(f.x, py); ctx.lineTo(f.x + f.w, py); ctx.stroke();
    ctx.fillText((yFormat ?? ((t) => fmtTick(t, ys)))(v), f.x - 4, py);
  }
  const xt = xTicks ?? xs.ticks(Math.max(2, Math.floor(f.w / 70)));
  if (!xFormat && !xs.log) xFormat = stepFormat(xt) ?? undefined;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of xt) {
    const px = Math.round(xs(v)) + 0.5;
    if (px < f.x - 1 || px > f.x + f.w + 1) continue;
    ctx.beginPath(); ctx.moveTo(px, f.y); ctx.lineTo(px, f.y + f.h); ctx.stroke();
    const label = (xFormat ?? ((t) => fmtTick(t, xs)))(v);
    // Keep the last label inside the canvas instead of clipping it at the right edge.
    const half = ctx.measureText(label).width / 2;
    const right = ctx.canvas.dlabCssW ? ctx.canvas.dlabCssW / (ctx.canvas.dlabZoom ?? THEME.zoom) : Infinity;
    ctx.fillText(label, Math.min(px, right - half - 1), f.y + f.h + 4);
  }
  ctx.strokeStyle = COLORS.axis;
  ctx.beginPath();
  ctx.moveTo(f.x + 0.5, f.y); ctx.lineTo(f.x + 0.5, f.y + f.h + 0.5); ctx.lineTo(f.x + f.w, f.y + f.h + 0.5);
  ctx.stroke();
  ctx.fillStyle = COLORS.text;
  ctx.font = font(11, 500);
  if (xLabel) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xLabel, f.x + f.w, f.y + f.h + 30);
  }
  if (yLabel && yLabelShort && ctx.measureText(yLabel).width > f.h) yLabel = yLabelShort;
  if (yLabel) {
    ctx.save();
    ctx.translate(11, f.y + f.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

/** Centred grey text for an empty chart ("press Sweep", "no hidden layer", ...). */
export function drawEmpty(ctx, w, h, text) {
  ctx.save();
  ctx.fillStyle = COLORS.muted;
  ctx.font = font(13);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  wrapText(ctx, text, w / 2, h / 2, w - 24, 18);
  ctx.restore();
}

/** Fills `text` centred at (x, y), wrapped to `maxW` (breaks at spaces; Korean too). */
export function wrapText(ctx, text, x, y, maxW, lineH) {
  const words = String(text).split(' ');
  const lines = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (ctx.measureText(next).width > maxW && line) { lines.push(line); line = w; } else line = next;
  }
  if (line) lines.push(line);
  const y0 = y - ((lines.length - 1) * lineH) / 2;
  lines.forEach((l, i) => ctx.fillText(l, x, y0 + i * lineH));
}

/** Lays legend items out in rows no wider than maxW; returns rows of {it, w}. */
export function legendRows(ctx, items, maxW) {
  ctx.save();
  ctx.font = font(11);
  const rows = [[]];
  let used = 0;
  for (const it of items) {
    const w = ctx.measureText(it.label).width + (it.label ? 26 : 20);
    if (used + w > maxW && rows[rows.length - 1].length) { rows.push([]); used = 0; }
    rows[rows.length - 1].push({ it, w });
    used += w;
  }
  ctx.restore();
  return rows;
}

/** How many legend rows these items need in a frame of width w. */
export function legendHeight(ctx, items, w) {
  return items.length ? legendRows(ctx, items, w - 8).length * 15 : 0;
}

/** The frame's top margin that clears a legend drawn at y = 10 across a width of fw (at least `min`). */
export function legendTop(ctx, items, fw, min = 22) {
  return Math.max(min, legendHeight(ctx, items, fw) + 7);
}

/** A small legend: [{label, color, dash?, box?, dot?, hollow?}] in rows from the top-right (or left). */
export function drawLegend(ctx, f, items, { align = 'right', y } = {}) {
  if (!items.length) return;
  ctx.save();
  ctx.font = font(11);
  ctx.textBaseline = 'middle';
  const rows = legendRows(ctx, items, f.w - 8);
  rows.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b.w, 0);
    let x = align === 'right' ? f.x + f.w - total - 4 : f.x + 6;
    const yy = (y ?? f.y + 9) + r * 15;
    ctx.fillStyle = 'rgba(255,255,255,0.8)';
    ctx.fillRect(x - 4, yy - 7, total + 6, 14);
    for (const { it, w } of row) {
      ctx.strokeStyle = it.color;
      ctx.fillStyle = it.color;
      ctx.lineWidth = 2.5 * THEME.line;
      if (it.box) {
        ctx.globalAlpha = 0.6; ctx.fillRect(x, yy - 5, 16, 10); ctx.globalAlpha = 1;
      } else if (it.dot) {
        ctx.beginPath(); ctx.arc(x + 8, yy, 4, 0, 2 * Math.PI);
        if (it.hollow) { ctx.lineWidth = 1.5; ctx.stroke(); } else ctx.fill();
      } else {
        ctx.setLineDash(it.dash ?? []);
        ctx.beginPath(); ctx.moveTo(x, yy); ctx.lineTo(x + 16, yy); ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = COLORS.text;
      ctx.fillText(it.label, x + 20, yy);
      x += w;
    }
  });
  ctx.restore();
}

// A fingerprint of a chart's data: every number (typed arrays included), string and
// boolean, in order, through a 32-bit FNV-1a. A hash, not a reference or a copy, because
// labs may refill an array in place; functions count by their source.
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
function fingerprint(v, h = 0x811c9dc5, depth = 0) {
  const mix = (x) => Math.imul(h ^ x, 16777619);
  if (typeof v === 'number') { F64[0] = v; h = mix(U32[0]); return mix(U32[1]); }
  if (v == null || typeof v === 'boolean') return mix(v === true ? 3 : v === false ? 2 : v === null ? 1 : 0);
  if (typeof v === 'string' || typeof v === 'function') {
    const text = typeof v === 'string' ? v : v.toString();
    h = mix(text.length);
    for (let i = 0; i < text.length; i++) h = mix(text.charCodeAt(i));
    return h;
  }
  if (ArrayBuffer.isView(v)) {
    h = mix(v.length);
    if (v.byteOffset % 4 === 0 && v.byteLength % 4 === 0) { // the bits, 32 at a time
      const u = new Uint32Array(v.buffer, v.byteOffset, v.byteLength / 4);
      for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i], 16777619);
    } else for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v[i], 16777619);
    return h;
  }
  if (depth > 8) return mix(7);
  if (Array.isArray(v)) {
    h = mix(v.length);
    for (const x of v) h = fingerprint(x, h, depth + 1);
    return h;
  }
  if (typeof v === 'object') {
    for (const k of Object.keys(v)) h = fingerprint(v[k], fingerprint(k, h), depth + 1);
    return h;
  }
  return mix(typeof v.length);
}

/** Every chart's draws and skipped draws on this page (bench-page and the tests read it). */
export const DRAW_STATS = { draws: 0, skips: 0 };

/**
 * The base class: a chart owns one canvas, redraws from data on demand. draw(data) skips
 * the drawing when neither the data nor the canvas's size and theme changed since the
 * last time (so a frame pays only for the charts whose data moved); redraw() always draws
 * (a chart's own state changed: a hovered node, an edge being edited).
 */
export class Chart {
  constructor(canvas) {
    this.canvas = canvas;
    this.lastData = null;
    this.lastPrint = null;
  }
  draw(data, force = false) {
    const c = this.canvas;
    const print = [fingerprint(data), c.clientWidth, c.clientHeight, window.devicePixelRatio, THEME.name, COLORS.text].join(':');
    this.lastData = data;
    if (!force && print === this.lastPrint) { DRAW_STATS.skips++; return; }
    this.lastPrint = print;
    DRAW_STATS.draws++;
    const { ctx, w, h } = prepare(c);
    this.render(ctx, w, h, data);
  }
  redraw() { if (this.lastData) this.draw(this.lastData, true); }
  render() {}
  /** The numbers drawn last, as {header, rows} (each chart says how; see csv()). */
  table() { return { header: [], rows: [] }; }
  /** The numbers drawn last as CSV text (RFC 4180, one header row). */
  csv() { return this.lastData ? csvText(this.table(this.lastData)) : ''; }
}

/** {header, rows} → CSV: fields with a comma, quote or line break are quoted; numbers as JS writes them. */
export function csvText({ header, rows }) {
  const cell = (v) => {
    const s = v == null || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
