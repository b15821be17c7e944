/**
 * Walks over the commit graph of `repo.history()`, so that no rule indexes its flat arrays.
 * Commits are graph indexes (0 is the audited commit); a parent outside the mined history (a
 * shallow clone's boundary) is -1.
 */
import { commitIndex } from '../history/graph.ts';
import type { CommitGraph } from '../types.ts';

export { hasMerges, mergeLifetimes, paintBroughtIn, type MergeLifetime } from '../history/graph.ts';

/** Index of the commit with this full hash, or -1 when the mined history lacks it. */
export function indexOf(graph: CommitGraph, sha: string): number {
  return commitIndex(graph, sha);
}

/** Index of the first commit whose hash starts with `prefix` (an abbreviated hash), or -1. */
export function indexOfPrefix(graph: CommitGraph, prefix: string): number {
  return prefix.length === 40 ? commitIndex(graph, prefix) : graph.shas.findIndex((sha) => sha.startsWith(prefix));
}

/** The commit's parents, first parent first (-1 for one outside the mined history). */
export function parents(graph: CommitGraph, i: number): number[] {
  return Array.from(graph.parentIndex.subarray(graph.parentStart[i]!, graph.parentStart[i + 1]!));
}

/** Pushes the commit's parents onto `stack`, first parent first: a walk's step that makes no list. */
export function pushParents(graph: CommitGraph, i: number, stack: number[]): void {
  for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) stack.push(graph.parentIndex[k]!);
}

/** How many parents the commit has. */
export function parentCount(graph: CommitGraph, i: number): number {
  return graph.parentStart[i + 1]! - graph.parentStart[i]!;
}

/** The first parent, or -1 for a root commit (or one at a shallow boundary). */
export function firstParent(graph: CommitGraph, i: number): number {
  return parentCount(graph, i) ? graph.parentIndex[graph.parentStart[i]!]! : -1;
}

export function isMerge(graph: CommitGraph, i: number): boolean {
  return parentCount(graph, i) > 1;
}

/** Commits reachable from `starts` (graph indexes; -1 ignored), as one flag per commit. */
export function reachable(graph: CommitGraph, starts: readonly number[]): Uint8Array {
  const on = new Uint8Array(graph.shas.length);
  const stack = starts.filter((i) => i >= 0);
  while (stack.length) {
    const i = stack.pop()!;
    if (on[i]) continue;
    on[i] = 1;
    for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) {
      const p = graph.parentIndex[k]!;
      if (p >= 0 && !on[p]) stack.push(p);
    }
  }
  return on;
}
