/** An author as git reports it: with .mailmap applied (name, email) and raw (rawName, rawEmail). */
export interface Identity {
  name: string;
  email: string;
  rawName: string;
  rawEmail: string;
}

/**
 * The commit graph of the audited revision, in `git log` order (newest first). Parents are
 * indexes into the same arrays, flattened: commit i's parents are
 * parentIndex[parentStart[i] .. parentStart[i + 1]), first parent first. A parent outside the
 * mined history (a shallow clone's boundary) is -1.
 */
export interface CommitGraph {
  shas: string[];
  authorTime: Float64Array;
  commitTime: Float64Array;
  identity: Int32Array;
  parentStart: Int32Array;
  parentIndex: Int32Array;
}

/**
 * What one pass over `git log` of a revision leaves behind: enough for authorship, branch and
 * merge measures, far smaller than git's output.
 */
export interface MinedHistory {
  commit: string;
  identities: Identity[];
  /**
   * Per path, the changes made to it: a flat list of (identity, added, changes) triples, where
   * added is 1 when that identity added the path, and changes counts its M and R events.
   */
  paths: Map<string, number[]>;
  /** Rename events as [newPath, oldPath]. */
  renames: Array<[string, string]>;
  graph: CommitGraph;
}

export interface UnmergedCommit {
  sha: string;
  parents: string[];
  /** Author time, seconds since the epoch. */
  authorTime: number;
}
