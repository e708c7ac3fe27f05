// Every visible string, in Korean and English. t(key, params) looks the key up in the
// current language (from the store), falls back to the other language, then to the key.
// Strings live in strings-en.js and strings-ko.js, one flat table each (the same keys:
// tests/e2e/i18n.test.mjs). A visit needs one language, so each table is fetched on its
// first use (loadLang, ~15 KB gzip each): main.js awaits the first one before anything
// is drawn, and a change of language waits for its table before the page speaks it.

import { store } from '../state/store.js';
import { coreLabel } from '../state/facts.js';

const LOADERS = { en: () => import('./strings-en.js'), ko: () => import('./strings-ko.js') };
const TABLES = {};
const loading = {};

/** Whether `lang`'s strings are here, so the page can speak it at once. */
export function langLoaded(lang) { return Object.hasOwn(TABLES, lang); }

/** Fetches `lang`'s strings (once); resolves when t() can speak it. */
export function loadLang(lang) {
  if (!LOADERS[lang]) return Promise.reject(new Error(`no strings for language "${lang}"`));
  loading[lang] ??= LOADERS[lang]().then((m) => { TABLES[lang] = m.default; }, (e) => { delete loading[lang]; throw e; });
  return loading[lang];
}

export function t(key, params) {
  const lang = store.state.ui.lang;
  // The other table stands in only when the active one could not be fetched.
  let s = TABLES[lang]?.[key] ?? TABLES.en?.[key] ?? TABLES.ko?.[key];
  if (s == null) return key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] != null ? String(params[k]) : m));
  return s;
}

/** Whether a key exists (so option labels can fall back to the raw value). */
export function has(key) { return Object.values(TABLES).some((table) => key in table); }

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

