// `npm ci && npm run vendor` (in slides/): copies the two reveal.js files the deck needs
// from node_modules into vendor/, with reveal.js's MIT licence, so the deck itself needs
// no npm step and works offline, served or from file://.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = join(HERE, 'node_modules', 'reveal.js');
const OUT = join(HERE, 'vendor');
const { version } = JSON.parse(readFileSync(join(SRC, 'package.json'), 'utf8'));
mkdirSync(OUT, { recursive: true });

copyFileSync(join(SRC, 'dist', 'reveal.js'), join(OUT, 'reveal.js')); // starts with its MIT header
copyFileSync(join(SRC, 'LICENSE'), join(OUT, 'LICENSE'));
// dist/reveal.css carries no header of its own: add the same notice as reveal.js's.
const css = readFileSync(join(SRC, 'dist', 'reveal.css'), 'utf8');
const year = (readFileSync(join(SRC, 'LICENSE'), 'utf8').match(/Copyright \(C\) ([\d-]+)/) || [])[1] || '';
writeFileSync(join(OUT, 'reveal.css'),
  `/*!\n * reveal.js ${version} dist/reveal.css\n * https://revealjs.com\n * MIT licensed (see LICENSE)\n *\n * Copyright (C) ${year} Hakim El Hattab, https://hakim.se\n */\n${css}`);
writeFileSync(join(OUT, 'README.md'), `# Vendored reveal.js ${version}

\`reveal.js\` and \`reveal.css\` are \`dist/reveal.js\` and \`dist/reveal.css\` of the npm package
[reveal.js](https://www.npmjs.com/package/reveal.js) ${version} (MIT, see LICENSE), copied by
\`npm ci && npm run vendor\` in \`slides/\` (\`slides/package.json\` + \`package-lock.json\` pin the
version). Only a licence comment is added at the top of reveal.css. No theme: the deck's look
is \`../style.css\`.
`);
console.log(`vendored reveal.js ${version} into ${OUT}`);
