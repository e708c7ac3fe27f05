// The capacity table of the lecture notes as a grid of real fits: capacity (degree) down,
// training points across; each cell is one model, coloured and named by how it fits
// (underfit, good, overfit: the core's rule), with its train / test loss and max |w|.

import { Chart, COLORS, drawEmpty, font } from './base.js';
import { fmt } from '../util.js';

const FILL = { '-1': 'rgba(230, 159, 0, 0.30)', 0: 'rgba(0, 158, 115, 0.22)', 1: 'rgba(213, 94, 0, 0.30)' };

export class CapacityTableChart extends Chart {
  /**
   * data: {capacities, sizes, cells: [{capacity, n, train, test, maxw, fit (-1|0|1)}],
   *        current?: {capacity, n}, labels: {fit: {-1, 0, 1}, rowHead, colHead, train, test, maxw}, empty?}
   */
  render(ctx, w, h, d) {
    const caps = d.capacities ?? [], sizes = d.sizes ?? [];
    if (!d.cells?.length) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const headW = Math.min(70, w * 0.16), headH = 34;
    const cw = (w - headW - 6) / sizes.length, ch = (h - headH - 4) / caps.length;
    // Type grows with the cell, within reason.
    const big = Math.max(10, Math.min(16, ch / 4.2, cw / 7));
    const small = Math.max(9, big * 0.78);
    ctx.save();
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillStyle = COLORS.muted; ctx.font = font(11, 600);
    ctx.fillText(d.labels.colHead, headW + (w - headW) / 2, 9);
    ctx.save(); ctx.translate(10, headH + (h - headH) / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText(d.labels.rowHead, 0, 0); ctx.restore();
    ctx.fillStyle = COLORS.text; ctx.font = font(12, 600);
    // In a small card the column heads drop their "n =" rather than run into each other.
    const wide = sizes.every((n) => ctx.measureText(`n = ${n}`).width <= cw - 6);
    sizes.forEach((n, j) => ctx.fillText(wide ? `n = ${n}` : String(n), headW + (j + 0.5) * cw, 25));
    caps.forEach((c, i) => ctx.fillText(String(c), 20 + (headW - 20) / 2, headH + (i + 0.5) * ch));
    for (const cell of d.cells) {
      const i = caps.indexOf(cell.capacity), j = sizes.indexOf(cell.n);
      if (i < 0 || j < 0) continue;
      const x = headW + j * cw, y = headH + i * ch;
      ctx.fillStyle = FILL[cell.fit] ?? '#eee';
      ctx.fillRect(x + 1, y + 1, cw - 2, ch - 2);
      const cur = d.current && d.current.capacity === cell.capacity && d.current.n === cell.n;
      if (cur) { ctx.strokeStyle = COLORS.black; ctx.lineWidth = 2; ctx.strokeRect(x + 2, y + 2, cw - 4, ch - 4); }
      // The verdict first, shrunk to the cell's width (a cut "과소…" could be read as
      // either verdict); then the numbers that fit whole: a truncated number reads wrong.
      const verdict = d.labels.fit[cell.fit] ?? '';
      let vSize = big;
      ctx.font = font(vSize, 700);
      while (vSize > 8 && ctx.measureText(verdict).width > cw - 6) ctx.font = font(--vSize, 700);
      const details = [
        // The weight size before the losses: a small card keeps it (the notes' third knob).
        `${d.labels.maxw} ${fmt(cell.maxw, 2)}`,
        `${d.labels.train} ${fmt(cell.train, 2)}`,
        `${d.labels.test} ${fmt(cell.test, 2)}`,
      ];
      ctx.font = font(small);
      const lines = [[font(vSize, 700), verdict], ...details.filter((t) => ctx.measureText(t).width <= cw - 6).map((t) => [font(small), t])];
      // As many lines as the cell has room for, the verdict first.
      const fit = Math.max(1, Math.min(lines.length, Math.floor((ch - 4) / (big * 1.35))));
      const lh = Math.min(big * 1.4, (ch - 4) / fit);
      lines.slice(0, fit).forEach(([f, text], k) => {
        ctx.font = f; ctx.fillStyle = COLORS.text;
        let s = text;
        while (s.length > 1 && ctx.measureText(s).width > cw - 4) s = s.slice(0, -1);
        ctx.fillText(s, x + cw / 2, y + ch / 2 + (k - (fit - 1) / 2) * lh);
      });
    }
    ctx.restore();
  }

  /** One row per model. */
  table(d) {
    const names = { '-1': 'under', 0: 'good', 1: 'over' };
    return {
      header: ['capacity', 'n_train', 'train_loss', 'test_loss', 'max_abs_weight', 'weight_norm', 'fit'],
      rows: (d.cells ?? []).map((c) => [c.capacity, c.n, c.train, c.test, c.maxw, c.norm, names[c.fit]]),
    };
  }
}
