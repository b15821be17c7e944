import { ShaTable } from './assemble.ts';
import type { CommitGraph } from './types.ts';
import { MaxHeap } from '../util/heap.ts';

const tables = new WeakMap<CommitGraph, ShaTable>();

/** Index of a commit in the graph, or -1: through a hash table made on first use (rules ask hundreds of thousands of times). */
export function commitIndex(graph: CommitGraph, sha: string): number {
  let table = tables.get(graph);
  if (!table) {
    table = new ShaTable(graph.shas, graph.shas.length);
    for (let i = 0; i < graph.shas.length; i++) table.add(graph.shas[i]!, i);
    tables.set(graph, table);
  }
  return table.get(sha);
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
 * Commits reachable from a merge's other parents but not from its first parent: what the merge
 * brought in. Walks both sides newest first, like git's merge-base paint, and stops once no commit
 * painted only by the merged side is left to visit. Generic over how commits are named (graph
 * indexes, or shas of commits outside the mined history); `parents` returns null for an unknown one.
 */
export function paintBroughtIn<K>(first: K, others: readonly K[], parents: (k: K) => readonly K[] | null, time: (k: K) => number): K[] {
  const paint = new Map<K, number>();
  const processed = new Map<K, number>();
  const heap = new MaxHeap<K>(time);
  // Queued commits painted by the merged side only and not yet processed: while any is left,
  // the walk must go on, because it may still be reached from the first parent.
  let pendingB = 0;
  const mark = (k: K, flag: number) => {
    if (parents(k) === null) return;
    const before = paint.get(k) ?? 0;
    const after = before | flag;
    if (after === before) return;
    paint.set(k, after);
    if (!processed.has(k)) {
      if (after === B) pendingB++;
      else if (before === B) pendingB--;
    }
    heap.push(k);
  };
  mark(first, A);
  for (const o of others) mark(o, B);
  const result = new Set<K>();
  while (heap.size && pendingB > 0) {
    const k = heap.pop();
    const flags = paint.get(k)!;
    if (processed.get(k) === flags) continue;
    if (!processed.has(k) && flags === B) pendingB--;
    processed.set(k, flags);
    if (flags === B) result.add(k);
    else result.delete(k);
    for (const p of parents(k)!) mark(p, flags);
  }
  return [...result];
}

function broughtIn(graph: CommitGraph, merge: number): number[] {
  const parentsOf = (i: number): number[] | null => {
    if (i < 0) return null;
    const out: number[] = [];
    for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) out.push(graph.parentIndex[k]!);
    return out;
  };
  const [first, ...others] = parentsOf(merge)!;
  const time = graph.commitTime;
  return paintBroughtIn(first!, others, parentsOf, (i) => time[i]!);
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
          firstCommitAt: commits.reduce((min, c) => Math.min(min, graph.authorTime[c]!), Infinity),
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
