/**
 * Commit message searches (`git log --grep`, e.g. delivery's reverts and pull requests), cached
 * with the history and extended like it: for a descendant of a commit already searched, only the
 * new commits are searched. Matches are ordered newest author date first (ties by hash) and cut at
 * the limit, an order that does not depend on how the history was walked, so a search extended
 * from the cache returns exactly what a search of the whole history does.
 */
import { createHash } from 'node:crypto';
import { runGit, type GitOptions } from '../git/run.ts';
import { firstAncestor } from './ancestry.ts';
import { cachedTips, QUERY_FOLDER, readEntry, repositoryKey, writeEntry } from './cache.ts';
import { pruneAfterWrite } from './cache-admin.ts';

export interface FoundCommit {
  sha: string;
  /** Author date. */
  date: Date;
  /** The whole message: subject, blank line, body. */
  message: string;
}

export interface SearchEntry {
  found: FoundCommit[];
  /** False when git's output was cut at the byte bound: such an entry is never extended. */
  complete: boolean;
}

/** Most output a message search keeps (the rest of the matches are dropped). */
const MAX_SEARCH_BYTES = 16 * 1024 * 1024;
const MAX_CANDIDATES = 4;

export interface SearchRequest {
  /** Folder git runs in. */
  root: string;
  gitDir: string;
  commit: string;
  /** Extended regular expression, matched case-insensitively against whole messages. */
  pattern: string;
  limit: number;
  cacheDir: string | null;
  git?: GitOptions;
  /** Whether a cached search of an ancestor may be extended. */
  incremental?: boolean;
  maxCacheBytes?: number;
  /** The answer of a pass over every message of the commit's history (see messageScan): no git runs. */
  answered?: SearchEntry | undefined;
  /**
   * The last search of the same pattern and limit in this run (a trend's point before): extended
   * like a cached one when its commit is an ancestor, and given this search's answer.
   */
  kept?: KeptSearch | undefined;
  /** Whether the answer is written to the cache (default true; a trend's middle points are not). */
  write?: boolean;
}

/** A search kept in memory for the run, by pattern and limit. */
export interface KeptSearch {
  last?: { commit: string; entry: SearchEntry };
}

function newestFirst(a: FoundCommit, b: FoundCommit): number {
  return b.date.getTime() - a.date.getTime() || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
}

/** Runs the search over `revisions` (bounded: a repository's messages are untrusted, and one may be huge). */
async function grep(root: string, pattern: string, revisions: readonly string[], git: GitOptions): Promise<SearchEntry> {
  const result = await runGit(root, ['log', '-E', '-i', `--grep=${pattern}`, '--format=%H%x1f%at%x1f%B%x1e', ...revisions, '--'], {
    ...git,
    maxOutputBytes: MAX_SEARCH_BYTES,
  });
  if (result.code !== 0) throw new Error(`git log --grep failed (${result.code})`);
  const records = result.stdout.split('\x1e');
  if (result.truncated) records.pop();
  const found = records
    .map((record) => record.replace(/^\n/, ''))
    .filter(Boolean)
    .map((record) => {
      const [sha = '', at = '0', message = ''] = record.split('\x1f');
      return { sha, date: new Date(Number(at) * 1000), message: message.trim() };
    });
  return { found, complete: !result.truncated };
}

export async function searchMessages(request: SearchRequest): Promise<FoundCommit[]> {
  const { root, gitDir, commit, pattern, limit, cacheDir } = request;
  const git = request.git ?? {};
  const cut = (entry: SearchEntry): SearchEntry => ({ found: entry.found.sort(newestFirst).slice(0, limit), complete: entry.complete });
  if (!cacheDir) return cut(request.answered ?? (await grep(root, pattern, [commit], git))).found;
  const repo = repositoryKey(gitDir);
  const suffix = `.q${createHash('sha256')
    .update(JSON.stringify([pattern, limit]))
    .digest('hex')
    .slice(0, 16)}`;
  const keyOf = (c: string) => `${repo}-${c}${suffix}`;
  const hit = request.answered ? null : await readEntry<SearchEntry>(cacheDir, QUERY_FOLDER, keyOf(commit));
  if (hit) return hit.found;

  let entry: SearchEntry | null = request.answered ? cut(request.answered) : null;
  if (!entry && (request.incremental ?? true)) {
    const last = request.kept?.last;
    const inMemory = last && last.commit !== commit && (await firstAncestor(gitDir, [last.commit], commit, git)) ? last : null;
    let baseCommit = inMemory?.commit ?? null;
    let base = inMemory?.entry ?? null;
    if (!base) {
      const candidates = (await cachedTips(cacheDir, QUERY_FOLDER, repo, suffix)).filter((c) => c !== commit).slice(0, MAX_CANDIDATES);
      baseCommit = (await firstAncestor(gitDir, candidates, commit, git)) ?? null;
      base = baseCommit ? await readEntry<SearchEntry>(cacheDir, QUERY_FOLDER, keyOf(baseCommit)) : null;
    }
    if (base?.complete) {
      const added = await grep(root, pattern, [commit, `^${baseCommit}`], git);
      entry = cut({ found: [...added.found, ...base.found], complete: added.complete });
    }
  }
  entry ??= cut(await grep(root, pattern, [commit], git));
  if (request.kept) request.kept.last = { commit, entry: { found: [...entry.found], complete: entry.complete } };
  if (request.write ?? true) {
    await writeEntry(cacheDir, QUERY_FOLDER, keyOf(commit), entry).catch(() => undefined);
    await pruneAfterWrite(cacheDir, request.maxCacheBytes).catch(() => undefined);
  }
  return entry.found;
}

/**
 * A JavaScript test equal to git's `--grep=<pattern> -E -i` on one message, for the patterns where
 * the two regular expression languages agree on every text; null for any other pattern (it is
 * left to git). git matches each line of the message alone; the accepted patterns are ASCII
 * literals, escaped punctuation, groups, alternation, `^`, `$`, `*`, `+`, `?` and bracketed
 * ranges of letters and digits: no `.` nor negated class, which git, in the C locale, matches
 * against a byte where JavaScript matches a character, and no back-reference or interval.
 */
export function messageMatcher(pattern: string): ((message: string) => boolean) | null {
  if (!pattern || !/^[\x20-\x7e]+$/.test(pattern)) return null;
  let depth = 0;
  // What came last: 'start' (of the pattern, a group or an alternative), 'atom' (which a quantifier
  // may follow), or 'bound' (an anchor or a quantifier, which none may follow).
  let previous: 'start' | 'bound' | 'atom' = 'start';
  let anchored = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[++i];
      // Only a metacharacter: GNU regex gives some escaped letters and quotes meanings of their own (\w, \').
      if (next === undefined || !/[\\^$.|?*+()[\]{}]/.test(next)) return null;
      previous = 'atom';
    } else if (c === '(') {
      depth++;
      previous = 'start';
    } else if (c === ')') {
      if (depth === 0 || previous === 'start') return null;
      depth--;
      previous = 'atom';
    } else if (c === '|') {
      if (previous === 'start') return null;
      previous = 'start';
    } else if (c === '^' || c === '$') {
      anchored = true;
      previous = 'bound';
    } else if (c === '*' || c === '+' || c === '?') {
      if (previous !== 'atom' || pattern[i + 1] === '*' || pattern[i + 1] === '+' || pattern[i + 1] === '?') return null;
      previous = 'bound';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0 || !/^(?:[a-zA-Z0-9](?:-[a-zA-Z0-9])?)+$/.test(pattern.slice(i + 1, end))) return null;
      for (const [, from, to] of pattern.slice(i + 1, end).matchAll(/([a-zA-Z0-9])-([a-zA-Z0-9])/g)) {
        const kind = (ch: string) => (/[a-z]/.test(ch) ? 1 : /[A-Z]/.test(ch) ? 2 : 3);
        if (kind(from!) !== kind(to!) || from! > to!) return null;
      }
      i = end;
      previous = 'atom';
    } else if (/[a-zA-Z0-9 #\-_:,;'"/@!%&=<>~`]/.test(c)) {
      previous = 'atom';
    } else {
      return null;
    }
  }
  if (depth !== 0 || previous === 'start') return null;
  const line = new RegExp(pattern, 'i');
  // Without an anchor, a match never spans a line (no accepted token matches a newline): one test
  // of the whole message is the same as one per line. JavaScript's multiline mode also starts a line
  // after \r, U+2028 and U+2029, which git does not, so anchored patterns test line by line.
  if (!anchored) return (message) => line.test(message);
  // Multiline mode finds every match a line-by-line test finds (and a few more): most messages
  // match neither, and are answered by one test.
  const anyLine = new RegExp(pattern, 'im');
  return (message) => {
    if (!anyLine.test(message)) return false;
    for (const text of message.split('\n')) if (line.test(text)) return true;
    return false;
  };
}

/**
 * A scan answers a search of at most this many commits (RepoView.searchCommits' default limit):
 * it keeps that many of the newest matches, all a search so limited returns.
 */
export const SCAN_KEEPS = 5000;

/**
 * A scan answers only where git's search would not be cut at MAX_SEARCH_BYTES: it counts the bytes
 * git's output would hold for every match (a record's hash, time, message and separators), with
 * room to spare (a message's bytes are counted as decoded, never fewer than git writes).
 */
const SCAN_MAX_BYTES = MAX_SEARCH_BYTES - 1024 * 1024;
/** A record's bytes besides its message in git's search output: hash, time, three separators, a newline. */
const RECORD_BYTES = 64 + 12 + 8;

/** Searches answered from a pass that reads every commit's message (the listing of a parallel history mine). */
export interface MessageScan {
  /** One commit's whole message (%B), with its author time in seconds. */
  add(sha: string, authorTime: number, message: string): void;
  /** Every commit of the history was added. */
  finish(): void;
  /**
   * The answer to each pattern it could answer exactly, as git's search of the same commits gives
   * it cut to SCAN_KEEPS (or `keep`) newest; none before finish.
   */
  answers(): Map<string, SearchEntry>;
}

/**
 * A scan for the patterns messageMatcher accepts; null when it accepts none. `bounds` are for
 * tests: how many matches it keeps, and past how many bytes of git's output it leaves the search to git.
 */
export function messageScan(patterns: readonly string[], bounds: { keep?: number; maxBytes?: number } = {}): MessageScan | null {
  const keep = bounds.keep ?? SCAN_KEEPS;
  const maxBytes = bounds.maxBytes ?? SCAN_MAX_BYTES;
  const searches = [...new Set(patterns)].flatMap((pattern) => {
    const test = messageMatcher(pattern);
    return test ? [{ pattern, test, found: [] as FoundCommit[], bytes: 0 }] : [];
  });
  if (!searches.length) return null;
  const newest = (found: FoundCommit[]) => found.sort(newestFirst).slice(0, keep);
  let finished = false;
  return {
    finish() {
      finished = true;
    },
    add(sha, authorTime, message) {
      for (const search of searches) {
        if (search.bytes > maxBytes || !search.test(message)) continue;
        search.bytes += RECORD_BYTES + Buffer.byteLength(message);
        // Past the bound it is git's to answer: what was kept goes now, not after the walk.
        if (search.bytes > maxBytes) search.found = [];
        else {
          search.found.push({ sha, date: new Date(authorTime * 1000), message: message.trim() });
          // Only the newest `keep` can be in an answer: the rest go as they pile up.
          if (search.found.length >= 2 * keep) search.found = newest(search.found);
        }
      }
    },
    answers() {
      if (!finished) return new Map();
      return new Map(
        searches.filter((s) => s.bytes <= maxBytes).map((s) => [s.pattern, { found: newest([...s.found]), complete: true }] as const),
      );
    },
  };
}
