// Line chart: several series, linear or log y, an optional vertical marker (the
// best-test epoch) and optional points (a sweep's capacities).

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, extent, font, frame, leftMargin, legendHeight, linearScale, logScale, pad, THEME } from './base.js';

export class LineChart extends Chart {
  /**
   * data: {series: [{label, color, x, y, dash?, width?, points?}], logY?, xLabel?, yLabel?, yLabelShort?,
   *        marker?: {x, label, color?}, vline?: {x, label}, xDomain?, yDomain?, empty?}
   */
  render(ctx, w, h, d) {
    const series = (d.series ?? []).filter((s) => s.x.length > 0);
    const yr = extent(series.map((s) => s.y), d.logY);
    if (!series.length || (!yr && !d.yDomain)) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const legendItems = d.legend === false ? [] : (d.legendItems ?? series.filter((s) => s.label).map((s) => ({ label: s.label, color: s.color, dash: s.dash })));
    const xr = d.xDomain ?? extent(series.map((s) => s.x)) ?? [0, 1];
    if (xr[0] === xr[1]) { xr[0] = xr[0] >= 0 ? Math.max(0, xr[0] - 1) : xr[0] - 1; xr[1] += 1; } // one point
    let yDom = d.yDomain ?? pad(yr, d.logY);
    if (!d.logY && !d.yDomain && yr[0] >= 0 && yDom[0] < 0) yDom = [0, yDom[1]];
    const top = 8 + legendHeight(ctx, legendItems, w - 56);
    const probe = d.logY ? logScale(yDom[0], yDom[1], h - 32, top) : linearScale(yDom[0], yDom[1], h - 32, top);
    const f = frame(w, h, { top, left: leftMargin(ctx, probe, Math.max(2, Math.floor((h - top - 32) / 34))) });
    const xs = linearScale(xr[0], xr[1], f.x, f.x + f.w);
    const ys = d.logY ? logScale(yDom[0], yDom[1], f.y + f.h, f.y) : linearScale(yDom[0], yDom[1], f.y + f.h, f.y);
    // Whole-number x (layers, degrees): ticks only on integers.
    const xTicks = d.xInteger ? xs.ticks(Math.max(2, Math.floor(f.w / 70))).filter((v) => Number.isInteger(v)) : undefined;
    drawAxes(ctx, f, xs, ys, { xLabel: d.xLabel, yLabel: d.yLabel, yLabelShort: d.yLabelShort, xTicks: xTicks?.length ? xTicks : undefined });

    ctx.save();
    ctx.beginPath();
    ctx.rect(f.x, f.y, f.w, f.h);
    ctx.clip();
    for (const s of series) {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = (s.width ?? 2) * THEME.line;
      ctx.setLineDash(s.dash ?? []);
      ctx.beginPath();
      let pen = false;
      const n = s.x.length;
      // Decimate to about two points per pixel column.
      const stride = Math.max(1, Math.floor(n / (f.w * 2)));
      const plot = (i) => {
        const y = s.y[i];
        if (!Number.isFinite(y) || (d.logY && y <= 0)) { pen = false; return; }
        const px = xs(s.x[i]), py = ys(y);
        if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        pen = true;
      };
      for (let i = 0; i < n; i += stride) plot(i);
      if ((n - 1) % stride) plot(n - 1);
      ctx.stroke();
      ctx.setLineDash([]);
      if (s.points || n === 1) {
        ctx.fillStyle = s.color;
        for (let i = 0; i < n; i++) {
          if (!Number.isFinite(s.y[i]) || (d.logY && s.y[i] <= 0)) continue;
          ctx.beginPath(); ctx.arc(xs(s.x[i]), ys(s.y[i]), 3 * THEME.marker, 0, 2 * Math.PI); ctx.fill();
        }
      }
    }
    ctx.restore();

    for (const m of [d.vline, d.marker].filter(Boolean)) {
      if (!Number.isFinite(m.x)) continue;
      const px = Math.round(xs(m.x)) + 0.5;
      ctx.save();
      ctx.strokeStyle = m.color ?? COLORS.black;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.2 * THEME.line;
      ctx.beginPath(); ctx.moveTo(px, f.y); ctx.lineTo(px, f.y + f.h); ctx.stroke();
      ctx.setLineDash([]);
      if (Number.isFinite(m.y) && (!d.logY || m.y > 0)) {
        ctx.fillStyle = m.color ?? COLORS.black;
        ctx.beginPath(); ctx.arc(px, ys(m.y), 4 * THEME.marker, 0, 2 * Math.PI); ctx.fill();
      }
      if (m.label) {
        ctx.font = font(11, 500);
        ctx.fillStyle = m.color ?? COLORS.black;
        const tw = ctx.measureText(m.label).width;
        const right = px + 4 + tw < f.x + f.w;
        ctx.textAlign = right ? 'left' : 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fillRect(right ? px + 2 : px - 6 - tw, f.y + f.h - 18, tw + 4, 15);
        ctx.fillStyle = m.color ?? COLORS.black;
        ctx.fillText(m.label, right ? px + 4 : px - 4, f.y + f.h - 4);
      }
      ctx.restore();
    }
    drawLegend(ctx, { x: f.x, y: 0, w: f.w }, legendItems, { y: 9 });
    if (d.note) {
      ctx.save();
      ctx.font = font(11);
      ctx.fillStyle = COLORS.muted;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      ctx.fillText(d.note, f.x + 6, f.y + f.h - 4);
      ctx.restore();
    }
  }

  /**
   * The series as a table: one x column and a column per series when they share their x
   * (a loss history: epoch,train,test), else one row per point (series,x,y). A series'
   * column is its `key`, else its label; the x column is `d.xKey`, else the axis title.
   */
  table(d) {
    const series = (d.series ?? []).filter((s) => s.x.length > 0);
    const names = series.map((s, i) => s.key ?? (s.label || `series${i + 1}`));
    const xName = d.xKey ?? (d.xLabel || 'x');
    const sameX = series.every((s) => s.x.length === series[0].x.length && s.x.every((v, i) => v === series[0].x[i]));
    if (series.length && sameX) {
      return { header: [xName, ...names], rows: Array.from(series[0].x, (x, i) => [x, ...series.map((s) => s.y[i])]) };
    }
    const rows = [];
    series.forEach((s, k) => { for (let i = 0; i < s.x.length; i++) rows.push([names[k], s.x[i], s.y[i]]); });
    return { header: ['series', xName, d.yKey ?? (d.yLabel || 'y')], rows };
  }
}

