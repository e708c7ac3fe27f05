// 1-D regression: training points, test points and the fitted curve on the data's axes
// (Bishop PRML Fig. 1.4: the degree-9 curve threading every training point).

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, frame, linearScale } from './base.js';

export class ScatterCurveChart extends Chart {
  /** data: {train, test (rows [x, y]), curveX, curveY, truthY?, extent: [x0, x1, y0, y1], labels, empty?} */
  render(ctx, w, h, d) {
    if (!d.extent) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const f = frame(w, h, { top: 22, left: 40 });
    const [x0, x1, y0, y1] = d.extent;
    const padY = (y1 - y0) * 0.05;
    const xs = linearScale(x0, x1, f.x, f.x + f.w);
    const ys = linearScale(y0 - padY, y1 + padY, f.y + f.h, f.y);
    drawAxes(ctx, f, xs, ys, { xLabel: d.labels?.x ?? 'x', yLabel: d.labels?.y ?? 'y' });
    ctx.save();
    ctx.beginPath(); ctx.rect(f.x, f.y, f.w, f.h); ctx.clip();
    const curve = (ys_, color, width, dash) => {
      if (!ys_) return;
      ctx.strokeStyle = color; ctx.lineWidth = width; ctx.setLineDash(dash);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < d.curveX.length; i++) {
        const v = ys_[i];
        if (!Number.isFinite(v)) { pen = false; continue; }
        // Clamp far-off values just outside the frame so wild swings still draw as steep lines.
        const py = Math.max(f.y - 50, Math.min(f.y + f.h + 50, ys(v)));
        if (pen) ctx.lineTo(xs(d.curveX[i]), py); else ctx.moveTo(xs(d.curveX[i]), py);
        pen = true;
      }
      ctx.stroke(); ctx.setLineDash([]);
    };
    curve(d.truthY, COLORS.grey, 1.5, [5, 4]);
    const pts = (arr, color, hollow) => {
      if (!arr) return;
      for (let i = 0; i + 1 < arr.length; i += 2) {
        ctx.beginPath();
        ctx.arc(xs(arr[i]), ys(arr[i + 1]), hollow ? 3 : 4.5, 0, 2 * Math.PI);
        if (hollow) { ctx.strokeStyle = color; ctx.lineWidth = 1.4; ctx.stroke(); } else {
          ctx.fillStyle = color; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
        }
      }
    };
    pts(d.test, COLORS.orange, true);
    pts(d.train, COLORS.blue, false);
    curve(d.curveY, COLORS.vermillion, 2.5, []);
    ctx.restore();
    const items = [
      { label: d.labels?.train ?? 'train', color: COLORS.blue, dot: true },
      { label: d.labels?.test ?? 'test', color: COLORS.orange, dot: true, hollow: true },
      { label: d.labels?.fit ?? 'fit', color: COLORS.vermillion },
    ];
    if (d.truthY) items.push({ label: d.labels?.truth ?? 'truth', color: COLORS.grey, dash: [5, 4] });
    drawLegend(ctx, f, items, { y: 10 });
  }
}
