import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BlueprintError, ConfigError, ISSUES_URL, OutputError, TargetError, UsageError } from './errors.ts';
import type { ProgressEvent } from './engine/audit.ts';
import type { BusFactorOptions } from '../rules/bus-factor/index.ts';
import { PILLARS, type Pillar, type Report } from './types.ts';
import { VERSION } from './package-info.ts';
import { neutralise } from './util/sanitize.ts';

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width, when known. */
  columns?: number | undefined;
  /** Streams for interactive questions (`blueprint init`), when stdin is a terminal. */
  prompt?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } | undefined;
}

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];

function parseFormats(value: string): Format[] {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const format of list) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(', ')}.`);
  }
  if (!list.length) throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(', ')}.`);
  return [...new Set(list)] as Format[];
}

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
  $ blueprint merge shard*.json              combine shard reports
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

function parseNumber(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}.`);
    }
    return n;
  };
}

function parsePillar(value: string): Pillar {
  const pillar = value.toLowerCase() as Pillar;
  if (!PILLARS.includes(pillar)) throw new InvalidArgumentError(`'${value}' is not a pillar: use ${PILLARS.join(', ')}`);
  return pillar;
}

function parseDate(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('expected an ISO date such as 2026-11-24 or 2026-11-24T12:00:00Z.');
  }
  return date;
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Repeatable and never split: a glob may hold commas ({api,web}-*). */
function append(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function colorLevel(flag: boolean, env: CliIO['env'], isTTY: boolean): 0 | 1 | 2 | 3 {
  if (!flag) return 0;
  if (env.NO_COLOR) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 2;
}

interface OutputFlags {
  format: Format[];
  output?: string;
  outputDir?: string;
  summary?: boolean;
  quiet?: boolean;
  color: boolean;
}

interface AuditFlags extends OutputFlags {
  config?: string;
  now?: Date;
  ref?: string;
  rule: string[];
  failUnder?: number;
  baseline?: string;
  tolerance: number;
  cache: boolean;
  concurrency: number;
  github?: boolean;
  reposFile?: string;
  shard?: string;
  org?: string;
  include: string[];
  exclude: string[];
  topic: string[];
  includeArchived?: boolean;
  includeForks?: boolean;
  githubUrl?: string;
  cloneTimeout: number;
  debug?: boolean;
}

/** Progress on stderr: a spinner on a terminal, one plain line per repository elsewhere (CI logs). */
function progressReporter(io: CliIO, spinner: { text: string } | null, quiet: boolean) {
  const started = Date.now();
  let done = 0;
  let failed = 0;
  return (event: ProgressEvent) => {
    if (event.type === 'start') {
      if (spinner) spinner.text = `Auditing ${event.total > 1 ? `${done}/${event.total}: ` : ''}${neutralise(event.target)}`;
      return;
    }
    done++;
    if (event.repo.status === 'error') failed++;
    if (event.total < 2) return;
    const left = done < event.total ? Math.round((((Date.now() - started) / done) * (event.total - done)) / 1000) : 0;
    const eta = left ? `, ~${left >= 60 ? `${Math.round(left / 60)} min` : `${left} s`} left` : '';
    if (spinner) spinner.text = `Audited ${done}/${event.total}${failed ? ` (${failed} failed)` : ''}${eta}`;
    else if (!quiet) {
      const result = event.repo.status === 'error' ? `error: ${event.repo.error}` : `${event.repo.score ?? '—'}`;
      io.stderr.write(`[${done}/${event.total}] ${neutralise(`${event.target}  ${result}`)}\n`);
    }
  };
}

/** Runs the audit the flags describe, with progress on stderr. */
async function performAudit(targets: string[], flags: AuditFlags, io: CliIO): Promise<Report> {
  const [{ audit }, { defaultCacheDir }, list] = await Promise.all([
    import('./engine/audit.ts'),
    import('./history/cache.ts'),
    import('./engine/target-list.ts'),
  ]);
  const shard = flags.shard === undefined ? null : list.parseShard(flags.shard);
  let all = [...targets, ...(flags.reposFile ? await list.readReposFile(flags.reposFile, io.cwd) : [])];
  if (flags.reposFile && !all.length) throw new ConfigError('the repository list is empty', 'put one repository per line', flags.reposFile);
  if (!all.length && !flags.org) all = ['.'];
  const spinner =
    io.stderrIsTTY && !io.env.CI && !flags.quiet
      ? (await import('ora')).default({ text: 'Auditing…', stream: process.stderr, discardStdin: false }).start()
      : null;
  try {
    const report = await audit({
      targets: all,
      cwd: io.cwd,
      ...(flags.config !== undefined && { config: flags.config }),
      ...(flags.now !== undefined && { now: flags.now }),
      ...(flags.ref !== undefined && { ref: flags.ref }),
      ...(flags.rule.length > 0 && { rules: flags.rule }),
      ...(flags.failUnder !== undefined && { failUnder: flags.failUnder }),
      ...(flags.baseline !== undefined && { baseline: flags.baseline }),
      tolerance: flags.tolerance,
      cache: flags.cache,
      cacheDir: defaultCacheDir(io.env),
      concurrency: flags.concurrency,
      github: flags.github ?? false,
      ...(shard && { shard }),
      ...(flags.org !== undefined && { org: flags.org }),
      include: flags.include,
      exclude: flags.exclude,
      topics: flags.topic,
      includeArchived: flags.includeArchived ?? false,
      includeForks: flags.includeForks ?? false,
      ...(flags.githubUrl !== undefined && { githubUrl: flags.githubUrl }),
      token: io.env.GITHUB_TOKEN || io.env.GH_TOKEN || null,
      cloneTimeoutMs: flags.cloneTimeout * 1000,
      onWarning: (message) => {
        if (!flags.quiet) io.stderr.write(`warning: ${neutralise(message)}\n`);
      },
      onProgress: progressReporter(io, spinner, flags.quiet ?? false),
    });
    spinner?.stop();
    return report;
  } finally {
    spinner?.stop();
  }
}

async function runAudit(targets: string[], flags: AuditFlags, io: CliIO, mode: { baseline?: boolean } = {}): Promise<number> {
  const report = await performAudit(targets, flags, io);
  const { exitCodeFor } = await import('./engine/audit.ts');
  await emit(report, flags, io);
  if (mode.baseline && !flags.quiet) io.stderr.write(`Baseline recorded: compare later audits with --baseline ${flags.output}\n`);
  return exitCodeFor(report);
}

interface PlanFlags extends AuditFlags {
  from?: string;
  pillar?: Pillar;
}

/** Writes the operational blueprint (Markdown) from a fresh audit or a saved JSON report. */
async function runPlan(targets: string[], flags: PlanFlags, io: CliIO): Promise<number> {
  const [{ renderPlan }, { resolve }] = await Promise.all([import('./plan/render.ts'), import('node:path')]);
  let report: Report;
  if (flags.from) {
    if (targets.length || flags.org)
      throw new UsageError('--from reads a saved report; it takes no repositories', 'drop the repositories, or drop --from to audit them');
    const { mergeReports } = await import('./engine/merge.ts');
    report = await mergeReports([resolve(io.cwd, flags.from)]);
  } else {
    report = await performAudit(targets, { ...flags, quiet: true }, io);
  }
  const text = renderPlan(report, { now: flags.now ?? new Date(), ...(flags.pillar && { pillar: flags.pillar }) });
  if (flags.output) {
    await writeOutput(io, flags.output, text, 'the plan');
    io.stderr.write(`Plan written to ${flags.output}\n`);
  } else {
    io.stdout.write(text);
  }
  return report.summary.audited === 0 && report.summary.repos > 0 ? 3 : 0;
}

/**
 * Writes a file the user asked for (relative to the current folder), never through a link it did
 * not make (src/util/safe-write.ts); a failure is an OutputError naming it, never a stack.
 */
async function writeOutput(io: CliIO, path: string, text: string, what: string, options: { createFolders?: boolean } = {}): Promise<void> {
  const { writeFileSafely } = await import('./util/safe-write.ts');
  await writeFileSafely(path, text, { cwd: io.cwd, what, ...options });
}

/** Renders a report in each chosen format: to stdout, to --output, or into --output-dir. */
async function emit(report: Report, flags: OutputFlags, io: CliIO): Promise<void> {
  const { render, FILE_NAMES } = await import('./reporters/index.ts');
  const [{ appendFile }, { join }, { checkWritable }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('./util/safe-write.ts'),
  ]);
  const formats = flags.format;
  if (formats.length > 1 && !flags.outputDir)
    throw new UsageError(`several formats (${formats.join(', ')}) need --output-dir`, 'add --output-dir <folder>, or give one format');
  if (flags.output && flags.outputDir)
    throw new UsageError('--output and --output-dir cannot be used together', 'use --output for one format, --output-dir for several');
  const text = (format: Format, toTerminal: boolean) =>
    render(format, report, {
      colorLevel: toTerminal ? colorLevel(flags.color, io.env, io.stdoutIsTTY) : 0,
      width: Math.min(io.columns ?? 80, 100),
      quiet: flags.quiet ?? false,
    });
  if (flags.outputDir) {
    // Every file is checked before any is written: a refused one leaves the others untouched.
    const files = formats.map((format) => [format, join(flags.outputDir!, FILE_NAMES[format])] as const);
    for (const [, file] of files) await checkWritable(file, { cwd: io.cwd, what: 'the report', createFolders: true });
    for (const [format, file] of files) await writeOutput(io, file, text(format, false), 'the report', { createFolders: true });
    if (!flags.quiet) io.stderr.write(`Reports written to ${flags.outputDir}: ${formats.map((f) => FILE_NAMES[f]).join(', ')}\n`);
  } else if (flags.output) {
    await writeOutput(io, flags.output, text(formats[0]!, false), 'the report');
    if (!flags.quiet) io.stderr.write(`Report written to ${flags.output}\n`);
  } else {
    io.stdout.write(text(formats[0]!, true));
  }
  if (flags.summary) {
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      await appendFile(summaryFile, render('markdown', report)).catch((error: NodeJS.ErrnoException) => {
        throw new OutputError(
          summaryFile,
          `cannot append the summary (GITHUB_STEP_SUMMARY): ${error.code ?? error.message}`,
          'check the path in GITHUB_STEP_SUMMARY',
        );
      });
    } else if (!flags.quiet) {
      io.stderr.write('warning: --summary: GITHUB_STEP_SUMMARY is not set, so there is no job summary to write to\n');
    }
  }
}

interface ScaffoldFlags {
  name?: string;
  output?: string;
  now?: Date;
  print?: boolean;
  list?: boolean;
  config?: string;
  into?: string;
}

/**
 * The top of the work tree that holds `folder`, so starters go where the rules look: the nearest
 * folder at or above it that holds `.git`, or the folder itself. Not `git rev-parse
 * --show-toplevel`, which follows the repository's own core.worktree (to any folder it names, and
 * `-c core.worktree=` does not undo it in git 2.39): a repository must not choose where we write.
 */
async function workTreeTop(folder: string, shown: string): Promise<string> {
  const [{ lstat, stat }, { dirname, join }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new TargetError(`${shown} is not a folder`, 'pass the top folder of the repository');
  for (let dir = folder; ; dir = dirname(dir)) {
    if (
      await lstat(join(dir, '.git')).then(
        () => true,
        () => false,
      )
    )
      return dir;
    if (dirname(dir) === dir) return folder;
  }
}

/** Writes (or prints) the starter document of a record-based practice. */
async function runScaffold(practice: string | undefined, target: string, flags: ScaffoldFlags, io: CliIO): Promise<number> {
  const { TEMPLATES } = await import('./scaffold/templates.ts');
  if (flags.list || !practice) {
    if (!flags.list) throw new UsageError('which practice?', `name one: ${Object.keys(TEMPLATES).join(', ')} (--list describes them)`);
    for (const [id, t] of Object.entries(TEMPLATES)) io.stdout.write(`${id.padEnd(19)}${t.summary} (${t.rule})\n`);
    return 0;
  }
  const [{ renderScaffold, writeScaffold, codeownersText }, { resolve }] = await Promise.all([
    import('./scaffold/scaffold.ts'),
    import('node:path'),
  ]);
  const now = flags.now ?? new Date();
  const root = resolve(io.cwd, target);
  const codeowners = async () => {
    const [{ openLocalRepo }, { discoverConfig, loadConfigFile, recommendedConfig }, { systemExperts }, { defaultCacheDir }] =
      await Promise.all([
        import('./sources/local.ts'),
        import('./config/load.ts'),
        import('../rules/bus-factor/index.ts'),
        import('./history/cache.ts'),
      ]);
    const repo = await openLocalRepo(root, { cacheDir: defaultCacheDir(io.env) });
    try {
      const config = flags.config
        ? await loadConfigFile(flags.config, io.cwd)
        : ((await discoverConfig(repo, io.cwd)) ?? recommendedConfig());
      const systems = await systemExperts(repo.view, config.systems, config.rules.get('bus-factor')!.options as BusFactorOptions, now);
      return codeownersText(systems, now.toISOString().slice(0, 10));
    } finally {
      repo.close();
    }
  };
  const top = flags.print ? root : await workTreeTop(root, target);
  const { path, text } = await renderScaffold(practice, {
    now,
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.output !== undefined && { output: flags.output }),
    codeowners,
  });
  if (flags.print) {
    io.stdout.write(text);
    return 0;
  }
  const written = flags.into
    ? await (await import('./scaffold/into.ts')).writeInto({ ...flags, into: flags.into, practice, path, text, cwd: io.cwd, top })
    : await writeScaffold(top, path, text);
  io.stderr.write(`Wrote ${written}: fill it in and commit it.\n`);
  return 0;
}

interface InitFlags {
  teamSize?: number;
  budget?: string;
  focus?: string;
  yes?: boolean;
  force?: boolean;
  output: string;
  now?: Date;
}

/** Asks the questionnaire (or takes the flags) and writes a starter blueprint.yml. */
async function runInit(dir: string, flags: InitFlags, io: CliIO): Promise<number> {
  const [
    { DEFAULT_ANSWERS, PAINS, parseBudget, parseFocus, formatBudget, presetFor, practicesFor },
    { blueprintYaml },
    { resolve, relative },
  ] = await Promise.all([import('./init/answers.ts'), import('./init/write.ts'), import('node:path')]);
  const budget = flags.budget === undefined ? undefined : parseBudget(flags.budget);
  if (budget === null)
    throw new UsageError(`--budget '${flags.budget}' is not an amount`, 'give dollars a year, e.g. 1500000, 1.5M or 800k');
  const pain = flags.focus === undefined ? undefined : parseFocus(flags.focus);
  if (pain === null)
    throw new UsageError(
      `--focus '${flags.focus}' is not a pain or a pillar`,
      `use ${Object.keys(PAINS).join(', ')} (or speed, stretch, shield, sales)`,
    );
  const file = resolve(io.cwd, dir, flags.output);
  const shown = relative(io.cwd, file) || flags.output;
  const { checkWritable, writeFileSafely } = await import('./util/safe-write.ts');
  const target = {
    cwd: io.cwd,
    shown,
    what: 'the blueprint',
    exclusive: !flags.force,
    createFolders: true,
    exists: { message: 'already exists; init never overwrites it', hint: 'edit it, or run again with --force to replace it' },
  };
  await checkWritable(file, target); // before any question is asked

  let answers = { teamSize: flags.teamSize, budget, pain };
  const missing = Object.entries(answers)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  if (missing.length && !flags.yes) {
    if (!io.prompt) {
      throw new UsageError(
        'blueprint init needs answers, and there is no terminal to ask them',
        'give --team-size, --budget and --focus, or --yes to take the defaults for what is missing',
      );
    }
    const { number, input, select } = await import('@inquirer/prompts');
    const context = { input: io.prompt.input, output: io.prompt.output, clearPromptOnDone: false };
    const teamSize =
      answers.teamSize ??
      (await number(
        {
          message: 'How many engineers are on the team?',
          min: 1,
          max: 100_000,
          step: 1,
          required: true,
          default: DEFAULT_ANSWERS.teamSize,
        },
        context,
      ))!;
    const asked =
      answers.budget ??
      parseBudget(
        await input(
          {
            message: 'Roughly what is the yearly engineering budget (e.g. 1.5M, 800k)?',
            default: formatBudget(teamSize * 150_000),
            validate: (v) => parseBudget(v) !== null || 'an amount in dollars, e.g. 1500000, 1.5M or 800k',
          },
          context,
        ),
      )!;
    const chosen =
      answers.pain ??
      (await select(
        {
          message: 'Where does it hurt most?',
          choices: (Object.keys(PAINS) as Array<keyof typeof PAINS>).map((key) => ({
            value: key,
            name: PAINS[key].label,
            description: `start with ${PAINS[key].pillar.toUpperCase()}`,
          })),
        },
        context,
      ));
    answers = { teamSize, budget: asked, pain: chosen };
  }
  const final = {
    teamSize: answers.teamSize ?? DEFAULT_ANSWERS.teamSize,
    budget: answers.budget ?? DEFAULT_ANSWERS.budget,
    pain: answers.pain ?? DEFAULT_ANSWERS.pain,
  };
  const text = blueprintYaml(final, flags.now ?? new Date());
  await writeFileSafely(file, text, target);
  const preset = presetFor(final);
  const pillar = PAINS[final.pain].pillar;
  io.stderr.write(
    `Wrote ${shown}: preset ${preset}, starting with ${pillar.toUpperCase()}: ${practicesFor(pillar, preset).join(', ')}.\n` +
      'Next: `blueprint audit` to see where you stand, `blueprint plan` for the first steps.\n',
  );
  return 0;
}

async function listRules(json: boolean, io: CliIO): Promise<number> {
  const { RULES } = await import('../rules/index.ts');
  if (json) {
    io.stdout.write(
      `${JSON.stringify(
        RULES.map(({ meta }) => ({ id: meta.id, pillar: meta.pillar, risk: meta.risk, description: meta.description })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const { wrap } = await import('./util/wrap.ts');
  const width = Math.max(60, Math.min(io.columns ?? 80, 100));
  io.stdout.write(`${'RULE'.padEnd(16)}${'PILLAR'.padEnd(9)}${'RISK'.padEnd(9)}DESCRIPTION\n`);
  for (const { meta } of RULES) {
    const head = `${meta.id.padEnd(16)}${meta.pillar.padEnd(9)}${meta.risk.padEnd(9)}`;
    io.stdout.write(`${wrap(meta.description, width, ' '.repeat(34), head).join('\n')}\n`);
  }
  return 0;
}

async function explainRule(id: string, io: CliIO): Promise<number> {
  const { explain } = await import('./explain.ts');
  io.stdout.write(await explain(id));
  return 0;
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
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

  const auditCommand = (name: string, description: string) =>
    program
      .command(name, { isDefault: name === 'audit' })
      .description(description)
      .argument('[targets...]', 'repository folders, git URLs or github:owner/name', [])
      .option('-c, --config <file>', "blueprint file to use instead of each repository's own")
      .option('--now <iso-date>', 'reference time for every age (default: now)', parseDate)
      .option('--ref <rev>', 'audit this commit, branch or tag instead of HEAD')
      .option('--rule <id>', 'run only this rule (repeatable, or comma-separated)', collect, [])
      .option('-q, --quiet', 'print only the scores and gate results')
      .option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR forces them)')
      .option('--no-cache', 'mine git history afresh instead of using the cache ($XDG_CACHE_HOME/blueprint)')
      .option('--repos-file <file>', 'audit the targets listed in a file, one per line')
      .option('--github', 'read owner/name targets as GitHub repositories')
      .option('--concurrency <n>', 'repositories audited at once', parseNumber(1, 64), 8)
      .option('--shard <i/n>', 'audit only the i-th of n deterministic slices of the targets')
      .option('--org <name>', 'audit every repository of a GitHub organisation or user (token: GITHUB_TOKEN or GH_TOKEN)')
      .option('--include <glob>', 'with --org: only repositories whose name matches (repeatable)', append, [])
      .option('--exclude <glob>', 'with --org: leave out repositories whose name matches (repeatable)', append, [])
      .option('--topic <topic>', 'with --org: only repositories with one of these topics (repeatable)', collect, [])
      .option('--include-archived', 'with --org: include archived repositories')
      .option('--include-forks', 'with --org: include forks')
      .option('--github-url <url>', 'GitHub Enterprise Server URL (default: github.com)')
      .option('--clone-timeout <seconds>', 'give up on a remote repository whose clone or fetch takes longer', parseNumber(1, 86_400), 600)
      .option('--debug', 'print stack traces of errors');

  auditCommand('audit', 'audit repositories and print a scored report')
    .option('-f, --format <formats>', `report formats, comma-separated: ${FORMATS.join(', ')}`, parseFormats, ['text'] as Format[])
    .option('-o, --output <file>', 'write the report to a file instead of stdout (one format)')
    .option('--output-dir <dir>', 'write each format to its own file in this folder')
    .option('--summary', 'also append a Markdown summary to $GITHUB_STEP_SUMMARY')
    .option('--fail-under <score>', 'exit 1 when a repository scores below this (0-100)', parseNumber(0, 100))
    .option('--baseline <report.json>', 'compare with an earlier JSON report; exit 1 on regressions')
    .option('--tolerance <points>', 'points a score may drop below the baseline', parseNumber(0, 100), 0)
    .addHelpText('after', EXAMPLES)
    .action(async (targets: string[], flags: AuditFlags) => setExit(await runAudit(targets, flags, io)));

  auditCommand('baseline', 'record the current audit as the baseline later audits compare with (--baseline)')
    .option('-o, --output <file>', 'where to write it', 'blueprint-baseline.json')
    .action(async (targets: string[], flags: AuditFlags) => {
      const code = await runAudit(targets, { ...flags, format: ['json'], tolerance: 0 }, io, { baseline: true });
      setExit(code === 3 ? 3 : 0);
    });

  auditCommand('plan', 'write the operational blueprint as Markdown: current state, desired state and first steps, weakest pillar first')
    .option('--from <report.json>', 'plan from a saved JSON report instead of auditing')
    .option('--pillar <pillar>', 'start with this pillar instead of the weakest (speed, stretch, shield, sales)', parsePillar)
    .option('-o, --output <file>', 'write the plan to a file (e.g. docs/engineering-blueprint.md) instead of stdout')
    .action(async (targets: string[], flags: PlanFlags) => setExit(await runPlan(targets, flags, io)));

  program
    .command('merge')
    .description('combine JSON reports (e.g. the shards of one audit) into one report')
    .argument('<reports...>', 'reports written by `blueprint audit --format json`')
    .option('-f, --format <formats>', `report formats, comma-separated: ${FORMATS.join(', ')}`, parseFormats, ['text'] as Format[])
    .option('-o, --output <file>', 'write the report to a file instead of stdout (one format)')
    .option('--output-dir <dir>', 'write each format to its own file in this folder')
    .option('--summary', 'also append a Markdown summary to $GITHUB_STEP_SUMMARY')
    .option('-q, --quiet', 'print only the scores and gate results')
    .option('--no-color', 'no colours')
    .action(async (files: string[], flags: OutputFlags) => {
      const { mergeReports } = await import('./engine/merge.ts');
      const { exitCodeFor } = await import('./engine/audit.ts');
      const { resolve } = await import('node:path');
      const report = await mergeReports(files.map((f) => resolve(io.cwd, f)));
      await emit(report, flags, io);
      setExit(exitCodeFor(report));
    });

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
    .action(async (dir: string, flags: InitFlags) => setExit(await runInit(dir, flags, io)));

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
    .action(async (practice: string | undefined, repo: string, flags: ScaffoldFlags) =>
      setExit(await runScaffold(practice, repo, flags, io)),
    );

  program
    .command('rules')
    .description('list the rules: id, pillar, risk and what each checks')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => setExit(await listRules(flags.json ?? false, io)));

  program
    .command('explain')
    .description('show what a rule checks, why, its options and how to fix it')
    .argument('<rule>', 'rule id, as listed by `blueprint rules`')
    .action(async (id: string) => setExit(await explainRule(id, io)));

  return program;
}

function printError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof BlueprintError) {
    // Messages quote file names and targets, which repositories and lists control.
    const message = neutralise(error instanceof ConfigError ? error.located : error.message);
    io.stderr.write(`error: ${message}\n`);
    if (error.hint) io.stderr.write(`hint: ${neutralise(error.hint)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`internal error: ${neutralise(err.message)}\n`);
  io.stderr.write(
    `hint: this is a bug in blueprint-audit; please report it at ${ISSUES_URL} with the command you ran${debug ? '' : ' and the output of --debug'}\n`,
  );
  if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
  return 2;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander has printed the message; usage errors are 2, not its default 1
    }
    return printError(error, io, debug);
  }
}

/** Entry point of bin/blueprint.js. */
export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns,
    prompt: process.stdin.isTTY ? { input: process.stdin, output: process.stdout } : undefined,
  });
}
