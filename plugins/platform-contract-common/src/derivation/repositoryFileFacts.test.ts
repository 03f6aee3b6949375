import { normalizeRepositoryPath } from './repositoryFileFacts';

describe('normalizeRepositoryPath', () => {
  it('normalizes paths and refuses ones leaving the repository', () => {
    expect(normalizeRepositoryPath('./docs//index.md', 'f')).toBe(
      'docs/index.md',
    );
    expect(() => normalizeRepositoryPath('docs/../../x', 'f')).toThrow(
      "f: 'docs/../../x' has a '..' segment",
    );
    expect(() => normalizeRepositoryPath('C:\\x', 'f')).toThrow(
      'not a relative path',
    );
    expect(() => normalizeRepositoryPath('./', 'f')).toThrow('names no file');
  });
});
