// Decision surface of a 2-D classifier: the model's output over the input plane
// (orange for −1, blue for +1, white at the boundary), with train points filled and
// test points hollow.

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, frame, legendTop, linearScale, THEME } from './base.js';

const NEG = [230, 159, 0]; // Okabe–Ito orange
const POS = [0, 114, 178]; // Okabe–Ito blue

function colour(v) {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const c = t < 0 ? NEG : POS;
  const a = Math.abs(t) * 0.75;
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

export class HeatmapChart extends Chart {
  constructor(canvas) {
    super(canvas);
    this.off = document.createElement('canvas');
  }
  /** data: {grid: Float32Array, res, extent: [x0, x1, y0, y1], train, test, labels: {x, y, train, test}, empty?} */
  render(ctx, w, h, d) {
    if (!d.grid || !d.res) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const [x0, x1, y0, y1] = d.extent;
    const legend = [
      { label: d.labels?.train ?? 'train', color: COLORS.black, dot: true },
      { label: d.labels?.test ?? 'test', color: COLORS.black, dot: true, hollow: true },
    ];
    const top = legendTop(ctx, legend, w - 40, 20);
    const size = Math.min(w - 40, h - top - 10);
    const f = frame(w, h, { left: 36, bottom: 26, top, right: Math.max(6, w - 36 - size) });
    f.w = Math.min(f.w, f.h); f.h = f.w;
    const res = d.res;
    this.off.width = res; this.off.height = res;
    const octx = this.off.getContext('2d');
    const img = octx.createImageData(res, res);
    for (let i = 0; i < res * res; i++) {
      const [r, g, b] = colour(d.grid[i]);
      img.data[i * 4] = r; img.data[i * 4 + 1] = g; img.data[i * 4 + 2] = b; img.data[i * 4 + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.off, f.x, f.y, f.w, f.h);
    const xs = linearScale(x0, x1, f.x, f.x + f.w);
    const ys = linearScale(y0, y1, f.y + f.h, f.y);
    drawAxes(ctx, f, xs, ys, { xLabel: '', yLabel: '' });
    const pts = (arr, hollow) => {
      if (!arr) return;
      for (let i = 0; i + 2 < arr.length; i += 3) {
        const px = xs(arr[i]), py = ys(arr[i + 1]);
        if (px < f.x || px > f.x + f.w || py < f.y || py > f.y + f.h) continue;
        const col = arr[i + 2] > 0 ? COLORS.blue : COLORS.orange;
        ctx.beginPath();
        ctx.arc(px, py, (hollow ? 3.2 : 3.4) * THEME.marker, 0, 2 * Math.PI);
        if (hollow) {
          ctx.strokeStyle = col; ctx.lineWidth = 1.6 * THEME.line; ctx.stroke();
        } else {
          ctx.fillStyle = col; ctx.fill();
          ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
        }
      }
    };
    pts(d.test, true);
    pts(d.train, false);
    drawLegend(ctx, { x: f.x, y: 0, w: w - f.x - 4, h: 20 }, legend, { y: 10, align: 'left' });
  }

  /**
   * The surface and the points: set (grid, train, test), x1, x2, value (the model's output
   * at a grid cell's centre, as Lab.grid computes it; the label of a data point). Grid row 0
   * is the top (largest x2) row.
   */
  table(d) {
    const rows = [];
    if (d.grid && d.res) {
      const [x0, x1, y0, y1] = d.extent;
      const at = (k, lo, hi) => lo + ((hi - lo) * (k + 0.5)) / d.res;
      for (let r = 0; r < d.res; r++) for (let c = 0; c < d.res; c++) rows.push(['grid', at(c, x0, x1), at(d.res - 1 - r, y0, y1), Number(d.grid[r * d.res + c].toPrecision(7))]); // float32: 7 digits
    }
    const pts = (set, arr) => { for (let i = 0; arr && i + 2 < arr.length; i += 3) rows.push([set, arr[i], arr[i + 1], arr[i + 2]]); };
    pts('train', d.train);
    pts('test', d.test);
    return { header: ['set', 'x1', 'x2', 'value'], rows };
  }
}
