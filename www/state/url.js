// The whole page state in the URL hash, generated from the core's schema() so that no
// setting is declared twice (TF Playground's state.ts idea):
//   #lab=gradient&model.activation=sigmoid&model.hidden=8,8,8&lang=en&embed=1&lesson=vanishing&step=3
// Only values that differ from the base (the lab's starting config, or the lesson step's)
// are written; reading them back over the same base restores the state exactly.
// Parsing never throws: a bad value falls back to the base value with a notice naming the key.

import { clone, deepEqual, getPath, setPath } from '../util.js';
import { uiFields } from './store.js';

/** The allowed range of a numeric field in words, e.g. "(0, 10]". */
export function rangeText(f) {
  const lo = f.min == null ? '−∞' : f.min;
  const hi = f.max == null ? '∞' : f.max;
  return `${f.min_exclusive ? '(' : '['}${lo}, ${hi}]`;
}

function parseInteger(s, f) {
  if (!/^-?\d+$/.test(s.trim())) return { error: 'type' };
  const v = Number(s);
  if (!Number.isSafeInteger(v)) return { error: 'type' };
  return inRange(v, f) ? { value: v } : { error: 'range' };
}

function inRange(v, f) {
  if (f.min != null && (f.min_exclusive ? v <= f.min : v < f.min)) return false;
  if (f.max != null && v > f.max) return false;
  return true;
}

/** Parses one URL value by its field descriptor → {value} or {error: 'type'|'range'|'option'}. */
export function parseValue(s, f) {
  // A nullable setting (data.noise) is null when it means "the data set's own default".
  if (f.nullable && (s === 'auto' || s === 'null')) return { value: null };
  // A word a setting takes beside its numbers (speed=max).
  if (f.words?.includes(s)) return { value: s };
  switch (f.type) {
    case 'number': {
      if (s.trim() === '' || !Number.isFinite(Number(s))) return { error: 'type' };
      const v = Number(s);
      return inRange(v, f) ? { value: v } : { error: 'range' };
    }
    case 'integer': return parseInteger(s, f);
    case 'bool':
      if (s === '1' || s === 'true') return { value: true };
      if (s === '0' || s === 'false') return { value: false };
      return { error: 'type' };
    case 'enum': return f.options.includes(s) ? { value: s } : { error: 'option' };
    case 'int_list': {
      if (s.trim() === '') return { value: [] };
      if (f.max_len != null && s.split(',').length > f.max_len) return { error: 'range' };
      const out = [];
      for (const part of s.split(',')) {
        const r = parseInteger(part, f);
        if (r.error) return r;
        out.push(r.value);
      }
      return { value: out };
    }
    case 'enum_list': {
      if (s.trim() === '') return { value: [] };
      const parts = s.split(',');
      return parts.every((p) => f.options.includes(p)) ? { value: parts } : { error: 'option' };
    }
    default: return { error: 'type' };
  }
}

export function formatValue(v, f) {
  if (v === null) return 'auto';
  switch (f.type) {
    case 'bool': return v ? '1' : '0';
    case 'int_list': case 'enum_list': return v.join(',');
    default: return String(v); // String() of a double reads back to the same double
  }
}

function decode(s) {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
}

/** Splits a hash into [key, value] pairs, keeping their order. */
export function splitHash(hash) {
  const body = hash.replace(/^#/, '');
  if (!body) return [];
  return body.split('&').filter(Boolean).map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [decode(part), ''] : [decode(part.slice(0, i)), decode(part.slice(i + 1))];
  });
}

/**
 * The language a hash asks for, as parseHash reads it (the last valid lang=), or null.
 * Needs no schema: the page fetches that language's strings before it can parse the rest.
 */
export function hashLang(hash) {
  const field = uiFields([]).find((f) => f.key === 'lang');
  let lang = null;
  for (const [key, raw] of splitHash(hash)) if (key === 'lang' && !parseValue(raw, field).error) lang = raw;
  return lang;
}

/**
 * Reads a hash. `baseFor(ui)` gives the base config for the parsed lab/lesson/step.
 * Returns {ui, config, problems}: problems are {key, value, reason, expected, fallback}
 * or {unknown: [keys]}; config still needs the core's validateConfig (see main.js).
 */
export function parseHash(hash, fields, uiDefaults, baseFor) {
  const pairs = splitHash(hash);
  const problems = [];
  const ui = { ...uiDefaults };
  const unknown = [];
  const byPath = new Map(fields.map((f) => [f.path, f]));
  const uiByKey = new Map(uiFields(fields).map((f) => [f.key, f]));
  const uiGiven = new Set();
  const configPairs = [];
  let ab; // run A (compare.js reads it over the config)

  for (const [key, raw] of pairs) {
    const uf = uiByKey.get(key);
    if (key === 'ab') {
      ab = raw;
    } else if (uf) {
      const r = parseValue(raw, uf);
      if (r.error) problems.push({ key, value: raw, reason: r.error, field: uf, fallback: formatValue(uiDefaults[uf.state], uf) });
      else { ui[uf.state] = r.value; uiGiven.add(uf.state); }
    } else if (byPath.has(key)) {
      configPairs.push([key, raw]);
    } else {
      unknown.push(key);
    }
  }
  // A lesson chooses its lab; a lesson without a step starts at step 1.
  if (ui.lesson && !ui.step) ui.step = 1;
  if (!ui.lesson) ui.step = 0;

  const base = baseFor(ui);
  const config = clone(base);
  for (const [key, raw] of configPairs) {
    const f = byPath.get(key);
    const r = parseValue(raw, f);
    if (r.error) {
      problems.push({ key, value: raw, reason: r.error, field: f, fallback: formatValue(getPath(base, key), f) });
    } else {
      setPath(config, key, r.value);
    }
  }
  if (unknown.length) problems.push({ unknown });
  return { ui, uiGiven, config, base, problems, configKeys: configPairs.map(([k]) => k), ab };
}

/** Writes the hash: ui keys that differ from their defaults, then config paths that differ from the base. */
export function writeHash(ui, uiDefaults, config, base, fields) {
  // lab and lang always: a shared link opens in the lecture's language, whatever the viewer's browser says.
  const parts = [`lab=${ui.lab}`, `lang=${ui.lang}`];
  for (const f of uiFields(fields)) {
    if (f.key === 'lab' || f.key === 'lang') continue;
    const v = ui[f.state];
    if (f.key === 'step' && !ui.lesson) continue;
    if (f.key === 'compare' && ui.lab !== 'init') continue;
    if (v === uiDefaults[f.state]) continue;
    parts.push(`${f.key}=${encodeURIComponent(formatValue(v, f))}`);
  }
  for (const f of fields) {
    const v = getPath(config, f.path);
    if (v === undefined || deepEqual(v, getPath(base, f.path))) continue;
    parts.push(`${f.path}=${encodeURIComponent(formatValue(v, f)).replace(/%2C/g, ',').replace(/%5E/g, '^')}`);
  }
  return `#${parts.join('&')}`;
}
