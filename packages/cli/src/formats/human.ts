import {
  headline,
  reportLines,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import { CheckReport } from '../check/report';

const paint = (code: number) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const bold = paint(1);

/** Why a pass may still show "level none": ground rules not known yet. */
function unknownGroundRules({ groundRules, mode }: CheckReport) {
  if (groundRules.failing > 0 || groundRules.unknown === 0) return '';
  return ` No ground rule fails; ${groundRules.unknown} unknown ${
    mode === 'offline'
      ? 'offline (check with --backstage-url to know them)'
      : 'until the catalog or CI provides their facts'
  }.`;
}

/** The report for a person at a terminal: colours only when `colour` (a TTY). */
export function formatHuman(report: CheckReport, colour: boolean): string {
  const summaries = report.items.map(summarize);
  const lines = reportLines(summaries, report.unknownFacts);
  const headlines = new Set(summaries.map(headline));
  const styled = lines.map(line => {
    if (!colour) return line;
    if (headlines.has(line)) return bold(line);
    if (line.startsWith('  FAIL')) return red(line);
    if (line.startsWith('  UNKNOWN')) return yellow(line);
    return line;
  });
  const verdict = report.passed
    ? `Passed (fail on: ${report.failOn}).${unknownGroundRules(report)}`
    : `Failed: ${report.blocking.length} rule(s) fail at or below '${report.failOn}'.`;
  return [
    `${report.entityRef} (${report.locations.file}, ${report.mode} check)`,
    ...styled,
    colour ? (report.passed ? green : red)(verdict) : verdict,
  ].join('\n');
}
