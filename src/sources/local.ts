import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TargetError } from '../errors.ts';
import { historyKey, readCachedHistory, writeCachedHistory } from '../history/cache.ts';
import { commitIndex } from '../history/graph.ts';
import { mineHistory } from '../history/mine.ts';
import type { Capability, CommitMessage, GitRef, MinedHistory, RepoView, TreeEntry, UnmergedCommit } from '../types.ts';
import { memo, memoByKey } from '../util/memo.ts';
import { resolveLinkTarget } from '../util/paths.ts';
import { BlobReader, firstLine, git as gitIn, runGit as runGitIn, type GitOptions } from './git.ts';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINK_HOPS = 8;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;
const DEFAULT_BRANCH_CANDIDATES = ['main', 'master', 'trunk', 'develop'];

export interface OpenLocalOptions {
  /** Revision to audit; HEAD when absent. */
  ref?: string | undefined;
  maxFileBytes?: number | undefined;
  /** Folder of the history cache, or null to mine history afresh every time. */
  cacheDir?: string | null | undefined;
  /**
   * How to run git in this repository. For clones blueprint made itself (in its cache), the
   * same network settings and credentials as the clone: a partial clone fetches missing
   * objects on demand, and those fetches need them.
   */
  git?: GitOptions | undefined;
}

export interface LocalRepo {
  view: RepoView;
  /** Top of the work tree, or the git directory of a bare repository. */
  root: string;
  /** Work tree folder, or null for bare repositories. */
  workTree: string | null;
  gitDir: string;
  ref: string;
  notes: string[];
  close(): void;
}

interface InternalEntry extends TreeEntry {
  oid: string;
}

/** Opens a local repository for auditing, or throws a TargetError that says what is wrong. */
export async function openLocalRepo(target: string, options: OpenLocalOptions = {}): Promise<LocalRepo> {
  const dir = resolve(target);
  const gitOptions = options.git ?? {};
  const git = (cwd: string, args: readonly string[]) => gitIn(cwd, args, gitOptions);
  const runGit = (cwd: string, args: readonly string[]) => runGitIn(cwd, args, gitOptions);
  const info = await stat(dir).catch(() => null);
  if (!info) throw new TargetError(`no such file or directory`, 'check the path, or run blueprint from inside the repository');
  if (!info.isDirectory()) throw new TargetError(`not a directory`, 'pass the folder of a git repository');

  const probe = await runGit(dir, ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository']);
  if (probe.code !== 0) {
    if (/not a git repository/i.test(probe.stderr)) {
      throw new TargetError(`not a git repository`, 'pass the folder of a git repository (one with a .git folder), or run `git init` there first');
    }
    throw new TargetError(`git cannot read this repository: ${firstLine(probe.stderr)}`, 'check that the folder is a readable git repository');
  }
  const [gitDir = dir, bare, shallow] = probe.stdout.trim().split('\n');
  const workTree = bare === 'true' ? null : (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  const root = workTree ?? gitDir;
  const notes: string[] = [];

  const ref = options.ref ?? 'HEAD';
  const [resolved, headRef, promisors] = await Promise.all([
    runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]),
    options.ref ? null : runGit(root, ['symbolic-ref', '--quiet', 'HEAD']),
    runGit(root, ['config', '--get-regexp', '^remote\\..*\\.promisor$']),
  ]);
  const promisorRemote = /^remote\.(.+)\.promisor true$/m.exec(promisors.stdout)?.[1] ?? null;
  const partial = promisorRemote !== null;
  if (resolved.code !== 0) {
    if (ref === 'HEAD') {
      const anyRef = (await git(root, ['for-each-ref', '--count=1', '--format=%(refname)'])).trim();
      if (!anyRef) throw new TargetError(`the repository has no commits yet`, 'commit something first; there is nothing to audit');
      throw new TargetError(`HEAD does not point at a commit`, 'pass a branch, tag or commit with --ref');
    }
    throw new TargetError(`revision '${ref}' not found`, 'pass an existing branch, tag or commit id to --ref (see `git branch -a` and `git tag`)');
  }
  const commit = resolved.stdout.trim();
  if (shallow === 'true') {
    notes.push('Shallow clone: history-based measures see only the fetched commits. Run `git fetch --unshallow` for a full audit.');
  }
  if (partial) {
    notes.push('Partial (blobless) clone: file contents are fetched as rules read them, and history follows a rename only when the file moved unchanged.');
  }
  if (headRef && headRef.code !== 0) {
    notes.push(`Detached HEAD: auditing commit ${commit.slice(0, 12)}.`);
  }

  const blobs = new BlobReader(root, gitOptions);
  const view = createLocalView({ root, gitDir, commit, blobs, maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, cacheDir: options.cacheDir ?? null, partial, promisorRemote, bare: workTree === null, gitOptions });
  return { view, root, workTree, gitDir, ref, notes, close: () => blobs.close() };
}

async function cachedHistory(gitDir: string, commit: string, cacheDir: string | null, exactRenames: boolean, gitOptions: GitOptions): Promise<MinedHistory> {
  if (!cacheDir) return mineHistory(gitDir, commit, exactRenames, gitOptions);
  const key = historyKey(gitDir, commit, exactRenames);
  const cached = await readCachedHistory(cacheDir, key);
  if (cached) return cached;
  const mined = await mineHistory(gitDir, commit, exactRenames, gitOptions);
  // A cache that cannot be written (read-only home, full disk) only costs speed next time.
  await writeCachedHistory(cacheDir, key, mined).catch(() => undefined);
  return mined;
}

interface ViewSetup {
  root: string;
  gitDir: string;
  commit: string;
  blobs: BlobReader;
  maxFileBytes: number;
  cacheDir: string | null;
  partial: boolean;
  /** The remote a partial clone fetches missing objects from. */
  promisorRemote: string | null;
  bare: boolean;
  gitOptions: GitOptions;
}

/** Files rules read (documents, configuration, manifests), fetched in one go in a partial clone. */
const LIKELY_READ = /\.(md|markdown|mdx|rst|adoc|txt|ya?ml|json|toml|tf|tofu|hcl|xml|gradle|kts|csproj|cfg|ini|properties|bicep|template)$|(^|\/)(Jenkinsfile|CODEOWNERS|Gemfile|Dockerfile|Procfile|go\.mod|\.editorconfig|\.mailmap)$/i;
const PREFETCH_LIMIT = 5000;

function createLocalView({ root, gitDir, commit, blobs, maxFileBytes, cacheDir, partial, promisorRemote, bare, gitOptions }: ViewSetup): RepoView {
  const git = (cwd: string, args: readonly string[]) => gitIn(cwd, args, gitOptions);
  const runGit = (cwd: string, args: readonly string[]) => runGitIn(cwd, args, gitOptions);
  const entries = memo(async () => {
    // Sizes (-l) would make a partial clone fetch every blob; there, the cap applies when reading.
    const out = await git(root, ['ls-tree', '-r', '-z', ...(partial ? [] : ['-l']), '--full-tree', commit]);
    const list: InternalEntry[] = [];
    for (const record of out.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode = '', , oid = '', size = '-1'] = record.slice(0, tab).split(/ +/);
      const path = record.slice(tab + 1);
      const kind = mode === '120000' ? 'symlink' : mode === '160000' ? 'submodule' : 'file';
      list.push({ path, mode, kind, size: size === '-' ? 0 : Number(size), oid });
    }
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { list, byPath: new Map(list.map((e) => [e.path, e])) };
  });

  /**
   * A partial clone fetches each missing blob on its own request when it is first read; ask for
   * the ones rules are likely to read in one request instead. Nothing here is required: a blob
   * left out is still fetched lazily.
   */
  const prefetch = memo(async () => {
    if (!promisorRemote) return;
    const { byPath } = await entries();
    const listing = await runGit(root, ['rev-list', '--objects', '--no-walk', '--missing=print', commit]);
    if (listing.code !== 0) return;
    const likely = new Set([...byPath.values()].filter((e) => e.kind === 'file' && LIKELY_READ.test(e.path) && !/(^|\/)(node_modules|vendor)\//.test(e.path)).map((e) => e.oid));
    const missing = listing.stdout
      .split('\n')
      .filter((line) => line.startsWith('?') && likely.has(line.slice(1)))
      .map((line) => line.slice(1))
      .slice(0, PREFETCH_LIMIT);
    if (!missing.length) return;
    await runGitIn(root, ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin', promisorRemote], {
      ...gitOptions,
      input: `${missing.join('\n')}\n`,
    });
  });

  const readBlob = memoByKey(async (oid: string) => {
    await prefetch();
    return blobs.read(oid);
  });

  const readText = memoByKey(async (path: string): Promise<string | null> => {
    const { byPath } = await entries();
    let entry = byPath.get(path);
    for (let hops = 0; entry?.kind === 'symlink'; hops++) {
      if (hops >= MAX_LINK_HOPS) return null;
      const target = await readBlob(entry.oid);
      const next = target ? resolveLinkTarget(entry.path, target.toString('utf8')) : null;
      entry = next ? byPath.get(next) : undefined;
    }
    if (!entry || entry.kind !== 'file' || entry.size > maxFileBytes) return null;
    const bytes = await readBlob(entry.oid);
    if (!bytes || bytes.length > maxFileBytes || bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return null;
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  });

  const lastChanged = memoByKey(async (path: string): Promise<Date | null> => {
    const out = (await git(root, ['log', '-1', '--format=%ct', commit, '--', path])).trim();
    return out ? new Date(Number(out) * 1000) : null;
  });

  const refs = memo(async (): Promise<GitRef[]> => {
    const out = await git(root, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(symref)%00%(creatordate:unix)']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name = '', object = '', peeled = '', symref = '', created = ''] = line.split('\0');
        return { name, commit: peeled || object, symref: symref || null, date: created ? new Date(Number(created) * 1000) : null };
      });
  });

  const defaultBranch = memo(async (): Promise<string | null> => {
    const all = await refs();
    // A bare repository's HEAD is its default branch (a clone's HEAD is the remote's).
    if (bare) {
      const head = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
      const name = head.stdout.trim();
      if (head.code === 0 && all.some((r) => r.name === `refs/heads/${name}`)) return name;
    }
    const originHead = all.find((r) => r.name === 'refs/remotes/origin/HEAD')?.symref;
    if (originHead) return originHead.replace(/^refs\/remotes\/origin\//, '');
    const names = new Set(all.map((r) => r.name));
    for (const candidate of DEFAULT_BRANCH_CANDIDATES) {
      if (names.has(`refs/heads/${candidate}`) || names.has(`refs/remotes/origin/${candidate}`)) return candidate;
    }
    const head = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return head.code === 0 ? head.stdout.trim() : null;
  });

  const searchCommits = memoByKey(async (key: string): Promise<CommitMessage[]> => {
    const [pattern, limit] = JSON.parse(key) as [string, number];
    const out = await git(root, ['log', '-E', '-i', `--grep=${pattern}`, `--max-count=${limit}`, '--format=%H%x1f%at%x1f%B%x1e', commit, '--']);
    return out
      .split('\x1e')
      .map((record) => record.replace(/^\n/, ''))
      .filter(Boolean)
      .map((record) => {
        const [sha = '', at = '0', message = ''] = record.split('\x1f');
        return { sha, date: new Date(Number(at) * 1000), message: message.trim() };
      });
  });

  const history = memo(() => cachedHistory(gitDir, commit, cacheDir, partial, gitOptions));

  const readCommit = async (sha: string): Promise<UnmergedCommit | null> => {
    const bytes = await blobs.read(sha);
    if (!bytes) return null;
    const header = bytes.toString('utf8', 0, Math.min(bytes.length, 64 * 1024)).split('\n\n', 1)[0] ?? '';
    const parents: string[] = [];
    let authorTime = 0;
    for (const line of header.split('\n')) {
      if (line.startsWith('parent ')) parents.push(line.slice(7));
      else if (line.startsWith('author ')) authorTime = Number(line.split(' ').at(-2));
    }
    return { sha, parents, authorTime };
  };

  /**
   * Walks back from each branch tip and stops at the first commit the trunk contains, which the
   * mined history already knows; only branch-only commits are read (through cat-file). Asking
   * git (`log --not <trunk>`) instead makes it walk the trunk back to the oldest branch's base.
   */
  const unmergedCommits = async (exclude: readonly string[]): Promise<UnmergedCommit[]> => {
    const [all, { graph }] = await Promise.all([refs(), history()]);
    const trunkTips = exclude.map((name) => {
      const sha = all.find((r) => r.name === name)?.commit;
      return sha === undefined ? -1 : commitIndex(graph, sha);
    });
    if (trunkTips.some((i) => i < 0)) return unmergedByLog(exclude);
    const onTrunk = new Uint8Array(graph.shas.length);
    const stack = [...trunkTips];
    while (stack.length) {
      const i = stack.pop()!;
      if (i < 0 || onTrunk[i]) continue;
      onTrunk[i] = 1;
      for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) stack.push(graph.parentIndex[k]!);
    }
    const isTrunk = (sha: string) => {
      const i = commitIndex(graph, sha);
      return i >= 0 && onTrunk[i] === 1;
    };
    const found = new Map<string, UnmergedCommit>();
    const pending = all.filter((r) => !r.symref && /^refs\/(heads|remotes)\//.test(r.name)).map((r) => r.commit).filter((sha) => !isTrunk(sha));
    while (pending.length) {
      const sha = pending.pop()!;
      if (found.has(sha)) continue;
      const i = commitIndex(graph, sha);
      const commit =
        i >= 0
          ? { sha, parents: Array.from(graph.parentIndex.subarray(graph.parentStart[i]!, graph.parentStart[i + 1]!), (p) => graph.shas[p] ?? '').filter(Boolean), authorTime: graph.authorTime[i]! }
          : await readCommit(sha);
      if (!commit) continue;
      found.set(sha, commit);
      for (const parent of commit.parents) if (!isTrunk(parent) && !found.has(parent)) pending.push(parent);
    }
    return [...found.values()];
  };

  const unmergedByLog = async (exclude: readonly string[]): Promise<UnmergedCommit[]> => {
    const out = await git(root, ['log', '--format=%H%x1f%P%x1f%at', '--branches', '--remotes', '--not', ...exclude, '--']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha = '', parents = '', at = '0'] = line.split('\x1f');
        return { sha, parents: parents ? parents.split(' ') : [], authorTime: Number(at) };
      });
  };

  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['files', 'history', 'refs']);
  return {
    capabilities,
    commit,
    files: async () => (await entries()).list,
    has: async (path) => (await entries()).byPath.has(path),
    readText,
    lastChanged,
    refs,
    defaultBranch,
    history,
    unmergedCommits,
    searchCommits: (pattern, limit = 5000) => searchCommits(JSON.stringify([pattern, limit])),
    forge: async () => null,
  };
}
