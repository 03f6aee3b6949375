/** `--help` of each command, with examples. */
export const HELP: Record<string, string> = {
  main: `groundwork: the platform contract where you work

Usage: groundwork <command> [options]

Commands:
  check [dir]              Check a repository's catalog-info.yaml and files against the platform contracts
  facts push <file…>       Push facts (e.g. build and test results) for entities
  template test <template> Dry-run a golden-path template, then check what it would create
  completion <bash|zsh>    Print a shell completion script

Options:
  -h, --help               Help for a command, e.g. groundwork check --help
  -v, --version            The CLI's version

Exit codes: 0 passed, 1 the check failed, 2 usage, configuration or network error.
`,
  check: `Usage: groundwork check [dir] [options]

Checks the repository in dir (default: the current directory): its catalog
entity and its text files, against every platform contract that applies.

Offline (no Backstage needed): --contract <file or dir>. Facts that need the
catalog (owner group, current golden-path version) or CI are reported as
unknown, never as failures.
Online: --backstage-url <url> with a token in GROUNDWORK_TOKEN (or from
\`backstage-cli auth print-token\`): the organisation's contracts, catalog
look-ups and repository-file definitions.

Options:
  --contract <path>        A contract YAML file or a directory of them (repeatable)
  --config <file>          An app-config with platformContract.repositoryFiles.facts (offline)
  --backstage-url <url>    Check through this Backstage backend (env GROUNDWORK_BACKSTAGE_URL)
  --catalog-file <path>    The catalog file, relative to dir (default catalog-info.yaml)
  --fail-on <level>        ground (default): fail when a ground rule fails; a level: when a rule of
                           that level or below fails; never: only report
  --format <format>        human (default), json, sarif, junit, markdown
  --output <file>          Write the report to a file instead of standard output

Examples:
  groundwork check --contract ../platform/contracts
  groundwork check --contract contract.yaml --fail-on silver --format markdown
  GROUNDWORK_TOKEN=… groundwork check --backstage-url https://backstage.example.com --format sarif --output contract.sarif
`,
  'facts push': `Usage: groundwork facts push <file…> [options]

Posts facts to the platform contract (POST /api/platform-contract/facts), as a
service: set GROUNDWORK_TOKEN to a static token from backend.auth.externalAccess.
Each file (JSON or YAML) has the API's shape:
  facts:
    - entityRef: component:default/payments
      name: build.testsPassed
      value: true
      observedAt: 2026-01-31T10:00:00Z   # optional

Options:
  --backstage-url <url>    The Backstage backend (env GROUNDWORK_BACKSTAGE_URL)
  --dry-run                Validate the files without posting

Examples:
  groundwork facts push build-facts.yaml --backstage-url https://backstage.example.com
  groundwork facts push facts/*.json --dry-run
`,
  'template test': `Usage: groundwork template test <template> --values <file> [options]

Runs a scaffolder template's dry run with the form answers in --values (YAML
or JSON), then checks the repository it would create against the platform
contracts, as \`groundwork check\` does. <template> is a template YAML file or
a directory with a template.yaml; the files beside it (e.g. skeletons) are
sent with it, so its ./ URLs resolve as from the catalog. Exit 1 when the dry
run fails (e.g. the template's own contract check step) or the check fails.

Offline, with --contract <file or dir>: the real scaffolder runs in this
process with Groundwork's actions and the platform contract backend (a few
seconds to start). Only the template is in its catalog: owners and systems in
the values need not exist, and the rules that need them are reported unknown.
The output is checked against the same contracts.

Online, with --backstage-url <url> and a token in GROUNDWORK_TOKEN: the
backend's dry run (POST /api/scaffolder/v2/dry-run, with the organisation's
actions), then the organisation's contracts through the same backend.

Options:
  --values <file>          The template's form answers (required)
  --contract <path>        Offline: contract YAML files (repeatable) or a directory
  --backstage-url <url>    Online: the Backstage backend (env GROUNDWORK_BACKSTAGE_URL)
  --config, --catalog-file, --fail-on, --format, --output: as for groundwork check

Examples:
  groundwork template test templates/node-service.yaml --values node-service.values.yaml --contract platform/contracts
  groundwork template test templates/node-service.yaml --values node-service.values.yaml --backstage-url https://backstage.example.com
  groundwork template test my-template/ --contract platform/contracts --values answers.json --fail-on bronze --format junit --output template.xml
`,
  completion: `Usage: groundwork completion <bash|zsh>

Prints a completion script. Add to ~/.bashrc:   source <(groundwork completion bash)
or to ~/.zshrc:                                 source <(groundwork completion zsh)
`,
};

const COMMANDS = 'check facts template completion';
const CHECK_OPTIONS =
  '--contract --config --backstage-url --catalog-file --fail-on --format --output --help';

/** Shell completion: commands, sub-commands, options and formats. */
export function completionScript(shell: string): string | undefined {
  if (shell === 'bash') {
    return `_groundwork() {
  local cur prev words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "\${prev}" in
    --format) COMPREPLY=( $(compgen -W "human json sarif junit markdown" -- "\${cur}") ); return ;;
    --contract|--config|--catalog-file|--output|--values) COMPREPLY=( $(compgen -f -- "\${cur}") ); return ;;
  esac
  case "\${COMP_WORDS[1]}" in
    check) COMPREPLY=( $(compgen -W "${CHECK_OPTIONS}" -- "\${cur}") $(compgen -d -- "\${cur}") ) ;;
    template) COMPREPLY=( $(compgen -W "test --values ${CHECK_OPTIONS}" -- "\${cur}") $(compgen -f -- "\${cur}") ) ;;
    facts) COMPREPLY=( $(compgen -W "push --backstage-url --dry-run --help" -- "\${cur}") $(compgen -f -- "\${cur}") ) ;;
    completion) COMPREPLY=( $(compgen -W "bash zsh" -- "\${cur}") ) ;;
    *) COMPREPLY=( $(compgen -W "${COMMANDS} --help --version" -- "\${cur}") ) ;;
  esac
}
complete -F _groundwork groundwork
`;
  }
  if (shell === 'zsh') {
    return `#compdef groundwork
autoload -U bashcompinit && bashcompinit
${completionScript('bash')}`;
  }
  return undefined;
}
