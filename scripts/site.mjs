#!/usr/bin/env node
// `make site`: writes site/, exactly what the public repository's CI publishes as static
// pages (.github/workflows/publish.yml): the page, its modules, the built wasm core, the
// example deck, and the single offline file as dlab.html beside them.
//
//   node scripts/site.mjs [--out site]
//
// Needs `make dist` (which runs `make wasm`) first. Every reference in the published
// files must be relative, so the folder works from any static host and under any
// sub-path (GitHub Pages serves a project at https://OWNER.github.io/REPO/): a file that
// names an absolute path ("/www/…", src="/…") stops the build with its name.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What is published: [source, destination], files or folders, from the repo root. */
export const PUBLISHED = [
  ['index.html', 'index.html'],
  ['www', 'www'],
  ['slides/index.html', 'slides/index.html'],
  ['slides/deck.js', 'slides/deck.js'],
  ['slides/style.css', 'slides/style.css'],
  ['slides/vendor', 'slides/vendor'],
  ['dist/dlab.html', 'dlab.html'],
];
// Inside the folders above: what a browser never asks for.
const SKIPPED = [/\.md$/i, /\.d\.ts$/, /(^|\/)\./, /\.br$/]; // .br: the dev server's brotli copies
// The files the page cannot run without (checked after copying).
const REQUIRED = ['index.html', 'www/main.js', 'www/style.css', 'www/pkg/dlab.js', 'www/pkg/dlab_bg.wasm', 'dlab.html'];

// An absolute reference: an HTML src/href, a CSS url() or a JS module specifier/fetch
// that starts with "/" (but not "//", a protocol-relative URL, which the checks in
// tests/e2e/dist.test.mjs and the CSP keep out anyway).
const ABSOLUTE = [
  /\b(?:src|href)\s*=\s*["']\/(?!\/)/i,
  /url\(\s*["']?\/(?!\/)/i,
  /\b(?:from|import)\s*\(?\s*["']\/(?!\/)/,
  /\bfetch\(\s*["']\/(?!\/)/,
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function buildSite({ out = join(ROOT, 'site') } = {}) {
  const missing = PUBLISHED.map(([src]) => src).filter((src) => !existsSync(join(ROOT, src)));
  if (missing.length) throw new Error(`site: ${missing.join(', ')} missing (run \`make dist\` first: it builds www/pkg and dist/dlab.html)`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const written = [];
  for (const [src, dest] of PUBLISHED) {
    const from = join(ROOT, src);
    const files = statSync(from).isDirectory() ? walk(from).map((f) => [f, join(out, dest, relative(from, f))]) : [[from, join(out, dest)]];
    for (const [f, to] of files) {
      const name = relative(ROOT, f).split('\\').join('/');
      if (SKIPPED.some((re) => re.test(name))) continue;
      mkdirSync(dirname(to), { recursive: true });
      cpSync(f, to);
      written.push(relative(out, to).split('\\').join('/'));
    }
  }
  for (const r of REQUIRED) if (!written.includes(r)) throw new Error(`site: ${r} was not published`);
  // Checked in the published copies, so nothing that is served escapes the check.
  for (const file of written.filter((f) => /\.(html|js|mjs|css)$/.test(f) && f !== 'dlab.html')) {
    const text = readFileSync(join(out, file), 'utf8');
    for (const re of ABSOLUTE) {
      const m = text.match(re);
      if (m) {
        const line = text.slice(0, m.index).split('\n').length;
        throw new Error(`site: ${file}:${line}: an absolute path (${m[0]}…) breaks the site under a sub-path; make it relative`);
      }
    }
  }
  // GitHub Pages: publish the folder as it is (no Jekyll pass that would drop _files).
  writeFileSync(join(out, '.nojekyll'), '');
  const bytes = written.reduce((s, f) => s + statSync(join(out, f)).size, 0);
  return { out, files: written.sort(), bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const { out, files, bytes } = buildSite(i > 0 ? { out: resolve(process.argv[i + 1]) } : {});
    console.log(`${relative(process.cwd(), out) || '.'}/: ${files.length} files, ${bytes} bytes (open index.html; dlab.html is the single offline file)`);
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
}
