// The network as a diagram and a control. One column of nodes per layer (at most 12 drawn);
// each hidden and output node shows what its unit computes over the input plane (a small
// map, or its curve over x for the 1-D sets: unitmaps.js), in its activation's range.
// Edges are coloured by sign (blue +, orange −) and as thick and opaque as |weight| or
// |gradient|, on one scale, so in gradient view a vanishing gradient fades toward the
// input; where a layer pair has more edges than a reader can follow, only the strongest
// are drawn. Hovering (or tapping) a node shows its map large with its saturated and
// silent share; clicking an edge opens its weight and gradient and takes a new weight;
// + / − above a hidden layer change its width, + / − at the top right the depth.

import { Chart, COLORS, drawEmpty, font, THEME } from './base.js';
import { drawCurve, largest, layerScale, mapImage } from './unitmaps.js';
import { fmt } from '../util.js';

const MAX_NODES = 12;
/** A layer pair with more drawn edges than this keeps only its strongest few. */
const ALL_EDGES_UP_TO = 64;
/** Thumbnails below this side (CSS px) are not worth drawing: plain circles instead. */
const MIN_THUMB = 8;
const BUTTON = 15;

/** Which units of a layer of size n are drawn: all up to 12, else 12 spread evenly. */
function shown(n) {
  if (n <= MAX_NODES) return [...Array(n).keys()];
  return [...Array(MAX_NODES).keys()].map((k) => Math.round((k * (n - 1)) / (MAX_NODES - 1)));
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

export class NetworkChart extends Chart {
  constructor(canvas) {
    super(canvas);
    this.off = document.createElement('canvas');
    this.focus = null; // {l, k}: the node shown large
    this.focusLayer = 0; // the hidden layer whose + / − show when the columns are too narrow for all
    this.edge = null; // {l, i, j}: the edge in the editor
    this.hit = { nodes: [], edges: [], zoom: 1 };
    this.touch = false;
    canvas.addEventListener('pointerdown', (e) => { this.touch = e.pointerType !== 'mouse'; });
    canvas.addEventListener('pointermove', (e) => { if (e.pointerType === 'mouse') this.hover(this.nodeAt(e)); });
    canvas.addEventListener('pointerleave', () => { if (!this.touch) this.hover(null); });
    canvas.addEventListener('click', (e) => this.onClick(e));
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    const z = this.hit.zoom;
    return [(e.clientX - r.left) / z, (e.clientY - r.top) / z];
  }

  nodeAt(e) {
    const [px, py] = this.point(e);
    return this.hit.nodes.find((n) => Math.abs(px - n.x) <= n.r + 2 && Math.abs(py - n.y) <= n.r + 2) ?? null;
  }

  edgeAt(e) {
    const [px, py] = this.point(e);
    let best = null, bestD = 5;
    for (const g of this.hit.edges) {
      const dx = g.x2 - g.x1, dy = g.y2 - g.y1;
      const t = Math.max(0, Math.min(1, ((px - g.x1) * dx + (py - g.y1) * dy) / (dx * dx + dy * dy || 1)));
      const d = Math.hypot(px - (g.x1 + t * dx), py - (g.y1 + t * dy));
      if (d < bestD) { bestD = d; best = g; }
    }
    return best;
  }

  hover(node) {
    const next = node && node.maps ? { l: node.l, k: node.k } : null;
    if (node && node.l > 0 && node.hidden != null) this.focusLayer = node.hidden;
    if (JSON.stringify(next) === JSON.stringify(this.focus)) return;
    this.focus = next;
    this.redraw();
  }

  onClick(e) {
    const node = this.nodeAt(e);
    if (node) {
      // A tap shows a node large and a second tap hides it (a mouse already hovers).
      if (this.touch) this.hover(this.focus && this.focus.l === node.l && this.focus.k === node.k ? null : node);
      return;
    }
    const edge = this.edgeAt(e);
    if (edge && this.lastData?.onWeight) { this.edge = { l: edge.l, i: edge.i, j: edge.j }; this.redraw(); this.editor?.querySelector('input')?.focus(); }
  }

  /**
   * data: {sizes: number[] (n_in, hidden..., n_out), mats: Float64Array[] (row-major n_in × n_out),
   *        norms?, inputLabels?, mode: 'weights'|'grads', labels, empty?,
   *        units?: Lab.unitMaps() result, edgeValues?(l, i, j) → {weight, gradient},
   *        hidden?: config model.hidden, limits?: {minWidth, maxWidth, minDepth, maxDepth},
   *        onHidden?(list), onWeight?(l, i, j, value)}
   */
  render(ctx, w, h, d) {
    const sizes = d.sizes;
    this.hit = { nodes: [], edges: [], zoom: this.canvas.dlabZoom ?? 1 };
    this.pruned = false;
    if (!sizes || sizes.length < 2 || !d.mats?.length) { this.syncButtons(null); this.syncEditor(null); drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const cols = sizes.length;
    const editable = Boolean(d.onHidden);
    // A finger needs 44 px targets: on a phone (or any coarse pointer) one row of large
    // buttons for the layer last tapped, else a small + / − pair above every layer.
    this.coarse = typeof matchMedia === 'function' && matchMedia('(max-width: 699px), (pointer: coarse)').matches;
    const top = !editable ? 14 : this.coarse ? 52 : 14 + 2 * BUTTON, bottom = 30, left = 26, right = 26;
    const colW = (w - left - right) / Math.max(1, cols - 1);
    const units = sizes.map(shown);
    const x = (l) => left + l * colW;
    const avail = h - top - bottom;
    const maps = d.units?.layers?.length === cols - 1 ? d.units : null;
    const curves = maps && maps.height === 1;
    // Node side: as large as the column and its rows allow.
    const rows = Math.max(...units.slice(1).map((u) => u.length));
    const thumb = Math.min(44, colW * 0.62, (avail / rows) * 0.84);
    const drawMaps = maps && thumb >= MIN_THUMB;
    const yy = (l, k) => {
      const m = units[l].length;
      if (m === 1) return top + avail / 2;
      const span = Math.min(avail - (drawMaps && l > 0 ? thumb : 10), (m - 1) * Math.max(26, drawMaps ? thumb * 1.15 : 0));
      const y0 = top + (avail - span) / 2;
      return y0 + (k * span) / (m - 1);
    };

    // One scale for every edge in the picture.
    let max = 0;
    d.mats.forEach((m, l) => {
      const nOut = sizes[l + 1];
      for (const i of units[l]) for (const j of units[l + 1]) {
        const v = Math.abs(m[i * nOut + j]);
        if (Number.isFinite(v) && v > max) max = v;
      }
    });
    const thin = colW < 30;
    let pruned = false;
    d.mats.forEach((m, l) => {
      const nOut = sizes[l + 1];
      let edges = [];
      units[l].forEach((i, a) => units[l + 1].forEach((j, b) => {
        const v = m[i * nOut + j];
        if (Number.isFinite(v)) edges.push({ i, j, a, b, v });
      }));
      if (edges.length > ALL_EDGES_UP_TO) {
        // Only the strongest: as many as two per drawn node of the wider side.
        pruned = true;
        edges.sort((p, q) => Math.abs(q.v) - Math.abs(p.v));
        edges = edges.slice(0, 2 * Math.max(units[l].length, units[l + 1].length));
      }
      for (const { i, j, a, b, v } of edges) {
        const r = max > 0 ? Math.abs(v) / max : 0;
        const s = Math.sqrt(r);
        const seg = { l, i, j, x1: x(l), y1: yy(l, a), x2: x(l + 1), y2: yy(l + 1, b) };
        this.hit.edges.push(seg);
        if (s < 0.02) continue;
        const chosen = this.edge && this.edge.l === l && this.edge.i === i && this.edge.j === j;
        ctx.strokeStyle = chosen ? COLORS.black : v >= 0 ? COLORS.blue : COLORS.orange;
        ctx.globalAlpha = chosen ? 1 : 0.15 + 0.85 * s;
        ctx.lineWidth = ((thin ? 0.3 : 0.4) + (thin ? 2.5 : 4) * s) * THEME.line + (chosen ? 1.5 : 0);
        ctx.beginPath();
        ctx.moveTo(seg.x1, seg.y1);
        ctx.lineTo(seg.x2, seg.y2);
        ctx.stroke();
      }
    });
    ctx.globalAlpha = 1;

    const radius = Math.max(2.5, Math.min(7, colW / 5));
    // The hidden layers share the unbounded end of their scale; the output has its own.
    const shared = maps ? largest(maps.layers.slice(0, -1)) : 0;
    const scales = maps ? maps.layers.map((layer, i) => layerScale(layer, i < maps.layers.length - 1 ? shared : 0)) : [];
    const n = maps ? maps.width * maps.height : 0;
    units.forEach((us, l) => {
      us.forEach((unit, k) => {
        const cx = x(l), cy = yy(l, k);
        const layer = l > 0 && maps ? maps.layers[l - 1] : null;
        const node = { l, k, unit, x: cx, y: cy, r: radius, maps: Boolean(layer), hidden: l > 0 && l < cols - 1 ? l - 1 : null };
        if (layer && drawMaps) {
          const s = thumb, x0 = cx - s / 2, y0 = cy - s / 2;
          node.r = s / 2;
          if (curves) {
            ctx.fillStyle = '#fff';
            ctx.fillRect(x0, y0, s, s);
            ctx.lineWidth = 1.3;
            drawCurve(ctx, layer, unit, n, scales[l - 1], x0 + 1, y0 + 1, s - 2, s - 2, COLORS.blue);
          } else {
            ctx.imageSmoothingEnabled = false;
            ctx.drawImage(mapImage(layer, unit, maps.width, maps.height, scales[l - 1], this.off), x0, y0, s, s);
          }
          ctx.strokeStyle = COLORS.axis;
          ctx.lineWidth = 1;
          ctx.strokeRect(x0, y0, s, s);
        } else {
          ctx.beginPath();
          ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
          ctx.fillStyle = l === 0 || l === cols - 1 ? '#f2f2f2' : '#ffffff';
          ctx.fill();
          ctx.strokeStyle = COLORS.axis;
          ctx.lineWidth = 1.2;
          ctx.stroke();
        }
        this.hit.nodes.push(node);
      });
      // A layer with more units than are drawn says how many it has (on narrow columns,
      // only the first such layer, so the numbers do not run together).
      const firstBig = sizes.findIndex((m, i) => m > units[i].length);
      if (sizes[l] > us.length && (colW >= 24 || l === firstBig)) {
        const below = drawMaps && l > 0 ? thumb / 2 : radius;
        ctx.font = font(10);
        ctx.fillStyle = COLORS.muted;
        ctx.textAlign = colW >= 24 ? 'center' : 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(colW >= 24 ? `${sizes[l]}` : `${sizes[l]} ×`, x(l) - (colW >= 24 ? 0 : radius), yy(l, us.length - 1) + below + 2);
      }
    });
    // Input labels
    if (d.inputLabels && colW > 20) {
      ctx.font = font(10);
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      units[0].forEach((i, k) => {
        const lab = d.inputLabels[i];
        if (lab && units[0].length <= 8) ctx.fillText(lab, x(0) - radius - 2, yy(0, k));
      });
    }
    // Layer captions and per-layer norms along the bottom.
    ctx.font = font(10);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const every = Math.max(1, Math.ceil(22 / colW));
    for (let l = 0; l < cols; l++) {
      if (l % every && l !== cols - 1) continue;
      if (l !== cols - 1 && l > 0 && (cols - 1 - l) * colW < 26) continue; // keep clear of "out"
      ctx.fillStyle = COLORS.muted;
      const cap = l === 0 ? d.labels?.input ?? 'in' : l === cols - 1 ? d.labels?.output ?? 'out' : String(l);
      ctx.fillText(cap, x(l), h - 16);
    }
    if (d.norms && colW >= 46) {
      ctx.fillStyle = COLORS.text;
      d.norms.forEach((v, l) => ctx.fillText(fmt(v, 2), x(l) + colW / 2, h - 2));
    }
    // The hit-test geometry, for tests and tools (CSS px before the chart's zoom).
    this.canvas.dlabNodes = this.hit.nodes;
    this.canvas.dlabEdges = this.hit.edges;
    this.pruned = pruned; // the lab's readout says so
    this.canvas.dataset.edges = pruned ? 'strongest' : 'all';
    this.canvas.dataset.thumbs = drawMaps ? (curves ? 'curves' : 'maps') : 'none';
    delete this.canvas.dataset.focus;
    if (maps && this.focus) this.drawFocus(ctx, w, h, d, maps, scales, n, curves);
    this.syncButtons(editable ? { d, x, cols, colW, w } : null);
    this.syncEditor(d.onWeight && this.edge ? d : null);
  }

  /** The focused unit large, with its saturated and silent share. */
  drawFocus(ctx, w, h, d, maps, scales, n, curves) {
    const node = this.hit.nodes.find((q) => q.l === this.focus.l && q.k === this.focus.k);
    const layer = node && maps.layers[node.l - 1];
    if (!layer) { this.focus = null; return; }
    const s = Math.max(40, Math.min(180, w * 0.42, h - 60));
    const scale = scales[node.l - 1];
    const L = d.labels ?? {};
    const name = node.l === maps.layers.length ? (L.output ?? 'out') : `h${node.l} · ${node.unit + 1}`;
    const pct = (v) => `${Math.round(v * 100)}%`;
    const lines = [`${name}:  ${fmt(scale.lo, 2)} … ${fmt(scale.hi, 2)}`,
      `${L.saturated ?? 'saturated'} ${pct(layer.saturated[node.unit])} · ${L.silent ?? 'zero'} ${pct(layer.silent[node.unit])}`];
    ctx.font = font(10);
    const boxW = Math.min(w - 8, Math.max(s, ...lines.map((t) => ctx.measureText(t).width)));
    const x0 = node.x > w / 2 ? Math.max(4, node.x - node.r - 10 - boxW) : Math.min(w - boxW - 4, node.x + node.r + 10);
    const y0 = Math.max(4, Math.min(h - s - 34, node.y - s / 2));
    ctx.fillStyle = 'rgba(255,255,255,0.96)';
    ctx.fillRect(x0 - 4, y0 - 4, boxW + 8, s + 34);
    ctx.strokeStyle = COLORS.axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 - 4, y0 - 4, boxW + 8, s + 34);
    if (curves) {
      ctx.lineWidth = 2;
      drawCurve(ctx, layer, node.unit, n, scale, x0, y0, s, s, COLORS.blue);
    } else {
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(mapImage(layer, node.unit, maps.width, maps.height, scale, this.off), x0, y0, s, s);
    }
    ctx.strokeRect(x0, y0, s, s);
    ctx.fillStyle = COLORS.text;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(lines[0], x0, y0 + s + 3);
    ctx.fillText(lines[1], x0, y0 + s + 16);
    this.canvas.dataset.focus = `${node.l - 1}:${node.unit}`;
  }

  /** The + / − buttons over the diagram (DOM, so they are keyboard- and test-reachable). */
  syncButtons(p) {
    const body = this.canvas.parentElement;
    if (!p) { this.buttons?.remove(); this.buttons = null; return; }
    if (!this.buttons) {
      this.buttons = el('div', { class: 'net-edit' });
      body?.appendChild(this.buttons);
    }
    const { d, x, cols, colW, w } = p;
    const z = this.hit.zoom;
    const hidden = d.hidden ?? [];
    const lim = d.limits ?? {};
    const L = d.labels ?? {};
    const coarse = this.coarse;
    const one = coarse || colW < 17; // the width buttons of one layer only
    const key = JSON.stringify([hidden, cols, Math.round(colW), Math.round(w), z, one ? this.focusLayer : -1, lim, L.addUnit, coarse]);
    if (this.buttons.dataset.key === key) return;
    this.buttons.dataset.key = key;
    this.buttons.replaceChildren();
    const button = (action, text, label, left, top, disabled, patch, layer) => {
      const b = el('button', { class: coarse ? 'net-btn coarse' : 'net-btn', type: 'button', 'data-action': action, 'data-layer': layer, 'aria-label': label, title: label }, text);
      b.style.left = `${left * z}px`;
      b.style.top = `${top * z}px`;
      b.disabled = disabled;
      b.addEventListener('click', (e) => { e.stopPropagation(); this.lastData?.onHidden?.(patch()); });
      this.buttons.appendChild(b);
    };
    const fmtLabel = (s, n) => (s ?? '').replace('{layer}', String(n));
    // Coarse: [− +] side by side, 32 × 44 px (CSS px, not zoomed); fine: + above −, 15 px.
    const bw = coarse ? 32 / z : BUTTON, bh = coarse ? 44 / z : BUTTON;
    const place = (cx, minX, maxX) => Math.max(minX, Math.min(maxX, cx));
    for (let k = 0; k < hidden.length; k++) {
      if (one && k !== Math.min(this.focusLayer, hidden.length - 1)) continue;
      const add = () => hidden.map((v, i) => (i === k ? v + 1 : v));
      const remove = () => hidden.map((v, i) => (i === k ? v - 1 : v));
      const full = hidden[k] >= (lim.maxWidth ?? 256), least = hidden[k] <= (lim.minWidth ?? 1);
      if (coarse) {
        const cx = place(x(k + 1) - bw, 2, w - 4 * bw - 12);
        button('remove-unit', '−', fmtLabel(L.removeUnit, k + 1), cx, 2, least, remove, k);
        button('add-unit', '+', fmtLabel(L.addUnit, k + 1), cx + bw + 2, 2, full, add, k);
      } else {
        const cx = x(k + 1) - BUTTON / 2;
        button('add-unit', '+', fmtLabel(L.addUnit, k + 1), cx, 2, full, add, k);
        button('remove-unit', '−', fmtLabel(L.removeUnit, k + 1), cx, 3 + BUTTON, least, remove, k);
      }
    }
    const deeper = () => [...hidden, hidden.at(-1) ?? 8], shallower = () => hidden.slice(0, -1);
    const deepest = hidden.length >= (lim.maxDepth ?? 32), shallowest = hidden.length <= (lim.minDepth ?? 1);
    if (coarse) {
      const rx = w - 2 * bw - 4;
      button('remove-layer', '−', L.removeLayer, rx, 2, shallowest, shallower);
      button('add-layer', '+', L.addLayer, rx + bw + 2, 2, deepest, deeper);
    } else {
      const rx = x(cols - 1) + 4;
      button('add-layer', '+', L.addLayer, rx, 2, deepest, deeper);
      button('remove-layer', '−', L.removeLayer, rx, 3 + BUTTON, shallowest, shallower);
    }
  }

  /** The edge editor: weight and gradient of the clicked edge, and a field for a new weight. */
  syncEditor(d) {
    if (!d) { this.editor?.remove(); this.editor = null; if (!this.lastData?.onWeight) this.edge = null; return; }
    const { l, i, j } = this.edge;
    if (l >= d.sizes.length - 1 || i >= d.sizes[l] || j >= d.sizes[l + 1]) { this.edge = null; this.syncEditor(null); return; }
    const L = d.labels ?? {};
    if (!this.editor) {
      const input = el('input', { type: 'number', step: 'any', 'data-action': 'weight-value', 'aria-label': L.newWeight ?? 'new weight' });
      const set = el('button', { class: 'tool primary', type: 'button', 'data-action': 'set-weight' }, L.set ?? 'Set');
      const close = el('button', { class: 'tool', type: 'button', 'data-action': 'close-edge', 'aria-label': L.close ?? 'close' }, '×');
      const submit = () => {
        const v = Number(input.value);
        const e = this.edge;
        if (!e || input.value.trim() === '' || !Number.isFinite(v)) { input.setAttribute('aria-invalid', 'true'); return; }
        input.removeAttribute('aria-invalid');
        this.lastData?.onWeight?.(e.l, e.i, e.j, v);
      };
      set.addEventListener('click', submit);
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') submit(); if (e.key === 'Escape') close.click(); });
      close.addEventListener('click', () => { this.edge = null; this.syncEditor(null); this.redraw(); });
      this.editor = el('div', { class: 'net-editor', role: 'group' });
      this.editor.append(el('div', { class: 'net-editor-title' }), el('div', { class: 'net-editor-values' }), el('div', { class: 'net-editor-row' }));
      this.editor.lastChild.append(input, set, close);
      this.canvas.parentElement?.appendChild(this.editor);
    }
    const values = d.edgeValues?.(l, i, j) ?? {};
    this.editor.dataset.edge = `${l},${i},${j}`;
    this.editor.setAttribute('aria-label', `W${l + 1} ${i + 1} → ${j + 1}`);
    this.editor.children[0].textContent = `W${l + 1}: ${i + 1} → ${j + 1}`;
    this.editor.children[1].textContent = `${L.weight ?? 'weight'} ${fmt(values.weight, 3)} · ${L.gradient ?? 'gradient'} ${fmt(values.gradient, 2)}`;
    this.editor.dataset.weight = String(values.weight);
  }

  /** Every edge, not only the drawn ones: weight layer (1 = input side), from unit, to unit, value. */
  table(d) {
    const rows = [];
    (d.mats ?? []).forEach((m, l) => {
      const nIn = d.sizes[l], nOut = d.sizes[l + 1];
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) rows.push([l + 1, i + 1, j + 1, m[i * nOut + j]]);
    });
    return { header: ['layer', 'from', 'to', d.mode === 'grads' ? 'gradient' : 'weight'], rows };
  }
}
