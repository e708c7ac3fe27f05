// The activation function f and its derivative f' drawn over the histogram of one
// layer's pre-activations, so a student sees where the units sit on the curve: piled
// up on the flat tails of a sigmoid is saturation, and there f' (the factor the
// gradient is multiplied by on its way back) is near 0. The shaded zones are exactly the
// core's "saturated": |z| beyond saturationThreshold(activation), where f′ is below a tenth
// of its peak (sigmoid |z| > 3.64, tanh |z| > 1.82; ReLU, Leaky ReLU and linear have none).

import { Chart, COLORS, drawAxes, drawEmpty, drawLegend, font, frame, legendTop, linearScale, THEME } from './base.js';
import { fmt } from '../util.js';

/** The saturated stretches of [x0, x1]: z < −edge and z > edge (none without an edge). */
export function saturatedZones(edge, x0, x1) {
  if (!(edge > 0)) return [];
  const zones = [];
  if (x0 < -edge) zones.push([x0, Math.min(-edge, x1)]);
  if (x1 > edge) zones.push([Math.max(edge, x0), x1]);
  return zones;
}

export class ActivationChart extends Chart {
  /**
   * data: {curve: Float64Array rows [x, f, f'], hist?: Float64Array [lo, hi, counts...],
   *        saturation?: the |z| edge of the saturated zones (null: none),
   *        labels: {f, df, hist, x, saturated}, empty?}
   * The canvas carries data-saturation="<edge>" (or none) for whoever reads the page.
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

    // Saturated zones: |z| > the core's edge, where f′ < 0.1 · max f′ (sigmoid and tanh tails).
    const zones = saturatedZones(d.saturation, x0, x1);
    if (Number.isFinite(d.saturation)) this.canvas.dataset.saturation = String(d.saturation);
    else delete this.canvas.dataset.saturation;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.08)';
    for (const [a, b] of zones) ctx.fillRect(xs(a), f.y, xs(b) - xs(a), f.h);
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.28)';
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    for (const e of [-d.saturation, d.saturation]) {
      if (!(e > x0 && e < x1)) continue;
      ctx.beginPath(); ctx.moveTo(Math.round(xs(e)) + 0.5, f.y); ctx.lineTo(Math.round(xs(e)) + 0.5, f.y + f.h); ctx.stroke();
    }
    ctx.setLineDash([]);

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
      // The zone says what it is and where it starts ("saturated", "|z| > 3.64"), against its
      // inner edge: across the zone where it is wide enough, else upright along the edge. Only
      // the first zone: the top of the negative tail is clear for sigmoid and tanh (f is low
      // there), the positive tail's top holds f ≈ 1.
      ctx.save();
      ctx.font = font(10);
      ctx.fillStyle = COLORS.muted;
      const edge = `|z| > ${fmt(d.saturation, 3)}`;
      const words = [d.labels.saturated, edge];
      for (const [a, b] of zones.slice(0, 1)) {
        const left = a <= x0; // the left zone ends at −edge: its words sit against that edge
        const room = xs(b) - xs(a) - 4;
        const x = left ? xs(b) - 2 : xs(a) + 2;
        if (words.every((s) => ctx.measureText(s).width <= room)) {
          ctx.textAlign = left ? 'right' : 'left';
          ctx.textBaseline = 'top';
          words.forEach((s, i) => ctx.fillText(s, x, f.y + 4 + i * 13));
        } else {
          words.forEach((s, i) => {
            const col = x + (left ? -7 - i * 12 : 7 + i * 12);
            if ((left ? col - 6 < xs(a) : col + 6 > xs(b)) || ctx.measureText(s).width > f.h - 8) return;
            ctx.save();
            ctx.translate(col, f.y + 4);
            ctx.rotate(-Math.PI / 2);
            ctx.textAlign = 'right';
            ctx.textBaseline = 'middle';
            ctx.fillText(s, 0, 0);
            ctx.restore();
          });
        }
      }
      ctx.restore();
    }
    drawLegend(ctx, f, legend, { y: 10 });
  }

  /**
   * The curves (series f and df, at z), the histogram bins (series hist, z to z_to, count)
   * and the shaded saturated zones (series saturated, z to z_to, value = the |z| edge).
   */
  table(d) {
    const rows = [];
    const c = d.curve;
    const n = c ? Math.floor(c.length / 3) : 0;
    if (n) for (const [a, b] of saturatedZones(d.saturation, c[0], c[(n - 1) * 3])) rows.push(['saturated', a, b, d.saturation]);
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
