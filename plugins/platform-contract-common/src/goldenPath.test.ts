import { goldenPathDistance, parseGoldenPathAnnotation } from './goldenPath';

describe('parseGoldenPathAnnotation', () => {
  it('splits at the last @, and refuses values without both parts', () => {
    expect(
      parseGoldenPathAnnotation('template:default/node-service@1.2.0'),
    ).toEqual({
      templateRef: 'template:default/node-service',
      version: '1.2.0',
    });
    expect(parseGoldenPathAnnotation('node-service')).toBeUndefined();
    expect(parseGoldenPathAnnotation('@1.0.0')).toBeUndefined();
    expect(parseGoldenPathAnnotation('node-service@')).toBeUndefined();
  });
});

describe('goldenPathDistance', () => {
  it.each([
    ['1.4.2', '2.1.0', { major: 1, minor: 1, patch: 0 }],
    ['1.4.2', '3.0.5', { major: 2, minor: 0, patch: 5 }],
    ['1.4.2', '1.6.1', { major: 0, minor: 2, patch: 1 }],
    ['1.4.2', '1.4.5', { major: 0, minor: 0, patch: 3 }],
    ['v1.4.2', '1.4.2', { major: 0, minor: 0, patch: 0 }],
    // Ahead of the template (e.g. it was rolled back): not behind.
    ['2.0.0', '1.9.0', { major: 0, minor: 0, patch: 0 }],
    // A pre-release of the current version is behind it.
    ['2.0.0-beta.1', '2.0.0', { major: 0, minor: 0, patch: 1 }],
  ])('from %s to %s is %j', (version, current, distance) => {
    expect(goldenPathDistance(version, current)).toEqual(distance);
  });

  it('is null, never an error, when a version is not semantic', () => {
    expect(goldenPathDistance('latest', '1.0.0')).toBeNull();
    expect(goldenPathDistance('1.0.0', '2')).toBeNull();
    expect(goldenPathDistance('', '')).toBeNull();
  });
});
