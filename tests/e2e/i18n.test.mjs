// Every visible string exists in both languages, and every key the code asks for exists.
// (No browser: the string tables are plain modules.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import EN from '../../www/i18n/strings-en.js';
import KO from '../../www/i18n/strings-ko.js';

const hangul = /[\uAC00-\uD7A3]/;

test('English and Korean have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(KO).filter((k) => !(k in EN)), [], 'keys only in Korean');
  assert.deepEqual(Object.keys(EN).filter((k) => !(k in KO)), [], 'keys only in English');
  for (const [k, v] of Object.entries({ ...EN, ...KO })) assert.ok(typeof v === 'string' && v.trim(), `empty string ${k}`);
});

test('the Korean table is Korean (titles, labels, lessons), with the same {parameters}', () => {
  const params = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(EN)) {
    assert.deepEqual(params(KO[k]), params(EN[k]), `parameters of ${k}`);
    if (/^(lab|chart|lesson|help|group|banner|notice)\./.test(k) && /[a-z]{4}/i.test(EN[k])) {
      assert.match(KO[k], hangul, `${k} is translated: ${KO[k]}`);
    }
  }
});

function jsFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'pkg') return [];
    return statSync(p).isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

test('every t("key") in the code has a string', () => {
  const missing = [];
  for (const file of jsFiles(join(ROOT, 'www'))) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!(m[1] in EN)) missing.push(`${m[1]} (${file})`);
  }
  assert.deepEqual(missing, []);
});

// The Korean page needs a CJK font on the machine: without one Chromium draws every
// Hangul glyph as an empty box (the Korean screenshots of the browser tests too). A fresh
// CI machine gets it from scripts/setup.sh, which `make test` runs first.
test('Korean font: scripts/setup.sh installs fonts-noto-cjk when dpkg says it is missing, and one is installed', async () => {
  const setup = readFileSync(join(ROOT, 'scripts', 'setup.sh'), 'utf8');
  assert.match(setup, /if dpkg -s fonts-noto-cjk\b[^\n]*; then/, 'setup.sh checks for the package with dpkg -s first');
  assert.match(setup, /apt-get install[^\n]*\bfonts-noto-cjk\b/, 'setup.sh installs it with apt-get');
  const { execFileSync } = await import('node:child_process');
  let families = '';
  try { families = execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' }); } catch { /* no fontconfig */ }
  console.log(`# i18n: Korean fonts installed: ${families.split('\n').filter(Boolean).length} (${families.split('\n').filter(Boolean).slice(0, 3).join('; ')})`);
  assert.match(families, /\S/, 'a font covering Korean (fc-list :lang=ko); run scripts/setup.sh');
});
