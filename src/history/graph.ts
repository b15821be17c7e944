import type { CommitGraph } from './types.ts';
import { MaxHeap } from '../util/heap.ts';

/** Index of a commit in the graph, or -1: a binary search over the hash order. */
export function commitIndex(graph: CommitGraph, sha: string): number {
  let lo = 0;
  let hi = graph.byHash.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = graph.byHash[mid]!;
    const at = graph.shas[i]!;
    if (at === sha) return i;
    if (at < sha) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface MergeLifetime {
  merge: string;
  /** Commit time of the merge, seconds. */
  mergedAt: number;
  /** Author time of the oldest commit the merge brought in, seconds. */
  firstCommitAt: number;
  commits: number;
}

const A = 1;
const B = 2;

/**
 * Commits reachable from the merge's other parents but not from its first parent: what the
 * merge brought in. Walks both sides newest first, like git's merge-base paint, and stops once
 * no commit painted only by the merged side is left to visit.
 */
function broughtIn(graph: CommitGraph, merge: number): number[] {
  const paint = new Map<number, number>();
  const processed = new Map<number, number>();
  const time = graph.commitTime;
  const heap = new MaxHeap<number>((i) => time[i]!);
  // Queued commits painted by the merged side only and not yet processed: while any is left,
  // the walk must go on, because it may still be reached from the first parent.
  let pendingB = 0;
  const mark = (i: number, flag: number) => {
    if (i < 0) return;
    const before = paint.get(i) ?? 0;
    const after = before | flag;
    if (after === before) return;
    paint.set(i, after);
    if (!processed.has(i)) {
      if (after === B) pendingB++;
      else if (before === B) pendingB--;
    }
    heap.push(i);
  };
  const start = graph.parentStart[merge]!;
  const end = graph.parentStart[merge + 1]!;
  mark(graph.parentIndex[start]!, A);
  for (let k = start + 1; k < end; k++) mark(graph.parentIndex[k]!, B);
  const result = new Set<number>();
  while (heap.size && pendingB > 0) {
    const i = heap.pop();
    const flags = paint.get(i)!;
    if (processed.get(i) === flags) continue;
    if (!processed.has(i) && flags === B) pendingB--;
    processed.set(i, flags);
    if (flags === B) result.add(i);
    else result.delete(i);
    for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) mark(graph.parentIndex[k]!, flags);
  }
  return [...result];
}

/**
 * Merges on the first-parent line of the newest commit (index 0) committed at or after `since`
 * (seconds), each with the author time of the oldest commit it brought in.
 */
export function mergeLifetimes(graph: CommitGraph, since: number): MergeLifetime[] {
  const out: MergeLifetime[] = [];
  for (let i = graph.shas.length ? 0 : -1; i >= 0; ) {
    const start = graph.parentStart[i]!;
    const end = graph.parentStart[i + 1]!;
    if (graph.commitTime[i]! < since) break;
    if (end - start > 1) {
      const commits = broughtIn(graph, i);
      if (commits.length) {
        out.push({
          merge: graph.shas[i]!,
          mergedAt: graph.commitTime[i]!,
          firstCommitAt: Math.min(...commits.map((c) => graph.authorTime[c]!)),
          commits: commits.length,
        });
      }
    }
    i = end > start ? graph.parentIndex[start]! : -1;
  }
  return out;
}

/** Whether the first-parent history has any merge commit at all. */
export function hasMerges(graph: CommitGraph): boolean {
  for (let i = 0; i < graph.shas.length; i++) if (graph.parentStart[i + 1]! - graph.parentStart[i]! > 1) return true;
  return false;
}
