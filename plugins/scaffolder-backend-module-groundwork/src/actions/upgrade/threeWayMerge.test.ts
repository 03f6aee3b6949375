import { RepositoryFiles, threeWayMerge } from './threeWayMerge';

const files = (entries: Record<string, string | Buffer>): RepositoryFiles =>
  new Map(
    Object.entries(entries).map(([path, content]) => [
      path,
      Buffer.isBuffer(content) ? content : Buffer.from(content),
    ]),
  );
const text = (result: RepositoryFiles, path: string) =>
  result.get(path)?.toString('utf8');
const labels = { fromVersion: '1.0.0', toVersion: '2.0.0' };

const README = '# svc\n\nIntro.\n\n## Run\n\nnpm start\n';

describe('threeWayMerge', () => {
  it('takes the golden path where the team changed nothing, and the team where the golden path changed nothing', () => {
    const result = threeWayMerge(
      files({ 'a.txt': 'a1\n', 'b.txt': 'b1\n', 'same.txt': 'x\n' }),
      files({ 'a.txt': 'a1\n', 'b.txt': 'b-team\n', 'same.txt': 'x\n' }),
      files({ 'a.txt': 'a2\n', 'b.txt': 'b1\n', 'same.txt': 'x\n' }),
      labels,
    );
    expect(text(result.files, 'a.txt')).toBe('a2\n');
    expect(text(result.files, 'b.txt')).toBe('b-team\n');
    expect(text(result.files, 'same.txt')).toBe('x\n');
    expect(result).toMatchObject({
      updated: ['a.txt'],
      merged: [],
      conflicts: [],
    });
  });

  it("merges changes to different lines of the same file, keeping the team's", () => {
    const result = threeWayMerge(
      files({ 'README.md': README }),
      files({ 'README.md': README.replace('Intro.', 'Our own intro.') }),
      files({ 'README.md': README.replace('npm start', 'npm run start') }),
      labels,
    );
    expect(text(result.files, 'README.md')).toBe(
      '# svc\n\nOur own intro.\n\n## Run\n\nnpm run start\n',
    );
    expect(result.merged).toEqual(['README.md']);
    expect(result.conflicts).toEqual([]);
  });

  it('marks a true conflict with both sides and the base, and lists it', () => {
    const result = threeWayMerge(
      files({ 'port.txt': 'port: 8080\nend\n' }),
      files({ 'port.txt': 'port: 9000\nend\n' }),
      files({ 'port.txt': 'port: 8081\nend\n' }),
      labels,
    );
    expect(text(result.files, 'port.txt')).toBe(
      [
        '<<<<<<< your repository',
        'port: 9000',
        '||||||| golden path 1.0.0',
        'port: 8080',
        '=======',
        'port: 8081',
        '>>>>>>> golden path 2.0.0',
        'end',
        '',
      ].join('\n'),
    );
    expect(result.conflicts).toEqual([{ path: 'port.txt', kind: 'content' }]);
  });

  it('ends each side of a conflict with a newline even when the file does not', () => {
    const result = threeWayMerge(
      files({ f: 'a' }),
      files({ f: 'b' }),
      files({ f: 'c' }),
      labels,
    );
    expect(text(result.files, 'f')).toBe(
      '<<<<<<< your repository\nb\n||||||| golden path 1.0.0\na\n=======\nc\n>>>>>>> golden path 2.0.0\n',
    );
  });

  it('adds new golden-path files and removes the ones it deleted that the team left alone', () => {
    const result = threeWayMerge(
      files({ 'old.txt': 'old\n' }),
      files({ 'old.txt': 'old\n', 'team.txt': 'ours\n' }),
      files({ 'new.txt': 'new\n' }),
      labels,
    );
    expect([...result.files.keys()]).toEqual(['new.txt', 'team.txt']);
    expect(result.added).toEqual(['new.txt']);
    expect(result.deleted).toEqual(['old.txt']);
  });

  it('merges add/add against an empty base: same content is no conflict, different content is marked', () => {
    const same = threeWayMerge(
      files({}),
      files({ 'x.md': 'same\n' }),
      files({ 'x.md': 'same\n' }),
      labels,
    );
    expect(same.conflicts).toEqual([]);
    expect(text(same.files, 'x.md')).toBe('same\n');

    const different = threeWayMerge(
      files({}),
      files({ 'x.md': 'ours\n' }),
      files({ 'x.md': 'theirs\n' }),
      labels,
    );
    expect(different.conflicts).toEqual([{ path: 'x.md', kind: 'both-added' }]);
    expect(text(different.files, 'x.md')).toContain('<<<<<<< your repository');
  });

  it('keeps a file the team changed and the golden path deleted, and lists it', () => {
    const result = threeWayMerge(
      files({ 'ci.yml': 'v1\n' }),
      files({ 'ci.yml': 'team\n' }),
      files({}),
      labels,
    );
    expect(text(result.files, 'ci.yml')).toBe('team\n');
    expect(result.conflicts).toEqual([
      { path: 'ci.yml', kind: 'deleted-by-golden-path' },
    ]);
  });

  it('leaves a file the team deleted deleted when the golden path changed it, and lists it', () => {
    const result = threeWayMerge(
      files({ 'slo.yaml': 'v1\n' }),
      files({}),
      files({ 'slo.yaml': 'v2\n' }),
      labels,
    );
    expect(result.files.has('slo.yaml')).toBe(false);
    expect(result.conflicts).toEqual([
      { path: 'slo.yaml', kind: 'deleted-by-you' },
    ]);
  });

  it('never merges binary files line-wise: the team keeps theirs and it is listed', () => {
    const png = (byte: number) => Buffer.from([0x89, 0x50, 0, byte, 0x0a]);
    const result = threeWayMerge(
      files({ 'logo.png': png(1) }),
      files({ 'logo.png': png(2) }),
      files({ 'logo.png': png(3) }),
      labels,
    );
    expect(result.files.get('logo.png')).toEqual(png(2));
    expect(result.conflicts).toEqual([{ path: 'logo.png', kind: 'binary' }]);

    const onlyGoldenPath = threeWayMerge(
      files({ 'logo.png': png(1) }),
      files({ 'logo.png': png(1) }),
      files({ 'logo.png': png(3) }),
      labels,
    );
    expect(onlyGoldenPath.files.get('logo.png')).toEqual(png(3));
    expect(onlyGoldenPath.updated).toEqual(['logo.png']);
  });
});
