import {
  ConflictKind,
  CONFLICT_MARKERS,
  ThreeWayMergeResult,
} from './threeWayMerge';

/** A contract rule that fails on the repository now and passes after the upgrade. */
export interface FixedRule {
  contract: string;
  ruleId: string;
  title: string;
}

const WHY: Record<ConflictKind, string> = {
  content: 'you and the golden path changed the same lines',
  'both-added':
    'you and the golden path both added it, with different contents',
  'deleted-by-golden-path':
    'the golden path no longer has it, but you changed it: your file is kept; delete it if you no longer need it',
  'deleted-by-you':
    'you deleted it and the golden path changed it: it stays deleted; add it back if you want the new version',
  binary: 'a binary file both of you changed: your file is kept',
};

const list = (paths: string[]) => paths.map(path => `- \`${path}\``).join('\n');

/** The merge request's description, in Markdown. */
export function upgradeDescription(options: {
  template: string;
  fromVersion: string;
  toVersion: string;
  baseBranch: string;
  merge: ThreeWayMergeResult;
  /** undefined when the merged repository could not be checked. */
  fixedRules?: FixedRule[];
}) {
  const { template, fromVersion, toVersion, merge } = options;
  const sections = [
    `Upgrades this repository from the golden path \`${template}\` **${fromVersion}** to **${toVersion}**, keeping your own changes (a three-way merge against what ${fromVersion} rendered).`,
  ];
  if (merge.conflicts.length) {
    sections.push(
      `### ${
        merge.conflicts.length
      } file(s) to look at\n\nConflicting lines are marked \`${
        CONFLICT_MARKERS.ours
      }\` … \`${CONFLICT_MARKERS.base(fromVersion)}\` … \`${
        CONFLICT_MARKERS.separator
      }\` … \`${CONFLICT_MARKERS.theirs(
        toVersion,
      )}\`: keep what is right and remove the markers before merging.\n\n${merge.conflicts
        .map(({ path, kind }) => `- \`${path}\`: ${WHY[kind]}`)
        .join('\n')}`,
    );
  } else {
    sections.push('No conflicts: every change merged on its own.');
  }
  if (merge.merged.length) {
    sections.push(
      `### Your changes kept\n\nYou and the golden path changed these files in different places; both changes are in:\n\n${list(
        merge.merged,
      )}`,
    );
  }
  const fromGoldenPath = [
    ...merge.updated.map(path => `- \`${path}\` (updated)`),
    ...merge.added.map(path => `- \`${path}\` (new)`),
  ];
  if (fromGoldenPath.length) {
    sections.push(
      `### From the golden path\n\nYou had not changed these, so they are taken as ${toVersion} renders them:\n\n${fromGoldenPath.join(
        '\n',
      )}`,
    );
  }
  if (merge.deleted.length) {
    sections.push(
      `### Deleted by the golden path\n\n${toVersion} no longer has these files and you had not changed them. This merge request does not delete files: delete them on this branch if you agree.\n\n${list(
        merge.deleted,
      )}`,
    );
  }
  if (options.fixedRules === undefined) {
    sections.push(
      '### Platform contract\n\nThe merged repository could not be checked until its conflicts are resolved.',
    );
  } else if (options.fixedRules.length) {
    sections.push(
      `### Platform contract\n\nThis upgrade fixes:\n\n${options.fixedRules
        .map(rule => `- ${rule.title} (\`${rule.ruleId}\`, ${rule.contract})`)
        .join('\n')}`,
    );
  }
  sections.push(
    `The lineage (\`.groundwork/golden-path.yaml\`) now records ${toVersion}, whose rendering is kept on the branch \`${options.baseBranch}\` as the base of the next upgrade.`,
  );
  return sections.join('\n\n');
}
