// RBM pre-training as the comparison of x with its reconstruction x̂ (Hinton &
// Salakhutdinov 2006): for the first layer, each 2-D training point x, its reconstruction
// x̂ and a line from one to the other; for the layers above, whose inputs are the hidden
// units below, a few points' input units (v) over their reconstructions (v̂) as cells.

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, font, frame, legendTop, linearScale, THEME } from './base.js';

/** How many points the unit view shows per layer. */
export const UNIT_ROWS = 6;

/** [0, 1] → white … blue (Okabe–Ito blue). */
function cellColor(v) {
  const s = Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  const c = [255, 255, 255].map((w, k) => Math.round(w + ([0, 114, 178][k] - w) * s));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export class ReconChart extends Chart {
  /**
   * data: {first: {x, xhat, rows, cols} | null (layer 0), deeper: [{layer, x, xhat, rows, cols}],
   *        labels: {x, xhat, axisX, axisY, v, vhat, layer: (l) => string}, empty?}
   */
  render(ctx, w, h, d) {
    if (!d.first) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    // A small card has room for the first layer's points only.
    const deeper = w * h >= 90000 ? d.deeper ?? [] : [];
    // Side by side on a wide card, one over the other on a tall one.
    const wide = w >= h * 1.25;
    const split = deeper.length ? 0.6 : 1;
    const sa = wide ? { x: 0, y: 0, w: w * split, h } : { x: 0, y: 0, w, h: h * split };
    const ua = wide ? { x: w * split, y: 0, w: w * (1 - split), h } : { x: 0, y: h * split, w, h: h * (1 - split) };
    this.scatter(ctx, sa, d);
    if (deeper.length) this.units(ctx, ua, deeper, d.labels);
  }

  scatter(ctx, a, d) {
    const { x, xhat, rows, cols } = d.first;
    const items = [
      { label: d.labels.x, color: COLORS.blue, dot: true },
      { label: d.labels.xhat, color: COLORS.vermillion, dot: true, hollow: true },
    ];
    ctx.save();
    ctx.translate(a.x, a.y);
    const f = frame(a.w, a.h, { top: legendTop(ctx, items, a.w - 50), left: 40 });
    const px = (arr, i) => arr[i * cols], py = (arr, i) => (cols > 1 ? arr[i * cols + 1] : 0);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const arr of [x, xhat]) for (let i = 0; i < rows; i++) {
      const u = px(arr, i), v = py(arr, i);
      if (Number.isFinite(u)) { x0 = Math.min(x0, u); x1 = Math.max(x1, u); }
      if (Number.isFinite(v)) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
    }
    const padX = (x1 - x0) * 0.05 || 1, padY = (y1 - y0) * 0.05 || 1;
    const xs = linearScale(x0 - padX, x1 + padX, f.x, f.x + f.w);
    const ys = linearScale(y0 - padY, y1 + padY, f.y + f.h, f.y);
    drawAxes(ctx, f, xs, ys, { xLabel: d.labels.axisX, yLabel: d.labels.axisY });
    ctx.beginPath(); ctx.rect(f.x, f.y, f.w, f.h); ctx.clip();
    ctx.strokeStyle = 'rgba(90, 90, 90, 0.45)'; ctx.lineWidth = 1 * THEME.line;
    ctx.beginPath();
    for (let i = 0; i < rows; i++) { ctx.moveTo(xs(px(x, i)), ys(py(x, i))); ctx.lineTo(xs(px(xhat, i)), ys(py(xhat, i))); }
    ctx.stroke();
    for (let i = 0; i < rows; i++) {
      ctx.beginPath(); ctx.arc(xs(px(x, i)), ys(py(x, i)), 3.2 * THEME.marker, 0, 2 * Math.PI);
      ctx.fillStyle = COLORS.blue; ctx.fill();
    }
    ctx.strokeStyle = COLORS.vermillion; ctx.lineWidth = 1.4 * THEME.line;
    for (let i = 0; i < rows; i++) {
      ctx.beginPath(); ctx.arc(xs(px(xhat, i)), ys(py(xhat, i)), 3 * THEME.marker, 0, 2 * Math.PI); ctx.stroke();
    }
    ctx.restore();
    ctx.save(); ctx.translate(a.x, a.y);
    drawLegend(ctx, f, items, { y: 10 });
    ctx.restore();
  }

  /** Each deeper layer: UNIT_ROWS points × its input units, v on the left, v̂ on the right. */
  units(ctx, a, deeper, labels) {
    const pad = 8, head = 16;
    const blockH = (a.h - pad) / deeper.length;
    ctx.save();
    ctx.font = font(11);
    deeper.forEach((L, k) => {
      const top = a.y + pad / 2 + k * blockH;
      const rows = Math.min(UNIT_ROWS, L.rows);
      const pairW = (a.w - 3 * pad) / 2;
      const cw = pairW / Math.max(1, L.cols), ch = Math.max(1, (blockH - head - pad) / Math.max(1, rows));
      ctx.fillStyle = COLORS.text; ctx.textBaseline = 'bottom'; ctx.textAlign = 'left';
      const fitText = (text) => {
        let t = text;
        while (t.length > 2 && ctx.measureText(t).width > pairW) t = t.slice(0, -2);
        return t === text ? t : `${t}…`;
      };
      ctx.fillText(fitText(`${labels.layer(L.layer)}: ${labels.v}`), a.x + pad, top + head - 2);
      ctx.fillText(fitText(labels.vhat), a.x + 2 * pad + pairW, top + head - 2);
      [L.x, L.xhat].forEach((arr, side) => {
        const left = a.x + pad + side * (pairW + pad);
        for (let r = 0; r < rows; r++) for (let c = 0; c < L.cols; c++) {
          ctx.fillStyle = cellColor(arr[r * L.cols + c]);
          ctx.fillRect(left + c * cw, top + head + r * ch, Math.max(1, cw - 0.5), Math.max(1, ch - 0.5));
        }
        ctx.strokeStyle = COLORS.grid; ctx.lineWidth = 1;
        ctx.strokeRect(left + 0.5, top + head + 0.5, pairW - 1, rows * ch - 1);
      });
    });
    ctx.restore();
  }

  /** One row per point and input: layer, point, unit, x, x̂. */
  table(d) {
    const rows = [];
    const add = (layer, L) => { for (let i = 0; L && i < L.rows; i++) for (let c = 0; c < L.cols; c++) rows.push([layer, i + 1, c + 1, L.x[i * L.cols + c], L.xhat[i * L.cols + c]]); };
    add(1, d.first);
    for (const L of d.deeper ?? []) add(L.layer + 1, L);
    return { header: ['layer', 'point', 'unit', 'x', 'x_hat'], rows };
  }
}
