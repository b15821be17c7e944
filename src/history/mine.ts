import { describeGitFailure, OBJECT_ID, readToEnd, spawnGit, type GitOptions } from '../git/run.ts';
import { assemble, toSegment, type Segment } from './assemble.ts';
import type { MessageScan } from './search.ts';
import { spliceSegment } from './splice.ts';
import type { Identity, MinedHistory } from './types.ts';

const RECORD = 0x01;
const FIELD = '\x1f';
/** Fields of the header FORMAT writes. */
const FIELDS = 12;
/** Hash, parents, mailmapped and raw author, mailmapped and raw committer, author and commit times. */
const FORMAT = '%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%cN%x1f%cE%x1f%cn%x1f%ce%x1f%at%x1f%ct';

/** A walk git could not finish, in blueprint's words: git's own quote objects and file contents. */
function historyUnreadable(stderr: string, code: number | null): Error {
  return new Error(`the history could not be read: ${describeGitFailure(stderr, code ?? 1)}`);
}

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

/**
 * Accumulates the pieces of a Segment as records arrive: each record is one commit of `git log`
 * in FORMAT, its header, a NUL, then its -z --name-status fields. Exported for the in-memory
 * repository (src/testing), which mines its history through the same code.
 */
export class SegmentBuilder {
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
  private readonly separators = new Int32Array(FIELDS - 1);

  /** The identity of four fields (name, e-mail, raw name, raw e-mail) as git wrote them, separated by 0x1f. */
  private identity(key: string): number {
    let id = this.identityIndex.get(key);
    if (id === undefined) {
      const [name = '', email = '', rawName = '', rawEmail = ''] = key.split(FIELD);
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

  /**
   * Parses one commit's record, bytes [start, end) of `buf` without the record mark: the header's
   * fields, a NUL, then NUL-separated status and path fields. Works on the bytes, decoding only
   * what it keeps, so no kept string is a slice that would hold a whole chunk of git's output.
   */
  record(buf: Buffer, start: number, end: number): void {
    const sep = this.separators;
    let headerEnd = buf.indexOf(0, start);
    if (headerEnd < 0 || headerEnd > end) headerEnd = end;
    let count = 0;
    for (let i = start; i < headerEnd && count < FIELDS - 1; i++) if (buf[i] === 0x1f) sep[count++] = i;
    for (let k = count; k < FIELDS - 1; k++) sep[k] = headerEnd;
    const from = (k: number) => (k === 0 ? start : sep[k - 1]! + 1);
    const to = (k: number) => (k === FIELDS - 1 ? headerEnd : sep[k]!);
    // A commit's developer is its author, or its committer when the author is empty.
    const authorEmpty = to(5) - from(2) <= 3;
    const first = authorEmpty ? 6 : 2;
    const id = this.identity(buf.toString('utf8', from(first), to(first + 3)));
    this.shas.push(buf.toString('latin1', from(0), to(0)));
    this.parentStart.push(this.parents.length);
    if (to(1) > from(1)) for (const parent of buf.toString('latin1', from(1), to(1)).split(' ')) this.parents.push(parent);
    this.authorTimes.push(Number(buf.toString('latin1', from(10), to(10))) || 0);
    this.commitTimes.push(Number(buf.toString('latin1', from(11), to(11))) || 0);
    this.commitIdentity.push(id);
    let p = headerEnd + 1;
    if (buf[p] === 0x0a) p++;
    const field = (at: number) => {
      const z = buf.indexOf(0, at);
      return z < 0 || z > end ? end : z;
    };
    while (p < end) {
      if (buf[p] === 0) {
        p++;
        continue;
      }
      const kind = buf[p];
      p = field(p) + 1;
      if (kind === 0x52 /* R */ || kind === 0x43 /* C */) {
        const fromEnd = field(p);
        const toEnd = field(fromEnd + 1);
        if (kind === 0x52) {
          const target = buf.toString('utf8', fromEnd + 1, toEnd);
          this.event(target, id, false);
          this.renames.push([target, buf.toString('utf8', p, fromEnd)]);
        }
        p = toEnd + 1;
      } else {
        const pathEnd = field(p);
        if (kind === 0x41 /* A */ || kind === 0x4d /* M */) this.event(buf.toString('utf8', p, pathEnd), id, kind === 0x41);
        p = pathEnd + 1;
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
  /** Commits of the smallest parallel chunk (default 4000; chunks grow to four times that while many remain). */
  chunkCommits?: number;
  /**
   * Fed every commit's message when the commits are listed for parallel chunks (then the listing
   * reads the messages instead of one more walk searching them), and finished when it is done.
   */
  scan?: MessageScan | undefined;
  git?: GitOptions;
}

/**
 * Runs one history pass and parses git's output as it streams in: only the current partial
 * record is ever held as text. `stdin` lists the commits of a no-walk pass.
 */
function mineSegment(gitDir: string, args: readonly string[], stdin: string | undefined, options: GitOptions): Promise<Segment> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(gitDir, args, readToEnd(options));
    const builder = new SegmentBuilder();
    // The bytes of the record not yet complete: the tail of one chunk, or several chunks of a huge record.
    let pending: Buffer[] = [];
    let stderr = '';
    let failed = false;
    const feed = (chunk: Buffer) => {
      let mark = chunk.indexOf(RECORD);
      if (mark < 0) {
        pending.push(chunk);
        return;
      }
      if (pending.length) {
        const record = Buffer.concat([...pending, chunk.subarray(0, mark)]);
        if (record.length > 1) builder.record(record, 1, record.length);
        pending = [];
      }
      for (;;) {
        const next = chunk.indexOf(RECORD, mark + 1);
        if (next < 0) break;
        builder.record(chunk, mark + 1, next);
        mark = next;
      }
      pending.push(chunk.subarray(mark));
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        feed(chunk);
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
        reject(historyUnreadable(stderr, code));
        return;
      }
      try {
        const last = Buffer.concat(pending);
        if (last.length > 1) builder.record(last, 1, last.length);
        resolve(builder.finish());
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(stdin);
  });
}

/** Commits of the smallest parallel chunk: enough that starting git is cheap beside it. */
const CHUNK_COMMITS = 4000;
/** The largest chunk, in smallest chunks: each git started costs node a fork of its whole heap. */
const MAX_CHUNK_FACTOR = 4;

/**
 * Lists the commits of `revisions` (git rev-list, fast) and hands them out as they arrive, each
 * chunk mined by its own `git log --no-walk --stdin`, at most `jobs` at once. Chunks grow to
 * MAX_CHUNK_FACTOR times the smallest while the list is long, since every spawn forks node's
 * heap, and shrink back as the list runs out (guided self-scheduling) so that the jobs finish
 * together. How the commits are cut never shows: assemble's result depends on the set alone.
 */
function mineChunks(
  gitDir: string,
  commit: string,
  revisions: readonly string[],
  exactRenames: boolean,
  jobs: number,
  chunkCommits: number,
  options: GitOptions,
  scan: MessageScan | undefined,
): Promise<Segment[]> {
  return new Promise((resolve, reject) => {
    const segments: Segment[] = [];
    const listed: string[] = [];
    let next = 0;
    let listingDone = false;
    let running = 0;
    let failed = false;
    const largest = chunkCommits * MAX_CHUNK_FACTOR;
    const args = historyArgs(gitDir, commit, exactRenames, 'stdin');
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const pump = () => {
      while (!failed && running < jobs) {
        const available = listed.length - next;
        if (available === 0 || (!listingDone && available < chunkCommits)) break;
        const size = listingDone
          ? Math.min(available, Math.max(chunkCommits, Math.min(largest, Math.ceil(available / (2 * jobs)))))
          : Math.min(available, largest);
        const chunk = listed.slice(next, next + size);
        next += size;
        running++;
        mineSegment(gitDir, args, `${chunk.join('\n')}\n`, options).then((segment) => {
          running--;
          segments.push(segment);
          if (listingDone && running === 0 && next === listed.length) resolve(segments);
          else pump();
        }, fail);
      }
    };
    // With a scan, the listing is a `git log` of hashes, author times and messages: about what
    // rev-list costs, where a message search would be one more walk of every commit.
    const listArgs = scan
      ? [`--git-dir=${gitDir}`, 'log', '-z', '--format=%H %at%n%B', ...revisions, '--']
      : [`--git-dir=${gitDir}`, 'rev-list', ...revisions, '--'];
    const list = spawnGit(gitDir, listArgs, readToEnd(options));
    const separator = scan ? 0 : 0x0a;
    const take = scan
      ? (record: Buffer) => {
          const space = record.indexOf(0x20);
          const newline = record.indexOf(0x0a, space + 1);
          const sha = record.toString('latin1', 0, space);
          if (space < 0 || !OBJECT_ID.test(sha)) throw new Error('git log: unexpected listing');
          listed.push(sha);
          scan.add(
            sha,
            Number(record.toString('latin1', space + 1, newline < 0 ? record.length : newline)) || 0,
            newline < 0 ? '' : record.toString('utf8', newline + 1),
          );
        }
      : (record: Buffer) => {
          if (record.length) listed.push(record.toString('latin1'));
        };
    let carry: Buffer[] = [];
    let stderr = '';
    list.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        let start = 0;
        for (let end = chunk.indexOf(separator); end >= 0; end = chunk.indexOf(separator, start)) {
          take(carry.length ? Buffer.concat([...carry, chunk.subarray(start, end)]) : chunk.subarray(start, end));
          carry = [];
          start = end + 1;
        }
        if (start < chunk.length) carry.push(chunk.subarray(start));
      } catch (error) {
        list.kill();
        fail(error);
        return;
      }
      pump();
    });
    list.stderr.on('data', (text: Buffer) => {
      if (stderr.length < 4096) stderr += text.toString('utf8');
    });
    list.on('error', fail);
    list.on('close', (code) => {
      if (failed) return;
      if (code !== 0) {
        fail(historyUnreadable(stderr, code));
        return;
      }
      try {
        const last = Buffer.concat(carry);
        if (last.length && !(scan && last.length === 1 && last[0] === 0x0a)) take(last);
      } catch (error) {
        fail(error);
        return;
      }
      scan?.finish();
      listingDone = true;
      if (running === 0 && next === listed.length) resolve(segments);
      else pump();
    });
    list.stdin.end();
  });
}

/** The pieces of the history of `commit` not reachable from any of `exclude`. */
export async function mineSegments(gitDir: string, commit: string, exclude: readonly string[], options: MineOptions): Promise<Segment[]> {
  const exactRenames = options.exactRenames ?? false;
  const revisions = [commit, ...exclude.map((e) => `^${e}`)];
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  // The commits a cached history lacks (a push, a trend's month) are mined by one walk: listing
  // them first would start a second git after the first for a few hundred commits, and one
  // segment is what splices into the cached history without assembling it all again.
  if (jobs === 1 || exclude.length)
    return [await mineSegment(gitDir, historyArgs(gitDir, commit, exactRenames, revisions), undefined, options.git ?? {})];
  const chunk = Math.max(1, Math.floor(options.chunkCommits ?? CHUNK_COMMITS));
  return mineChunks(gitDir, commit, revisions, exactRenames, jobs, chunk, options.git ?? {}, options.scan);
}

/** The whole history of `commit`, mined by one git walk or, with `jobs` above 1, in parallel chunks. */
export async function mineHistory(gitDir: string, commit: string, options: MineOptions = {}): Promise<MinedHistory> {
  return assemble(await mineSegments(gitDir, commit, [], options), commit);
}

/**
 * The history of `commit` from the history of one of its ancestors: only the commits the ancestor
 * cannot reach are mined. Throws InconsistentHistory when `base` is not an ancestor's whole history.
 */
export async function extendHistory(
  gitDir: string,
  base: MinedHistory,
  commit: string,
  options: MineOptions = {},
  mined?: Promise<Segment[]>,
): Promise<MinedHistory> {
  if (base.commit === commit) return base;
  // `mined`: the same walk, started earlier (a trend's next point, mined while this one is judged);
  // should it have failed, the walk runs again here and fails or not as it would have.
  const added = (await mined?.catch(() => undefined)) ?? (await mineSegments(gitDir, commit, [base.commit], options));
  const spliced = added.length === 1 ? spliceSegment(added[0]!, base, commit) : null;
  return spliced ?? assemble([...added, toSegment(base)], commit);
}
