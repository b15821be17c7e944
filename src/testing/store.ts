/**
 * A spec turned into git's objects, in memory: blobs, trees, commits and tags hashed as git
 * hashes them, so a commit here has the id the fixture builder's `git fast-import` gives it.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_AUTHORS, type Person, type RepoSpec, type SpecFile } from './spec.ts';

export interface StoredEntry {
  /** Git file mode: 100644, 100755, 120000, 160000. */
  mode: string;
  oid: string;
  /** Contents (for a symlink, its target); empty for a submodule. */
  bytes: Buffer;
}

/** A commit's tree, flattened: every tracked path with its entry. */
export type Tree = ReadonlyMap<string, StoredEntry>;

export interface StoredCommit {
  sha: string;
  parents: string[];
  author: Person;
  committer: Person;
  /** Seconds since the epoch. */
  authorTime: number;
  commitTime: number;
  message: string;
  tree: Tree;
}

export interface StoredRef {
  name: string;
  /** The commit it points at (peeled for an annotated tag). */
  commit: string;
  symref: string | null;
  /** Seconds: the tagger date of an annotated tag, else the commit date. */
  time: number;
}

export interface Store {
  commits: ReadonlyMap<string, StoredCommit>;
  /** Sorted by name, as `git for-each-ref` lists them. */
  refs: StoredRef[];
  /** The checked-out branch (short name), or null when HEAD is detached. */
  headBranch: string | null;
  /** The commit HEAD points at, or null in a repository without commits. */
  head: string | null;
}

function hashObject(type: string, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

function epoch(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`repository spec: invalid date ${iso}`);
  return Math.floor(ms / 1000);
}

const MODES = { file: '100644', exec: '100755', symlink: '120000' } as const;

function entryOf(content: SpecFile): StoredEntry {
  if (typeof content === 'object' && 'submodule' in content) return { mode: '160000', oid: content.submodule, bytes: Buffer.alloc(0) };
  const file = typeof content === 'string' || content instanceof Uint8Array ? { content, mode: 'file' as const } : content;
  const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
  return { mode: MODES[file.mode], oid: hashObject('blob', bytes), bytes };
}

/** Git's tree order: by name bytes, a folder compared as if its name ended in "/". */
function treeOrder(a: { name: string; tree: boolean }, b: { name: string; tree: boolean }): number {
  return Buffer.compare(Buffer.from(a.tree ? `${a.name}/` : a.name), Buffer.from(b.tree ? `${b.name}/` : b.name));
}

/** The id of the tree object of a flattened tree. */
function treeId(tree: Tree): string {
  const root = new Map<string, unknown>();
  for (const [path, entry] of tree) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.get(part);
      if (!(next instanceof Map)) {
        next = new Map<string, unknown>();
        folder.set(part, next);
      }
      folder = next as Map<string, unknown>;
    }
    folder.set(parts.at(-1)!, entry);
  }
  const write = (folder: Map<string, unknown>): string => {
    const items = [...folder].map(([name, value]) => ({ name, value, tree: value instanceof Map }));
    items.sort(treeOrder);
    const body = Buffer.concat(
      items.flatMap(({ name, value, tree }) => {
        const [mode, oid] = tree
          ? ['40000', write(value as Map<string, unknown>)]
          : [(value as StoredEntry).mode, (value as StoredEntry).oid];
        return [Buffer.from(`${mode} ${name}\0`), Buffer.from(oid, 'hex')];
      }),
    );
    return hashObject('tree', body);
  };
  return write(root);
}

const signature = (who: Person, time: number) => `${who.name} <${who.email}> ${time} +0000`;

/** Builds the objects and refs of a spec, as the fixture builder's fast-import stream makes them. */
export function buildStore(spec: RepoSpec): Store {
  const authors = spec.authors ?? DEFAULT_AUTHORS;
  const firstAuthor = Object.keys(authors)[0];
  const main = spec.defaultBranch ?? 'main';
  const commits = new Map<string, StoredCommit>();
  const tips = new Map<string, string>();
  const tags = new Map<string, { commit: string; time: number }>();
  const tagOfName = new Map<string, string>();
  spec.commits.forEach((c, i) => {
    const branch = c.branch ?? main;
    const who = authors[c.author ?? firstAuthor ?? ''];
    if (!who) throw new Error(`repository spec: unknown author ${c.author}`);
    const authorTime = epoch(c.date);
    const commitTime = epoch(c.committed ?? c.date);
    const parents: string[] = [];
    const tip = tips.get(branch);
    if (tip) parents.push(tip);
    else if (!c.orphan) {
      const base = c.from ? (tips.get(c.from) ?? tagOfName.get(c.from)) : tips.get(main);
      if (c.from && base === undefined) throw new Error(`repository spec: unknown base ${c.from}`);
      if (base !== undefined) parents.push(base);
    }
    for (const merged of c.merge ?? []) {
      const mergedTip = tips.get(merged);
      if (mergedTip === undefined) throw new Error(`repository spec: cannot merge unknown branch ${merged}`);
      parents.push(mergedTip);
    }
    const tree = new Map(parents[0] ? commits.get(parents[0])!.tree : []);
    for (const [path, content] of Object.entries(c.files ?? {})) {
      if (content === null) {
        tree.delete(path);
        for (const key of [...tree.keys()]) if (key.startsWith(`${path}/`)) tree.delete(key);
        continue;
      }
      tree.set(path, entryOf(content));
    }
    const message = c.message ?? `commit ${i + 1}`;
    const body = [
      `tree ${treeId(tree)}`,
      ...parents.map((p) => `parent ${p}`),
      `author ${signature(who, authorTime)}`,
      `committer ${signature(who, commitTime)}`,
      '',
      message,
    ].join('\n');
    const sha = hashObject('commit', Buffer.from(body, 'utf8'));
    commits.set(sha, { sha, parents, author: who, committer: who, authorTime, commitTime, message, tree });
    tips.set(branch, sha);
    if (c.tag) {
      const name = typeof c.tag === 'string' ? c.tag : c.tag.name;
      tagOfName.set(name, sha);
      // The builder's tagger date is the commit's committer date, so both kinds of tag date alike.
      tags.set(name, { commit: sha, time: commitTime });
    }
  });
  const refs: StoredRef[] = [];
  const commitRef = (name: string, sha: string): StoredRef => ({ name, commit: sha, symref: null, time: commits.get(sha)!.commitTime });
  for (const [branch, sha] of tips) refs.push(commitRef(`refs/heads/${branch}`, sha));
  for (const [name, tag] of tags) refs.push({ name: `refs/tags/${name}`, commit: tag.commit, symref: null, time: tag.time });
  for (const [remote, branch] of Object.entries(spec.remoteRefs ?? {})) {
    const tip = tips.get(branch);
    if (tip === undefined) throw new Error(`repository spec: unknown branch ${branch} for remote ref ${remote}`);
    refs.push(commitRef(`refs/remotes/${remote}`, tip));
  }
  if (spec.originHead) {
    const target = refs.find((r) => r.name === `refs/remotes/origin/${spec.originHead}`);
    if (target) refs.push({ ...target, name: 'refs/remotes/origin/HEAD', symref: target.name });
  }
  // A bare repository is never checked out: its HEAD stays on the default branch.
  const checkedOut = spec.bare ? main : spec.head === 'detached' ? null : (spec.head ?? main);
  const store: Store = {
    commits,
    refs: sortRefs(refs),
    headBranch: checkedOut,
    head: checkedOut ? (tips.get(checkedOut) ?? null) : (tips.get(main) ?? null),
  };
  return spec.shallow ? shallowClone(store) : store;
}

function sortRefs(refs: StoredRef[]): StoredRef[] {
  return refs.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}

/**
 * What `git clone --depth 1` of the repository holds: the checked-out branch's tip alone, with
 * no parents (git shows a shallow commit as a root), the branch and its remote-tracking ref,
 * origin/HEAD, and the tags on that tip.
 */
function shallowClone(source: Store): Store {
  const branch = source.headBranch;
  const tip = source.head;
  if (!tip || !branch) return { commits: new Map(), refs: [], headBranch: branch, head: null };
  const commit = { ...source.commits.get(tip)!, parents: [] };
  const time = commit.commitTime;
  const refs: StoredRef[] = [
    { name: `refs/heads/${branch}`, commit: tip, symref: null, time },
    { name: `refs/remotes/origin/${branch}`, commit: tip, symref: null, time },
    { name: 'refs/remotes/origin/HEAD', commit: tip, symref: `refs/remotes/origin/${branch}`, time },
    ...source.refs.filter((r) => r.name.startsWith('refs/tags/') && r.commit === tip),
  ];
  return { commits: new Map([[tip, commit]]), refs: sortRefs(refs), headBranch: branch, head: tip };
}
