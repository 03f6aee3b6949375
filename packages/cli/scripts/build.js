#!/usr/bin/env node
/*
 * Bundles the CLI into dist/groundwork.cjs with esbuild: Groundwork's own
 * packages (TypeScript in this repository) are inlined, other dependencies
 * stay external. One file starts far faster than transpiling on the fly
 * (about 0.5 s of a cold `check`), which is what `groundwork check` in a
 * pre-commit hook or CI step needs.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUTFILE = path.join(ROOT, 'dist', 'groundwork.cjs');

/**
 * Builds the bundle; resolves with the output path. Each file is written
 * whole then renamed, so a CLI started by a parallel test never loads half
 * a bundle (the binary rebuilds it when the sources changed).
 */
async function build() {
  const esbuild = require('esbuild');
  const pkg = require(path.join(ROOT, 'package.json'));
  const { outputFiles } = await esbuild.build({
    write: false,
    // The binary's entry only: what a check does not need (the JSON
    // schema of its report, built with zod) stays out of the bundle.
    entryPoints: [path.join(ROOT, 'src', 'main.ts')],
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
  fs.mkdirSync(path.dirname(OUTFILE), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
  return OUTFILE;
}

module.exports = { build, OUTFILE };

if (require.main === module) {
  build().catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
