import { CheckReport } from '../check/report';

/** `--format json`: the report as `checkReportJsonSchema` describes it. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
