import { StringDecoder } from 'node:string_decoder';
import { spawnGit, type GitOptions } from '../git/run.ts';
import { assemble, toSegment, type Segment } from './assemble.ts';
import type { Identity, MinedHistory } from './types.ts';

const RECORD = '\x01';
const FIELD = '\x1f';
/** Hash, parents, mailmapped and raw author, mailmapped and raw committer, author and commit times. */
const FORMAT = '%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%cN%x1f%cE%x1f%cn%x1f%ce%x1f%at%x1f%ct';

/**
 * The git arguments of a history pass. It runs in the git directory, with the mailmap read from
 * the audited commit, so that the result depends on the commit alone (not on an uncommitted
 * .mailmap in a work tree), which is what makes it safe to cache by commit. By default it walks
 * the whole history of `commit`; `revisions` narrows the walk (e.g. `^<cached tip>`), and 'stdin'
 * reads the commits to show, in order, from standard input without walking (a parallel chunk).
 */
export function historyArgs(
  gitDir: string,
  commit: string,
  exactRenames = false,
  revisions: readonly string[] | 'stdin' = [commit],
): string[] {
  return [
    `--git-dir=${gitDir}`,
    '-c',
    'diff.renameLimit=999999',
    '-c',
    `mailmap.blob=${commit}:.mailmap`,
    // In a blobless clone, similarity-based rename detection would fetch every candidate blob
    // one round trip at a time; exact renames (same content) need object ids only.
    'log',
    '-z',
    '--name-status',
    exactRenames ? '--find-renames=100%' : '--find-renames',
    '--no-ext-diff',
    '--no-textconv',
    `--format=${FORMAT}`,
    ...(revisions === 'stdin' ? ['--no-walk=unsorted', '--stdin'] : revisions),
    '--',
  ];
}

/** Accumulates the pieces of a Segment as records arrive. */
class SegmentBuilder {
  readonly identities: Identity[] = [];
  private readonly identityIndex = new Map<string, number>();
  readonly paths = new Map<string, number[]>();
  readonly renames: Array<[string, string]> = [];
  readonly shas: string[] = [];
  private readonly parents: string[] = [];
  private readonly parentStart: number[] = [];
  private readonly authorTimes: number[] = [];
  private readonly commitTimes: number[] = [];
  private readonly commitIdentity: number[] = [];

  private identity(name: string, email: string, rawName: string, rawEmail: string): number {
    const key = `${name}\0${email}\0${rawName}\0${rawEmail}`;
    let id = this.identityIndex.get(key);
    if (id === undefined) {
      id = this.identities.length;
      this.identities.push({ name, email, rawName, rawEmail });
      this.identityIndex.set(key, id);
    }
    return id;
  }

  private event(path: string, id: number, added: boolean): void {
    let list = this.paths.get(path);
    if (!list) {
      list = [];
      this.paths.set(path, list);
    }
    // The commit being recorded is the last one pushed; git log is not strictly ordered by
    // author date (rebases, merges of old branches), so the newest is kept by comparison, ties
    // going to the smaller hash so that the order of mining never shows.
    const commit = this.shas.length - 1;
    const time = this.authorTimes[commit]!;
    for (let i = 0; i < list.length; i += 4) {
      if (list[i] === id) {
        if (added) list[i + 1] = 1;
        else list[i + 2]!++;
        const latest = list[i + 3]!;
        if (time > this.authorTimes[latest]! || (time === this.authorTimes[latest] && this.shas[commit]! < this.shas[latest]!))
          list[i + 3] = commit;
        return;
      }
    }
    list.push(id, added ? 1 : 0, added ? 0 : 1, commit);
  }

  record(text: string): void {
    const headerEnd = text.indexOf('\0');
    const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
    const [sha = '', parents = '', aN = '', aE = '', an = '', ae = '', cN = '', cE = '', cn = '', ce = '', at = '0', ct = '0'] =
      header.split(FIELD);
    // A commit's developer is its author, or its committer when the author is empty.
    const id = aN || aE || an || ae ? this.identity(aN, aE, an, ae) : this.identity(cN, cE, cn, ce);
    this.shas.push(sha);
    this.parentStart.push(this.parents.length);
    if (parents) for (const parent of parents.split(' ')) this.parents.push(parent);
    this.authorTimes.push(Number(at));
    this.commitTimes.push(Number(ct));
    this.commitIdentity.push(id);
    if (headerEnd < 0) return;
    const fields = text
      .slice(headerEnd + 1)
      .replace(/^\n/, '')
      .split('\0');
    for (let i = 0; i < fields.length; ) {
      const status = fields[i] ?? '';
      if (!status) {
        i++;
        continue;
      }
      const kind = status[0];
      if (kind === 'R' || kind === 'C') {
        const from = fields[i + 1] ?? '';
        const to = fields[i + 2] ?? '';
        if (kind === 'R') {
          this.event(to, id, false);
          this.renames.push([to, from]);
        }
        i += 3;
      } else {
        if (kind === 'A') this.event(fields[i + 1] ?? '', id, true);
        else if (kind === 'M') this.event(fields[i + 1] ?? '', id, false);
        i += 2;
      }
    }
  }

  finish(): Segment {
    const names = [...this.paths.keys()];
    const offsets = new Int32Array(names.length + 1);
    let size = 0;
    names.forEach((name, i) => {
      offsets[i] = size;
      size += this.paths.get(name)!.length;
    });
    offsets[names.length] = size;
    const data = new Int32Array(size);
    for (const [i, name] of names.entries()) data.set(this.paths.get(name)!, offsets[i]);
    const parentStart = new Int32Array(this.shas.length + 1);
    parentStart.set(this.parentStart);
    parentStart[this.shas.length] = this.parents.length;
    return {
      identities: this.identities,
      shas: this.shas,
      parentStart,
      parents: this.parents,
      authorTime: Float64Array.from(this.authorTimes),
      commitTime: Float64Array.from(this.commitTimes),
      identity: Int32Array.from(this.commitIdentity),
      paths: { names, offsets, data },
      renames: this.renames,
    };
  }
}

/** How a history is mined: rename detection, git processes at once, and how git runs. */
export interface MineOptions {
  /** Exact renames only (a blobless clone, where similarity would fetch every blob). */
  exactRenames?: boolean;
  /** git processes mining at once (default 1: one walk, as `git log` does it). */
  jobs?: number;
  /** Commits per parallel chunk (default 4000). */
  chunkCommits?: number;
  git?: GitOptions;
}

/**
 * Runs one history pass and parses git's output as it streams in: only the current partial
 * record is ever held as text. `stdin` lists the commits of a no-walk pass.
 */
function mineSegment(gitDir: string, args: readonly string[], stdin: string | undefined, options: GitOptions): Promise<Segment> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(gitDir, args, options);
    const builder = new SegmentBuilder();
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let stderr = '';
    let failed = false;
    const feed = (text: string) => {
      const parts = (carry + text).split(RECORD);
      carry = parts.pop() ?? '';
      for (const part of parts) if (part) builder.record(part);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        feed(decoder.write(chunk));
      } catch (error) {
        failed = true;
        child.kill();
        reject(error);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => {
      if (failed) return;
      if (code !== 0) {
        reject(new Error(`git log failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
        return;
      }
      try {
        feed(decoder.end());
        if (carry) builder.record(carry);
        resolve(builder.finish());
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(stdin);
  });
}

/** Commits per parallel chunk: enough that starting git is cheap beside it, few enough to share the work out. */
const CHUNK_COMMITS = 4000;

/**
 * Lists the commits of `revisions` (git rev-list, fast) and hands them out in chunks as they
 * arrive, each mined by its own `git log --no-walk --stdin`, at most `jobs` at once.
 */
function mineChunks(
  gitDir: string,
  commit: string,
  revisions: readonly string[],
  exactRenames: boolean,
  jobs: number,
  chunkCommits: number,
  options: GitOptions,
): Promise<Segment[]> {
  return new Promise((resolve, reject) => {
    const results: Array<Promise<Segment>> = [];
    const waiting: Array<() => void> = [];
    let running = 0;
    const args = historyArgs(gitDir, commit, exactRenames, 'stdin');
    const start = (chunk: string[]) => {
      results.push(
        new Promise<void>((ready) => {
          if (running < jobs) ready();
          else waiting.push(ready);
        }).then(() => {
          running++;
          return mineSegment(gitDir, args, `${chunk.join('\n')}\n`, options).finally(() => {
            running--;
            waiting.shift()?.();
          });
        }),
      );
      // Failures are collected by Promise.all below; this keeps an early one from going unhandled.
      results.at(-1)!.catch(() => undefined);
    };
    const list = spawnGit(gitDir, [`--git-dir=${gitDir}`, 'rev-list', ...revisions, '--'], options);
    let carry = '';
    let chunk: string[] = [];
    let stderr = '';
    list.stdout.setEncoding('utf8');
    list.stdout.on('data', (text: string) => {
      const lines = (carry + text).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        chunk.push(line);
        if (chunk.length >= chunkCommits) {
          start(chunk);
          chunk = [];
        }
      }
    });
    list.stderr.on('data', (text: Buffer) => {
      if (stderr.length < 4096) stderr += text.toString('utf8');
    });
    list.on('error', reject);
    list.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git rev-list failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
        return;
      }
      if (carry) chunk.push(carry);
      if (chunk.length) start(chunk);
      Promise.all(results).then(resolve, reject);
    });
    list.stdin.end();
  });
}

/** The pieces of the history of `commit` not reachable from any of `exclude`. */
async function mineSegments(gitDir: string, commit: string, exclude: readonly string[], options: MineOptions): Promise<Segment[]> {
  const exactRenames = options.exactRenames ?? false;
  const revisions = [commit, ...exclude.map((e) => `^${e}`)];
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  if (jobs === 1) return [await mineSegment(gitDir, historyArgs(gitDir, commit, exactRenames, revisions), undefined, options.git ?? {})];
  const chunk = Math.max(1, Math.floor(options.chunkCommits ?? CHUNK_COMMITS));
  return mineChunks(gitDir, commit, revisions, exactRenames, jobs, chunk, options.git ?? {});
}

/** The whole history of `commit`, mined by one git walk or, with `jobs` above 1, in parallel chunks. */
export async function mineHistory(gitDir: string, commit: string, options: MineOptions = {}): Promise<MinedHistory> {
  return assemble(await mineSegments(gitDir, commit, [], options), commit);
}

/**
 * The history of `commit` from the history of one of its ancestors: only the commits the ancestor
 * cannot reach are mined. Throws InconsistentHistory when `base` is not an ancestor's whole history.
 */
export async function extendHistory(gitDir: string, base: MinedHistory, commit: string, options: MineOptions = {}): Promise<MinedHistory> {
  if (base.commit === commit) return base;
  const added = await mineSegments(gitDir, commit, [base.commit], options);
  return assemble([...added, toSegment(base)], commit);
}
