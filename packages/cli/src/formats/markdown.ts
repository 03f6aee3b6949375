import {
  ContractCheckSummary,
  EntityContractResult,
  GROUND_LEVEL,
  groundRulesStatus,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import { CheckReport } from '../check/report';

/** Keeps text from breaking a Markdown table cell. */
const cell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** ❔ when no ground rule fails but some are unknown (offline: catalog facts). */
function groundRulesIcon(summary: ContractCheckSummary) {
  if (summary.groundRulesMet) return '✅';
  return summary.failing.some(r => r.level === GROUND_LEVEL) ? '❌' : '❔';
}

function contractSection(result: EntityContractResult) {
  const summary = summarize(result);
  const rows = result.rules
    .filter(r => r.status === 'fail' || r.status === 'unknown')
    .map(
      r =>
        `| ${r.status === 'fail' ? '❌ fail' : '❔ unknown'} | ${cell(
          r.level,
        )} | ${cell(r.title)} (\`${r.ruleId}\`) | ${cell(
          r.status === 'fail'
            ? r.howToFix ?? 'see the contract'
            : `not known yet: ${r.facts.map(f => `\`${f.fact}\``).join(', ')}`,
        )} |`,
    );
  return [
    `### ${summary.title}`,
    '',
    `Score **${summary.score}**, level **${
      summary.level ?? 'none'
    }**, ${groundRulesStatus(summary)} ${groundRulesIcon(summary)} (${
      result.counts.pass
    } pass, ${result.counts.fail} fail, ${result.counts.unknown} unknown).`,
    '',
    ...(rows.length
      ? ['| Status | Level | Rule | How to fix |', '|---|---|---|---|', ...rows]
      : ['Every rule passes.']),
    '',
  ];
}

/** The report as a pull-request comment or CI job summary. */
export function formatMarkdown(report: CheckReport): string {
  return [
    `## Platform contract: ${report.passed ? '✅ passed' : '❌ failed'}`,
    '',
    `\`${report.entityRef}\` (${report.locations.file}), ${report.mode} check, fail on \`${report.failOn}\`.`,
    '',
    ...(report.items.length
      ? report.items.flatMap(contractSection)
      : ['No platform contract applies to this entity.', '']),
    ...(report.unknownFacts.length
      ? [
          '<details><summary>Facts not known yet</summary>',
          '',
          ...report.unknownFacts.map(
            f => `- \`${f.name}\` (${f.source}): ${f.reason}`,
          ),
          '',
          '</details>',
          '',
        ]
      : []),
  ].join('\n');
}
