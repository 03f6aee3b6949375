import { loadGoldenPaths, skeletonContents, startGoldenPathBackend, dryRun } from './__testUtils__/dryRun';
import { goldenPathValues } from './__testUtils__/goldenPathValues';

jest.setTimeout(120_000);

it('smoke', async () => {
  const { server, stop } = await startGoldenPathBackend();
  const paths = await loadGoldenPaths();
  const contents = await skeletonContents();
  for (const { template } of paths) {
    const r = await dryRun(server, template, goldenPathValues[template.metadata.name], contents);
    console.log(template.metadata.name, r.status, JSON.stringify(r.log.map(l => l.message), null, 1).slice(0, 6000));
    console.log([...r.files.keys()].join('\n'));
    console.log(r.files.get('catalog-info.yaml'));
  }
  await stop();
});
