import { Command, Option } from 'commander';
import { VERSION } from '../package-info.ts';
import { FORMATS, type Format } from '../reporters/formats.ts';
import type { AuditOptions } from '../engine/audit.ts';
import type { CommandRun } from './commands/command.ts';
import { parseTrendFormats } from './commands/trend.ts';
import { TREND_FORMATS } from '../trend/formats.ts';
import type { CliIO } from './io.ts';
import { append, collect, parseDate, parseFormats, parseNumber, parsePillar, parseSeconds } from './parse.ts';

const EXAMPLES = `
Examples:
  $ blueprint audit                          audit the repository in this folder
  $ blueprint audit ../api ../web            audit several repositories
  $ blueprint audit --format json -o report.json
  $ blueprint audit --format text,sarif,junit --output-dir reports --summary
  $ blueprint baseline -o blueprint-baseline.json   record the scores to compare with
  $ blueprint audit --fail-under 70          exit 1 when the score is below 70
  $ blueprint audit --baseline report.json --tolerance 2
                                             exit 1 when a score drops more than 2 points
  $ blueprint audit --rule ci-pipeline --ref v1.2.0
  $ blueprint audit https://git.example.com/team/api.git
  $ blueprint audit --repos-file repos.txt --concurrency 16 --shard 1/4 -f json -o shard1.json
  $ blueprint merge shard*.json              combine shard reports (of an audit, or of a trend)
  $ GITHUB_TOKEN=… blueprint audit --org acme --exclude 'sandbox-*'
  $ blueprint audit github:acme/api          one GitHub repository
  $ blueprint plan -o docs/blueprint-plan.md  write the operational blueprint
  $ blueprint plan --from report.json --pillar shield
  $ blueprint init                           answer three questions, get a starter blueprint.yml
  $ blueprint init --team-size 12 --budget 1.5M --focus incidents --yes
  $ blueprint scaffold process-review        start this quarter's process review record
  $ blueprint scaffold product-brief --name one-click-reorder
  $ blueprint rules                          list the rules
  $ blueprint explain ci-pipeline            what a rule checks and its options

Exit codes: 0 gates met, 1 a gate failed, 2 usage or configuration error,
3 a target could not be audited.`;

/**
 * An option that sets the audit option of that name, where the flag must keep another: `--rule`
 * sets `rules`, `--clone-timeout <seconds>` sets `cloneTimeoutMs`. Commander keys each parsed value
 * by `attributeName()`; this is the one place a flag's name and its option's differ.
 */
class AuditOption extends Option {
  constructor(
    flags: string,
    description: string,
    private readonly sets: keyof AuditOptions,
  ) {
    super(flags, description);
  }

  override attributeName(): string {
    return this.sets;
  }
}

/** The commands, loaded when run: `blueprint rules` never loads the engine. */
const commands = {
  audit: () => import('./commands/audit.ts').then((m) => m.audit),
  baseline: () => import('./commands/baseline.ts').then((m) => m.baseline),
  plan: () => import('./commands/plan.ts').then((m) => m.plan),
  merge: () => import('./commands/merge.ts').then((m) => m.merge),
  init: () => import('./commands/init.ts').then((m) => m.init),
  scaffold: () => import('./commands/scaffold.ts').then((m) => m.scaffold),
  rules: () => import('./commands/rules.ts').then((m) => m.rules),
  explain: () => import('./commands/explain.ts').then((m) => m.explain),
  cacheInfo: () => import('./commands/cache.ts').then((m) => m.cacheInfoCommand),
  cacheClean: () => import('./commands/cache.ts').then((m) => m.cacheCleanCommand),
  trend: () => import('./commands/trend.ts').then((m) => m.trend),
};

/** The options that pick remote repositories and reach them, shared by every command that audits. */
function withRemoteOptions(command: Command): Command {
  return command
    .option('--include <glob>', 'with --org: only repositories whose name matches (repeatable)', append, [])
    .option('--exclude <glob>', 'with --org: leave out repositories whose name matches (repeatable)', append, [])
    .addOption(
      new AuditOption('--topic <topic>', 'with --org: only repositories with one of these topics (repeatable)', 'topics')
        .argParser(collect)
        .default([]),
    )
    .option('--include-archived', 'with --org: include archived repositories')
    .option('--include-forks', 'with --org: include forks')
    .option('--github-url <url>', 'GitHub Enterprise Server URL (default: github.com)')
    .addOption(
      new AuditOption('--clone-timeout <seconds>', 'give up on a remote repository whose clone or fetch takes longer', 'cloneTimeoutMs')
        .argParser(parseSeconds(1, 86_400))
        .default(600_000, '600'),
    );
}

/** The commander program: every command, its arguments and flags; each action runs its command module. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const runs =
    <Args, Flags>(load: () => Promise<CommandRun<Args, Flags>>) =>
    async (args: Args, flags: Flags) =>
      setExit(await (await load())(args, flags, io));

  const program = new Command()
    .name('blueprint')
    .description('Audit git repositories against an operational blueprint: SPEED, STRETCH, SHIELD and SALES.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addHelpText('after', EXAMPLES);

  const formatOption = () =>
    new Option('-f, --format <formats>', `report formats, comma-separated: ${FORMATS.join(', ')}`)
      .argParser(parseFormats)
      .default(['text'] as Format[]);

  const auditCommand = (name: string, description: string) =>
    withRemoteOptions(
      program
        .command(name, { isDefault: name === 'audit' })
        .description(description)
        .argument('[targets...]', 'repository folders, git URLs or github:owner/name', [])
        .option('-c, --config <file>', "blueprint file to use instead of each repository's own")
        .option('--now <iso-date>', 'reference time for every age (default: now)', parseDate)
        .option(
          '--forge-as-of <iso-date>',
          "when the forge's data was read (default: --now); with --now before it, the data is cut back to --now",
          parseDate,
        )
        .option('--ref <rev>', 'audit this commit, branch or tag instead of HEAD')
        .addOption(
          new AuditOption('--rule <id>', 'run only this rule (repeatable, or comma-separated)', 'rules').argParser(collect).default([]),
        )
        .option('-q, --quiet', 'print only the scores and gate results')
        .option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR forces them)')
        .option('--no-cache', 'mine git history afresh instead of using the cache ($XDG_CACHE_HOME/blueprint)')
        .option('--repos-file <file>', 'audit the targets listed in a file, one per line')
        .option('--github', 'read owner/name targets as GitHub repositories')
        .option('--concurrency <n>', 'repositories audited at once', parseNumber(1, 64), 8)
        .option(
          '--history-jobs <n>',
          "git processes mining one repository's history at once (default: the machine's cores)",
          parseNumber(1, 256),
        )
        .option('--shard <i/n>', 'audit only the i-th of n deterministic slices of the targets')
        .option('--org <name>', 'audit every repository of a GitHub organisation or user (token: GITHUB_TOKEN or GH_TOKEN)'),
    ).option('--debug', 'print stack traces of errors');

  auditCommand('audit', 'audit repositories and print a scored report')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout (one format)')
    .option('--output-dir <dir>', 'write each format to its own file in this folder')
    .option('--summary', 'also append a Markdown summary to $GITHUB_STEP_SUMMARY')
    .option('--fail-under <score>', 'exit 1 when a repository scores below this (0-100)', parseNumber(0, 100))
    .option('--baseline <report.json>', 'compare with an earlier JSON report; exit 1 on regressions')
    .option('--tolerance <points>', 'points a score may drop below the baseline', parseNumber(0, 100), 0)
    .addHelpText('after', EXAMPLES)
    .action(runs(commands.audit));

  auditCommand('baseline', 'record the current audit as the baseline later audits compare with (--baseline)')
    .option('-o, --output <file>', 'where to write it', 'blueprint-baseline.json')
    .action(runs(commands.baseline));

  auditCommand('plan', 'write the operational blueprint as Markdown: current state, desired state and first steps, weakest pillar first')
    .option('--from <report.json>', 'plan from a saved JSON report instead of auditing')
    .option('--no-trend', 'leave out how each pillar moved over the last four quarters (audits each repository at five past dates)')
    .option('--pillar <pillar>', 'start with this pillar instead of the weakest (speed, stretch, shield, sales)', parsePillar)
    .option('-o, --output <file>', 'write the plan to a file (e.g. docs/engineering-blueprint.md) instead of stdout')
    .action(runs(commands.plan));

  withRemoteOptions(
    program
      .command('trend')
      .description(
        "audit each repository as it stood at a series of past dates (the default branch's commit of each day) and show what moved each score",
      )
      .argument('[targets...]', 'repository folders (with their full history), git URLs or github:owner/name', [])
      .requiredOption('--since <date|duration>', 'oldest date: an ISO date, or a duration before --until (1y, 6m, 90d)')
      .requiredOption('--every <step>', 'step between dates: 30d, 2w, 6m, or day, week, month, quarter, year')
      .option('--until <date>', 'newest date (default: now)')
      .option('--threshold <points>', "smallest move of a rule's score (0-10) that is attributed to commits", parseNumber(0, 10), 1)
      .addOption(
        new Option('-f, --format <formats>', `formats, comma-separated: ${TREND_FORMATS.join(', ')}`)
          .argParser(parseTrendFormats)
          .default(['text']),
      )
      .option('-o, --output <file>', 'write to a file instead of stdout (one format)')
      .option('--output-dir <dir>', 'write each format to its own file in this folder')
      .option('-c, --config <file>', "blueprint file to use instead of each repository's own at each point")
      .addOption(
        new AuditOption('--rule <id>', 'trace only this rule (repeatable, or comma-separated)', 'rules').argParser(collect).default([]),
      )
      .option('--now <iso-date>', 'the clock, for a relative --since and a missing --until (default: now)', parseDate)
      .option('--no-cache', 'mine git history afresh instead of using the cache')
      .option('--repos-file <file>', 'trace the targets listed in a file, one per line')
      .option('--github', 'read owner/name targets as GitHub repositories')
      .option('--org <name>', 'trace every repository of a GitHub organisation or user, and the organisation as a whole')
      .option('--shard <i/n>', 'trace only the i-th of n deterministic slices of the targets (as audit --shard)'),
  )
    .option('-q, --quiet', 'no progress lines on stderr')
    .option('--debug', 'print stack traces of errors')
    .action(runs(commands.trend));

  program
    .command('merge')
    .description('combine JSON reports (the shards of one audit, or of one trend) into one report')
    .argument('<reports...>', 'reports written by `blueprint audit --format json`, or by `blueprint trend --shard i/n --format json`')
    .addOption(formatOption())
    .option('-o, --output <file>', 'write the report to a file instead of stdout (one format)')
    .option('--output-dir <dir>', 'write each format to its own file in this folder')
    .option('--summary', 'also append a Markdown summary to $GITHUB_STEP_SUMMARY')
    .option('-q, --quiet', 'print only the scores and gate results')
    .option('--no-color', 'no colours')
    .action(runs(commands.merge));

  program
    .command('init')
    .description('ask about the team and write a starter blueprint.yml: one pillar, three practices, a quarterly review')
    .argument('[dir]', "the repository's top folder", '.')
    .option('--team-size <n>', 'engineers on the team', parseNumber(1, 100_000))
    .option('--budget <amount>', 'yearly engineering budget in dollars (1500000, 1.5M, 800k)')
    .option('--focus <pain>', 'where it hurts most: deploys, people, incidents, growth (or a pillar)')
    .option('-y, --yes', 'do not ask: take the defaults for anything not given')
    .option('--force', 'replace an existing file')
    .option('-o, --output <file>', 'file to write, relative to dir', 'blueprint.yml')
    .option('--now <iso-date>', 'date the file and its first review are counted from (default: today)', parseDate)
    .action((dir: string, flags) => runs(commands.init)([dir], flags));

  program
    .command('scaffold')
    .description('write a starter document for a record-based practice (never overwrites a file)')
    .argument(
      '[practice]',
      'style-guide, codeowners, product-brief, hypothesis, poc, process-review, dr-test, access-review, experiment, feedback-template',
    )
    .argument('[repo]', "the repository's top folder", '.')
    .option('--name <name>', 'name of the brief, hypothesis, PoC, DR test or experiment (its file name)')
    .option('-o, --output <path>', 'write here (relative to the repository) instead of the usual place')
    .option('--now <iso-date>', 'date to put in the document and its name (default: today)', parseDate)
    .option('--print', 'print the document instead of writing it')
    .option('-c, --config <file>', 'codeowners: the blueprint whose systems to use')
    .option('--into <source>', "write into a handbook the blueprint's records: name (its folder, or the repo: as written)")
    .option('--list', 'list the practices and what each starter holds')
    .action((practice: string | undefined, repo: string, flags) => runs(commands.scaffold)([practice, repo], flags));

  program
    .command('rules')
    .description('list the rules: id, pillar, risk and what each checks')
    .option('--json', 'print JSON')
    .action((flags) => runs(commands.rules)([], flags));

  program
    .command('explain')
    .description('show what a rule checks, why, its options and how to fix it')
    .argument('<rule>', 'rule id, as listed by `blueprint rules`')
    .action((id: string) => runs(commands.explain)([id], {}));

  const cache = program
    .command('cache')
    .description('show or empty the cache of mined history, queries, clones and API data ($XDG_CACHE_HOME/blueprint)');
  cache
    .command('info')
    .description('where the cache is, what each section holds, and its size bound (BLUEPRINT_CACHE_MAX_BYTES, default 1 GiB)')
    .option('--json', 'print JSON')
    .action((flags) => runs(commands.cacheInfo)([], flags));
  cache
    .command('clean')
    .description('remove cached entries (the signing key stays)')
    .option('--section <name>', 'only this section: history, queries, repos, http, forge (repeatable)', append, [])
    .option('--older-than <days>', 'only entries not used for this many days', parseNumber(0, 100_000))
    .action((flags) => runs(commands.cacheClean)([], flags));

  return program;
}
