import { RuleResult } from '@groundwork/plugin-platform-contract-common';
import { CheckReport } from '../check/report';

const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The catalog file's line a rule's finding belongs on: the first deciding fact set there. */
function lineOf(report: CheckReport, rule: RuleResult) {
  const { factLines, entityLine } = report.locations;
  for (const fact of rule.facts) {
    const line = factLines[fact.fact];
    if (line !== undefined) return line;
  }
  return entityLine;
}

/**
 * SARIF 2.1.0 for code-scanning annotations: one result per failing rule
 * (an error when it fails the check under `--fail-on`, else a warning) and
 * per unknown rule (a note), on the catalog file's line that sets the
 * deciding fact, else the entity's `metadata.name`.
 */
export function formatSarif(report: CheckReport): string {
  const blocking = new Set(
    report.blocking.map(b => `${b.contract}|${b.ruleId}`),
  );
  const rules = new Map<string, object>();
  const results = report.items.flatMap(item => {
    const title = item.contractTitle ?? item.contract;
    return item.rules
      .filter(rule => rule.status === 'fail' || rule.status === 'unknown')
      .map(rule => {
        const id = `${item.contract}/${rule.ruleId}`;
        rules.set(id, {
          id,
          name: rule.ruleId,
          shortDescription: { text: rule.title },
          ...(rule.howToFix && { help: { text: rule.howToFix } }),
          properties: {
            contract: item.contract,
            level: rule.level,
            category: rule.category,
            severity: rule.severity,
          },
        });
        let level = 'note';
        if (rule.status === 'fail') {
          level = blocking.has(`${title}|${rule.ruleId}`) ? 'error' : 'warning';
        }
        const text =
          rule.status === 'fail'
            ? `${rule.title} [${rule.level}] fails. ${
                rule.howToFix ?? 'See the contract for how to fix it.'
              }`
            : `${rule.title} [${rule.level}] is unknown: ${rule.facts
                .map(f => f.fact)
                .join(', ')} not known yet.`;
        return {
          ruleId: id,
          level,
          message: { text },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: report.locations.file },
                region: { startLine: lineOf(report, rule) },
              },
            },
          ],
        };
      });
  });
  return `${JSON.stringify(
    {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'groundwork',
              informationUri: 'https://github.com/groundwork-dev/groundwork',
              version: process.env.GROUNDWORK_CLI_VERSION ?? '0.0.0',
              rules: [...rules.values()],
            },
          },
          results,
          properties: {
            passed: report.passed,
            failOn: report.failOn,
            groundRules: report.groundRules,
          },
        },
      ],
    },
    null,
    2,
  )}\n`;
}
