/**
 * Entry point of the GitHub Action (action.yml): maps the action's inputs onto `blueprint audit`,
 * deepens a shallow checkout of the workspace first, writes every report into a folder (the SARIF
 * file ready for the code-scanning upload step), the Markdown summary into the job summary, and
 * the score into the step's outputs.
 */
import { constants } from 'node:fs';
import { appendFile, lstat, open, readFile, realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { run, type CliIO } from './cli/run.ts';
import type { GitResult } from './git/run.ts';

const input = (env: CliIO['env'], name: string): string => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

/** The command line the inputs stand for. */
export function actionArguments(env: CliIO['env']): { argv: string[]; outputDir: string; formats: string[]; targets: string[] } {
  const outputDir = input(env, 'output-dir') || 'blueprint-reports';
  const formats = new Set(
    (input(env, 'formats') || 'text,markdown,sarif')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  );
  formats.add('json'); // the outputs are read from it
  const targets = (input(env, 'targets') || '.').split(/\s+/).filter(Boolean);
  const argv = ['audit', ...targets, '--format', [...formats].join(','), '--output-dir', outputDir];
  const pairs: Array<[string, string]> = [
    ['config', '--config'],
    ['fail-under', '--fail-under'],
    ['baseline', '--baseline'],
    ['tolerance', '--tolerance'],
    ['org', '--org'],
    ['now', '--now'],
    ['concurrency', '--concurrency'],
  ];
  for (const [name, flag] of pairs) if (input(env, name)) argv.push(flag, input(env, name));
  if ((input(env, 'summary') || 'true') === 'true') argv.push('--summary');
  return { argv, outputDir, formats: [...formats], targets };
}

/** A workflow command (`::warning::`) on stdout: one line, with what the runner decodes escaped. */
function workflowCommand(io: CliIO, kind: 'warning' | 'error', message: string): void {
  io.stdout.write(`::${kind} title=blueprint-audit::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
}

/** Targets that name no local folder: URLs, scp-like addresses and github:owner/name. */
const NOT_A_FOLDER = /^[a-z][a-z0-9+.-]*:\/\/|^[^/\s]+@[^/\s]+:|^github:/i;

/** Whether a local target lies in the workspace's repository: the workspace, a folder in it, or one of its worktrees. */
async function inWorkspaceRepository(target: string, workspace: string): Promise<boolean> {
  for (let dir = target; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const info = await lstat(dotGit).catch(() => null);
    if (info?.isDirectory()) return (await realpath(dir).catch(() => dir)) === workspace;
    if (info?.isFile()) {
      // A worktree (`git worktree add "$RUNNER_TEMP/base" …`): `.git` says `gitdir: <repo>/.git/worktrees/<name>`.
      const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8').catch(() => ''))?.[1]?.trim();
      return !!pointer && resolve(dir, pointer).startsWith(join(workspace, '.git', 'worktrees') + sep);
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * The token as an HTTP header for the remote's origin, in git's environment (never in argv or on
 * disk). An empty value comes first: it drops the header actions/checkout persisted for the same
 * URL, so the server sees one Authorization header, not two.
 */
function tokenEnv(url: string, token: string): Record<string, string> {
  const m = /^(https?:\/\/)(?:[^@/]*@)?([^/]+)/i.exec(url);
  if (!token || !m) return {};
  const key = `http.${m[1]}${m[2]}/.extraheader`;
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
  };
}

/** Why a fetch failed, in our words (git's own messages may quote the server, and carry no fix). */
function fetchFailure(result: GitResult): string {
  const err = result.stderr;
  if (/timed out after/.test(err)) return 'git timed out';
  if (
    /authentication failed|could not read username|terminal prompts disabled|\b40[13]\b|not found|access denied|permission denied/i.test(
      err,
    )
  )
    return 'the server refused access: the token may not read this repository';
  if (
    /could not resolve|unable to (?:access|connect)|connection refused|couldn't connect|failed to connect|network is unreachable/i.test(err)
  )
    return 'the remote could not be reached';
  return `git fetch exited with ${result.code}`;
}

/**
 * actions/checkout fetches one commit unless told otherwise, and the history rules (branch ages,
 * authorship, delivery) need the history: deepen the workspace's clone before the audit. Only
 * the workspace: its .git was written by actions/checkout for this job, so fetching with its
 * config is the workflow's own doing; a folder found in a repository is never fetched into.
 * Returns null when the audit may go on, or the exit code to stop with.
 */
async function deepenWorkspace(io: CliIO, workspace: string, token: string): Promise<number | null> {
  const { runGit } = await import('./git/run.ts');
  const trust = { safeDirectory: workspace };
  const shallow = await runGit(workspace, ['rev-parse', '--is-shallow-repository'], trust);
  if (shallow.code !== 0 || shallow.stdout.trim() !== 'true') return null;
  const remote = await runGit(workspace, ['remote', 'get-url', 'origin'], trust);
  const url = remote.code === 0 ? remote.stdout.trim() : '';
  const fetched = url
    ? await runGit(workspace, ['fetch', '--quiet', '--unshallow', '--tags', 'origin'], {
        ...trust,
        network: true,
        timeoutMs: 600_000,
        env: tokenEnv(url, token),
      })
    : null;
  if (fetched?.code === 0) {
    workflowCommand(
      io,
      'warning',
      'The checkout was shallow (actions/checkout fetches one commit by default), so blueprint fetched the whole history before auditing. Set fetch-depth: 0 on actions/checkout to save this step.',
    );
    return null;
  }
  const why = fetched ? fetchFailure(fetched) : 'the repository has no remote named origin';
  workflowCommand(
    io,
    'warning',
    `The checkout is shallow and blueprint could not fetch the whole history (${why}), so branch ages, authorship and delivery cannot be audited. Set fetch-depth: 0 on actions/checkout.`,
  );
  io.stderr.write(
    `error: the checkout is shallow and fetching its history failed: ${why}\nhint: check out the whole history: add \`with: { fetch-depth: 0 }\` to the actions/checkout step\n`,
  );
  return 2;
}

/** The report the audit just wrote; never read through a link (the folder may be a repository's). */
async function readReport(file: string): Promise<{ summary: { score: number | null; passed: boolean } } | null> {
  try {
    const handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      return JSON.parse(await handle.readFile('utf8')) as { summary: { score: number | null; passed: boolean } };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

export async function runAction(io: CliIO): Promise<number> {
  const { argv, outputDir, formats, targets } = actionArguments(io.env);
  const token = input(io.env, 'github-token');
  const env = { ...io.env, ...(token && !io.env.GITHUB_TOKEN ? { GITHUB_TOKEN: token } : {}) };
  const workspace = await realpath(io.cwd).catch(() => io.cwd);
  let workspaceAudited = false;
  for (const target of targets) {
    if (!NOT_A_FOLDER.test(target) && (await inWorkspaceRepository(resolve(io.cwd, target), workspace))) workspaceAudited = true;
  }
  const stopped = workspaceAudited ? await deepenWorkspace(io, workspace, token || io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '') : null;
  const code = stopped ?? (await run(argv, { ...io, env }));
  const dir = resolve(io.cwd, outputDir);
  // Exit 2 (usage, configuration or output error) writes no report: whatever the folder holds then
  // is not this run's, perhaps the repository's own, and must not become the step's outputs.
  const wrote = code !== 2;
  const report = wrote ? await readReport(join(dir, 'blueprint.json')) : null;
  if (io.env.GITHUB_OUTPUT) {
    const outputs = [
      `score=${report?.summary.score ?? ''}`,
      `passed=${report ? String(report.summary.passed && code === 0) : 'false'}`,
      `exit-code=${code}`,
      `report-dir=${dir}`,
      `sarif-file=${wrote && formats.includes('sarif') ? join(dir, 'blueprint.sarif') : ''}`,
    ];
    await appendFile(io.env.GITHUB_OUTPUT, `${outputs.join('\n')}\n`);
  }
  return code;
}

/** Called by action.yml. */
export async function main(): Promise<void> {
  process.exitCode = await runAction({
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    stdoutIsTTY: false,
    columns: 100,
  });
}
