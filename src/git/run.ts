import { spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { type GitChild, spawnThroughSpawner } from './spawner.ts';

/**
 * Every git call goes through here. Audited repositories are untrusted, so git runs with:
 * - no system or global config (a user's global `core.fsmonitor` would otherwise run in every repo);
 * - repository config that could start a program overridden on the command line, which git treats
 *   as protected configuration: hooks point nowhere, fsmonitor is off, no pager, no external diff,
 *   no credential helper, no askpass, no ssh command or git proxy;
 * - no transport at all when reading (`GIT_NO_LAZY_FETCH`, and `GIT_ALLOW_PROTOCOL` naming no
 *   protocol, which overrides any `protocol.*.allow` of the repository): a partial clone that lacks
 *   an object cannot make git fetch it, so the repository's `remote.*.uploadpack`, `core.sshCommand`
 *   or `credential.helper` never run. Only clones blueprint made itself fetch (`network: true`);
 * - git's ownership check kept: `safe.directory` is set only for the exact folder the user named
 *   (see `safeDirectory`), never `*`, so a repository found by walking up stays refused when another
 *   user owns it; `GIT_CEILING_DIRECTORIES` from the user's environment is honoured;
 * - no other inherited GIT_* variables, which could redirect git to another repository (e.g. in a hook);
 * - no prompts, no optional locks (we never write to the audited repository), literal pathspecs.
 */
const SAFE_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  `core.hooksPath=${devNull}`,
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.pager=cat',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'log.showSignature=false',
  // git log reads the .mailmap (HEAD's, in a bare repository) even for a format without names, and
  // in blueprint's blobless clone that blob may not be there yet: every log would fail. The name
  // placeholders (%aN, %aE) still follow the mailmap.
  '-c',
  'log.mailmap=false',
  '-c',
  'diff.external=',
  '-c',
  'core.alternateRefsCommand=',
  '-c',
  'gpg.program=false',
  '-c',
  'maintenance.auto=false',
  '-c',
  'gc.auto=0',
];

/**
 * Keys that start a program during a transport. Reads never use a transport anyway (see gitEnv);
 * blanking them too means a git that ignored GIT_NO_LAZY_FETCH would still run nothing. Network
 * commands in blueprint's own clones keep the user's global values, which they need.
 */
const NO_TRANSPORT_CONFIG = ['-c', 'credential.helper=', '-c', 'core.askPass=', '-c', 'core.sshCommand=', '-c', 'core.gitProxy='];

/** Variables of the user's environment that only ever narrow what git does, so they are kept. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']);

/** A full object id: SHA-1's 40 hexadecimal digits or SHA-256's 64. */
export const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export interface GitOptions {
  /**
   * For clone and fetch in blueprint's own clones only: keep the user's own global and system git
   * config, where the credential helpers and proxy settings a network operation needs live, and
   * allow transports. Commands that read a repository never get it.
   */
  network?: boolean;
  /** The one folder git may trust although another user owns it: the repository the user named. */
  safeDirectory?: string | undefined;
  /** Kill git after this many milliseconds. */
  timeoutMs?: number;
  /** Kill git when its standard output exceeds this many bytes (the result then has `truncated`). */
  maxOutputBytes?: number;
  /**
   * Called with each chunk of standard output as it arrives: true once what has come is all the
   * caller needs, and git is stopped (the result then has `truncated`, its output what came).
   */
  enough?: (chunk: Buffer) => boolean;
  /** Extra environment (never logged: it may carry credentials). */
  env?: Record<string, string>;
  /** Written to git's standard input. */
  input?: string;
}

export function gitEnv(options: GitOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_') || KEPT_GIT_VARIABLES.has(key)) env[key] = value;
  }
  delete env.SSH_ASKPASS;
  return {
    ...env,
    ...(options.network
      ? {}
      : { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, GIT_NO_LAZY_FETCH: '1', GIT_ALLOW_PROTOCOL: 'none' }),
    ...options.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    LC_ALL: 'C',
  };
}

export interface GitResult {
  code: number;
  stdout: string;
  /** git's own messages: for classifying a failure (see describeGitFailure), never to be shown as is. */
  stderr: string;
  /** Standard output was cut at `maxOutputBytes` and git was stopped. */
  truncated?: boolean;
}

/**
 * What went wrong, in our words. git's messages quote file contents (a `.git/shallow` or
 * `packed-refs` linked to another file has its first line printed) and a server's words, so they
 * never reach a report.
 */
export function describeGitFailure(stderr: string, code: number): string {
  if (/timed out after/.test(stderr)) return 'git timed out';
  if (/dubious ownership/i.test(stderr)) return 'git refuses the repository: it is owned by another user (dubious ownership)';
  if (/not a git repository/i.test(stderr)) return 'not a git repository';
  if (/could not fetch .* from promisor remote|lazy fetching disabled/i.test(stderr))
    return 'an object is missing from the partial clone, and blueprint never fetches into a repository it did not clone';
  if (
    /bad object|missing object|unable to read|corrupt|loose object .* is corrupt|packfile .* cannot be accessed|object file .* is empty|invalid object|does not point to a valid object|broken link/i.test(
      stderr,
    )
  ) {
    return 'the repository is damaged: an object git needs is missing or corrupt';
  }
  if (/shallow/i.test(stderr)) return "the repository's shallow history could not be read";
  if (/permission denied/i.test(stderr)) return 'permission denied reading the repository';
  if (/unknown revision|bad revision|ambiguous argument/i.test(stderr)) return 'revision not found';
  if (/unsupported repository format|repositoryformatversion|unknown repository extension/i.test(stderr))
    return 'the repository uses a format or extension this git does not support';
  return `git failed (exit code ${code})`;
}

export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args[0] ?? ''} failed: ${describeGitFailure(result.stderr, result.code)}`);
  }
}

/** The safe.directory arguments for a folder the user named. */
function trustArgs(options: GitOptions): string[] {
  return options.safeDirectory ? ['-c', `safe.directory=${options.safeDirectory}`] : [];
}

/**
 * Starts git. Node's spawn blocks the event loop until the child has started, a fork of this
 * process: the larger our memory, the longer (6–12 ms at 150–450 MB), so git is started by the
 * spawner (src/git/spawner.ts), a small process that forks in about a millisecond, whenever it is
 * running. Clones and fetches too: an organisation's audit makes hundreds of them from its
 * largest process, and their transport helpers (git-remote-http) get the same sockets git does.
 */
export function spawnGit(dir: string, args: readonly string[], options: GitOptions = {}): GitChild {
  const argv = ['-C', dir, '--no-pager', ...SAFE_CONFIG, ...(options.network ? [] : NO_TRANSPORT_CONFIG), ...trustArgs(options), ...args];
  const env = gitEnv(options);
  return spawnThroughSpawner('git', argv, env) ?? spawn('git', argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Options for a git whose whole output is read to the end, with nothing asked over its standard
 * input after it starts. git log, rev-list and others flush standard output after every commit
 * when it is a pipe or socket, so that an interactive reader sees each one at once: one write, and
 * one wake-up of node, per commit (96,000 reads of 384 bytes on average for the history of
 * rails/rails, which cost node more CPU than parsing them). GIT_FLUSH=0 lets git's stdio fill its
 * buffer first. Never for a conversation over stdin (`check-attr --stdin`), which would then wait
 * for an answer git keeps in its buffer; cat-file --batch flushes by itself and is not affected.
 */
export function readToEnd(options: GitOptions = {}): GitOptions {
  return { ...options, env: { GIT_FLUSH: '0', ...options.env } };
}

/** git's messages are kept only this far: enough to classify them. */
const MAX_STDERR_BYTES = 64 * 1024;

/** Runs git to completion. Resolves with the exit code rather than rejecting on failure. */
export function runGit(dir: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, args, readToEnd(options));
    let timedOut = false;
    let truncated = false;
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    // git's own children (git-remote-http during a clone or fetch) outlive a killed git and hold
    // its pipes open until the server answers: once git has exited, stop waiting for them.
    child.on('exit', () => {
      if (!killed) return;
      child.stdout.destroy();
      child.stderr.destroy();
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, options.timeoutMs)
      : null;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const max = options.maxOutputBytes;
      if (max !== undefined && outBytes + chunk.length > max) {
        out.push(chunk.subarray(0, max - outBytes));
        outBytes = max;
        truncated = true;
        kill();
        return;
      }
      out.push(chunk);
      outBytes += chunk.length;
      if (options.enough?.(chunk)) {
        truncated = true;
        kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes >= MAX_STDERR_BYTES) return;
      err.push(chunk);
      errBytes += chunk.length;
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error('git is not installed or not on PATH') : error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: truncated ? 0 : (code ?? 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `fatal: timed out after ${Math.round(options.timeoutMs! / 1000)} s` : Buffer.concat(err).toString('utf8'),
        ...(truncated && { truncated }),
      });
    });
    child.stdin.end(options.input);
  });
}

/** Runs git and returns stdout, throwing GitFailure on a non-zero exit. */
export async function git(dir: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const result = await runGit(dir, args, options);
  if (result.code !== 0) throw new GitFailure(args, result);
  return result.stdout;
}
