#!/usr/bin/env node
// `make dist`: builds dist/dlab.html, the whole lab in ONE file that opens from file://
// with no server and no network (a lecture hall without internet: copy one file).
//
//   node scripts/dist.mjs [--out dist/dlab.html]
//
// Needs `make wasm` to have built www/pkg/. What it does, and why it stays correct:
// - The ES modules of www/ stay real ES modules. Each one is put into the page as text;
//   at load time a small inline bootstrap turns them, dependencies first, into blob: URLs
//   and imports the entry. The only change made to a module is that its relative import
//   specifiers ('./util.js', '../charts/base.js') are replaced by the blob URL of that
//   module, so live bindings, `export default`, `export let`, re-exports, evaluation
//   order: all behave exactly as when served. Specifiers are found with a small scanner
//   that skips comments, strings, template literals and regular expressions. A dynamic
//   import('./x.js') of a string literal is rewritten the same way (the page loads some
//   modules on first use); its module is inlined with the rest and gets its blob URL
//   before the importer's text is made into one.
// - www/bridge/core.js (it `import()`s ./pkg/dlab.js and fetches the .wasm and the glue's
//   text) is replaced by a shim with the same exports that imports the inlined wasm-bindgen
//   glue, compiles the wasm, inlined as base64, once, and makes the training workers from a
//   Blob of the glue's inlined text and www/bridge/worker.js's function (CSP worker-src blob:).
// - The stylesheet is inlined (its url()s as data: URLs), the favicon becomes a data: URL.
// - The page's CSP meta tag is replaced by one that allows exactly this file's inline
//   script and style (by hash), blob: modules and wasm, and nothing else: default-src
//   'none', so the file cannot reach the network even by accident.
// Anything the build cannot inline (a bare import specifier, a dynamic import() of
// anything but a relative string literal or import.meta outside core.js, a local src/href
// it does not know, a CSS @import, an import cycle) stops the build with a message naming the file, rather than producing a
// file that silently needs a server.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = '__DLAB_DIST_MODULE__';
const MIME = {
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.ttf': 'font/ttf', '.json': 'application/json', '.css': 'text/css',
};

class BuildError extends Error {}
const fail = (msg) => { throw new BuildError(msg); };

// ------------------------------------------------------------------ the scanner

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void',
  'throw', 'case', 'do', 'else', 'yield', 'await', 'export', 'default']);

/**
 * A copy of `src` of the same length in which the insides of comments, strings, template
 * literals (outside their ${...}) and regular expression literals are blanked (newlines
 * kept). Quote characters of strings stay, so a string's position can be found in the
 * mask and its text read from the source. Throws on an unterminated literal.
 */
export function maskCode(src, file = '<source>') {
  const out = src.split('');
  const blank = (i) => { if (out[i] !== '\n') out[i] = ' '; };
  const n = src.length;
  let i = 0;
  let lastSig = ''; // the last significant code token (one char, or a whole word)
  const braceStack = []; // for each open `${`: the depth of `{` inside it
  const isIdent = (c) => /[\w$]/.test(c);
  const line = (k) => src.slice(0, k).split('\n').length;

  function skipString(q) { // at src[i] === q; leaves i after the closing quote
    i++;
    while (i < n && src[i] !== q) {
      if (src[i] === '\\') { blank(i); i++; }
      if (src[i] === '\n') fail(`${file}:${line(i)}: unterminated string`);
      blank(i); i++;
    }
    if (i >= n) fail(`${file}: unterminated string`);
    i++;
  }
  function skipTemplate() { // at the character after ` or after the } closing a ${ }; returns true at `${`
    while (i < n) {
      const c = src[i];
      if (c === '\\') { blank(i); blank(i + 1); i += 2; continue; }
      if (c === '`') { i++; return false; }
      if (c === '$' && src[i + 1] === '{') { i += 2; return true; }
      blank(i); i++;
    }
    return fail(`${file}: unterminated template literal`);
  }
  function skipRegex() { // at the opening /
    i++;
    let inClass = false;
    while (i < n) {
      const c = src[i];
      if (c === '\n') fail(`${file}:${line(i)}: unterminated regular expression`);
      if (c === '\\') { blank(i); blank(i + 1); i += 2; continue; }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) { i++; break; }
      blank(i); i++;
    }
    while (i < n && isIdent(src[i])) i++; // flags
  }

  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < n && src[i] !== '\n') { blank(i); i++; }
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) fail(`${file}:${line(i)}: unterminated comment`);
      for (; i < end + 2; i++) blank(i);
    } else if (c === '"' || c === "'") {
      skipString(c); lastSig = 'str';
    } else if (c === '`') {
      i++;
      if (skipTemplate()) braceStack.push(0);
      lastSig = 'str';
    } else if (c === '/') {
      const regexOk = lastSig === '' || (lastSig.length === 1 && '(,=:[!&|?{};+-*%<>~^'.includes(lastSig)) || REGEX_AFTER_WORD.has(lastSig);
      if (regexOk) { skipRegex(); lastSig = 'regex'; } else { i++; lastSig = '/'; }
    } else if (c === '{') {
      if (braceStack.length) braceStack[braceStack.length - 1]++;
      i++; lastSig = '{';
    } else if (c === '}') {
      if (braceStack.length && braceStack[braceStack.length - 1] === 0) {
        braceStack.pop();
        i++;
        if (skipTemplate()) braceStack.push(0);
        lastSig = 'str';
      } else {
        if (braceStack.length) braceStack[braceStack.length - 1]--;
        i++; lastSig = '}';
      }
    } else if (isIdent(c)) {
      let j = i;
      while (j < n && isIdent(src[j])) j++;
      lastSig = src.slice(i, j);
      i = j;
    } else {
      if (!/\s/.test(c)) lastSig = c;
      i++;
    }
  }
  if (braceStack.length) fail(`${file}: unterminated template literal`);
  return out.join('');
}

/**
 * The module syntax of one file: every import/export that names a module, with the
 * position of its specifier's text (kind 'dynamic' for import('literal')), and the lines
 * of import() calls of anything else (an expression: not inlinable) and of import.meta.
 */
export function scanModule(src, file) {
  const mask = maskCode(src, file);
  const refs = []; // {spec, start, end, kind}
  const dynamic = [];
  const meta = [];
  const lineOf = (k) => src.slice(0, k).split('\n').length;
  const stringAt = (k) => { // mask[k] is a quote: the string literal starting there
    const q = mask[k];
    const end = mask.indexOf(q, k + 1);
    return { start: k + 1, end, spec: src.slice(k + 1, end) };
  };
  const kw = /(?<![\w$.])(import|export)(?![\w$])/g;
  for (let m; (m = kw.exec(mask));) {
    const at = m.index;
    const rest = mask.slice(at + m[1].length);
    if (m[1] === 'import') {
      if (/^\s*\(/.test(rest)) {
        // import('./x.js'): one string literal and nothing else inside the parentheses.
        const d = rest.match(/^\s*\(\s*(['"])/);
        const close = d && mask.indexOf(d[1], at + m[1].length + d[0].length);
        if (d && /^\s*\)/.test(mask.slice(close + 1))) {
          refs.push({ ...stringAt(at + m[1].length + d[0].length - 1), kind: 'dynamic', line: lineOf(at) });
        } else dynamic.push(lineOf(at));
        continue;
      }
      if (/^\s*\.\s*meta\b/.test(rest)) { meta.push(lineOf(at)); continue; }
      // import 'x' | import X, {a as b} from 'x' | import * as X from 'x'
      const s = rest.match(/^\s*(?:([\w$\s{},*]*?)\s*from\s*)?(['"])/);
      if (!s) fail(`${file}:${lineOf(at)}: cannot read this import statement`);
      const clause = s[1];
      if (clause !== undefined && !/^[\w$\s{},*]+$/.test(clause)) fail(`${file}:${lineOf(at)}: cannot read this import statement`);
      const q = at + m[1].length + s[0].length - 1;
      refs.push({ ...stringAt(q), kind: 'import', line: lineOf(at) });
    } else {
      // export * from 'x' | export * as X from 'x' | export {a, b as c} from 'x'
      const s = rest.match(/^\s*(?:\*(?:\s*as\s+[\w$]+)?|\{[\w$\s,]*\})\s*from\s*(['"])/);
      if (!s) continue; // a local export: nothing to resolve
      const q = at + m[1].length + s[0].length - 1;
      refs.push({ ...stringAt(q), kind: 'export-from', line: lineOf(at) });
    }
  }
  return { refs, dynamic, meta };
}

/** The names a module exports (for checking that a replacement keeps the interface). */
export function exportNames(src, file) {
  const mask = maskCode(src, file);
  const names = new Set();
  const re = /(?<![\w$.])export\s+(default\b|(?:async\s+)?function\s*\*?\s*([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+)|\{([^}]*)\})/g;
  for (let m; (m = re.exec(mask));) {
    if (m[1].startsWith('default')) names.add('default');
    else if (m[2] || m[3] || m[4]) names.add(m[2] || m[3] || m[4]);
    else for (const part of m[5].split(',')) {
      const p = part.trim().split(/\s+as\s+/);
      if (p[0]) names.add((p[1] ?? p[0]).trim());
    }
  }
  return [...names].sort();
}

// ------------------------------------------------------------------ the module graph

const rel = (abs) => relative(ROOT, abs).split('\\').join('/');

/** The replacement of www/bridge/core.js: the same loadCore(fresh), from the inlined glue and wasm. */
function coreShim(original, file) {
  if (!/pkg\/dlab\.js/.test(original)) {
    fail(`${file} no longer loads ./pkg/dlab.js: update the core shim in scripts/dist.mjs`);
  }
  const shim = `// dist build: www/bridge/core.js replaced by scripts/dist.mjs. The wasm-bindgen glue and the
// wasm are inlined in this file; the wasm is compiled once from its bytes (no fetch), for the
// page's own core and for every training worker (made from a Blob of the glue's text).
import * as glue from '../pkg/dlab.js';
import { workerScript } from './worker.js';
const GLUE_ID = 'www/pkg/dlab.js';
let compiled = null;
let workerUrl = null;

export function workerSource(glueText) {
  return workerScript(glueText);
}

export async function loadCore(fresh = false) {
  const dist = globalThis.__dlabDist;
  if (!compiled) compiled = new WebAssembly.Module(dist.wasmBytes());
  if (!workerUrl) workerUrl = URL.createObjectURL(new Blob([workerSource(dist.moduleText(GLUE_ID))], { type: 'text/javascript' }));
  // A fresh core is a new module instance of the glue (its own wasm memory).
  const mod = fresh ? await import(dist.freshModuleUrl(GLUE_ID)) : glue;
  mod.initSync({ module: compiled });
  return mod;
}

export function spawnWorker() {
  if (!workerUrl) throw new Error('spawnWorker: the core is not loaded');
  const worker = new Worker(workerUrl, { name: 'dlab-training' });
  worker.postMessage({ id: 0, cmd: 'init', module: compiled });
  return worker;
}
`;
  const want = exportNames(original, file);
  const have = exportNames(shim, 'core shim');
  const missing = want.filter((x) => !have.includes(x));
  if (missing.length) fail(`${file} exports ${missing.join(', ')} which the dist core shim lacks: update scripts/dist.mjs`);
  return shim;
}

const REPLACED = { 'www/bridge/core.js': coreShim };

/**
 * Reads the entry and everything it imports, statically or by import('literal'). Returns
 * the modules dependencies first, dynamic ones included (the order the bootstrap makes
 * their blob URLs in: a module's text names its imports' URLs, so those must exist first),
 * as {id, source, deps: [{start, end, id, dynamic}]}. The browser still evaluates them
 * by the static imports alone, and a dynamic one only when it is imported.
 */
export function collectModules(entryAbs) {
  const byId = new Map();
  const order = [];
  const visiting = new Set();
  function visit(abs, from) {
    const id = rel(abs);
    if (byId.has(id)) return id;
    // A cycle through an import() is refused too: each module's blob URL is fixed by its
    // text, which holds the URLs of what it imports, so neither could be made first.
    if (visiting.has(id)) fail(`import cycle through ${id} (from ${from}): the dist build cannot order it`);
    if (!existsSync(abs) || !statSync(abs).isFile()) fail(`${from} imports ${id}, which does not exist${id.startsWith('www/pkg/') ? ' (run `make wasm` first)' : ''}`);
    visiting.add(id);
    let source = readFileSync(abs, 'utf8');
    if (REPLACED[id]) source = REPLACED[id](source, id);
    if (source.includes(PLACEHOLDER)) fail(`${id} contains the string ${PLACEHOLDER}`);
    const { refs, dynamic, meta } = scanModule(source, id);
    const isGlue = id === 'www/pkg/dlab.js';
    // The glue's import.meta.url / fetch path is only taken by its async init, which the
    // shim never calls (initSync with the inlined bytes instead).
    if (!isGlue && !REPLACED[id]) {
      if (dynamic.length) fail(`${id}:${dynamic[0]}: import() of anything but a relative string literal ('./x.js') cannot be inlined by the dist build`);
      if (meta.length) fail(`${id}:${meta[0]}: import.meta cannot be used in the dist build (there is no module URL)`);
    }
    const deps = [];
    for (const r of refs) {
      if (!r.spec.startsWith('./') && !r.spec.startsWith('../')) fail(`${id}:${r.line}: bare or absolute specifier "${r.spec}" cannot be inlined`);
      const target = resolve(dirname(abs), r.spec.split(/[?#]/)[0]);
      if (extname(target) !== '.js' && extname(target) !== '.mjs') fail(`${id}:${r.line}: "${r.spec}" is not a JavaScript module`);
      deps.push({ start: r.start, end: r.end, id: visit(target, id), dynamic: r.kind === 'dynamic' });
    }
    visiting.delete(id);
    byId.set(id, { id, source, deps });
    order.push(byId.get(id));
    return id;
  }
  visit(entryAbs, 'the page');
  return order;
}

/** A module's source with each relative specifier replaced by a placeholder naming its index. */
function withPlaceholders(mod, indexOf) {
  let out = '';
  let at = 0;
  for (const d of [...mod.deps].sort((a, b) => a.start - b.start)) {
    out += mod.source.slice(at, d.start) + `${PLACEHOLDER}${indexOf.get(d.id)}__`;
    at = d.end;
  }
  return out + mod.source.slice(at);
}

// ------------------------------------------------------------------ assets

function dataUrl(abs) {
  const mime = MIME[extname(abs).toLowerCase()];
  if (!mime) fail(`${rel(abs)}: no MIME type known to inline it`);
  return `data:${mime};base64,${readFileSync(abs).toString('base64')}`;
}

function isLocal(url) {
  return !/^(data:|blob:|#|about:|javascript:|mailto:)/i.test(url) && !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

function inlineCss(abs) {
  const file = rel(abs);
  let css = readFileSync(abs, 'utf8');
  if (/@import\b/.test(css)) fail(`${file}: @import is not inlined by the dist build`);
  css = css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (all, q, url) => {
    if (!isLocal(url)) {
      if (/^https?:/i.test(url)) fail(`${file}: url(${url}) needs the network`);
      return all;
    }
    return `url("${dataUrl(resolve(dirname(abs), url.split(/[?#]/)[0]))}")`;
  });
  if (/<\/style/i.test(css)) fail(`${file} contains "</style"`);
  return css;
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// A JS string literal safe inside <script>: no "</script", "<!--" or U+2028/9 left raw.
const jsString = (s) => JSON.stringify(s).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

// The inline bootstrap: blob URLs for the modules (dependencies first), then the entry.
function bootstrap(modules, entryIndex) {
  return `
// dlab single-file build (scripts/dist.mjs): the page's ES modules, made importable
// without a server (blob: URLs), and the wasm core's bytes.
const MODULES = [
${modules.map((m) => `  [${jsString(m.id)}, ${jsString(m.text)}],`).join('\n')}
];
const urls = [];
const resolved = [];
const link = (text) => text.replace(/${PLACEHOLDER}(\\d+)__/g, (_, k) => urls[Number(k)]);
const blobUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
MODULES.forEach(([id, text], k) => {
  resolved[k] = link(text) + '\\n//# sourceURL=dlab-dist/' + id;
  urls[k] = blobUrl(resolved[k]);
});
let bytes = null;
globalThis.__dlabDist = {
  modules: MODULES.map(([id]) => id),
  /** The wasm core's bytes, decoded once from the base64 in #dlab-wasm. */
  wasmBytes() {
    if (!bytes) {
      const b64 = document.getElementById('dlab-wasm').textContent.replace(/\\s+/g, '');
      const bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    return bytes;
  },
  /** A module's text as inlined (the training worker is made from the glue's). */
  moduleText(id) {
    const k = MODULES.findIndex(([m]) => m === id);
    if (k < 0) throw new Error('dlab dist: no module ' + id);
    return resolved[k];
  },
  /** A new blob URL of a module: importing it gives a new instance. */
  freshModuleUrl(id) {
    const k = MODULES.findIndex(([m]) => m === id);
    if (k < 0) throw new Error('dlab dist: no module ' + id);
    return blobUrl(resolved[k]);
  },
};
import(urls[${entryIndex}]).catch((e) => {
  const app = document.getElementById('app');
  const box = document.createElement('div');
  box.className = 'fatal';
  box.setAttribute('role', 'alert');
  box.textContent = 'dlab: ' + String(e && e.message || e);
  (app || document.body).replaceChildren(box);
  console.error(e);
});
`;
}

// ------------------------------------------------------------------ the page

export function build({ out = join(ROOT, 'dist', 'dlab.html') } = {}) {
  const htmlPath = join(ROOT, 'index.html');
  let html = readFileSync(htmlPath, 'utf8');
  const wasmPath = join(ROOT, 'www', 'pkg', 'dlab_bg.wasm');
  if (!existsSync(wasmPath) || !existsSync(join(ROOT, 'www', 'pkg', 'dlab.js'))) fail('www/pkg/ is missing: run `make wasm` first');

  // The entry module.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  const entryTags = scripts.filter((s) => /\bsrc\s*=/.test(s[1]));
  if (entryTags.length !== 1) fail(`index.html: expected one <script src>, found ${entryTags.length}`);
  if (scripts.some((s) => !/\bsrc\s*=/.test(s[1]) && s[2].trim() && !/type\s*=\s*"(application\/json|importmap)"/.test(s[1]))) {
    fail('index.html has an inline script: the dist build does not know how to keep it');
  }
  const [tag, attrs] = entryTags[0];
  if (!/type\s*=\s*["']module["']/.test(attrs)) fail('index.html: the <script src> is not type="module"');
  const entrySrc = attrs.match(/\bsrc\s*=\s*["']([^"']+)["']/)[1];
  const modules = collectModules(resolve(ROOT, entrySrc));
  const indexOf = new Map(modules.map((m, k) => [m.id, k]));
  if (!indexOf.has('www/pkg/dlab.js')) fail('the page does not load www/pkg/dlab.js through www/bridge/core.js');
  const texts = modules.map((m) => ({ id: m.id, text: withPlaceholders(m, indexOf) }));
  const script = bootstrap(texts, indexOf.get(rel(resolve(ROOT, entrySrc))));

  // Stylesheets → <style>; icons → data: URLs.
  const styles = [];
  html = html.replace(/<link\b[^>]*>/gi, (link) => {
    const rel_ = (link.match(/\brel\s*=\s*["']([^"']+)["']/i) || [])[1] || '';
    const href = (link.match(/\bhref\s*=\s*["']([^"']+)["']/i) || [])[1];
    if (!href || !isLocal(href)) return link;
    const abs = resolve(ROOT, href.split(/[?#]/)[0]);
    if (/\bstylesheet\b/i.test(rel_)) {
      const css = `\n${inlineCss(abs)}`; // the element's exact text: the CSP hash covers it
      styles.push(css);
      return `<style>${css}</style>`;
    }
    if (/\bicon\b/i.test(rel_)) return link.replace(href, dataUrl(abs));
    if (/\b(preload|modulepreload|prefetch|manifest)\b/i.test(rel_)) return ''; // nothing left to preload
    return fail(`index.html: <link rel="${rel_}" href="${href}"> is not inlined by the dist build`);
  });

  // The script: the bootstrap module, then the wasm as base64 (not executed).
  const wasmB64 = readFileSync(wasmPath).toString('base64').replace(/.{1,120}/g, '$&\n');
  html = html.replace(tag, () => `<script type="module">${script}</script>`);
  html = html.replace(/<\/body>/i, () => `<script type="application/octet-stream" id="dlab-wasm">\n${wasmB64}</script>\n</body>`);

  // CSP: exactly this file's inline script and styles, blob: modules, wasm; no network.
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)} blob: 'wasm-unsafe-eval'`,
    // The training worker is a Blob of the inlined glue and worker code (www/bridge/core.js).
    'worker-src blob:',
    `style-src ${styles.map(sha256).join(' ') || "'none'"}`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
  if (/<meta\s+http-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>/i.test(html)) {
    html = html.replace(/<meta\s+http-equiv\s*=\s*["']Content-Security-Policy["'][^>]*>/i, () => meta);
  } else {
    html = html.replace(/<head>/i, () => `<head>\n  ${meta}`);
  }
  html = html.replace(/<html\b([^>]*)>/i, (m) => `${m}\n<!-- dlab, single-file build (make dist). Opens from file:// with no server and no network. -->`);

  // Whatever local file the page still points at would need a server: stop.
  const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<style>[\s\S]*?<\/style>/gi, '');
  for (const m of withoutScripts.matchAll(/\b(?:src|href|poster|data)\s*=\s*["']([^"']*)["']/gi)) {
    if (isLocal(m[1]) && m[1] !== '') fail(`the built page still refers to "${m[1]}": teach scripts/dist.mjs to inline it`);
  }

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, html);
  const raw = Buffer.byteLength(html);
  const gz = gzipSync(html, { level: 9 }).length;
  return { out, raw, gzip: gz, modules: modules.map((m) => m.id), wasm: statSync(wasmPath).size };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const k = process.argv.indexOf('--out');
  try {
    const r = build(k > 0 ? { out: resolve(process.argv[k + 1]) } : {});
    console.log(`${relative(process.cwd(), r.out) || r.out}: ${r.raw} bytes (${kb(r.raw)}), gzip -9 ${r.gzip} bytes (${kb(r.gzip)}); `
      + `${r.modules.length} modules, wasm ${kb(r.wasm)}`);
  } catch (e) {
    if (e instanceof BuildError) { console.error(`dist: ${e.message}`); process.exit(1); }
    throw e;
  }
}

