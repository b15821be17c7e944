import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { devNull } from 'node:os';

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
  '-c', 'core.fsmonitor=false',
  '-c', `core.hooksPath=${devNull}`,
  '-c', 'core.untrackedCache=false',
  '-c', 'core.pager=cat',
  '-c', 'protocol.ext.allow=never',
  '-c', 'log.showSignature=false',
  '-c', 'diff.external=',
  '-c', 'core.alternateRefsCommand=',
  '-c', 'gpg.program=false',
  '-c', 'maintenance.auto=false',
  '-c', 'gc.auto=0',
];

/**
 * Keys that start a program during a transport. Reads never use a transport anyway (see gitEnv);
 * blanking them too means a git that ignored GIT_NO_LAZY_FETCH would still run nothing. Network
 * commands in blueprint's own clones keep the user's global values, which they need.
 */
const NO_TRANSPORT_CONFIG = [
  '-c', 'credential.helper=',
  '-c', 'core.askPass=',
  '-c', 'core.sshCommand=',
  '-c', 'core.gitProxy=',
];

/** Variables of the user's environment that only ever narrow what git does, so they are kept. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM']);

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
    ...(options.network ? {} : { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, GIT_NO_LAZY_FETCH: '1', GIT_ALLOW_PROTOCOL: 'none' }),
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
  if (/could not fetch .* from promisor remote|lazy fetching disabled/i.test(stderr)) return 'an object is missing from the partial clone, and blueprint never fetches into a repository it did not clone';
  if (/bad object|missing object|unable to read|corrupt|loose object .* is corrupt|packfile .* cannot be accessed|object file .* is empty|invalid object|does not point to a valid object|broken link/i.test(stderr)) {
    return 'the repository is damaged: an object git needs is missing or corrupt';
  }
  if (/shallow/i.test(stderr)) return 'the repository\'s shallow history could not be read';
  if (/permission denied/i.test(stderr)) return 'permission denied reading the repository';
  if (/unknown revision|bad revision|ambiguous argument/i.test(stderr)) return 'revision not found';
  if (/unsupported repository format|repositoryformatversion|unknown repository extension/i.test(stderr)) return 'the repository uses a format or extension this git does not support';
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

export function spawnGit(dir: string, args: readonly string[], options: GitOptions = {}): ChildProcessWithoutNullStreams {
  return spawn('git', ['-C', dir, '--no-pager', ...SAFE_CONFIG, ...(options.network ? [] : NO_TRANSPORT_CONFIG), ...trustArgs(options), ...args], {
    env: gitEnv(options),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** git's messages are kept only this far: enough to classify them. */
const MAX_STDERR_BYTES = 64 * 1024;

/** Runs git to completion. Resolves with the exit code rather than rejecting on failure. */
export function runGit(dir: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(dir, args, options);
    let timedOut = false;
    let truncated = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
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
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
      outBytes += chunk.length;
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

/** A read of one object: its bytes, or why there are none. */
export type ObjectRead = { bytes: Buffer } | { missing: true } | { tooLarge: number };

interface PendingRead {
  oid: string;
  maxBytes: number;
  resolve: (value: ObjectRead) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` per repository: many object reads cost one process.
 * Requests are answered in the order they were written. An object over the caller's cap is
 * skipped as it streams past, never held in memory; chunks are joined once per object, so a
 * large object costs linear time.
 */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private pending: PendingRead[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes of the current object's body (and its newline) still to skip. */
  private skipping = 0;

  constructor(
    private readonly dir: string,
    private readonly options: GitOptions = {},
  ) {}

  /** Reads an object; `maxBytes` caps its size (default: no cap). */
  read(oid: string, maxBytes = Number.POSITIVE_INFINITY): Promise<ObjectRead> {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)) return Promise.resolve({ missing: true });
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ oid, maxBytes, resolve, reject });
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
      if (this.child !== child) return;
      this.take(chunk);
    });
    child.stdin.on('error', () => undefined);
    // A git that dies (a damaged repository, a missing object of a partial clone) fails the reads
    // in flight; the next read starts a new process.
    const fail = (error: Error) => {
      if (this.child !== child) return;
      this.child = null;
      this.chunks = [];
      this.buffered = 0;
      this.skipping = 0;
      this.current = null;
      for (const p of this.pending.splice(0)) p.reject(error);
    };
    child.on('error', fail);
    child.on('close', (code) => {
      if (this.pending.length) fail(new Error(`git cat-file could not read an object (exit code ${code})`));
      else if (this.child === child) this.child = null;
    });
    this.child = child;
    return child;
  }

  private take(chunk: Buffer): void {
    if (this.skipping) {
      const skipped = Math.min(this.skipping, chunk.length);
      this.skipping -= skipped;
      chunk = chunk.subarray(skipped);
      if (!chunk.length) return;
    }
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.drain();
  }

  /** The header of the object being received: where its body starts and its size. */
  private current: { start: number; size: number } | null = null;

  private drain(): void {
    for (;;) {
      const head = this.pending[0];
      if (!head || !this.buffered) return;
      if (!this.current) {
        let first = this.chunks[0]!;
        let newline = first.indexOf(10);
        // A header split across chunks: join them (headers are short, so this is rare and cheap).
        if (newline < 0 && this.chunks.length > 1) {
          first = this.join();
          newline = first.indexOf(10);
        }
        if (newline < 0) return;
        const header = first.subarray(0, newline).toString('utf8');
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.consume(newline + 1);
          this.pending.shift();
          head.resolve({ missing: true });
          continue;
        }
        const size = Number(header.slice(header.lastIndexOf(' ') + 1));
        if (size > head.maxBytes) {
          this.consume(newline + 1);
          this.pending.shift();
          head.resolve({ tooLarge: size });
          const available = Math.min(this.buffered, size + 1);
          this.consume(available);
          this.skipping = size + 1 - available;
          continue;
        }
        this.current = { start: newline + 1, size };
      }
      const { start, size } = this.current;
      const end = start + size;
      if (this.buffered < end + 1) return;
      const all = this.join();
      const bytes = Buffer.from(all.subarray(start, end));
      this.current = null;
      this.consume(end + 1);
      this.pending.shift();
      head.resolve({ bytes });
    }
  }

  /** Joins the buffered chunks into one (only when a whole object is there, or for a header). */
  private join(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.chunks = [all];
    return all;
  }

  private consume(count: number): void {
    if (!count) return;
    const all = this.join().subarray(count);
    this.chunks = all.length ? [all] : [];
    this.buffered = all.length;
  }
}
