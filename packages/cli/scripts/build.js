#!/usr/bin/env node
/*
 * Bundles the CLI into dist/groundwork.cjs with esbuild: Groundwork's own
 * packages (TypeScript in this repository) are inlined, other dependencies
 * stay external. One file starts far faster than transpiling on the fly
 * (about 0.5 s of a cold `check`), which is what `groundwork check` in a
 * pre-commit hook or CI step needs.
 */
'use strict';

const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUTFILE = path.join(ROOT, 'dist', 'groundwork.cjs');

/** Builds the bundle; resolves with the output path. */
async function build() {
  const esbuild = require('esbuild');
  const pkg = require(path.join(ROOT, 'package.json'));
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'index.ts')],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    external: Object.keys(pkg.dependencies ?? {}).filter(
      name => !name.startsWith('@groundwork/'),
    ),
    define: {
      'process.env.GROUNDWORK_CLI_VERSION': JSON.stringify(pkg.version),
    },
  });
  return OUTFILE;
}

module.exports = { build, OUTFILE };

if (require.main === module) {
  build().catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
