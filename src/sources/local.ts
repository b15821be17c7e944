import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TargetError } from '../errors.ts';
import { type CommitHeaders, loadCommitHeaders } from '../history/commit-cache.ts';
import { derivedStore } from '../history/derived.ts';
import { judgementStore } from '../history/file-judgements.ts';
import { lastChangedGit, lastChangedStore } from '../history/last-changed.ts';
import { commitIndex } from '../history/graph.ts';
import { countBranchOnlyWalk } from '../history/cache-work.ts';
import { historyJobs, loadHistory } from '../history/load.ts';
import { mineSegments } from '../history/mine.ts';
import { SCAN_KEEPS, searchMessages } from '../history/search.ts';
import type {
  Capability,
  CommitGraph,
  CommitMessage,
  FileRead,
  ForgeData,
  GitRef,
  ReadOptions,
  RepoView,
  TreeEntry,
  UnmergedCommit,
} from '../types.ts';
import { boundedMemoByKey, memo, memoByKey } from '../util/memo.ts';
import { resolveLinkTarget } from '../util/paths.ts';
import { BlobReader, type ObjectRead } from '../git/blob-reader.ts';
import { describeGitFailure, git as gitIn, type GitOptions, type GitResult, OBJECT_ID, runGit as runGitIn } from '../git/run.ts';
import { fetchObjects } from '../git/fetch.ts';
import type { OpenedRepo } from './repo.ts';
import { type AnswerMemo, commitTimeKey, firstParentAtKey, NO_MEMO, type RepoMemo, resolvedCommitKey } from './repo-memo.ts';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINK_HOPS = 8;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;
const DEFAULT_BRANCH_CANDIDATES = ['main', 'master', 'trunk', 'develop'];
/** Commits are read for their header; one larger than this (a huge message) is read by git log instead. */
const MAX_COMMIT_BYTES = 256 * 1024;

export interface OpenLocalOptions {
  /** Answers from earlier opens of the same repository in this run (trend's points), to ask git once. */
  memo?: RepoMemo | undefined;
  /** Revision to audit; HEAD when absent. */
  ref?: string | undefined;
  maxFileBytes?: number | undefined;
  /** Folder of the history cache, or null to mine history afresh every time. */
  cacheDir?: string | null | undefined;
  /** git processes that mine history at once (default: BLUEPRINT_HISTORY_JOBS, else the machine's cores). */
  historyJobs?: number | undefined;
  /**
   * Only for clones blueprint made itself (in its cache, with a config it wrote): how to fetch the
   * objects a partial clone lacks (network settings and credentials). Every other git command, and
   * every command in a repository blueprint did not clone, runs without any transport.
   */
  fetch?: GitOptions | undefined;
  /**
   * See refs as they could be known at this time: tags and branches whose tip is newer are not
   * evidence then, and the default branch stands at its last first-parent commit at or before it.
   */
  asOf?: Date | undefined;
  /** Only for clones of a forge's repository: what the forge knows, and the capabilities that adds. */
  forge?: ForgeFacts | null | undefined;
}

export interface ForgeFacts {
  data: ForgeData;
  capabilities: readonly Capability[];
}

/** A repository on this machine, audited where it is. */
export interface LocalRepo extends OpenedRepo {
  kind: 'local';
}

/** The fix for a shallow clone, in every message that mentions one. */
export const SHALLOW_FIX = 'fetch the full history with `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` in actions/checkout)';

/**
 * The folder git may trust although another user owns it: the one the user named, when it is the
 * top of a work tree (it holds `.git`) or a git directory itself. A folder inside a repository is
 * not: git finds the repository by walking up, and its ownership check then stays in force.
 */
async function namedRepository(dir: string): Promise<string | undefined> {
  const [dotGit, head, objects] = await Promise.all([
    lstat(join(dir, '.git')).catch(() => null),
    lstat(join(dir, 'HEAD')).catch(() => null),
    lstat(join(dir, 'objects')).catch(() => null),
  ]);
  if (dotGit || (head?.isFile() && objects?.isDirectory())) return realpath(dir).catch(() => dir);
  return undefined;
}

/** A full commit id, which `unmergedCommits` takes beside ref names. */
const COMMIT_ID = /^[0-9a-f]{40}$/;

interface InternalEntry extends TreeEntry {
  oid: string;
}

/** A commit's tree as `ls-tree -r` lists it: sorted by path, and by path. */
interface Tree {
  list: InternalEntry[];
  byPath: Map<string, InternalEntry>;
}

/** Opens a local repository for auditing, or throws a TargetError that says what is wrong. */
export async function openLocalRepo(target: string, options: OpenLocalOptions = {}): Promise<LocalRepo> {
  const dir = resolve(target);
  const memo: AnswerMemo = options.memo ?? NO_MEMO;
  const info = await stat(dir).catch(() => null);
  if (!info) throw new TargetError(`no such file or directory`, 'check the path, or run blueprint from inside the repository');
  if (!info.isDirectory()) throw new TargetError(`not a directory`, 'pass the folder of a git repository');
  const gitOptions: GitOptions = { safeDirectory: await memo.once(`named:${dir}`, () => namedRepository(dir)) };
  const git = (cwd: string, args: readonly string[]) => gitIn(cwd, args, gitOptions);
  const runGit = (cwd: string, args: readonly string[]) => runGitIn(cwd, args, gitOptions);

  // Auditing HEAD, one git answers what opening needs: the folders, HEAD's commit and the ref it
  // names. Anything else it meets (no commit, no repository, a .git folder) is asked again below.
  const head = options.ref === undefined ? await probeHead(runGit, dir) : null;
  // One git for all four answers: in a bare repository --show-toplevel, asked last, fails after the
  // first three are printed.
  const asked =
    head?.probe ??
    (await memo.once(`probe:${dir}`, () =>
      runGit(dir, ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository', '--show-toplevel']),
    ));
  const answers = asked.stdout.trim().split('\n');
  const bareAnswer = asked.code !== 0 && answers.length === 3 && answers[1] === 'true' && /must be run in a work tree/i.test(asked.stderr);
  const probe = bareAnswer ? { ...asked, code: 0 } : asked;
  if (probe.code !== 0 && answers.length === 3 && /must be run in a work tree/i.test(probe.stderr)) {
    throw new TargetError(
      'this is the .git folder of a work tree, not a repository to audit on its own',
      "pass the work tree's top folder, the one that holds .git",
    );
  }
  if (probe.code !== 0) {
    if (/not a git repository/i.test(probe.stderr)) {
      throw new TargetError(
        `not a git repository`,
        'pass the folder of a git repository (one with a .git folder), or run `git init` there first',
      );
    }
    if (/dubious ownership/i.test(probe.stderr)) {
      throw new TargetError(
        'git refuses the repository that holds this folder: another user owns it',
        "pass the repository's own top folder (blueprint trusts the repository you name), or mark it safe with `git config --global --add safe.directory <path>`",
      );
    }
    throw new TargetError(
      `git cannot read this repository: ${describeGitFailure(probe.stderr, probe.code)}`,
      'check that the folder is a readable git repository',
    );
  }
  const [gitDir = dir, bare, shallow, top = ''] = answers;
  const workTree = bare === 'true' ? null : top;
  const root = workTree ?? gitDir;
  const notes: string[] = [];
  const limits: LocalRepo['limits'] = {};

  const ref = options.ref ?? 'HEAD';
  const resolveRef = () => runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const [resolved, headRef, remotes] = await Promise.all([
    // A full commit id names the same commit for the whole run; a branch or tag may move.
    head ? head.commit : /^[0-9a-f]{40}$/.test(ref) ? memo.once(resolvedCommitKey(ref), resolveRef) : resolveRef(),
    head ? head.symbolicRef : options.ref ? null : runGit(root, ['symbolic-ref', '--quiet', 'HEAD']),
    memo.once(`remotes:${root}`, async () =>
      (await namesNoRemote(gitDir)) ? NO_REMOTES : runGit(root, ['config', '--get-regexp', '^remote\\.']),
    ),
  ]);
  const promisorRemote = /^remote\.(.+)\.promisor true$/m.exec(remotes.stdout)?.[1] ?? null;
  // git config --get gives the last value of a key set twice.
  const originUrl = [...remotes.stdout.matchAll(/^remote\.origin\.url (.*)$/gm)].at(-1)?.[1] ?? null;
  const partial = promisorRemote !== null;
  if (resolved.code !== 0) {
    if (ref === 'HEAD') {
      const anyRef = (await git(root, ['for-each-ref', '--count=1', '--format=%(refname)'])).trim();
      if (!anyRef) throw new TargetError(`the repository has no commits yet`, 'commit something first; there is nothing to audit');
      throw new TargetError(`HEAD does not point at a commit`, 'pass a branch, tag or commit with --ref');
    }
    throw new TargetError(
      `revision '${ref}' not found`,
      'pass an existing branch, tag or commit id to --ref (see `git branch -a` and `git tag`)',
    );
  }
  const commit = resolved.stdout.trim();
  const blobs = new BlobReader(root, gitOptions);
  // Branch-only commits are read one behind another along each branch (a trend's point of
  // rails/rails: 17,000 of them, 1,045 deep): through a cat-file of their own they do not also
  // wait behind the files the rules read meanwhile.
  const commitReader = new BlobReader(root, gitOptions);
  const stamp = (
    await memo.once(commitTimeKey(commit), () => commitTimeOf(blobs, commit, () => git(root, ['log', '-1', '--format=%ct', commit, '--'])))
  ).trim();
  const committedAt = /^\d+$/.test(stamp) ? new Date(Number(stamp) * 1000) : null;
  if (shallow === 'true') {
    notes.push(`Shallow clone: the history holds only the fetched commits, so history-based rules are skipped; ${SHALLOW_FIX}.`);
    limits.history = `the clone is shallow, so its history is cut short; ${SHALLOW_FIX}`;
  }
  // Only blueprint's own clones fetch what they lack; any other partial clone is read as it is.
  const fetchOptions = partial && options.fetch ? { ...options.fetch, safeDirectory: gitOptions.safeDirectory } : null;
  if (partial && !fetchOptions) {
    notes.push(
      "Partial clone: files whose contents are not in this clone cannot be read, and blueprint never fetches into a repository it did not clone; rules that needed them are marked incomplete. Audit a full clone, or the repository's URL.",
    );
  } else if (partial) {
    notes.push(
      'Partial (blobless) clone: file contents are fetched as rules read them, and history follows a rename only when the file moved unchanged.',
    );
  }
  if (headRef && headRef.code !== 0) {
    notes.push(`Detached HEAD: auditing commit ${commit.slice(0, 12)}.`);
  }

  const expected: ExpectedSearches = { patterns: [] };
  const view = createLocalView({
    expected,
    root,
    gitDir,
    commit,
    blobs,
    commitReader,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    cacheDir: options.cacheDir ?? null,
    historyJobs: historyJobs(options.historyJobs),
    shallow: shallow === 'true',
    partial,
    promisorRemote,
    fetchOptions,
    bare: workTree === null,
    gitOptions,
    asOf: options.asOf ?? null,
    forge: options.forge ?? null,
    memo,
    repoMemo: options.memo,
    headRef: head?.symbolicRef ?? null,
  });
  const expectSearches = (patterns: readonly string[]) => {
    expected.patterns = [...new Set([...expected.patterns, ...patterns])];
  };
  return {
    kind: 'local',
    view,
    root,
    workTree,
    gitDir,
    ref,
    notes,
    limits,
    committedAt,
    originUrl,
    expectSearches,
    close: () => {
      blobs.close();
      commitReader.close();
    },
  };
}

/** What `git config --get-regexp ^remote\.` answers in a repository without remotes. */
const NO_REMOTES: GitResult = { code: 1, stdout: '', stderr: '' };
/** A repository's own config file is read when it is at most this size; a larger one is left to git. */
const MAX_CONFIG_BYTES = 64 * 1024;

/**
 * Whether the repository's config evidently names no remote, known without starting git: its own
 * config file (a regular file, not a link) mentions neither a remote nor an include, and the folder
 * is no linked work tree's (whose config is the main repository's). git reads no other config for
 * blueprint (GIT_CONFIG_NOSYSTEM, GIT_CONFIG_GLOBAL=/dev/null, no GIT_CONFIG_* variables). Anything
 * less plain, and git is asked.
 */
async function namesNoRemote(gitDir: string): Promise<boolean> {
  try {
    const file = join(gitDir, 'config');
    const info = await lstat(file);
    if (!info.isFile() || info.size > MAX_CONFIG_BYTES) return false;
    if (
      await lstat(join(gitDir, 'commondir')).then(
        () => true,
        () => false,
      )
    )
      return false;
    return !/remote|include|worktree/i.test(await readFile(file, 'latin1'));
  } catch {
    return false;
  }
}

interface HeadProbe {
  /** The answers of the folder probe (`--absolute-git-dir` to `--show-toplevel`), as that probe gives them. */
  probe: GitResult;
  /** As `rev-parse --verify HEAD^{commit}` answers. */
  commit: GitResult;
  /** As `symbolic-ref --quiet HEAD` answers: the ref HEAD names, or exit 1 when it is detached. */
  symbolicRef: GitResult;
}

/**
 * The folder probe, HEAD's commit and the ref HEAD names, from one rev-parse (three gits before);
 * null when that git meets anything but a readable repository whose HEAD is a commit, for the
 * separate questions to answer as they always have. Its output, a line each: the git folder, bare,
 * shallow, the commit, the ref (`HEAD` when detached), the top folder (absent in a bare
 * repository, where --show-toplevel fails once the rest is printed), then `--`, which keeps a file
 * named HEAD from making the revision ambiguous.
 */
async function probeHead(runGit: (cwd: string, args: readonly string[]) => Promise<GitResult>, dir: string): Promise<HeadProbe | null> {
  const asked = await runGit(dir, [
    'rev-parse',
    '--absolute-git-dir',
    '--is-bare-repository',
    '--is-shallow-repository',
    'HEAD^{commit}',
    '--symbolic-full-name',
    'HEAD',
    '--show-toplevel',
    '--',
  ]);
  const lines = asked.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const [gitDir, bare, shallow, commit, symbolic, ...rest] = lines;
  const inWorkTree = asked.code === 0 && bare === 'false' && rest.length === 2 && rest[1] === '--';
  const inBare = asked.code !== 0 && bare === 'true' && rest.length === 0 && /must be run in a work tree/i.test(asked.stderr);
  if (!(inWorkTree || inBare) || !gitDir || !/^(true|false)$/.test(shallow ?? '') || !OBJECT_ID.test(commit ?? '') || !symbolic)
    return null;
  const ok = (stdout: string): GitResult => ({ code: 0, stdout, stderr: '' });
  const folders = [gitDir, bare, shallow, ...(inWorkTree ? [rest[0]!] : [])];
  return {
    probe: inWorkTree ? ok(`${folders.join('\n')}\n`) : { code: asked.code, stdout: `${folders.join('\n')}\n`, stderr: asked.stderr },
    commit: ok(`${commit}\n`),
    symbolicRef: symbolic === 'HEAD' ? { code: 1, stdout: '', stderr: '' } : ok(`${symbolic}\n`),
  };
}

/** The key of the commits of `commit` that `base`'s history lacks, in a git folder and mining mode (`kept`). */
const segmentsKey = (kept: string, base: string, commit: string) => `${kept}\0${base}..${commit}`;

/** The message searches the rules said they may ask for (OpenedRepo.expectSearches). */
interface ExpectedSearches {
  patterns: readonly string[];
}

/**
 * git's commit time of a commit (`%ct`), from its object read by the cat-file process the audit
 * starts anyway, rather than from a git process of its own; from `log` when the object is too
 * large to read whole or its committer line has no plain time. '' when git cannot tell.
 */
async function commitTimeOf(blobs: BlobReader, commit: string, log: () => Promise<string>): Promise<string> {
  const read = await blobs.read(commit, MAX_COMMIT_BYTES).catch(() => null);
  if (read && 'bytes' in read) {
    const header = read.bytes.toString('utf8', 0, Math.min(read.bytes.length, 64 * 1024)).split('\n\n', 1)[0] ?? '';
    const committer = header.split('\n').find((line) => line.startsWith('committer '));
    const seconds = committer?.split(' ').at(-2);
    if (seconds && /^\d+$/.test(seconds) && /^[+-]\d{4}$/.test(committer!.split(' ').at(-1) ?? '')) return seconds;
  }
  return log().catch(() => '');
}

interface ViewSetup {
  expected: ExpectedSearches;
  root: string;
  gitDir: string;
  commit: string;
  blobs: BlobReader;
  /** Reads branch-only commits' headers (see readBranchOnlyHeaders). */
  commitReader: BlobReader;
  maxFileBytes: number;
  cacheDir: string | null;
  historyJobs: number;
  shallow: boolean;
  partial: boolean;
  /** The remote a partial clone fetches missing objects from. */
  promisorRemote: string | null;
  /** How to fetch missing objects: only in blueprint's own clones, else null. */
  fetchOptions: GitOptions | null;
  bare: boolean;
  gitOptions: GitOptions;
  asOf: Date | null;
  forge: ForgeFacts | null;
  memo: AnswerMemo;
  /** The run's memo of this repository, which keeps the history loaded last (see RepoMemo.recentHistory). */
  repoMemo?: RepoMemo | undefined;
  /** `git symbolic-ref --quiet HEAD`, when opening asked it already. */
  headRef: GitResult | null;
}

/** Files rules read (documents, configuration, manifests), fetched in one go in a partial clone. */
// Rust and Zig sources hold their unit tests inline (automated-tests reads them).
const LIKELY_READ =
  /\.(md|markdown|mdx|rst|adoc|txt|ya?ml|json|toml|tf|tofu|hcl|xml|gradle|kts|csproj|cfg|ini|properties|bicep|template|rs|zig)$|(^|\/)(Jenkinsfile|CODEOWNERS|Gemfile|Dockerfile|Procfile|go\.mod|\.editorconfig|\.mailmap)$/i;
const PREFETCH_LIMIT = 5000;
/** Characters of file contents an audit keeps for rules that read a file again (the rest is read again if asked for). */
const MAX_MEMO_CHARS = 16 * 1024 * 1024;
const GATHER_MS = 10;

function createLocalView({
  expected,
  root,
  gitDir,
  commit,
  blobs,
  commitReader,
  maxFileBytes,
  cacheDir,
  historyJobs,
  shallow,
  partial,
  promisorRemote,
  fetchOptions,
  bare,
  gitOptions,
  asOf,
  forge,
  memo: answers,
  repoMemo,
  headRef,
}: ViewSetup): RepoView {
  const git = (cwd: string, args: readonly string[]) => gitIn(cwd, args, gitOptions);
  const runGit = (cwd: string, args: readonly string[]) => runGitIn(cwd, args, gitOptions);
  const readTree = async (tree: string): Promise<Tree> => {
    // Sizes (-l) would make a partial clone fetch every blob; there, the cap applies when reading.
    const out = await git(root, ['ls-tree', '-r', '-z', ...(partial ? [] : ['-l']), '--full-tree', tree]);
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
  };

  /**
   * In blueprint's own partial clone audited commit after commit (a trend's points), what the
   * clone lacks is known and fetched for all the points at once (src/sources/partial-blobs.ts).
   */
  const shared = partial && fetchOptions && promisorRemote && repoMemo ? repoMemo.partialBlobs(root) : null;
  const later = shared ? repoMemo!.auditedFrom(commit).slice(1) : [];
  const treeKey = (of: string) => `tree:${gitDir}:${of}`;
  const entries = memo(() => {
    const tree = repoMemo?.takeTree<Tree>(treeKey(commit)) ?? readTree(commit);
    // The next point of a trend lists its tree while this one is judged (a partial clone's later trees are listed for its fetch).
    const next = shared ? undefined : repoMemo?.auditedAfter(commit);
    if (next) void repoMemo!.keepTree(treeKey(next), () => readTree(next));
    return tree;
  });
  /** The later points' trees, read side by side and kept for those points' own views, which would list them anyway. */
  const laterTrees = () => Promise.all(later.map((next) => repoMemo!.keepTree(treeKey(next), () => readTree(next))));

  const listMissing = async (commits: readonly string[]): Promise<string[] | null> => {
    const listing = await runGit(root, ['rev-list', '--objects', '--no-walk', '--missing=print', ...commits]);
    if (listing.code !== 0) return null;
    return listing.stdout
      .split('\n')
      .filter((line) => line.startsWith('?'))
      .map((line) => line.slice(1));
  };

  /** Objects of the audited tree that a partial clone does not hold (read without fetching). */
  const missingObjects = memo(async (): Promise<Set<string>> => {
    if (!partial) return new Set();
    if (shared) return (await shared.cover([commit, ...later], listMissing)) ? shared.missing : new Set();
    return new Set((await listMissing([commit])) ?? []);
  });

  /** Objects a fetch gave up on because they were over the read cap. */
  const overCap = shared?.overCap ?? new Set<string>();

  /**
   * In blueprint's own partial clone, the blobs rules are likely to read are fetched in one
   * request rather than one each; anything left out is fetched when first read. Fetches are
   * bounded in bytes (fetch.ts), so a huge file cannot stall the audit before its size is known.
   * The points a run audits after this one have theirs fetched in the same request.
   */
  const prefetch = memo(async () => {
    if (!fetchOptions || !promisorRemote) return;
    const [{ byPath }, missing] = await Promise.all([entries(), missingObjects()]);
    const wanted = new Set<string>();
    const likely = (tree: Map<string, InternalEntry>) => {
      for (const e of tree.values()) {
        if (wanted.size >= PREFETCH_LIMIT) return;
        if (e.kind === 'file' && missing.has(e.oid) && LIKELY_READ.test(e.path) && !/(^|\/)(node_modules|vendor)\//.test(e.path))
          wanted.add(e.oid);
      }
    };
    likely(byPath);
    for (const tree of await laterTrees()) likely(tree.byPath);
    if (!wanted.size) return;
    const result = await fetchObjects(root, promisorRemote, [...wanted], maxFileBytes, fetchOptions);
    for (const oid of result.overCap) overCap.add(oid);
    for (const oid of result.fetched) missing.delete(oid);
  });

  /**
   * Blobs asked for while a fetch is being gathered go out together: rules read files in bursts
   * (every source file of a kind, say), and one request for the burst beats one per file.
   */
  let gathering: { oids: Set<string>; paths: Set<string>; done: Promise<void> } | null = null;
  const fetched = new Map<string, Promise<void>>();
  const fetchOne = (oid: string, path?: string): Promise<void> => {
    const known = fetched.get(oid);
    if (known) return known;
    if (!fetchOptions || !promisorRemote) return Promise.resolve();
    if (!gathering) {
      const batch = { oids: new Set<string>(), paths: new Set<string>(), done: Promise.resolve() };
      // A few milliseconds: long enough for the reads a burst starts in one go to join it.
      batch.done = new Promise<void>((resolve) => setTimeout(resolve, GATHER_MS)).then(async () => {
        if (gathering === batch) gathering = null;
        const missing = await missingObjects();
        const wanted = new Set(batch.oids);
        // A file read at this point is read at the later ones too: their versions come in the same request.
        if (batch.paths.size) {
          for (const tree of await laterTrees()) {
            for (const path of batch.paths) {
              const e = tree.byPath.get(path);
              if (e?.kind === 'file' && missing.has(e.oid) && !overCap.has(e.oid)) wanted.add(e.oid);
            }
          }
        }
        const result = await fetchObjects(root, promisorRemote, [...wanted], maxFileBytes, fetchOptions);
        for (const o of result.overCap) overCap.add(o);
        for (const o of result.fetched) missing.delete(o);
      });
      gathering = batch;
    }
    gathering.oids.add(oid);
    if (path !== undefined && later.length) gathering.paths.add(path);
    fetched.set(oid, gathering.done);
    return gathering.done;
  };

  /** Reads a blob without ever making git fetch: a missing one is fetched first, or reported. */
  const readBlob = async (oid: string, maxBytes: number, path?: string): Promise<ObjectRead> => {
    if (partial) {
      await prefetch();
      const missing = await missingObjects();
      if (missing.has(oid)) await fetchOne(oid, path);
      if (overCap.has(oid)) return { tooLarge: -1 };
      if (missing.has(oid)) return { missing: true };
    }
    return blobs.read(oid, maxBytes);
  };

  const readFile = boundedMemoByKey(
    async (key: string): Promise<FileRead> => {
      const [path, capText] = JSON.parse(key) as [string, number];
      const cap = capText;
      const { byPath } = await entries();
      let entry = byPath.get(path);
      for (let hops = 0; entry?.kind === 'symlink'; hops++) {
        if (hops >= MAX_LINK_HOPS) return { text: null, why: 'outside' };
        const link = await readBlob(entry.oid, 4096).catch(() => null);
        if (!link || !('bytes' in link)) return { text: null, why: 'unreadable', detail: `the link ${entry.path} could not be read` };
        const next = resolveLinkTarget(entry.path, link.bytes.toString('utf8'));
        if (!next) return { text: null, why: 'outside' };
        entry = byPath.get(next);
      }
      if (!entry) return { text: null, why: 'missing' };
      if (entry.kind !== 'file') return { text: null, why: 'not-a-file' };
      if (entry.size > cap) return { text: null, why: 'too-large', size: entry.size, limit: cap };
      // A trend's point before may have read the same object: its text then is this one's.
      const kept = repoMemo?.keptText(gitDir, entry.oid);
      if (kept !== undefined) return kept === null ? { text: null, why: 'binary' } : { text: kept, why: null };
      let read: ObjectRead;
      try {
        read = await readBlob(entry.oid, cap, entry.path);
      } catch {
        return { text: null, why: 'unreadable', detail: 'git could not read its contents' };
      }
      if ('tooLarge' in read) return { text: null, why: 'too-large', size: read.tooLarge, limit: cap };
      if ('missing' in read) {
        return {
          text: null,
          why: 'unreadable',
          detail: partial ? 'its contents are not in this partial clone' : 'its object is missing from the repository',
        };
      }
      const bytes = read.bytes;
      if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
        repoMemo?.keepText(gitDir, entry.oid, null);
        return { text: null, why: 'binary' };
      }
      const decoded = bytes.toString('utf8');
      const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
      repoMemo?.keepText(gitDir, entry.oid, text);
      return { text, why: null };
    },
    (read) => read.text?.length ?? 0,
    MAX_MEMO_CHARS,
  );

  const read = (path: string, options?: ReadOptions) => readFile(JSON.stringify([path, options?.maxBytes ?? maxFileBytes]));

  // A trend writes its oldest and newest points' history, and what else they answered; its middle
  // points pass theirs on in memory (RepoMemo). A single audit writes all.
  const keepsAnswers = repoMemo?.writesHistoryOf(commit) ?? true;
  // In a shallow clone the answer may change when the boundary moves: it is not kept.
  const lastChangedSeconds = lastChangedStore(
    shallow ? null : cacheDir,
    gitDir,
    commit,
    lastChangedGit(
      commit,
      (args) => git(root, args),
      (args) => runGit(root, args),
    ),
    keepsAnswers,
    shallow ? undefined : repoMemo?.keptLastChanged(`${cacheDir}\0${gitDir}`),
  );
  const lastChanged = memoByKey(async (path: string): Promise<Date | null> => {
    const seconds = await lastChangedSeconds(path);
    return seconds === null ? null : new Date(seconds * 1000);
  });

  const allRefs = memo(async (): Promise<GitRef[]> => {
    const out = await answers.once(`refs:${root}`, () =>
      git(root, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(symref)%00%(creatordate:unix)']),
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name = '', object = '', peeled = '', symref = '', created = ''] = line.split('\0');
        return { name, commit: peeled || object, symref: symref || null, date: created ? new Date(Number(created) * 1000) : null };
      });
  });

  /** Refs as they could be known at `asOf` (see OpenLocalOptions.asOf); every ref without it. */
  const refs = memo(async (): Promise<GitRef[]> => {
    const all = await allRefs();
    if (!asOf) return all;
    const seconds = Math.floor(asOf.getTime() / 1000);
    // The memoised name, so that git is asked once (each call is a process; see src/git/run.ts).
    const name = await defaultBranch();
    const isDefault = (r: GitRef) =>
      name !== null && (r.name === `refs/heads/${name}` || (/^refs\/remotes\/[^/]+\//.test(r.name) && r.name.endsWith(`/${name}`)));
    const known: GitRef[] = [];
    for (const r of all) {
      if (r.symref || !r.date || r.date.getTime() <= asOf.getTime()) known.push(r);
      else if (isDefault(r)) {
        const then = await answers.once(firstParentAtKey(r.commit, seconds), async () =>
          (await git(root, ['rev-list', '-1', '--first-parent', `--min-age=${seconds}`, r.commit, '--'])).trim(),
        );
        if (then) known.push({ ...r, commit: then, date: await commitDate(then) });
      }
    }
    return known;
  });

  const commitDate = async (sha: string): Promise<Date | null> => {
    const out = (await answers.once(commitTimeKey(sha), () => git(root, ['log', '-1', '--format=%ct', sha, '--']))).trim();
    return /^\d+$/.test(out) ? new Date(Number(out) * 1000) : null;
  };

  const defaultBranch = memo(async (): Promise<string | null> => defaultBranchOf(await allRefs()));
  // A branch's short name is known from the ref opening read; any other ref is shortened by git.
  const branch = headRef?.code === 0 ? /^refs\/heads\/(.+)$/.exec(headRef.stdout.trim())?.[1] : undefined;
  const symbolicHead = () =>
    branch !== undefined
      ? Promise.resolve({ code: 0, stdout: `${branch}\n`, stderr: '' })
      : answers.once(`head:${root}`, () => runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']));

  async function defaultBranchOf(all: readonly GitRef[]): Promise<string | null> {
    // A bare repository's HEAD is its default branch (a clone's HEAD is the remote's).
    if (bare) {
      const head = await symbolicHead();
      const name = head.stdout.trim();
      if (head.code === 0 && all.some((r) => r.name === `refs/heads/${name}`)) return name;
    }
    const originHead = all.find((r) => r.name === 'refs/remotes/origin/HEAD')?.symref;
    if (originHead) return originHead.replace(/^refs\/remotes\/origin\//, '');
    const names = new Set(all.map((r) => r.name));
    for (const candidate of DEFAULT_BRANCH_CANDIDATES) {
      if (names.has(`refs/heads/${candidate}`) || names.has(`refs/remotes/origin/${candidate}`)) return candidate;
    }
    const head = await symbolicHead();
    return head.code === 0 ? head.stdout.trim() : null;
  }

  // Only a parallel mine lists the commits, with their messages; a one-process walk reads none, and
  // then a search runs beside it rather than after it.
  const scansMessages = historyJobs > 1;
  const searchCommits = memoByKey(async (key: string): Promise<CommitMessage[]> => {
    const [pattern, limit] = JSON.parse(key) as [string, number];
    // An expected search waits for the history: when its walk read every message, it has the answer.
    const answered =
      scansMessages && limit <= SCAN_KEEPS && expected.patterns.includes(pattern)
        ? (await loadedHistory().catch(() => null))?.searches?.get(pattern)
        : undefined;
    return searchMessages({
      root,
      gitDir,
      commit,
      pattern,
      limit,
      cacheDir,
      git: gitOptions,
      incremental: !shallow,
      answered,
      // A trend's points extend the search of the point before, kept in memory; the middle ones write nothing.
      kept: shallow ? undefined : repoMemo?.keptSearch(JSON.stringify([cacheDir, gitDir, pattern, limit])),
      write: keepsAnswers,
    });
  });

  const loadedHistory = memo(async () => {
    // The mailmap is read from the audited commit: in a partial clone, make sure it is there first.
    if (fetchOptions) await prefetch();
    const kept = `${gitDir}\0${partial}`;
    const loaded = await loadHistory({
      gitDir,
      commit,
      cacheDir,
      exactRenames: partial,
      jobs: historyJobs,
      incremental: !shallow,
      git: gitOptions,
      recent: shallow ? undefined : repoMemo?.recentHistory(kept),
      mailmap: async () => (await entries()).byPath.get('.mailmap')?.oid ?? '',
      searches: scansMessages ? expected.patterns : undefined,
      write: keepsAnswers,
      minedSince: (base) => repoMemo?.takeSegments(segmentsKey(kept, base, commit)),
    });
    if (!shallow && loaded.mailmap !== undefined) {
      repoMemo?.keepHistory(kept, { history: loaded.history, mailmap: loaded.mailmap, signature: loaded.signature });
      // The next point of a trend extends this history: its commits are mined while this point is judged.
      const next = cacheDir ? repoMemo?.auditedAfter(commit) : undefined;
      if (next)
        repoMemo!.prefetchSegments(segmentsKey(kept, commit, next), () =>
          mineSegments(gitDir, next, [commit], { exactRenames: partial, jobs: historyJobs, git: gitOptions }),
        );
    }
    return loaded;
  });
  const history = async () => (await loadedHistory()).history;

  // One store for every open of the repository in the run (a trend's points): read from the cache once.
  const commitHeaders = memo(() =>
    repoMemo
      ? repoMemo.once(`commit-headers:${cacheDir}:${gitDir}`, () => loadCommitHeaders(cacheDir, gitDir))
      : loadCommitHeaders(cacheDir, gitDir),
  );
  // A trend's points share what they judged; only the points whose history is written write it too.
  const judgements = judgementStore(cacheDir, gitDir, async () => (await entries()).byPath, {
    states: repoMemo?.judgementStates(`${cacheDir}\0${gitDir}`),
    write: keepsAnswers,
  });
  // A shallow clone's history is cut short at a boundary that may move: nothing derived from it is kept.
  const derived = derivedStore(shallow ? null : cacheDir, gitDir, commit, partial, async () => (await loadedHistory()).signature);

  const readCommitHeader = async (sha: string): Promise<UnmergedCommit | null> => {
    const out = await runGit(root, ['log', '-1', '--format=%P%x1f%at', sha, '--']);
    if (out.code !== 0) return null;
    const [parents = '', at = '0'] = out.stdout.trim().split('\x1f');
    return { sha, parents: parents ? parents.split(' ') : [], authorTime: Number(at) };
  };

  const readCommit = async (sha: string): Promise<UnmergedCommit | null> => {
    // A commit's header is what counts; a huge message is skipped, never held.
    const read = await commitReader.read(sha, MAX_COMMIT_BYTES).catch(() => null);
    if (!read || !('bytes' in read)) return read && 'tooLarge' in read ? readCommitHeader(sha) : null;
    const bytes = read.bytes;
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
   * Reads the headers of the commits outside the mined history that are reachable from `tips`,
   * each commit's parents asked for as soon as it arrives, all the reads of a turn in one batch:
   * the pipe to cat-file stays full, where a read per commit waited on the one before (19,000 on
   * rails/rails) and a generation at a time waited on the slowest of each generation (a point of
   * a rails trend: 1,045 generations). Reads shared by walks in flight at once (branch-lifetime's
   * and delivery's) are made once.
   */
  const readBranchOnlyHeaders = (tips: readonly string[], graph: CommitGraph, headers: CommitHeaders): Promise<void> =>
    new Promise((resolve) => {
      const seen = new Set<string>();
      let reading = 0;
      const visit = (sha: string) => {
        if (seen.has(sha) || commitIndex(graph, sha) >= 0) return;
        seen.add(sha);
        // A known header: an earlier walk read what lies behind it.
        if (headers.get(sha)) return;
        reading++;
        // A header that cannot be read is read again, one by one, by the walk that needs it.
        const arrived = (commit: UnmergedCommit | null) => {
          if (commit) {
            headers.add(commit);
            for (const parent of commit.parents) visit(parent);
          }
          if (--reading === 0) resolve();
        };
        readHeader(sha).then(arrived, () => arrived(null));
      };
      for (const tip of tips) visit(tip);
      if (reading === 0) resolve();
    });
  const headerReads = new Map<string, Promise<UnmergedCommit | null>>();
  /** A commit's header, read once however many walks ask for it at once. */
  const readHeader = (sha: string): Promise<UnmergedCommit | null> => {
    let read = headerReads.get(sha);
    if (!read) {
      read = readCommit(sha);
      headerReads.set(sha, read);
    }
    return read;
  };

  /**
   * One discovery per view, from every branch tip, whatever the walk's trunk. It stops at known
   * headers: an earlier walk (the last audit, a trend's previous point) read what lies behind them.
   * A header missing all the same is read by the walk, so a wrong guess costs only speed.
   */
  let discovery: Promise<void> | null = null;
  const discoverBranchOnly = (tips: readonly string[], graph: CommitGraph, headers: CommitHeaders): Promise<void> =>
    (discovery ??= readBranchOnlyHeaders(tips, graph, headers));

  /**
   * Walks back from each branch tip and stops at the first commit the trunk contains, which the
   * mined history already knows; only branch-only commits are read (through cat-file). Asking
   * git (`log --not <trunk>`) instead makes it walk the trunk back to the oldest branch's base.
   */
  const unmergedCommits = async (exclude: readonly string[]): Promise<readonly UnmergedCommit[]> => {
    const [all, { graph }] = await Promise.all([refs(), history()]);
    const trunkTips = exclude.map((name) => {
      const sha = all.find((r) => r.name === name)?.commit ?? (COMMIT_ID.test(name) ? name : undefined);
      return sha === undefined ? -1 : commitIndex(graph, sha);
    });
    if (trunkTips.some((i) => i < 0)) return unmergedByLog(exclude);
    // The mined history is everything the audited commit reaches: a trunk that contains the commit
    // is the whole graph, whatever else it names, so every such walk has one answer (delivery's and
    // branch-lifetime's, both asked at every audit and at every point of a trend).
    if (trunkTips.includes(commitIndex(graph, commit))) return (unmergedOfWholeGraph ??= branchOnly(all, graph, null));
    const onTrunk = new Uint8Array(graph.shas.length);
    const stack = [...trunkTips];
    while (stack.length) {
      const i = stack.pop()!;
      if (i < 0 || onTrunk[i]) continue;
      onTrunk[i] = 1;
      for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) stack.push(graph.parentIndex[k]!);
    }
    return branchOnly(all, graph, onTrunk);
  };
  let unmergedOfWholeGraph: Promise<UnmergedCommit[]> | null = null;

  /**
   * The commits branch tips reach outside the trunk: the commits of `onTrunk`, or the whole graph
   * when null, in the order a walk back from each tip finds them (the last tip first).
   */
  const branchOnly = async (all: readonly GitRef[], graph: CommitGraph, onTrunk: Uint8Array | null): Promise<UnmergedCommit[]> => {
    const isTrunk = (sha: string) => {
      const i = commitIndex(graph, sha);
      return i >= 0 && (onTrunk === null || onTrunk[i] === 1);
    };
    const found = new Map<string, UnmergedCommit>();
    const branchTips = all.filter((r) => !r.symref && /^refs\/(heads|remotes)\//.test(r.name)).map((r) => r.commit);
    const tips = branchTips.filter((sha) => !isTrunk(sha)).reverse();
    const whole = onTrunk === null && !shallow;
    const earlier = whole ? earlierWalk(graph) : null;
    let headers: CommitHeaders | null = null;
    const walkFrom = async (tip: string) => {
      if (!headers) {
        headers = await commitHeaders();
        await discoverBranchOnly(branchTips, graph, headers);
      }
      const pending = [tip];
      while (pending.length) {
        const sha = pending.pop()!;
        if (found.has(sha)) continue;
        const i = commitIndex(graph, sha);
        const commit =
          i >= 0
            ? {
                sha,
                parents: Array.from(
                  graph.parentIndex.subarray(graph.parentStart[i]!, graph.parentStart[i + 1]!),
                  (p) => graph.shas[p] ?? '',
                ).filter(Boolean),
                authorTime: graph.authorTime[i]!,
              }
            : (headers.get(sha) ?? (await readHeader(sha)));
        if (!commit) continue;
        if (i < 0) headers.add(commit);
        found.set(sha, commit);
        for (const parent of commit.parents) if (!isTrunk(parent) && !found.has(parent)) pending.push(parent);
      }
    };
    const segments: Array<[number, number]> = [];
    for (const tip of tips) {
      const start = found.size;
      const cut = earlier?.segmentOf(tip);
      if (cut) {
        for (const c of cut) if (!found.has(c.sha) && !isTrunk(c.sha)) found.set(c.sha, c);
      } else {
        countBranchOnlyWalk();
        await walkFrom(tip);
      }
      segments.push([start, found.size]);
      earlier?.done(tip);
    }
    if (headers) await (headers as CommitHeaders).save();
    const walked = [...found.values()];
    if (whole) repoMemo?.keepBranchOnlyWalk(gitDir, { commit, tips, segments, found: walked });
    return walked;
  };

  /**
   * The walk of an earlier audit of an ancestor in this run (a trend's point before), for the
   * whole-graph walk of this one. The commits this history adds to the trunk, and those a tip new
   * since then reaches, are closed under "reaches": a walk that skips them meets every other commit
   * in the order it did before. So a tip's walk is the earlier one's, cut, once every tip walked
   * before it then has been walked now, or is on the trunk now.
   */
  const earlierWalk = (graph: CommitGraph) => {
    const earlier = repoMemo?.branchOnlyWalk(gitDir);
    if (!earlier || commitIndex(graph, earlier.commit) < 0) return null;
    const position = new Map<string, number>();
    for (const [k, tip] of earlier.tips.entries()) if (!position.has(tip)) position.set(tip, k);
    const walked = new Set<string>();
    let covered = 0;
    return {
      segmentOf(tip: string): readonly UnmergedCommit[] | null {
        const k = position.get(tip);
        if (k === undefined || covered < k) return null;
        const [start, end] = earlier.segments[k]!;
        return earlier.found.slice(start, end);
      },
      done(tip: string): void {
        walked.add(tip);
        while (covered < earlier.tips.length) {
          const next = earlier.tips[covered]!;
          if (!walked.has(next) && commitIndex(graph, next) < 0) break;
          covered++;
        }
      },
    };
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

  const capabilities: ReadonlySet<Capability> = new Set<Capability>(['files', 'history', 'refs', ...(forge?.capabilities ?? [])]);
  return {
    capabilities,
    commit,
    files: async () => (await entries()).list,
    has: async (path) => (await entries()).byPath.has(path),
    readText: async (path, options) => (await read(path, options)).text,
    readFile: read,
    lastChanged,
    refs,
    defaultBranch,
    history,
    unmergedCommits,
    searchCommits: (pattern, limit = 5000) => searchCommits(JSON.stringify([pattern, limit])),
    judgeFiles: (judgement, wanted) => judgements.judge(judgement, wanted),
    derive: (derivation) => derived.derive(derivation),
    prefetch: async (paths) => {
      if (!fetchOptions || !promisorRemote) return;
      await prefetch();
      const [{ byPath }, missing] = await Promise.all([entries(), missingObjects()]);
      const wanted = paths.map((p) => byPath.get(p)).filter((e): e is InternalEntry => e?.kind === 'file' && missing.has(e.oid));
      await Promise.all(wanted.map((e) => fetchOne(e.oid, e.path)));
    },
    forge: async () => forge?.data ?? null,
  };
}
