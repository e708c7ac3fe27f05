#!/usr/bin/env node
// Writes FILE.br (brotli, quality 11) beside each FILE given: scripts/serve.py sends it to a
// browser that accepts br while it is at least as new as FILE (the wasm: 166 KB br against
// 210 KB gzip). Python's standard library has no brotli; node's zlib has.
//   node scripts/precompress.mjs www/pkg/dlab_bg.wasm www/pkg/dlab.js
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(`${file}.br`, br);
  console.log(`${file}.br: ${br.length} bytes (${raw.length} raw)`);
}
