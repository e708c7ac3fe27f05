// The activation function f and its derivative f' drawn over the histogram of one
// layer's pre-activations, so a student sees where the units sit on the curve: piled
// up on the flat tails of a sigmoid is saturation, and there f' (the factor the
// gradient is multiplied by on its way back) is near 0.

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, font, frame, legendTop, linearScale, THEME } from './base.js';

export class ActivationChart extends Chart {
  /**
   * data: {curve: Float64Array rows [x, f, f'], hist?: Float64Array [lo, hi, counts...],
   *        labels: {f, df, hist, x, saturated}, empty?}
   */
  render(ctx, w, h, d) {
    const c = d.curve;
    if (!c || c.length < 6) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const hist = d.hist;
    const legend = [
      { label: d.labels?.f ?? 'f', color: COLORS.blue },
      { label: d.labels?.df ?? "f'", color: COLORS.vermillion, dash: [6, 4] },
      ...(hist ? [{ label: d.labels?.hist ?? 'histogram', color: COLORS.sky, box: true }] : []),
    ];
    const f = frame(w, h, { top: legendTop(ctx, legend, w - 50), left: 40 });
    const n = c.length / 3;
    const x0 = c[0], x1 = c[(n - 1) * 3];
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, c[i * 3 + 1], c[i * 3 + 2]);
      hi = Math.max(hi, c[i * 3 + 1], c[i * 3 + 2]);
    }
    lo = Math.min(lo, 0);
    const padY = (hi - lo) * 0.08;
    const xs = linearScale(x0, x1, f.x, f.x + f.w);
    const ys = linearScale(lo - padY, hi + padY, f.y + f.h, f.y);

    // Saturated zones: where f' has fallen below 2% of its peak (sigmoid and tanh tails).
    let peak = 0;
    for (let i = 0; i < n; i++) peak = Math.max(peak, c[i * 3 + 2]);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.06)';
    let zoneStart = null;
    const zones = [];
    for (let i = 0; i < n; i++) {
      const flat = c[i * 3 + 2] < 0.02 * peak && c[i * 3 + 1] !== 0;
      if (flat && zoneStart == null) zoneStart = c[i * 3];
      if ((!flat || i === n - 1) && zoneStart != null) { zones.push([zoneStart, c[i * 3]]); zoneStart = null; }
    }
    for (const [a, b] of zones) ctx.fillRect(xs(a), f.y, xs(b) - xs(a), f.h);

    // Histogram of pre-activations, scaled to the frame height (its own axis would only add clutter).
    if (hist && hist.length > 2) {
      const hlo = hist[0], hhi = hist[1], B = hist.length - 2;
      let max = 0;
      for (let b = 0; b < B; b++) max = Math.max(max, hist[b + 2]);
      if (max > 0) {
        ctx.fillStyle = 'rgba(86, 180, 233, 0.45)';
        const bw = (hhi - hlo) / B;
        for (let b = 0; b < B; b++) {
          const v = hist[b + 2];
          if (!v) continue;
          const a = Math.max(x0, hlo + b * bw), e = Math.min(x1, hlo + (b + 1) * bw);
          if (e <= a) continue;
          const hh = (v / max) * f.h * 0.92;
          ctx.fillRect(xs(a), f.y + f.h - hh, Math.max(1, xs(e) - xs(a) - 0.5), hh);
        }
      }
    }
    drawAxes(ctx, f, xs, ys, { xLabel: d.labels?.x });

    ctx.save();
    ctx.beginPath(); ctx.rect(f.x, f.y, f.w, f.h); ctx.clip();
    const line = (col, color, dash) => {
      ctx.strokeStyle = color; ctx.lineWidth = 2.5 * THEME.line; ctx.setLineDash(dash);
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const px = xs(c[i * 3]), py = ys(c[i * 3 + col]);
        if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py);
      }
      ctx.stroke(); ctx.setLineDash([]);
    };
    line(1, COLORS.blue, []);
    line(2, COLORS.vermillion, [6, 4]);
    ctx.restore();
    if (zones.length && d.labels?.saturated) {
      ctx.save();
      ctx.font = font(10);
      ctx.fillStyle = COLORS.muted;
      ctx.textBaseline = 'top';
      const [a, b] = zones[0];
      ctx.textAlign = 'left';
      if (xs(b) - xs(a) > 50) ctx.fillText(d.labels.saturated, xs(a) + 3, f.y + 24);
      ctx.restore();
    }
    drawLegend(ctx, f, legend, { y: 10 });
  }

  /** The curves (series f and df, at z) and the histogram bins (series hist, z to z_to, count). */
  table(d) {
    const rows = [];
    const c = d.curve;
    const n = c ? Math.floor(c.length / 3) : 0;
    for (let i = 0; i < n; i++) rows.push(['f', c[i * 3], '', c[i * 3 + 1]]);
    for (let i = 0; i < n; i++) rows.push(['df', c[i * 3], '', c[i * 3 + 2]]);
    const h = d.hist;
    if (h && h.length > 2) {
      const B = h.length - 2, bw = (h[1] - h[0]) / B;
      for (let b = 0; b < B; b++) rows.push(['hist', h[0] + b * bw, h[0] + (b + 1) * bw, h[b + 2]]);
    }
    return { header: ['series', 'z', 'z_to', 'value'], rows };
  }
}
