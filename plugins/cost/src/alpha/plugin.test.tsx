import plugin from './plugin';

describe('cost frontend plugin (new frontend system)', () => {
  it('provides the API, page, entity card and entity content tabs', () => {
    for (const id of [
      'api:cost',
      'page:cost',
      'entity-card:cost/cost',
      'entity-content:cost/cost',
      'entity-content:cost/group-cost',
    ]) {
      expect(plugin.getExtension(id as any)).toBeDefined();
    }
  });
});
