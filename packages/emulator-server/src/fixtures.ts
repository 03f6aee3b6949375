import fs from 'node:fs';
import path from 'node:path';

/**
 * Readers of an emulator's fixtures, `T`: the demo ones in `fixtures/demo.json`
 * next to its `package.json` (give `require.resolve` of it), or any JSON file.
 */
export function fixtureLoaders<T>(packageJsonPath: string) {
  const loadFixturesFile = (file: string): T =>
    JSON.parse(fs.readFileSync(file, 'utf8'));
  const demoFile = path.join(
    path.dirname(packageJsonPath),
    'fixtures',
    'demo.json',
  );
  return {
    loadFixturesFile,
    loadDemoFixtures: () => loadFixturesFile(demoFile),
  };
}
