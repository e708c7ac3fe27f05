// 1-D regression: training points, test points and the fitted curve on the data's axes
// (Bishop PRML Fig. 1.4: the degree-9 curve threading every training point).

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, frame, legendTop, linearScale, THEME } from './base.js';

export class ScatterCurveChart extends Chart {
  /** data: {train, test (rows [x, y]), curveX, curveY, truthY?, extent: [x0, x1, y0, y1], labels, empty?} */
  render(ctx, w, h, d) {
    if (!d.extent) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const items = [
      { label: d.labels?.train ?? 'train', color: COLORS.blue, dot: true },
      { label: d.labels?.test ?? 'test', color: COLORS.orange, dot: true, hollow: true },
      { label: d.labels?.fit ?? 'fit', color: COLORS.vermillion },
    ];
    if (d.truthY) items.push({ label: d.labels?.truth ?? 'truth', color: COLORS.grey, dash: [5, 4] });
    // A second model's curve drawn dashed behind this one (a pinned run A, www/compare.js).
    if (d.ghostY) items.push({ label: d.labels?.ghost ?? 'A', color: d.ghostColor ?? COLORS.purple, dash: [7, 4] });
    const f = frame(w, h, { top: legendTop(ctx, items, w - 50), left: 40 });
    const [x0, x1, y0, y1] = d.extent;
    const padY = (y1 - y0) * 0.05;
    const xs = linearScale(x0, x1, f.x, f.x + f.w);
    const ys = linearScale(y0 - padY, y1 + padY, f.y + f.h, f.y);
    drawAxes(ctx, f, xs, ys, { xLabel: d.labels?.x ?? 'x', yLabel: d.labels?.y ?? 'y' });
    ctx.save();
    ctx.beginPath(); ctx.rect(f.x, f.y, f.w, f.h); ctx.clip();
    const curve = (ys_, color, width, dash) => {
      if (!ys_) return;
      ctx.strokeStyle = color; ctx.lineWidth = width * THEME.line; ctx.setLineDash(dash);
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
        ctx.arc(xs(arr[i]), ys(arr[i + 1]), (hollow ? 3 : 4.5) * THEME.marker, 0, 2 * Math.PI);
        if (hollow) { ctx.strokeStyle = color; ctx.lineWidth = 1.4 * THEME.line; ctx.stroke(); } else {
          ctx.fillStyle = color; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
        }
      }
    };
    pts(d.test, COLORS.orange, true);
    pts(d.train, COLORS.blue, false);
    curve(d.ghostY, d.ghostColor ?? COLORS.purple, 2.2, [7, 4]);
    curve(d.curveY, COLORS.vermillion, 2.5, []);
    ctx.restore();
    drawLegend(ctx, f, items, { y: 10 });
  }

  /** One row per point: set (train, test, fit, truth), x, y. */
  table(d) {
    const rows = [];
    const pts = (set, arr) => { for (let i = 0; arr && i + 1 < arr.length; i += 2) rows.push([set, arr[i], arr[i + 1]]); };
    const curve = (set, ys) => { if (ys && d.curveX) for (let i = 0; i < d.curveX.length; i++) rows.push([set, d.curveX[i], ys[i]]); };
    pts('train', d.train);
    pts('test', d.test);
    curve('fit', d.curveY);
    curve('truth', d.truthY);
    curve('A_fit', d.ghostY);
    return { header: ['set', 'x', 'y'], rows };
  }
}
