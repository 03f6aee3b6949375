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

module.exports = { stockAppPins };
