import { StringDecoder } from 'node:string_decoder';
import { spawnGit, type GitOptions } from '../git/run.ts';
import type { CommitGraph, Identity, MinedHistory, PathEvents } from './types.ts';

const RECORD = '\x01';
const FIELD = '\x1f';
/** Hash, parents, mailmapped and raw author, mailmapped and raw committer, author and commit times. */
const FORMAT = '%x01%H%x1f%P%x1f%aN%x1f%aE%x1f%an%x1f%ae%x1f%cN%x1f%cE%x1f%cn%x1f%ce%x1f%at%x1f%ct';

/**
 * The git arguments of the one history pass. It runs in the git directory, with the mailmap read
 * from the audited commit, so that the result depends on the commit alone (not on an uncommitted
 * .mailmap in a work tree), which is what makes it safe to cache by commit.
 */
export function historyArgs(gitDir: string, commit: string, exactRenames = false): string[] {
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
    commit,
    '--',
  ];
}

/** Accumulates the pieces of a MinedHistory as records arrive. */
class HistoryBuilder {
  readonly identities: Identity[] = [];
  private readonly identityIndex = new Map<string, number>();
  readonly paths = new Map<string, number[]>();
  readonly renames: Array<[string, string]> = [];
  readonly shas: string[] = [];
  private readonly parentShas: string[][] = [];
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
    // author date (rebases, merges of old branches), so the newest is kept by comparison.
    const commit = this.shas.length - 1;
    for (let i = 0; i < list.length; i += 4) {
      if (list[i] === id) {
        if (added) list[i + 1] = 1;
        else list[i + 2]!++;
        if (this.authorTimes[commit]! > this.authorTimes[list[i + 3]!]!) list[i + 3] = commit;
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
    this.parentShas.push(parents ? parents.split(' ') : []);
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

  finish(commit: string): MinedHistory {
    const n = this.shas.length;
    const index = new Map<string, number>();
    for (const [i, sha] of this.shas.entries()) index.set(sha, i);
    const parentStart = new Int32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++) {
      parentStart[i] = total;
      total += this.parentShas[i]!.length;
    }
    parentStart[n] = total;
    const parentIndex = new Int32Array(total);
    let k = 0;
    for (const parents of this.parentShas) for (const p of parents) parentIndex[k++] = index.get(p) ?? -1;
    // The native string sort, then the index map made above: far cheaper than a comparator.
    const byHash = Int32Array.from([...this.shas].sort(), (sha) => index.get(sha)!);
    const graph: CommitGraph = {
      byHash,
      shas: this.shas,
      authorTime: Float64Array.from(this.authorTimes),
      commitTime: Float64Array.from(this.commitTimes),
      identity: Int32Array.from(this.commitIdentity),
      parentStart,
      parentIndex,
    };
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
    const paths: PathEvents = { names, offsets, data };
    return { commit, identities: this.identities, paths, renames: this.renames, graph };
  }
}

/** The history that these `git log` records (one per commit, in log order) describe, as if mined at `commit`. */
export function historyFromRecords(records: Iterable<string>, commit: string): MinedHistory {
  const builder = new HistoryBuilder();
  for (const record of records) builder.record(record);
  return builder.finish(commit);
}

/**
 * Walks the history of `commit` once, parsing git's output as it streams in: only the current
 * partial record is ever held as text, unless `records` is given, which then receives every
 * commit's record in log order (graph index order), to derive the history of an ancestor from.
 */
export function mineHistory(
  gitDir: string,
  commit: string,
  exactRenames = false,
  options: GitOptions = {},
  records?: string[],
): Promise<MinedHistory> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(gitDir, historyArgs(gitDir, commit, exactRenames), options);
    const builder = new HistoryBuilder();
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let stderr = '';
    let failed = false;
    const feed = (text: string) => {
      const parts = (carry + text).split(RECORD);
      carry = parts.pop() ?? '';
      for (const part of parts) {
        if (!part) continue;
        builder.record(part);
        records?.push(part);
      }
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
    child.on('error', reject);
    child.on('close', (code) => {
      if (failed) return;
      if (code !== 0) {
        reject(new Error(`git log failed (${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
        return;
      }
      feed(decoder.end());
      if (carry) {
        builder.record(carry);
        records?.push(carry);
      }
      resolve(builder.finish(commit));
    });
    child.stdin.end();
  });
}
