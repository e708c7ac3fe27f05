// Symmetry view: the incoming weight vector of each unit of one layer, as a small group
// of bars per unit, side by side. Under zero init every group is the same (all zero), and
// stays the same: the units never become different, so the layer acts like a single unit.

import { Chart, COLORS, drawEmpty, font } from './base.js';
import { fmt } from '../util.js';

export class SymmetryChart extends Chart {
  /** data: {weights: Float64Array row-major n_in × n_out, nIn, nOut, labels: {unit, identical, different}, empty?} */
  render(ctx, w, h, d) {
    if (!d.weights || !d.nIn || !d.nOut) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const units = Math.min(d.nOut, 12);
    const inputs = Math.min(d.nIn, 10);
    const top = 22, bottom = 20, left = 8, right = 8;
    const gw = (w - left - right) / units;
    const mid = top + (h - top - bottom) / 2;
    let max = 0;
    for (let j = 0; j < units; j++) for (let i = 0; i < inputs; i++) max = Math.max(max, Math.abs(d.weights[i * d.nOut + j]) || 0);
    const half = (h - top - bottom) / 2 - 2;
    // Are the shown units identical (to 1e-9 relative)? That is the symmetry zero init never breaks.
    let identical = true;
    for (let j = 1; j < units && identical; j++) {
      for (let i = 0; i < inputs; i++) {
        if (Math.abs(d.weights[i * d.nOut + j] - d.weights[i * d.nOut]) > 1e-9 * Math.max(1, max)) { identical = false; break; }
      }
    }
    for (let j = 0; j < units; j++) {
      const x0 = left + j * gw;
      ctx.fillStyle = j % 2 ? '#f4f4f4' : '#fafafa';
      ctx.fillRect(x0 + 1, top, gw - 2, h - top - bottom);
      const bw = (gw - 6) / inputs;
      for (let i = 0; i < inputs; i++) {
        const v = d.weights[i * d.nOut + j];
        const hh = max > 0 ? (Math.abs(v) / max) * half : 0;
        ctx.fillStyle = v >= 0 ? COLORS.blue : COLORS.orange;
        ctx.fillRect(x0 + 3 + i * bw, v >= 0 ? mid - hh : mid, Math.max(1, bw - 1), Math.max(hh, 0.5));
      }
      ctx.fillStyle = COLORS.muted;
      ctx.font = font(10);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillText(`${d.labels?.unit ?? 'u'}${j + 1}`, x0 + gw / 2, h - bottom + 4);
    }
    this.identical = identical;
    ctx.strokeStyle = COLORS.axis;
    ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(left, Math.round(mid) + 0.5); ctx.lineTo(w - right, Math.round(mid) + 0.5); ctx.stroke();
    ctx.font = font(12, 600);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = identical ? COLORS.vermillion : COLORS.green;
    const verdict = identical ? d.labels?.identical : d.labels?.different;
    if (verdict) ctx.fillText(verdict, left + 2, 10);
    ctx.font = font(10);
    ctx.fillStyle = COLORS.muted;
    ctx.textAlign = 'right';
    ctx.fillText(`max |w| ${fmt(max, 2)}`, w - right, 10);
  }

  /** The incoming weights of every unit of the layer (also those not drawn): unit, input, weight. */
  table(d) {
    const rows = [];
    if (d.weights) for (let j = 0; j < d.nOut; j++) for (let i = 0; i < d.nIn; i++) rows.push([j + 1, i + 1, d.weights[i * d.nOut + j]]);
    return { header: ['unit', 'input', 'weight'], rows };
  }
}
