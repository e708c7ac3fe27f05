// A chart as an SVG figure for handouts: vector lines, text as <text>. The chart's own
// render() draws it, onto svgcanvas's Context (vendor/svgcanvas.js), a canvas-2D context
// that records what is drawn as SVG elements instead of pixels; so the SVG is the chart
// as drawn, at its size on the page, with the chart's title above it (as the PNG has it).
// A bitmap inside a chart (the decision map's colours) stays a bitmap, embedded as <image>.

import { Context } from '../vendor/svgcanvas.js';
import { FONT, THEME } from '../charts/base.js';

/**
 * svgcanvas reads a font shorthand by writing it into a span's style *attribute*, which
 * the page's CSP (no 'unsafe-inline' styles) refuses: the text would lose its font. The
 * same parse through the CSSOM (span.style.font = …) is allowed; only that changes.
 */
class SvgContext extends Context {
  __applyText(text, x, y, action) {
    const span = document.createElement('span');
    span.style.font = this.font;
    const style = span.style;
    const parent = this.__closestGroupOrSvg(); // before the new node becomes the current element
    const node = this.__createElement('text', {
      'font-family': style.fontFamily, 'font-size': style.fontSize, 'font-style': style.fontStyle, 'font-weight': style.fontWeight,
      'text-decoration': this.__fontUnderline, x, y,
      'text-anchor': ({ left: 'start', right: 'end', center: 'middle', start: 'start', end: 'end' })[this.textAlign] ?? 'start',
      'dominant-baseline': ({ alphabetic: 'alphabetic', hanging: 'hanging', top: 'text-before-edge', bottom: 'text-after-edge', middle: 'central' })[this.textBaseline] ?? 'alphabetic',
    }, true);
    node.appendChild(this.__document.createTextNode(text));
    this.__currentElement = node;
    this.__applyTransformation(node);
    this.__applyStyleToCurrentElement(action);
    parent.appendChild(node);
  }
}

/** The chart as last drawn, as an SVG document (text); `title` goes above it. */
export function chartSvg(chart, title = '') {
  const canvas = chart.canvas;
  if (!chart.lastData) throw new Error('this chart has not been drawn yet');
  const w = canvas.dlabCssW ?? canvas.clientWidth;
  const h = canvas.dlabCssH ?? canvas.clientHeight;
  const zoom = canvas.dlabZoom ?? THEME.zoom;
  const px = 15 * THEME.zoom;
  const head = title ? Math.round(px * 2) : 0;
  const ctx = new SvgContext({ width: w, height: h + head, document });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h + head);
  if (title) {
    ctx.fillStyle = '#000000';
    ctx.font = `650 ${px}px ${FONT}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(title, Math.round(px * 0.6), head / 2);
  }
  // What prepare() (charts/base.js) sets up for a canvas: the zoom, round joins, and the
  // CSS size drawAxes reads from ctx.canvas (here the context itself).
  ctx.translate(0, head);
  ctx.scale(zoom, zoom);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.dlabCssW = w;
  ctx.dlabZoom = zoom;
  chart.render(ctx, w / zoom, h / zoom, chart.lastData);
  const svg = ctx.getSvg();
  if (title) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    node.textContent = title;
    svg.insertBefore(node, svg.firstChild);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}
