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
  /** Commit indexes sorted by hash, to find a commit by binary search without building a map. */
  byHash: Int32Array;
}

/**
 * What one pass over `git log` of a revision leaves behind: enough for authorship, branch and
 * merge measures, far smaller than git's output.
 */
export interface MinedHistory {
  commit: string;
  identities: Identity[];
  /** Per path, who added and changed it. */
  paths: PathEvents;
  /** Rename events as [newPath, oldPath]. */
  renames: Array<[string, string]>;
  graph: CommitGraph;
}

/**
 * The changes made to each path, as (identity, added, changes, latest) quadruples, where added
 * is 1 when that identity added the path, changes counts its M and R events, and latest is the
 * index (into the commit graph) of its commit on the path with the newest author date. The
 * quadruples of names[i] are data[offsets[i] .. offsets[i + 1]). Flat typed arrays, because
 * they load from the cache in no time where a map of arrays takes tens of milliseconds on a
 * large repository.
 */
export interface PathEvents {
  names: string[];
  offsets: Int32Array;
  data: Int32Array;
}

export interface UnmergedCommit {
  sha: string;
  parents: string[];
  /** Author time, seconds since the epoch. */
  authorTime: number;
}
