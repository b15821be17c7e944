import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { devNull } from 'node:os';

/**
 * Every git call goes through here. Audited repositories are untrusted, so git runs with:
 * - no system or global config (a user's global `core.fsmonitor` would otherwise run in every repo);
 * - repository config that could start a program overridden on the command line, which git treats
 *   as protected configuration: hooks point nowhere, fsmonitor is off, no pager;
 * - `safe.directory=*`, because CI containers routinely check out repositories owned by another
 *   user and nothing we run can be made to execute code by the repository's own config;
 * - no inherited GIT_* variables, which could redirect git to another repository (e.g. in a hook);
 * - no prompts, no optional locks (we never write to the audited repository), literal pathspecs.
 */
const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  '-c', `core.hooksPath=${devNull}`,
  '-c', 'core.untrackedCache=false',
  '-c', 'core.pager=cat',
  '-c', 'safe.directory=*',
  '-c', 'protocol.ext.allow=never',
  '-c', 'log.showSignature=false',
  '-c', 'diff.external=',
];

export interface GitOptions {
  /**
   * For clone and fetch only: keep the user's own global and system git config, where the
   * credential helpers and proxy settings a network operation needs live. Commands that read
   * an audited repository never get it.
   */
  network?: boolean;
  /** Kill git after this many milliseconds. */
  timeoutMs?: number;
  /** Extra environment (never logged: it may carry credentials). */
  env?: Record<string, string>;
  /** Written to git's standard input. */
  input?: string;
}

export function gitEnv(options: GitOptions = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    ...(options.network ? {} : { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull }),
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
  stderr: string;
}

export class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.join(' ')} exited with ${result.code}: ${firstLine(result.stderr)}`);
  }
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.replace(/^(fatal|error): /, '') ?? '';
}

export function spawnGit(dir: string, args: readonly string[], options: GitOptions = {}): ChildProcessWithoutNullStreams {
  return spawn('git', ['-C', dir, '--no-pager', ...SAFE_CONFIG, ...args], {
    env: gitEnv(options),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs git to completion. Resolves with the exit code rather than rejecting on failure. */
export function runGit(dir: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, args, options);
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : null;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new Error('git is not installed or not on PATH')
          : error,
      );
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `fatal: timed out after ${Math.round(options.timeoutMs! / 1000)} s` : Buffer.concat(err).toString('utf8'),
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

interface PendingRead {
  resolve: (value: Buffer | null) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` per repository: many blob reads cost one process.
 * Requests are answered in the order they were written.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private pending: PendingRead[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failed: Error | null = null;

  constructor(
    private readonly dir: string,
    private readonly options: GitOptions = {},
  ) {}

  read(oid: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawnGit(this.dir, ['cat-file', '--batch'], this.options);
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const p of this.pending.splice(0)) p.reject(error);
    };
    child.on('error', fail);
    child.on('close', (code) => {
      if (this.pending.length) fail(new Error(`git cat-file --batch exited with ${code}`));
    });
    this.child = child;
    return child;
  }

  private drain(): void {
    for (;;) {
      const head = this.pending[0];
      if (!head) return;
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.pending.shift();
        head.resolve(null);
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const body = Buffer.from(this.buffer.subarray(newline + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
      this.pending.shift();
      head.resolve(body);
    }
  }
}
