/**
 * What `git log` says of an in-memory repository: its order, its name-status changes (exact
 * renames), the .mailmap applied, and the history mined from it by the history layer's own
 * builder, so the in-memory view's history is what src/history would make of the same commits.
 */
import { assemble } from '../history/assemble.ts';
import { SegmentBuilder } from '../history/mine.ts';
import type { MinedHistory } from '../types.ts';
import type { Person } from './spec.ts';
import type { StoredCommit, StoredEntry, Tree } from './store.ts';

/**
 * Commits reachable from `tips`, in `git log`'s default order: newest committer date first, a
 * commit's parents queued after every queued commit at least as new (git's insert-by-date), and
 * `follow` choosing which parents a commit leads to (all, by default).
 */
export function* logOrder(
  commits: ReadonlyMap<string, StoredCommit>,
  tips: readonly string[],
  follow: (commit: StoredCommit) => readonly string[] = (c) => c.parents,
): Generator<StoredCommit> {
  const queue: StoredCommit[] = [];
  const seen = new Set<string>();
  const insert = (sha: string) => {
    const commit = commits.get(sha);
    if (!commit || seen.has(sha)) return;
    seen.add(sha);
    let at = 0;
    while (at < queue.length && queue[at]!.commitTime >= commit.commitTime) at++;
    queue.splice(at, 0, commit);
  };
  for (const tip of tips) insert(tip);
  while (queue.length) {
    const commit = queue.shift()!;
    yield commit;
    for (const parent of follow(commit)) insert(parent);
  }
}

type Kind = 'file' | 'link' | 'gitlink';
const kindOf = (entry: StoredEntry): Kind => (entry.mode === '120000' ? 'link' : entry.mode === '160000' ? 'gitlink' : 'file');
const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * `git log --name-status -z` fields of a commit against its parent: A, D, M, T (type change) and
 * R100 for a path deleted and one added with the same contents. Renames of changed contents,
 * which git finds by similarity, are left as a D and an A.
 */
export function nameStatus(before: Tree, after: Tree): string[] {
  const added: string[] = [];
  const deleted: string[] = [];
  const out: Array<[string, string[]]> = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) added.push(path);
    else if (kindOf(old) !== kindOf(entry)) out.push([path, ['T', path]]);
    else if (old.oid !== entry.oid || old.mode !== entry.mode) out.push([path, ['M', path]]);
  }
  for (const path of before.keys()) if (!after.has(path)) deleted.push(path);
  const sources = new Map<string, string[]>();
  for (const path of deleted.sort(byBytes)) {
    const entry = before.get(path)!;
    if (kindOf(entry) === 'gitlink') continue;
    const key = `${kindOf(entry)}:${entry.oid}`;
    sources.set(key, [...(sources.get(key) ?? []), path]);
  }
  const renamedFrom = new Set<string>();
  for (const path of added.sort(byBytes)) {
    const entry = after.get(path)!;
    const candidates = (sources.get(`${kindOf(entry)}:${entry.oid}`) ?? []).filter((p) => !renamedFrom.has(p));
    const from = candidates.find((p) => basename(p) === basename(path)) ?? candidates[0];
    if (from === undefined) {
      out.push([path, ['A', path]]);
      continue;
    }
    renamedFrom.add(from);
    out.push([path, ['R100', from, path]]);
  }
  for (const path of deleted) if (!renamedFrom.has(path)) out.push([path, ['D', path]]);
  return out.sort(([a], [b]) => byBytes(a, b)).flatMap(([, fields]) => fields);
}

interface MailmapEntry {
  name: string | null;
  email: string | null;
  /** By lower-cased commit name. */
  names: Map<string, { name: string | null; email: string | null }>;
}

/** A .mailmap, read as git reads one, and the lookup it gives: (name, email) -> mapped (name, email). */
export function parseMailmap(text: string | null): (who: Person) => Person {
  const map = new Map<string, MailmapEntry>();
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('#')) continue;
    const pairs = [...line.matchAll(/([^<]*)<([^>]*)>/g)].map((m) => ({ name: m[1]!.trim() || null, email: m[2]!.trim() }));
    const [first, second] = pairs;
    if (!first) continue;
    const oldEmail = second ? second.email : first.email;
    const newEmail = second ? first.email : null;
    const key = oldEmail.toLowerCase();
    const entry = map.get(key) ?? { name: null, email: null, names: new Map() };
    map.set(key, entry);
    if (second?.name) entry.names.set(second.name.toLowerCase(), { name: first.name, email: newEmail });
    else {
      if (first.name) entry.name = first.name;
      if (newEmail) entry.email = newEmail;
    }
  }
  return (who) => {
    const entry = map.get(who.email.toLowerCase());
    if (!entry) return who;
    const mapped = (entry.names.size && entry.names.get(who.name.toLowerCase())) || entry;
    return { name: mapped.name ?? who.name, email: mapped.email ?? who.email };
  };
}

const FIELD = '\x1f';

/**
 * The history of `commit` as the history layer mines it: the records `git log` would stream,
 * fed to the same builder. Merges list no changes (git log shows none without -m).
 */
export function mineMemoryHistory(
  commits: ReadonlyMap<string, StoredCommit>,
  commit: string,
  mailmap: (who: Person) => Person,
): MinedHistory {
  const builder = new SegmentBuilder();
  const empty: Tree = new Map();
  for (const c of logOrder(commits, [commit])) {
    const author = mailmap(c.author);
    const committer = mailmap(c.committer);
    const header = [
      c.sha,
      c.parents.join(' '),
      author.name,
      author.email,
      c.author.name,
      c.author.email,
      committer.name,
      committer.email,
      c.committer.name,
      c.committer.email,
      String(c.authorTime),
      String(c.commitTime),
    ].join(FIELD);
    const parent = c.parents.length === 1 ? commits.get(c.parents[0]!) : undefined;
    const changes = c.parents.length === 0 ? nameStatus(empty, c.tree) : parent ? nameStatus(parent.tree, c.tree) : [];
    const record = Buffer.from(changes.length ? `${header}\0\n${changes.join('\0')}\0` : header, 'utf8');
    builder.record(record, 0, record.length);
  }
  return assemble([builder.finish()], commit);
}

/** The entries at `path` or under it: what a pathspec of `git log -- path` compares. */
function under(tree: Tree, path: string): string {
  const parts: string[] = [];
  for (const [p, e] of tree) if (p === path || p.startsWith(`${path}/`)) parts.push(`${p}\0${e.mode}\0${e.oid}`);
  return parts.sort().join('\n');
}

/**
 * The commit `git log -1 -- path` shows: the first, in log order with git's default history
 * simplification (a merge that kept one parent's version follows that parent alone), that
 * changed the path.
 */
export function lastChangeOf(commits: ReadonlyMap<string, StoredCommit>, commit: string, path: string): StoredCommit | null {
  let found: StoredCommit | null = null;
  const follow = (c: StoredCommit): readonly string[] => {
    const mine = under(c.tree, path);
    const parents = c.parents.map((p) => commits.get(p)).filter((p): p is StoredCommit => p !== undefined);
    const same = parents.find((p) => under(p.tree, path) === mine);
    if (same) return [same.sha];
    if (parents.length || mine) found = c;
    return c.parents;
  };
  for (const _ of logOrder(commits, [commit], (c) => (found ? [] : follow(c)))) {
    if (found) return found;
  }
  return found;
}
