import { readCliOptions, stopOnSignals } from '@groundwork/emulator-server';
import { promises as fs } from 'node:fs';
import { startEmulator } from './emulator';

const USAGE = `gitlab-emulator: an EMULATOR of part of GitLab's REST API v4 and git smart HTTP (not GitLab)

Options:
  --port <n>            port to listen on (default 8929)
  --host <address>      interface to bind (default 127.0.0.1)
  --data <dir>          directory for the bare repositories (required; kept across restarts)
  --reset yes           start from an empty data directory (its repositories are deleted)
  --token <token>       the one access token accepted (required)
  --groups <a,b>        groups that exist, comma-separated (default: none)
  --external-url <url>  base of web_url and http_url_to_repo (default: from the request's Host)
`;

/** Entry point of the `gitlab-emulator` bin. */
export async function main(argv: string[]) {
  const args = readCliOptions(argv, USAGE);
  if (!args) return;
  const dataDir = args.get('data');
  const token = args.get('token');
  if (!dataDir || !token) {
    process.stderr.write(`--data and --token are required\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.get('reset') === 'yes') {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const groups = args.get('groups')?.split(',').filter(Boolean) ?? [];
  const emulator = await startEmulator({
    port: Number(args.get('port') ?? 8929),
    host: args.get('host'),
    dataDir,
    token,
    groups,
    externalUrl: args.get('external-url'),
  });
  process.stdout.write(
    `GitLab EMULATOR (not GitLab) serving repositories in ${dataDir} (groups: ${
      groups.join(', ') || 'none'
    }; user: root) at ${emulator.url}\n`,
  );
  stopOnSignals(emulator);
}
