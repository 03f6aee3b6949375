import {
  groundRulesStatus,
  summarize,
} from '@groundwork/plugin-platform-contract-common';
import { CheckReport } from '../check/report';

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * JUnit XML for CI test tabs: one test suite per contract, one test case per
 * rule; a failing rule is a failure (an error when it fails the check under
 * `--fail-on`), an unknown, waived or not-applicable rule is skipped.
 */
export function formatJunit(report: CheckReport): string {
  const blocking = new Set(
    report.blocking.map(b => `${b.contract}|${b.ruleId}`),
  );
  const suites = report.items.map(item => {
    const title = item.contractTitle ?? item.contract;
    const cases = item.rules.map(rule => {
      const name = `${escapeXml(rule.ruleId)}: ${escapeXml(rule.title)}`;
      const open = `    <testcase classname="${escapeXml(
        `${item.contract}.${rule.level}`,
      )}" name="${name}">`;
      if (rule.status === 'fail') {
        // `type` tells failures that fail the check from those of higher levels.
        const type = blocking.has(`${title}|${rule.ruleId}`)
          ? 'blocking'
          : 'level';
        return `${open}\n      <failure message="${escapeXml(
          `[${rule.level}] ${rule.title}`,
        )}" type="${type}">${escapeXml(
          rule.howToFix ?? 'see the contract',
        )}</failure>\n    </testcase>`;
      }
      if (rule.status === 'pass') return `${open}</testcase>`;
      return `${open}\n      <skipped message="${escapeXml(
        rule.status,
      )}"/>\n    </testcase>`;
    });
    const count = (status: string) =>
      item.rules.filter(r => r.status === status).length;
    return [
      `  <testsuite name="${escapeXml(title)}" tests="${
        item.rules.length
      }" failures="${count('fail')}" errors="0" skipped="${
        item.rules.length - count('fail') - count('pass')
      }" timestamp="${escapeXml(item.evaluatedAt)}">`,
      `    <properties>\n      <property name="entityRef" value="${escapeXml(
        item.entityRef,
      )}"/>\n      <property name="score" value="${
        item.score
      }"/>\n      <property name="level" value="${escapeXml(
        item.level ?? 'none',
      )}"/>\n      <property name="groundRules" value="${escapeXml(
        groundRulesStatus(summarize(item)),
      )}"/>\n    </properties>`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const total = report.items.reduce((n, i) => n + i.rules.length, 0);
  const failures = report.items.reduce(
    (n, i) => n + i.rules.filter(r => r.status === 'fail').length,
    0,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="groundwork check ${escapeXml(
      report.entityRef,
    )}" tests="${total}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
