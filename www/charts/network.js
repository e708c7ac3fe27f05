// The network as a diagram: one column of nodes per layer (at most 12 drawn), edges
// coloured by sign (blue +, orange −) and as thick and opaque as |weight| or |gradient|.
// All edges share one scale, so in gradient view a vanishing gradient shows as edges
// that fade away toward the input.

import { Chart, COLORS, drawEmpty, font, THEME } from './base.js';
import { fmt } from '../util.js';

const MAX_NODES = 12;

/** Which units of a layer of size n are drawn: all up to 12, else 12 spread evenly. */
function shown(n) {
  if (n <= MAX_NODES) return [...Array(n).keys()];
  return [...Array(MAX_NODES).keys()].map((k) => Math.round((k * (n - 1)) / (MAX_NODES - 1)));
}

export class NetworkChart extends Chart {
  /**
   * data: {sizes: number[] (n_in, hidden..., n_out), mats: Float64Array[] (row-major n_in × n_out),
   *        norms?: number[] per weight layer, inputLabels?: string[], mode: 'weights'|'grads', labels, empty?}
   */
  render(ctx, w, h, d) {
    const sizes = d.sizes;
    if (!sizes || sizes.length < 2 || !d.mats?.length) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const cols = sizes.length;
    const top = 14, bottom = 30, left = 26, right = 20;
    const colW = (w - left - right) / Math.max(1, cols - 1);
    const units = sizes.map(shown);
    const x = (l) => left + l * colW;
    const yy = (l, k) => {
      const m = units[l].length;
      if (m === 1) return top + (h - top - bottom) / 2;
      const span = Math.min(h - top - bottom - 10, (m - 1) * 26);
      const y0 = top + (h - top - bottom - span) / 2;
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
    d.mats.forEach((m, l) => {
      const nOut = sizes[l + 1];
      units[l].forEach((i, a) => units[l + 1].forEach((j, b) => {
        const v = m[i * nOut + j];
        if (!Number.isFinite(v)) return;
        const r = max > 0 ? Math.abs(v) / max : 0;
        const s = Math.sqrt(r);
        if (s < 0.02) return;
        ctx.strokeStyle = v >= 0 ? COLORS.blue : COLORS.orange;
        ctx.globalAlpha = 0.15 + 0.85 * s;
        ctx.lineWidth = ((thin ? 0.3 : 0.4) + (thin ? 2.5 : 4) * s) * THEME.line;
        ctx.beginPath();
        ctx.moveTo(x(l), yy(l, a));
        ctx.lineTo(x(l + 1), yy(l + 1, b));
        ctx.stroke();
      }));
    });
    ctx.globalAlpha = 1;

    const radius = Math.max(2.5, Math.min(7, colW / 5));
    units.forEach((us, l) => {
      us.forEach((_, k) => {
        ctx.beginPath();
        ctx.arc(x(l), yy(l, k), radius, 0, 2 * Math.PI);
        ctx.fillStyle = l === 0 || l === cols - 1 ? '#f2f2f2' : '#ffffff';
        ctx.fill();
        ctx.strokeStyle = COLORS.axis;
        ctx.lineWidth = 1.2;
        ctx.stroke();
      });
      // A layer with more units than are drawn says how many it has (on narrow columns,
      // only the first such layer, so the numbers do not run together).
      const firstBig = sizes.findIndex((n, i) => n > units[i].length);
      if (sizes[l] > us.length && (colW >= 24 || l === firstBig)) {
        ctx.font = font(10);
        ctx.fillStyle = COLORS.muted;
        ctx.textAlign = colW >= 24 ? 'center' : 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(colW >= 24 ? `${sizes[l]}` : `${sizes[l]} ×`, x(l) - (colW >= 24 ? 0 : radius), yy(l, us.length - 1) + radius + 2);
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
