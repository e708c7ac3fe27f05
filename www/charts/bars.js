// Bar chart: one or more groups of bars per category, linear, log or symmetric-log y.
// Used for per-layer gradient norms (log), saturation per layer, and model coefficients.

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, extent, font, frame, leftMargin, legendTop, linearScale, logScale, pad, symlogScale } from './base.js';
import { fmt } from '../util.js';

export class BarChart extends Chart {
  /**
   * data: {labels: string[], groups: [{label, color, values}], scale: 'linear'|'log'|'symlog',
   *        yLabel?, yLabelShort? (where yLabel does not fit), xLabel?, yDomain?, highlight?: index,
   *        valueText?: bool, empty?, percent?, markZeros?: bool (a ring on every bar exactly 0:
   *        L1's zeroed coefficients read as "0", not as "missing")}
   */
  render(ctx, w, h, d) {
    const n = d.labels?.length ?? 0;
    const groups = d.groups ?? [];
    const scale = d.scale ?? 'linear';
    const all = groups.map((g) => g.values);
    const r = extent(all, scale === 'log');
    if (!n || !groups.length || (!r && !d.yDomain)) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const legend = groups.length > 1 || d.legend;
    let dom = d.yDomain;
    if (!dom) {
      if (scale === 'log') dom = pad(r, true, 0.04);
      else dom = [Math.min(0, r[0]), Math.max(0, r[1])];
      if (scale === 'linear') dom = [dom[0] < 0 ? dom[0] * 1.08 : 0, dom[1] > 0 ? dom[1] * 1.08 : 0];
      if (dom[0] === dom[1]) dom = [dom[0] - 1, dom[1] + 1];
    }
    const legendItems = legend ? groups.map((g) => ({ label: g.label, color: g.color, box: true })) : [];
    const top = legend ? legendTop(ctx, legendItems, w - 66) : 10, bottom = d.xLabel ? 32 : 22;
    const makeScale = (y0, y1) => (scale === 'log' ? logScale(dom[0], dom[1], y0, y1)
      : scale === 'symlog' ? symlogScale(dom[0], dom[1], y0, y1, d.symlogC ?? 1)
        : linearScale(dom[0], dom[1], y0, y1));
    const yFormat = d.percent ? (v) => `${Math.round(v * 100)}%` : undefined;
    const f = frame(w, h, { top, bottom, left: leftMargin(ctx, makeScale(h - bottom, top), Math.max(2, Math.floor((h - top - bottom) / 34)), yFormat) });
    const ys = makeScale(f.y + f.h, f.y);
    const band = f.w / n;
    const xs = linearScale(-0.5, n - 0.5, f.x, f.x + f.w);
    const every = Math.ceil(n / Math.max(1, Math.floor(f.w / 26)));
    let xTicks = [];
    for (let i = 0; i < n; i += every) xTicks.push(i);
    if (d.tickAt) xTicks = d.tickAt;
    drawAxes(ctx, f, xs, ys, {
      xLabel: d.xLabel, yLabel: d.yLabel, yLabelShort: d.yLabelShort, xTicks,
      xFormat: (i) => d.labels[i] ?? '',
      yFormat,
    });
    const base = scale === 'log' ? f.y + f.h : ys(Math.max(dom[0], Math.min(dom[1], 0)));
    const gw = Math.max(1, (band * 0.8) / groups.length);
    if (d.highlight != null && d.highlight >= 0 && d.highlight < n) {
      // The selected layer: a neutral grey band with a dashed frame, no data colour (a
      // yellow band read as "100 % saturated" on the saturation chart).
      ctx.fillStyle = 'rgba(60, 60, 60, 0.07)';
      ctx.fillRect(f.x + d.highlight * band, f.y, band, f.h);
      ctx.save();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = 'rgba(60, 60, 60, 0.55)';
      ctx.lineWidth = 1;
      ctx.strokeRect(f.x + d.highlight * band + 0.5, f.y + 0.5, band - 1, f.h - 1);
      ctx.restore();
    }
    groups.forEach((g, gi) => {
      ctx.fillStyle = g.color;
      for (let i = 0; i < n; i++) {
        const v = g.values[i];
        const x = f.x + i * band + band * 0.1 + gi * gw;
        if (!Number.isFinite(v) || (scale === 'log' && v <= 0)) {
          // A zero (or vanished) value on a log axis: a small mark on the floor, so the bar reads as "0", not "missing".
          ctx.fillStyle = COLORS.muted;
          ctx.fillRect(x, f.y + f.h - 2, Math.max(1, gw - 1), 2);
          ctx.fillStyle = g.color;
          continue;
        }
        const y = Math.max(f.y, Math.min(f.y + f.h, ys(v)));
        if (v === 0 && d.markZeros) {
          ctx.save();
          ctx.strokeStyle = g.color;
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.arc(x + gw / 2, base, Math.max(2.5, Math.min(5, gw / 3)), 0, 2 * Math.PI);
          ctx.stroke();
          ctx.restore();
        }
        ctx.fillRect(x, Math.min(y, base), Math.max(1, gw - (gw > 4 ? 1 : 0)), Math.max(v === 0 ? 0 : 1, Math.abs(base - y)));
        if (d.valueText && gw >= 24) {
          ctx.save();
          ctx.font = font(10);
          ctx.fillStyle = COLORS.text;
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          const txt = d.percent ? `${Math.round(v * 100)}%` : fmt(v, 2);
          // Positive: above the bar. Negative: above the zero line, where the bar leaves room.
          ctx.fillText(txt, x + gw / 2, (v >= 0 || scale === 'log' ? Math.min(y, base) : base) - 1);
          ctx.restore();
        }
      }
    });
    if (scale !== 'log' && dom[0] < 0) {
      ctx.strokeStyle = COLORS.axis;
      ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(f.x, Math.round(base) + 0.5); ctx.lineTo(f.x + f.w, Math.round(base) + 0.5); ctx.stroke();
    }
    if (legend) drawLegend(ctx, f, legendItems, { y: 10 });
  }

  /**
   * One row per bar: its label and a column per group. When only some bars are labelled
   * (the first-layer weights: one label per input), each bar gets its position too, and
   * the label of the group it is in.
   */
  table(d) {
    const groups = d.groups ?? [];
    const labels = d.labels ?? [];
    const values = (i) => groups.map((g) => g.values[i]);
    const header = [d.xKey ?? (d.xLabel || 'label'), ...groups.map((g, k) => g.key ?? (g.label || `group${k + 1}`))];
    if (labels.every(Boolean)) return { header, rows: labels.map((label, i) => [label, ...values(i)]) };
    let last = '';
    return { header: ['index', ...header], rows: labels.map((label, i) => [i + 1, (last = label || last), ...values(i)]) };
  }
}
