// Mean and spread of each hidden layer's activations: a dot at the mean, a bar of ± one
// standard deviation, one group per run. With reference lines (0, and ½ for the sigmoid) it
// shows whether a layer's outputs are zero-centred (tanh) or all positive around ½ (sigmoid).

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, font, frame, legendTop, linearScale, THEME } from './base.js';

export class MeanSpreadChart extends Chart {
  /**
   * data: {labels: string[] (one per layer), groups: [{label, key, color, mean, std}],
   *        yDomain: [lo, hi], refs?: [{y, label}], xLabel?, yLabel?, empty?}
   */
  render(ctx, w, h, d) {
    const n = d.labels?.length ?? 0;
    const groups = (d.groups ?? []).filter((g) => g.mean?.length);
    if (!n || !groups.length) { drawEmpty(ctx, w, h, d.empty ?? ''); return; }
    const items = [
      ...groups.map((g) => ({ label: g.label, color: g.color, dot: true })),
      { label: d.spreadLabel ?? '± std', color: COLORS.grey },
    ];
    const f = frame(w, h, { top: legendTop(ctx, items, w - 50), left: 44, bottom: d.xLabel ? 32 : 22 });
    const [lo, hi] = d.yDomain ?? [-1, 1];
    const xs = linearScale(-0.5, n - 0.5, f.x, f.x + f.w);
    const ys = linearScale(lo, hi, f.y + f.h, f.y);
    const every = Math.ceil(n / Math.max(1, Math.floor(f.w / 26)));
    const xTicks = [];
    for (let i = 0; i < n; i += every) xTicks.push(i);
    drawAxes(ctx, f, xs, ys, { xLabel: d.xLabel, yLabel: d.yLabel, xTicks, xFormat: (i) => d.labels[i] ?? '' });
    ctx.save();
    ctx.beginPath(); ctx.rect(f.x, f.y, f.w, f.h); ctx.clip();
    // Reference levels: dashed lines under the data, their labels over it (right end).
    for (const r of d.refs ?? []) {
      const y = Math.round(ys(r.y)) + 0.5;
      ctx.strokeStyle = COLORS.axis; ctx.lineWidth = 1; ctx.setLineDash([5, 4]);
      ctx.beginPath(); ctx.moveTo(f.x, y); ctx.lineTo(f.x + f.w, y); ctx.stroke(); ctx.setLineDash([]);
    }
    const band = f.w / n;
    const gw = (band * 0.7) / groups.length;
    groups.forEach((g, gi) => {
      for (let i = 0; i < n; i++) {
        const m = g.mean[i], s = g.std?.[i] ?? 0;
        if (!Number.isFinite(m)) continue;
        const x = f.x + i * band + band * 0.15 + (gi + 0.5) * gw;
        const clampY = (v) => Math.max(f.y - 2, Math.min(f.y + f.h + 2, ys(v)));
        // The spread: a translucent bar from mean − std to mean + std.
        ctx.globalAlpha = 0.28; ctx.fillStyle = g.color;
        const bw = Math.max(3, Math.min(18, gw * 0.7));
        ctx.fillRect(x - bw / 2, clampY(m + s), bw, Math.max(1, clampY(m - s) - clampY(m + s)));
        ctx.globalAlpha = 1;
        ctx.beginPath(); ctx.arc(x, clampY(m), 4.5 * THEME.marker, 0, 2 * Math.PI);
        ctx.fillStyle = g.color; ctx.fill(); ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      }
    });
    for (const r of d.refs ?? []) {
      const y = Math.round(ys(r.y)) + 0.5;
      ctx.font = font(10); ctx.textAlign = 'right'; ctx.textBaseline = 'bottom';
      const tw = ctx.measureText(r.label).width;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(f.x + f.w - tw - 6, y - 14, tw + 5, 12);
      ctx.fillStyle = COLORS.muted;
      ctx.fillText(r.label, f.x + f.w - 3, y - 2);
    }
    ctx.restore();
    drawLegend(ctx, f, items, { y: 10 });
  }

  /** One row per layer: a mean and a std column per run. */
  table(d) {
    const groups = d.groups ?? [];
    return {
      header: ['layer', ...groups.flatMap((g) => [`${g.key}_act_mean`, `${g.key}_act_std`])],
      rows: (d.labels ?? []).map((label, i) => [label, ...groups.flatMap((g) => [g.mean[i], g.std?.[i]])]),
    };
  }
}
