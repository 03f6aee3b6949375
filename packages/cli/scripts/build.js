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
const HARNESS = '@groundwork/golden-path-harness';
/** The harness bundle, beside the CLI's; only `template test` offline loads it. */
const HARNESS_FILE = 'golden-path-harness.cjs';
const HARNESS_OUTFILE = path.join(ROOT, 'dist', HARNESS_FILE);

/** Keeps the harness a `require` of its own bundle, beside this one. */
const harnessBundle = {
  name: 'harness-bundle',
  setup(esbuildBuild) {
    esbuildBuild.onResolve(
      { filter: /^@groundwork\/golden-path-harness$/ },
      () => ({
        path: `./${HARNESS_FILE}`,
        external: true,
      }),
    );
  },
};

/** Keeps every installed package external, inlining Groundwork's own. */
const installedPackages = {
  name: 'installed-packages',
  setup(esbuildBuild) {
    esbuildBuild.onResolve({ filter: /^[^./]/ }, args =>
      args.path.startsWith('@groundwork/')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/**
 * Builds the bundle; resolves with the output path. Each file is written
 * whole then renamed, so a CLI started by a parallel test never loads half
 * a bundle (the binary rebuilds it when the sources changed).
 */
async function build() {
  const esbuild = require('esbuild');
  const pkg = require(path.join(ROOT, 'package.json'));
  const common = {
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
  };
  const [cli, harness] = await Promise.all([
    esbuild.build({
      ...common,
      // The binary's entry only: what a check does not need (the JSON
      // schema of its report, built with zod) stays out of the bundle.
      entryPoints: [path.join(ROOT, 'src', 'main.ts')],
      outfile: OUTFILE,
      external: Object.keys(pkg.dependencies ?? {}).filter(
        name => !name.startsWith('@groundwork/'),
      ),
      // The in-process backend is a bundle of its own, so `check` never
      // loads (or compiles) it.
      plugins: [harnessBundle],
      define: {
        'process.env.GROUNDWORK_CLI_VERSION': JSON.stringify(pkg.version),
      },
    }),
    esbuild.build({
      ...common,
      entryPoints: [require.resolve(HARNESS, { paths: [ROOT] })],
      outfile: HARNESS_OUTFILE,
      // Groundwork's packages (TypeScript here) are inlined; the Backstage
      // backend packages stay installed dependencies: they read their own
      // files (migrations, schemas) at run time.
      plugins: [installedPackages],
    }),
  ]);
  const outputFiles = [...cli.outputFiles, ...harness.outputFiles];
  fs.mkdirSync(path.dirname(OUTFILE), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
  return OUTFILE;
}

module.exports = { build, OUTFILE, HARNESS_OUTFILE };

if (require.main === module) {
  build().catch(error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
