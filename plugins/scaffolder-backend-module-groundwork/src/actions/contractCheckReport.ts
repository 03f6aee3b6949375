import {
  BlockingRule,
  FAIL_ON_NEVER,
} from '@groundwork/plugin-platform-contract-common';

/** The error message of a failed check: each blocking rule and its fix. */
export function failureMessage(blocking: BlockingRule[], failOn: string) {
  return [
    `The workspace does not pass the platform contract (failOn: ${failOn}). ${blocking.length} rule(s) fail:`,
    ...blocking.map(
      rule =>
        `- ${rule.contract} › ${rule.ruleId} "${rule.title}" [${rule.level}]: ${
          rule.howToFix ?? 'see the contract for how to fix it'
        }`,
    ),
    `Fix these in the template's skeleton or answers, or set failOn to '${FAIL_ON_NEVER}' to only report.`,
  ].join('\n');
}
