/*
 * Builds and packs every publishable package (no "private": true) as the
 * registry would serve it, and checks that each tarball holds the files its
 * package.json names (main, module, types, exports) and a README.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

function publishable(root) {
  return ['plugins', 'packages'].flatMap(parent =>
    fs.readdirSync(path.join(root, parent)).flatMap(name => {
      const dir = path.join(root, parent, name);
      const file = path.join(dir, 'package.json');
      if (!fs.existsSync(file)) return [];
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      return manifest.private ? [] : [{ dir, manifest }];
    }),
  );
}

function targetsOf(manifest) {
  const targets = [manifest.main, manifest.module, manifest.types];
  // The `backstage` condition names the export's kind (e.g.
  // @backstage/FrontendPlugin), not a file.
  const walk = value => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object')
      Object.entries(value)
        .filter(([condition]) => condition !== 'backstage')
        .forEach(([, v]) => walk(v));
  };
  walk(manifest.exports);
  return targets.filter(Boolean).map(t => t.replace(/^\.\//, ''));
}

/** Checks one unpacked tarball; returns its problems. */
function tarballProblems(unpacked) {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'),
  );
  const problems = targetsOf(manifest)
    .filter(t => !fs.existsSync(path.join(unpacked, t)))
    .map(t => `names ${t}, which the tarball does not contain`);
  if (!fs.existsSync(path.join(unpacked, 'README.md')))
    problems.push('has no README.md');
  return problems;
}

/** Returns { [name]: { file, version, role } }. */
function packAll(root, outDir, run, env) {
  fs.mkdirSync(outDir, { recursive: true });
  // Declarations for the builds (backstage-cli package build reads dist-types).
  // tsc writes them despite type errors, which npm test's type check step
  // reports; packing goes on so the adoption result stays its own.
  const tsc = spawnSync('yarn', ['tsc'], { cwd: root, env, stdio: 'inherit' });
  if (tsc.status !== 0) {
    process.stdout.write(
      '[adoption] yarn tsc reported type errors (above); packing the declarations it wrote\n',
    );
  }
  // Every package with a `backstage-cli package build` script, in parallel in
  // one process: the published ones but the CLI, which its prepack builds.
  run(path.join(root, 'node_modules/.bin/backstage-cli'), ['repo', 'build'], {
    cwd: root,
    env,
  });
  const packed = {};
  const problems = [];
  for (const { dir, manifest } of publishable(root)) {
    const file = path.join(
      outDir,
      `${manifest.name.replace('@', '').replace('/', '-')}-${
        manifest.version
      }.tgz`,
    );
    run('yarn', ['pack', '--out', file], { cwd: dir, env });
    const unpacked = path.join(outDir, path.basename(file, '.tgz'));
    fs.mkdirSync(unpacked, { recursive: true });
    spawnSync('tar', ['xzf', file, '-C', unpacked, '--strip-components=1']);
    problems.push(
      ...tarballProblems(unpacked).map(p => `${manifest.name} ${p}`),
    );
    packed[manifest.name] = {
      file,
      version: manifest.version,
      role: manifest.backstage?.role,
    };
  }
  if (problems.length) {
    throw new Error(`tarballs:\n  ${problems.join('\n  ')}`);
  }
  return packed;
}

module.exports = { packAll, tarballProblems, targetsOf };
