/**
 * An in-memory repository view: the RepoView a local clone of the spec would give, without a
 * disk or a git process. Reads, refs, history and searches follow what the local source does with
 * git (src/sources/local.ts), and the history is mined by the history layer's own builder.
 */
import { commitIndex } from '../history/graph.ts';
import { DEFAULT_MAX_FILE_BYTES, SHALLOW_FIX } from '../sources/local.ts';
import type {
  Capability,
  CommitMessage,
  FileRead,
  GitRef,
  MinedHistory,
  ReadOptions,
  RepoView,
  TreeEntry,
  UnmergedCommit,
} from '../types.ts';
import { memo } from '../util/memo.ts';
import { resolveLinkTarget } from '../util/paths.ts';
import { lastChangeOf, logOrder, mineMemoryHistory, parseMailmap } from './log.ts';
import type { RepoSpec } from './spec.ts';
import { buildStore, type StoredCommit, type StoredEntry } from './store.ts';

const MAX_LINK_HOPS = 8;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;
const DEFAULT_BRANCH_CANDIDATES = ['main', 'master', 'trunk', 'develop'];

export interface MemoryRepoOptions {
  /** Revision to audit: a branch, tag, remote-tracking branch or commit id (default: HEAD). */
  ref?: string;
  /** The read cap, in bytes (default 1 MiB, as the audit's). */
  maxFileBytes?: number;
}

/** What opening a source gives the engine besides the view: its notes and its limits. */
export interface MemoryRepo {
  view: RepoView;
  notes: string[];
  /** Capabilities the source cannot fully provide, with the reason (as LocalRepo.limits). */
  limits: Partial<Record<Capability, string>>;
  committedAt: Date | null;
}

const seconds = (s: number) => new Date(s * 1000);

function resolveRef(store: ReturnType<typeof buildStore>, ref: string | undefined): string {
  if (ref === undefined || ref === 'HEAD') {
    if (!store.head) throw new Error('repository spec: the repository has no commits yet; there is nothing to audit');
    return store.head;
  }
  for (const name of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`, `refs/remotes/${ref}`]) {
    const found = store.refs.find((r) => r.name === name);
    if (found) return found.commit;
  }
  const bySha = [...store.commits.keys()].filter((sha) => sha.startsWith(ref.toLowerCase()));
  if (ref.length >= 4 && bySha.length === 1) return bySha[0]!;
  throw new Error(`repository spec: revision '${ref}' not found`);
}

/** Opens a spec as an in-memory repository: its view, notes and limits, as a local clone of it would be opened. */
export function openMemoryRepo(spec: RepoSpec, options: MemoryRepoOptions = {}): MemoryRepo {
  const store = buildStore(spec);
  const commitSha = resolveRef(store, options.ref);
  const audited = store.commits.get(commitSha)!;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const partial = spec.partial ?? false;
  const missing = new Set(spec.missingObjects ?? []);
  const notes: string[] = [];
  const limits: MemoryRepo['limits'] = { ...spec.limits };
  if (spec.shallow) {
    notes.push(`Shallow clone: the history holds only the fetched commits, so history-based rules are skipped; ${SHALLOW_FIX}.`);
    limits.history ??= `the clone is shallow, so its history is cut short; ${SHALLOW_FIX}`;
  }
  if (partial) {
    notes.push(
      "Partial clone: files whose contents are not in this clone cannot be read, and blueprint never fetches into a repository it did not clone; rules that needed them are marked incomplete. Audit a full clone, or the repository's URL.",
    );
  }
  if (spec.head === 'detached' && options.ref === undefined) notes.push(`Detached HEAD: auditing commit ${commitSha.slice(0, 12)}.`);
  const view = createMemoryView(spec, store, audited, { maxFileBytes, partial, missing });
  return { view, notes, limits, committedAt: seconds(audited.commitTime) };
}

/** The in-memory view of a spec at HEAD (or `options.ref`). */
export function memoryView(spec: RepoSpec, options: MemoryRepoOptions = {}): RepoView {
  return openMemoryRepo(spec, options).view;
}

interface ViewSetup {
  maxFileBytes: number;
  partial: boolean;
  missing: ReadonlySet<string>;
}

function createMemoryView(
  spec: RepoSpec,
  store: ReturnType<typeof buildStore>,
  audited: StoredCommit,
  { maxFileBytes, partial, missing }: ViewSetup,
): RepoView {
  const tree = audited.tree;
  // Entries carry their object id, as the local source's do (TreeEntry does not promise it).
  const entries: Array<TreeEntry & { oid: string }> = [...tree]
    .map(([path, e]) => {
      const kind = e.mode === '120000' ? 'symlink' : e.mode === '160000' ? 'submodule' : 'file';
      // ls-tree -l gives no size for a submodule ('-', read as 0); a partial clone lists none.
      return { path, mode: e.mode, kind, size: partial ? -1 : kind === 'submodule' ? 0 : e.bytes.length, oid: e.oid } as const;
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(entries.map((e) => [e.path, e]));

  const unreadable = (path: string): FileRead => ({
    text: null,
    why: 'unreadable',
    detail: partial ? 'its contents are not in this partial clone' : 'its object is missing from the repository',
  });

  const readFile = async (path: string, options?: ReadOptions): Promise<FileRead> => {
    const cap = options?.maxBytes ?? maxFileBytes;
    let at = path;
    let entry = byPath.get(at);
    for (let hops = 0; entry?.kind === 'symlink'; hops++) {
      if (hops >= MAX_LINK_HOPS) return { text: null, why: 'outside' };
      if (missing.has(at)) return { text: null, why: 'unreadable', detail: `the link ${at} could not be read` };
      const next = resolveLinkTarget(at, tree.get(at)!.bytes.toString('utf8'));
      if (!next) return { text: null, why: 'outside' };
      at = next;
      entry = byPath.get(at);
    }
    if (!entry) return { text: null, why: 'missing' };
    if (entry.kind !== 'file') return { text: null, why: 'not-a-file' };
    const stored: StoredEntry = tree.get(at)!;
    if (entry.size > cap) return { text: null, why: 'too-large', size: entry.size, limit: cap };
    if (missing.has(at)) return unreadable(at);
    if (stored.bytes.length > cap) return { text: null, why: 'too-large', size: stored.bytes.length, limit: cap };
    const bytes = stored.bytes;
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { text: null, why: 'binary' };
    const text = bytes.toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, why: null };
  };

  const refs: GitRef[] = store.refs.map((r) => ({ name: r.name, commit: r.commit, symref: r.symref, date: seconds(r.time) }));

  const defaultBranch = (): string | null => {
    // A bare repository's HEAD is its default branch (a clone's HEAD is the remote's).
    if (spec.bare && store.headBranch && refs.some((r) => r.name === `refs/heads/${store.headBranch}`)) return store.headBranch;
    const originHead = refs.find((r) => r.name === 'refs/remotes/origin/HEAD')?.symref;
    if (originHead) return originHead.replace(/^refs\/remotes\/origin\//, '');
    const names = new Set(refs.map((r) => r.name));
    for (const candidate of DEFAULT_BRANCH_CANDIDATES) {
      if (names.has(`refs/heads/${candidate}`) || names.has(`refs/remotes/origin/${candidate}`)) return candidate;
    }
    return store.headBranch;
  };

  const history = memo(async (): Promise<MinedHistory> => {
    const mailmap = tree.get('.mailmap');
    const text = mailmap && mailmap.mode !== '160000' && !missing.has('.mailmap') ? mailmap.bytes.toString('utf8') : null;
    return mineMemoryHistory(store.commits, audited.sha, parseMailmap(text));
  });

  const searchCommits = async (pattern: string, limit = 5000): Promise<CommitMessage[]> => {
    // git log -E -i --grep: an extended regular expression, matched line by line, any case.
    const regex = new RegExp(pattern, 'im');
    const out: CommitMessage[] = [];
    for (const c of logOrder(store.commits, [audited.sha])) {
      if (out.length >= limit) break;
      if (regex.test(c.message)) out.push({ sha: c.sha, date: seconds(c.authorTime), message: c.message.trim() });
    }
    return out;
  };

  const unmergedCommits = async (exclude: readonly string[]): Promise<UnmergedCommit[]> => {
    const { graph } = await history();
    const tips = exclude.map((name) => refs.find((r) => r.name === name)?.commit ?? (store.commits.has(name) ? name : undefined));
    const toUnmerged = (c: StoredCommit): UnmergedCommit => ({ sha: c.sha, parents: c.parents, authorTime: c.authorTime });
    const onTrunk = new Set<string>();
    for (const c of logOrder(
      store.commits,
      tips.filter((t): t is string => t !== undefined),
    ))
      onTrunk.add(c.sha);
    const branchTips = refs.filter((r) => !r.symref && /^refs\/(heads|remotes)\//.test(r.name)).map((r) => r.commit);
    // The local source walks from the branch tips when the trunk is in the mined history, else asks git log.
    // git log --not <ref> fails on a ref that does not exist, and so does the local source.
    const unknown = exclude.find((_, i) => tips[i] === undefined);
    if (unknown !== undefined) throw new Error(`git log failed: revision not found (${unknown})`);
    if (tips.some((t) => t === undefined || commitIndex(graph, t) < 0)) {
      return [...logOrder(store.commits, branchTips)].filter((c) => !onTrunk.has(c.sha)).map(toUnmerged);
    }
    const found = new Map<string, UnmergedCommit>();
    const pending = branchTips.filter((sha) => !onTrunk.has(sha));
    while (pending.length) {
      const sha = pending.pop()!;
      if (found.has(sha)) continue;
      const commit = store.commits.get(sha);
      if (!commit) continue;
      found.set(sha, toUnmerged(commit));
      for (const parent of commit.parents) if (!onTrunk.has(parent) && !found.has(parent)) pending.push(parent);
    }
    return [...found.values()];
  };

  const forge = spec.forge ?? null;
  const capabilities: ReadonlySet<Capability> = new Set<Capability>(
    spec.capabilities ?? ['files', 'history', 'refs', ...(forge ? (['forge'] as const) : [])],
  );
  return {
    capabilities,
    commit: audited.sha,
    files: async () => entries,
    has: async (path) => byPath.has(path),
    readText: async (path, options) => (await readFile(path, options)).text,
    readFile,
    lastChanged: async (path) => {
      const change = lastChangeOf(store.commits, audited.sha, path);
      return change ? seconds(change.commitTime) : null;
    },
    refs: async () => refs,
    defaultBranch: async () => defaultBranch(),
    history,
    searchCommits,
    prefetch: async () => undefined,
    unmergedCommits,
    forge: async () => forge,
  };
}
