/*
 * Versions the stock app is pinned to: every @backstage package at the one
 * version this repository's yarn.lock resolves (the release in
 * backstage.json), as create-app's seed lockfile would, plus the root
 * resolutions that work around this registry's gaps (TOOLCHAIN.md).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function stockAppPins(root) {
  const lock = fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8');
  const versions = new Map();
  const entry = /^"(@backstage\/[^@"]+)@npm:[^"]*":\n\s+version: ([^\n]+)$/gm;
  let match;
  while ((match = entry.exec(lock))) {
    const [, name, version] = match;
    versions.set(name, (versions.get(name) ?? new Set()).add(version));
  }
  const pins = {};
  for (const [name, found] of versions) {
    if (found.size === 1) pins[name] = [...found][0];
  }
  const { resolutions = {} } = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  for (const name of [
    '@swc/core',
    'rollup',
    'unrs-resolver',
    '@yarnpkg/core',
  ]) {
    if (resolutions[name]) pins[name] = resolutions[name];
  }
  return pins;
}

/**
 * The stock app's other @backstage dependencies at the version its template
 * names (`^0.5.59` → `0.5.59`): create-app writes the release's versions, and
 * a newer one may need a newer core than the release's (e.g.
 * plugin-search-backend-module-pg 0.5.61 passes a URL to resolvePackagePath).
 */
function templatePins(app, pinned) {
  const manifests = [
    'package.json',
    ...fs
      .readdirSync(path.join(app, 'packages'))
      .map(name => path.join('packages', name, 'package.json')),
  ].filter(file => fs.existsSync(path.join(app, file)));
  const pins = {};
  for (const file of manifests) {
    const manifest = JSON.parse(fs.readFileSync(path.join(app, file), 'utf8'));
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
      for (const [name, range] of Object.entries(deps ?? {})) {
        const version = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(range)?.[1];
        if (name.startsWith('@backstage/') && !pinned[name] && version)
          pins[name] = version;
      }
    }
  }
  return pins;
}

module.exports = { stockAppPins, templatePins };
