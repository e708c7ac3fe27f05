// Every visible string, in Korean and English. t(key, params) looks the key up in the
// current language (from the store), falls back to English, then to the key itself.
// Strings live in strings-en.js and strings-ko.js, one flat table each.

import { store } from '../state/store.js';
import EN from './strings-en.js';
import KO from './strings-ko.js';
import { coreLabel } from '../state/facts.js';

const TABLES = { en: EN, ko: KO };

export function t(key, params) {
  const lang = store.state.ui.lang;
  let s = TABLES[lang]?.[key] ?? EN[key];
  if (s == null) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] != null ? String(params[k]) : m));
  return s;
}

/** Whether a key exists (so option labels can fall back to the raw value). */
export function has(key) { return key in EN; }

/** The label of an enum option: opt.<path>.<value>, else the value itself. */
export function optionLabel(path, value) {
  const key = `opt.${path}.${value}`;
  return has(key) ? t(key) : coreLabel(path, value) ?? value;
}

/** The language the browser prefers, when the URL does not say. */
export function browserLang() {
  const first = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return String(first).toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

