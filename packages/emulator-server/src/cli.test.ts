import { readCliOptions } from './cli';

describe('readCliOptions', () => {
  const usage = 'usage\n';
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  let exit: jest.SpyInstance;
  beforeEach(() => {
    stdout = jest.spyOn(process.stdout, 'write').mockReturnValue(true);
    stderr = jest.spyOn(process.stderr, 'write').mockReturnValue(true);
    exit = jest.spyOn(process, 'exit').mockImplementation(code => {
      throw new Error(`exit ${code}`);
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads --name value pairs', () => {
    expect(readCliOptions(['--port', '5055', '--host', '::1'], usage)).toEqual(
      new Map([
        ['port', '5055'],
        ['host', '::1'],
      ]),
    );
  });

  it('prints the usage for --help', () => {
    expect(readCliOptions(['--port', '1', '--help'], usage)).toBeUndefined();
    expect(stdout).toHaveBeenCalledWith(usage);
  });

  it('exits with status 2 on a stray argument or a missing value', () => {
    expect(() => readCliOptions(['port'], usage)).toThrow('exit 2');
    expect(() => readCliOptions(['--port'], usage)).toThrow('exit 2');
    expect(stderr).toHaveBeenCalledWith(
      `Unexpected argument 'port'\n\n${usage}`,
    );
    expect(exit).toHaveBeenCalledTimes(2);
  });
});
