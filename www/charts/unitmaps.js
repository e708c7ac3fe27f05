// Unit maps: what each unit of the network computes over the input plane (or over x), as
// the core's Lab.unitMaps gives it, drawn as small pictures inside the diagram's nodes.
// The colour scale is the activation's own range, read from the core's facts (facts.js
// outputBounds): σ 0..1 and tanh −1..1 diverge orange → white → blue around their middle;
// ReLU 0..max goes white → blue, so a dead unit is a white square; an unbounded end takes
// the hidden layers' largest value, so units and layers compare on one scale.

import { outputBounds } from '../state/facts.js';

const LOW = [230, 159, 0]; // Okabe–Ito orange
const HIGH = [0, 114, 178]; // Okabe–Ito blue

/** The largest |value| of some layers: the shared end of an unbounded scale. */
export function largest(layers) {
  let big = 0;
  for (const l of layers) for (const v of l.values) { const a = Math.abs(v); if (a > big && Number.isFinite(a)) big = a; }
  return big;
}

/**
 * A layer's colour scale: {lo, hi, sequential} from its activation's bounds and, where
 * unbounded, `shared` (the largest |value| of the hidden layers, so a deep ReLU layer whose
 * signal has faded under Xavier is drawn faded, not stretched to full colour) or its own values.
 */
export function layerScale(layer, shared) {
  const [bLo, bHi] = outputBounds(layer.activation);
  let min = Infinity, max = -Infinity;
  if (shared > 0) { min = -shared; max = shared; } else if (bLo == null || bHi == null) {
    for (const v of layer.values) { if (v < min) min = v; if (v > max) max = v; }
  }
  const big = Math.max(Math.abs(min), Math.abs(max), 1e-6);
  const lo = bLo ?? -big;
  const hi = bHi ?? Math.max(max, lo + 1e-6);
  // Bounded below at 0 and not above (ReLU): a sequential scale from 0.
  return { lo, hi, sequential: bLo === 0 && bHi == null };
}

/** [r, g, b] of value v on a layer's scale. */
export function colourOf(v, { lo, hi, sequential }) {
  if (!Number.isFinite(v)) return [200, 200, 200];
  let t;
  let c;
  if (sequential) { t = Math.max(0, Math.min(1, (v - lo) / (hi - lo))); c = HIGH; } else {
    const s = Math.max(-1, Math.min(1, (2 * (v - lo)) / (hi - lo) - 1));
    t = Math.abs(s); c = s < 0 ? LOW : HIGH;
  }
  const a = t * 0.85;
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/** Unit u of a layer as an offscreen canvas of width × height pixels (2-D sets). */
export function mapImage(layer, u, width, height, scale, canvas = document.createElement('canvas')) {
  const n = width * height;
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const octx = canvas.getContext('2d');
  const img = octx.createImageData(width, height);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = colourOf(layer.values[u * n + i], scale);
    img.data[i * 4] = r; img.data[i * 4 + 1] = g; img.data[i * 4 + 2] = b; img.data[i * 4 + 3] = 255;
  }
  octx.putImageData(img, 0, 0);
  return canvas;
}

/** Unit u of a layer (1-D sets) as its curve over x inside the box (x, y, w, h). */
export function drawCurve(ctx, layer, u, n, scale, x, y, w, h, color) {
  const off = u * n;
  const span = scale.hi - scale.lo || 1;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const v = layer.values[off + i];
    const py = y + h - ((Math.max(scale.lo, Math.min(scale.hi, v)) - scale.lo) / span) * h;
    const px = x + (i / Math.max(1, n - 1)) * w;
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  }
  ctx.strokeStyle = color;
  ctx.stroke();
}

/** Unit u's map as a plain array (for window.dlab.units). */
export function unitMap(layer, u, n) {
  return layer.values.slice(u * n, (u + 1) * n);
}

/**
 * The maps the diagram draws, refreshed from the core when the network has changed (a new
 * metrics object: a step, a rebuild, an edit) but, while it trains, no more often than
 * keeps their cost within a fifth of the time: a 64-wide network (whose maps the core
 * already computes on a coarser grid) refreshes a few times a second instead of every
 * frame. `ms` is the last refresh's cost, on the canvas as data-units-ms.
 */
export class UnitsFeed {
  constructor() { this.maps = null; this.version = null; this.lab = null; this.ms = 0; this.at = -Infinity; }
  /** `throttle` (while playing): a stale picture may stay for a few frames; else always current. */
  get(lab, version, throttle = false, now = performance.now()) {
    const fresh = this.lab === lab && this.version === version;
    if (fresh && this.maps) return this.maps;
    const due = !throttle || this.lab !== lab || !this.maps || now - this.at >= 4 * this.ms;
    if (!due) return this.maps;
    const t0 = performance.now();
    this.maps = lab.unitMaps(0);
    this.ms = performance.now() - t0;
    this.at = t0;
    // An empty answer (the training worker has not sent this build's maps yet) is asked again next frame.
    this.lab = lab; this.version = this.maps?.layers?.length ? version : null;
    return this.maps;
  }
}
