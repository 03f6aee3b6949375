/*
 * Checks on the files a golden path rendered: every YAML and JSON file
 * parses, the CI pipeline has its CI system's shape, and the Helm chart's
 * templates only read values that values.yaml defines.
 */
import { parse, parseAllDocuments } from 'yaml';

/** Files that are Go templates (Helm), not YAML, until Helm renders them. */
const isHelmTemplate = (path: string) => /(^|\/)chart\/templates\//.test(path);

/** `path: problem` for every YAML or JSON file that does not parse. */
export function unparseableFiles(files: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, text] of files) {
    if (/\.ya?ml$/.test(path) && !isHelmTemplate(path)) {
      for (const doc of parseAllDocuments(text)) {
        for (const error of doc.errors) {
          problems.push(`${path}: ${error.message}`);
        }
      }
    } else if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

type Pipeline = Record<string, any>;

/** What is wrong with a GitHub Actions workflow's shape, if anything. */
export function githubWorkflowProblems(workflow: Pipeline): string[] {
  const problems: string[] = [];
  if (!workflow.on) problems.push("no 'on' trigger");
  const jobs = Object.entries<Pipeline>(workflow.jobs ?? {});
  if (jobs.length === 0) problems.push("no 'jobs'");
  for (const [id, job] of jobs) {
    if (!job['runs-on'] && !job.uses)
      problems.push(`job ${id} has no 'runs-on'`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`job ${id} has no steps`);
    }
    for (const step of job.steps ?? []) {
      if (!step.run && !step.uses) {
        problems.push(`job ${id} has a step without 'run' or 'uses'`);
      }
    }
  }
  return problems;
}

const GITLAB_KEYWORDS = new Set([
  'stages',
  'include',
  'variables',
  'default',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
]);

/** What is wrong with a GitLab CI file's shape (jobs merged from includes). */
export function gitlabPipelineProblems(pipelines: Pipeline[]): string[] {
  const problems: string[] = [];
  const stages: string[] = pipelines.find(p => p.stages)?.stages ?? [
    'build',
    'test',
    'deploy',
  ];
  const jobs = pipelines.flatMap(p =>
    Object.entries<Pipeline>(p).filter(
      ([key]) => !GITLAB_KEYWORDS.has(key) && !key.startsWith('.'),
    ),
  );
  if (jobs.length === 0) problems.push('no jobs');
  for (const [id, job] of jobs) {
    if (!Array.isArray(job.script) || job.script.length === 0) {
      problems.push(`job ${id} has no 'script'`);
    }
    if (job.stage && !stages.includes(job.stage)) {
      problems.push(`job ${id} uses stage '${job.stage}', not in stages`);
    }
  }
  return problems;
}

/** Every `.Values.a.b` path a Helm template reads that values.yaml lacks. */
export function missingHelmValues(files: Map<string, string>): string[] {
  const valuesText = files.get('chart/values.yaml');
  if (valuesText === undefined) return [];
  const values = parse(valuesText);
  const missing: string[] = [];
  for (const [path, text] of files) {
    if (!isHelmTemplate(path)) continue;
    for (const [, valuePath] of text.matchAll(/\.Values\.([\w.]+)/g)) {
      let node: any = values;
      for (const key of valuePath.split('.')) node = node?.[key];
      if (node === undefined) missing.push(`${path}: .Values.${valuePath}`);
    }
  }
  return missing;
}

/** groundwork's CI steps (packages/cli/ci), as the golden-path pipelines call them. */
export const GROUNDWORK_CI_STEPS = {
  githubAction: 'groundwork-dev/groundwork/packages/cli/ci/github',
  gitlabTemplate:
    'https://raw.githubusercontent.com/groundwork-dev/groundwork/main/packages/cli/ci/gitlab/groundwork.gitlab-ci.yml',
};

/** Whether a rendered pipeline calls groundwork's CI step. */
function callsGroundwork(
  files: Map<string, string>,
  ciSystem: 'github-actions' | 'gitlab-ci',
) {
  if (ciSystem === 'gitlab-ci') {
    const include = parse(files.get('.gitlab-ci.yml') ?? '{}')?.include ?? [];
    return include.some(
      (i: { remote?: string }) =>
        i.remote === GROUNDWORK_CI_STEPS.gitlabTemplate,
    );
  }
  return [...files]
    .filter(([path]) => path.startsWith('.github/workflows/'))
    .some(([, text]) =>
      Object.values<Pipeline>(parse(text).jobs ?? {}).some(job =>
        (job.steps ?? []).some((step: { uses?: string }) =>
          step.uses?.startsWith(`${GROUNDWORK_CI_STEPS.githubAction}@`),
        ),
      ),
    );
}

/** What is wrong with the rendered CI pipeline of `ciSystem`, if anything. */
export function ciPipelineProblems(
  files: Map<string, string>,
  ciSystem: 'github-actions' | 'gitlab-ci',
): string[] {
  if (!callsGroundwork(files, ciSystem)) {
    return ["the pipeline does not call groundwork's CI step"];
  }
  const paths = [...files.keys()];
  const workflows = paths.filter(p => p.startsWith('.github/workflows/'));
  if (ciSystem === 'github-actions') {
    if (files.has('.gitlab-ci.yml')) return ['.gitlab-ci.yml rendered too'];
    if (workflows.length === 0) return ['no .github/workflows/*.yml'];
    return workflows.flatMap(path =>
      githubWorkflowProblems(parse(files.get(path)!)).map(p => `${path}: ${p}`),
    );
  }
  if (workflows.length > 0) return [`${workflows.join(', ')} rendered too`];
  const rootText = files.get('.gitlab-ci.yml');
  if (rootText === undefined) return ['no .gitlab-ci.yml'];
  const root = parse(rootText);
  // Remote includes (e.g. groundwork's CI template) are not rendered here.
  const includes: Array<{ local: string }> = (root.include ?? []).filter(
    (i: { local?: string }) => i.local,
  );
  const missing = includes
    .map(i => i.local.replace(/^\//, ''))
    .filter(path => !files.has(path));
  if (missing.length > 0) return missing.map(p => `included ${p} is missing`);
  return gitlabPipelineProblems([
    root,
    ...includes.map(i => parse(files.get(i.local.replace(/^\//, ''))!)),
  ]);
}

/** What is wrong with the rendered Helm chart (none rendered: nothing). */
export function helmChartProblems(
  files: Map<string, string>,
  chartName: string,
): string[] {
  const chartText = files.get('chart/Chart.yaml');
  if (chartText === undefined) return [];
  const chart = parse(chartText);
  const problems = missingHelmValues(files).map(m => `missing value ${m}`);
  if (chart.apiVersion !== 'v2')
    problems.push('Chart.yaml: apiVersion is not v2');
  if (chart.name !== chartName) {
    problems.push(`Chart.yaml: name is '${chart.name}', not '${chartName}'`);
  }
  return problems;
}
