// Per-layer histograms stacked as ridges, input side at the top (Glorot & Bengio 2010,
// Fig. 3 and 6; He et al. 2015): the spread shrinking, saturating or staying level
// with depth is the whole story of initialization.

import { Chart, COLORS, drawEmpty, font, linearScale, niceTicks, fmtTick, THEME } from './base.js';

export class StackedHistChart extends Chart {
  /** data: {hists: Float64Array[] ([lo, hi, counts...] each), labels: string[], notes?: string[], xLabel?, empty?, maxRows?} */
  render(ctx, w, h, d) {
    let rows = (d.hists ?? []).map((hist, i) => ({ hist, label: d.labels[i], note: d.notes?.[i] }));
    rows = rows.filter((r) => r.hist && r.hist.length > 2);
    if (!rows.length) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const maxRows = d.maxRows ?? Math.max(3, Math.floor((h - 40) / 22));
    if (rows.length > maxRows) {
      const keep = new Set();
      for (let k = 0; k < maxRows; k++) keep.add(Math.round((k * (rows.length - 1)) / (maxRows - 1)));
      rows = rows.filter((_, i) => keep.has(i));
    }
    const left = 40, right = 64, bottom = 32;
    // Each ridge may rise a quarter row above its own row; leave that much room on top.
    const rowGuess = (h - 8 - bottom) / (rows.length + 0.3);
    const top = 8 + rowGuess * 0.3;
    const fw = w - left - right, fh = h - top - bottom;
    let lo = Infinity, hi = -Infinity;
    for (const r of rows) { lo = Math.min(lo, r.hist[0]); hi = Math.max(hi, r.hist[1]); }
    const xs = linearScale(lo, hi, left, left + fw);
    const rowH = fh / rows.length;

    // x grid and ticks
    ctx.font = font(11);
    ctx.strokeStyle = COLORS.grid;
    ctx.fillStyle = COLORS.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(lo, hi, Math.max(2, Math.floor(fw / 70)))) {
      const px = Math.round(xs(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, top + fh); ctx.stroke();
      ctx.fillText(fmtTick(t), px, top + fh + 4);
    }
    if (d.xLabel) {
      ctx.fillStyle = COLORS.text;
      ctx.font = font(11, 500);
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(d.xLabel, left + fw, h - 1);
    }

    rows.forEach((r, i) => {
      const hist = r.hist, B = hist.length - 2;
      const baseY = top + (i + 1) * rowH;
      let max = 0, total = 0;
      for (let b = 0; b < B; b++) { max = Math.max(max, hist[b + 2]); total += hist[b + 2]; }
      // One bin holding most of the mass (ReLU's zeros) would flatten the rest: then draw
      // heights as √count, so the tail stays visible.
      const spiky = total > 0 && max > 0.4 * total;
      const height = (c) => (max > 0 ? (spiky ? Math.sqrt(c / max) : c / max) : 0);
      const hh = rowH * 1.25; // ridges overlap the row above a little, as in a ridgeline plot
      const color = i % 2 ? COLORS.blue : COLORS.green;
      ctx.beginPath();
      ctx.moveTo(xs(hist[0]), baseY);
      const bw = (hist[1] - hist[0]) / B;
      for (let b = 0; b < B; b++) {
        const y = baseY - height(hist[b + 2]) * hh;
        ctx.lineTo(xs(hist[0] + b * bw), y);
        ctx.lineTo(xs(hist[0] + (b + 1) * bw), y);
      }
      ctx.lineTo(xs(hist[1]), baseY);
      ctx.closePath();
      ctx.fillStyle = color === COLORS.blue ? 'rgba(0,114,178,0.35)' : 'rgba(0,158,115,0.35)';
      ctx.fill();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.2 * THEME.line;
      ctx.stroke();
      ctx.strokeStyle = COLORS.axis;
      ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(left, Math.round(baseY) + 0.5); ctx.lineTo(left + fw, Math.round(baseY) + 0.5); ctx.stroke();
      ctx.font = font(11, 500);
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(r.label, left - 4, baseY - 1);
      if (r.note) {
        ctx.font = font(10);
        ctx.fillStyle = COLORS.muted;
        ctx.textAlign = 'left';
        ctx.fillText(r.note, left + fw + 4, baseY - 1);
      }
      if (total === 0) {
        ctx.font = font(10);
        ctx.fillStyle = COLORS.muted;
        ctx.textAlign = 'center';
        ctx.fillText('—', left + fw / 2, baseY - 2);
      }
    });
  }

  /** Every layer's bins (also those too many to draw): layer, bin_from, bin_to, count. */
  table(d) {
    const rows = [];
    (d.hists ?? []).forEach((h, i) => {
      if (!h || h.length <= 2) return;
      const B = h.length - 2, bw = (h[1] - h[0]) / B;
      for (let b = 0; b < B; b++) rows.push([d.labels?.[i] ?? String(i + 1), h[0] + b * bw, h[0] + (b + 1) * bw, h[b + 2]]);
    });
    return { header: ['layer', 'bin_from', 'bin_to', 'count'], rows };
  }
}
