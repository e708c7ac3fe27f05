// Controls built from a lab's declaration and the core's schema. Each control writes
// one config path through session.set (the core validates it) and reads its shown
// value back from the store; it carries data-param="<config path>" for tests and the API.
//
// Spec kinds:
//   {type: 'range', path, min?, max?, step?, log?, zero?, digits?} log: 10 stops a decade; zero: 0 at the left end
//   {type: 'range', path, values: [...]}                          a slider over a fixed list of values
//   {type: 'select', path, options?}                              options default to the schema's; a nullable
//                                                                 setting (model.loss) adds "auto" first, for null
//   {type: 'toggle', path}
//   {type: 'hidden', part: 'depth'|'width', min?, max?}           model.hidden as depth × width
// A range takes min, max, step and log from the core's schema; a lab states only what
// differs for its slider (e.g. optim.lr's left end, since the schema's bound is an open 0).
// digits default to the step's decimals.
//   {type: 'features'}                                            data.features as chips
// Any spec may have when(config) → bool to show it only where it applies, and
// patch(value, config) → a config patch when one change needs others with it
// (e.g. leaving the exact solver when the model stops being linear).

import { el, fmt, getPath, roundSig } from '../util.js';
import { has, optionLabel, t } from '../i18n/i18n.js';

const STOPS_PER_DECADE = 10;

/** Position ↔ value for a slider over a list of values (the nearest one shown for others). */
export function listMapping(values) {
  return {
    max: values.length - 1,
    toValue: (p) => values[Number(p)],
    toPos: (v) => {
      let best = 0;
      values.forEach((x, i) => { if (Math.abs(x - v) < Math.abs(values[best] - v)) best = i; });
      return best;
    },
  };
}

/** Position ↔ value for a log slider (optionally with 0 at position 0). */
export function logMapping(spec) {
  const l0 = Math.log10(spec.min), l1 = Math.log10(spec.max);
  const n = Math.round((l1 - l0) * STOPS_PER_DECADE);
  const off = spec.zero ? 1 : 0;
  return {
    max: n + off,
    toValue: (p) => (spec.zero && p === 0 ? 0 : roundSig(10 ** (l0 + (p - off) / STOPS_PER_DECADE), 2)),
    toPos: (v) => {
      if (spec.zero && v <= 0) return 0;
      const p = Math.round((Math.log10(Math.max(v, 1e-300)) - l0) * STOPS_PER_DECADE) + off;
      return Math.max(off, Math.min(n + off, p));
    },
  };
}

function valueText(spec, v) {
  if (v === null) return t('ui.auto');
  if (v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('ui.on') : t('ui.off');
  if (typeof v === 'number') return spec.format ? spec.format(v) : fmt(v, 3);
  return String(v);
}

/** Builds one control; returns {node, sync(config)}. */
/** A range spec completed from its schema field: the lab's own values win. */
export function withSchemaRange(spec, field) {
  const fromSchema = spec.type === 'hidden'
    ? (spec.part === 'depth' ? { min: 1, max: field.max_len } : { min: field.min, max: field.max })
    : { min: field.min, max: field.max, step: field.step, log: field.log };
  const out = { ...Object.fromEntries(Object.entries(fromSchema).filter(([, v]) => v != null)), ...spec };
  if (out.digits == null && out.step > 0 && out.step < 1) out.digits = Math.ceil(-Math.log10(out.step) - 1e-9);
  return out;
}

function buildControl(declared, ctx) {
  const { fields } = ctx;
  let spec = declared;
  const set = (p, v) => {
    const patch = spec.patch?.(v, ctx.config());
    if (patch) ctx.apply(patch); else ctx.set(p, v);
  };
  const path = spec.type === 'hidden' ? 'model.hidden' : spec.type === 'features' ? 'data.features' : spec.path;
  const field = fields.get(path);
  if (!field) return null; // the core does not have this setting (yet): show nothing rather than a dead control
  const labelKey = spec.type === 'hidden' ? `param.model.hidden.${spec.part}` : `param.${path}`;
  const id = `ctl-${path.replace(/\W/g, '-')}${spec.part ? `-${spec.part}` : ''}`;
  const readout = el('output', { class: 'ctl-value', for: id });
  const label = el('label', { class: 'ctl-label', for: id }, el('span', { text: t(labelKey) }), readout);
  let input;
  let sync;

  if (spec.type === 'range' || spec.type === 'hidden') {
    if (!spec.values) spec = withSchemaRange(spec, field);
    const log = spec.log ? logMapping(spec) : spec.values ? listMapping(spec.values) : null;
    const step = spec.step ?? 1;
    input = el('input', {
      type: 'range', id, 'data-param': path, 'data-part': spec.part,
      min: log ? 0 : spec.min, max: log ? log.max : spec.max, step: log ? 1 : step,
      'aria-label': t(labelKey),
    });
    const toValue = (pos) => {
      if (log) return log.toValue(Number(pos));
      const v = Number(pos);
      return spec.digits != null ? Number(v.toFixed(spec.digits)) : v;
    };
    input.addEventListener('input', () => {
      const v = toValue(input.value);
      if (spec.type === 'hidden') {
        const cur = ctx.config().model.hidden;
        const width = cur.length ? cur[0] : spec.fallbackWidth ?? 8;
        const next = spec.part === 'depth'
          ? Array.from({ length: v }, (_, i) => cur[Math.min(i, cur.length - 1)] ?? width)
          : cur.map(() => v);
        set('model.hidden', next);
      } else {
        set(path, v);
      }
    });
    sync = (config) => {
      let v;
      if (spec.type === 'hidden') {
        const hidden = getPath(config, 'model.hidden') ?? [];
        v = spec.part === 'depth' ? hidden.length : (hidden.length ? Math.max(...hidden) : 0);
        input.disabled = spec.part === 'width' && hidden.length === 0;
        const mixed = spec.part === 'width' && new Set(hidden).size > 1;
        readout.textContent = mixed ? hidden.join(',') : String(v);
      } else {
        v = getPath(config, path);
        readout.textContent = valueText(spec, v);
      }
      const pos = log ? log.toPos(v) : v;
      if (String(input.value) !== String(pos)) input.value = String(pos);
    };
  } else if (spec.type === 'select') {
    const options = spec.options ?? field.options ?? [];
    // null is "the data set's own default": the option value "auto", as in the URL (url.js).
    const nullable = Boolean(field.nullable);
    const autoText = has(`opt.${path}.auto`) ? t(`opt.${path}.auto`) : t('ui.auto');
    input = el('select', { id, 'data-param': path, 'aria-label': t(labelKey) },
      nullable ? el('option', { value: 'auto', text: autoText }) : null,
      options.map((o) => el('option', { value: o, text: optionLabel(path, o) })));
    input.addEventListener('change', () => set(path, nullable && input.value === 'auto' ? null : input.value));
    sync = (config) => {
      const v = getPath(config, path);
      if (v == null && nullable) { input.value = 'auto'; readout.textContent = ''; return; }
      if (!options.includes(v) && v != null && ![...input.options].some((o) => o.value === v)) {
        input.append(el('option', { value: v, text: optionLabel(path, v) }));
      }
      input.value = v;
      readout.textContent = '';
    };
  } else if (spec.type === 'toggle') {
    input = el('input', { type: 'checkbox', id, 'data-param': path, 'aria-label': t(labelKey) });
    input.addEventListener('change', () => set(path, input.checked));
    sync = (config) => { input.checked = Boolean(getPath(config, path)); };
    const node = el('div', { class: 'ctl ctl-toggle' }, el('label', { class: 'ctl-label', for: id }, input, el('span', { text: t(labelKey) })));
    return { node, sync, spec };
  } else if (spec.type === 'features') {
    const options = field.options ?? [];
    const chips = options.map((o) => {
      const box = el('input', { type: 'checkbox', 'data-param': 'data.features', 'data-value': o, 'aria-label': o });
      box.addEventListener('change', () => {
        const cur = ctx.config().data.features;
        const next = options.filter((x) => (x === o ? box.checked : cur.includes(x)));
        set('data.features', next);
      });
      return { o, box, node: el('label', { class: 'chip' }, box, el('span', { text: optionLabel('data.features', o) })) };
    });
    sync = (config) => {
      const cur = getPath(config, 'data.features') ?? [];
      for (const c of chips) c.box.checked = cur.includes(c.o);
      readout.textContent = '';
    };
    const node = el('div', { class: 'ctl ctl-features', 'data-param': 'data.features' }, el('div', { class: 'ctl-label' }, el('span', { text: t(labelKey) })), el('div', { class: 'chips' }, chips.map((c) => c.node)));
    return { node, sync, spec };
  }
  const node = el('div', { class: `ctl ctl-${spec.type}` }, label, input);
  return { node, sync, spec };
}

/**
 * Builds the control groups of a lab: groups = [{title, items: [spec...]}].
 * Returns {node, sync(config)}; sync also hides controls whose when(config) is false.
 */
export function buildControls(groups, ctx) {
  const built = [];
  const node = el('div', { class: 'controls' });
  for (const g of groups) {
    const items = g.items.map((s) => buildControl(s, ctx)).filter(Boolean);
    if (!items.length) continue;
    const box = el('fieldset', { class: 'group' }, el('legend', { text: t(g.title) }), items.map((i) => i.node));
    node.append(box);
    built.push(...items.map((i) => ({ ...i, group: box })));
  }
  return {
    node,
    sync(config) {
      for (const c of built) {
        const visible = !c.spec.when || c.spec.when(config);
        c.node.hidden = !visible;
        if (visible) c.sync(config);
      }
      for (const fs of node.querySelectorAll('fieldset')) {
        fs.hidden = [...fs.querySelectorAll(':scope > .ctl')].every((c) => c.hidden);
      }
    },
  };
}
