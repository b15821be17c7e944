import type { Capability, ForgeData } from '../types.ts';

/**
 * A repository written as data. The git part (authors, commits, branches, tags, head, remote
 * refs) is the shape of the fixture builder's specs (fixtures/builder.ts), so the same value
 * builds a real repository there and an in-memory one here, with the same commit ids.
 */
export interface Person {
  name: string;
  email: string;
}

export type SpecFile = string | Uint8Array | { content: string | Uint8Array; mode: 'file' | 'exec' | 'symlink' } | { submodule: string };

export interface SpecCommit {
  /** Branch the commit goes on (default: the spec's default branch). */
  branch?: string;
  /** Where a new branch starts: a branch or tag name (default: the default branch's tip). */
  from?: string;
  /** Starts a new branch with no parent and an empty tree (an orphan branch, like gh-pages). */
  orphan?: boolean;
  /** Key of `authors` (default: the first author). */
  author?: string;
  /** Author date, ISO 8601; also the committer date unless `committed` is given. */
  date: string;
  committed?: string;
  /** Default: `commit <n>`, n counting commits from 1. */
  message?: string;
  /** Files to add or change; null deletes (a folder's path deletes the folder). */
  files?: Record<string, SpecFile | null>;
  /** Branches merged into this commit, as extra parents. */
  merge?: string[];
  /** A tag on this commit: lightweight by name, annotated with a message. */
  tag?: string | { name: string; message: string };
}

export interface RepoSpec {
  authors?: Record<string, Person>;
  defaultBranch?: string;
  commits: SpecCommit[];
  /** Branch checked out, or 'detached' for a detached HEAD at the default branch. */
  head?: string;
  bare?: boolean;
  /** The repository as `git clone --depth 1` of it gives it: one commit, history cut short. */
  shallow?: boolean;
  /**
   * Files in the work tree that are not tracked (the fixture builder writes them): no view sees
   * them, and runRule does not read a blueprint.yml among them, where an audit of a work tree would.
   */
  untracked?: Record<string, string>;
  /** Remote-tracking refs: name (e.g. "origin/feature") -> branch whose tip it points at. */
  remoteRefs?: Record<string, string>;
  /** Points refs/remotes/origin/HEAD at origin/<branch>. */
  originHead?: string;

  // What only an in-memory repository can be given (a git fixture has none of these).

  /** What the forge (GitHub) holds; gives the view the 'forge' capability. */
  forge?: ForgeData;
  /** The source's capabilities, instead of files, history and refs (plus forge when `forge` is given). */
  capabilities?: readonly Capability[];
  /** Capabilities the source gives only in part, with the reason (a shallow clone limits history by itself). */
  limits?: Partial<Record<Capability, string>>;
  /** Tracked paths whose objects the clone lacks: reading them is `unreadable`, as in a partial or damaged clone. */
  missingObjects?: readonly string[];
  /** A blobless partial clone: sizes are unknown (-1) and missing objects are "not in this partial clone". */
  partial?: boolean;
}

export const DEFAULT_AUTHORS: Record<string, Person> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  linus: { name: 'Linus Torvalds', email: 'linus@example.com' },
};
