/**
 * The history of an ancestor, derived from the history mined at a descendant, without another
 * `git log`: the ancestor's history is the part of the descendant's that the ancestor reaches.
 *
 * The mined history keeps, per path, sums over the whole walk (who added it, how often each
 * person changed it, their newest commit on it), and its commit indexes follow `git log` order,
 * so it cannot be filtered after the fact. What can be replayed is the log itself: with each
 * commit's record kept, the ancestor's records are fed, in the order `git log <ancestor>` would
 * print them, to the same builder the miner uses. The result is what mining the ancestor gives,
 * provided the mailmap is the same at both commits (the caller checks) and the order is git's:
 * git walks newest committer date first, ties in the order the commits were queued, each commit
 * queued when a commit listing it as a parent is printed.
 */
import { commitIndex } from './graph.ts';
import { historyFromRecords } from './mine.ts';
import type { CommitGraph, MinedHistory } from './types.ts';

/** A mined history with the `git log` record of each of its commits, by graph index. */
export interface MinedLog {
  history: MinedHistory;
  records: readonly string[];
}

/** A min-heap of queued commits: newest committer date first, then first queued first. */
class WalkQueue {
  private readonly items: number[] = [];
  private readonly seq: number[] = [];
  private next = 0;
  constructor(private readonly time: Float64Array) {}

  get size(): number {
    return this.items.length;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[this.items[a]!]!;
    const tb = this.time[this.items[b]!]!;
    return ta > tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  private swap(a: number, b: number): void {
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
    [this.seq[a], this.seq[b]] = [this.seq[b]!, this.seq[a]!];
  }

  push(commit: number): void {
    this.items.push(commit);
    this.seq.push(this.next++);
    for (let c = this.items.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (!this.before(c, p)) break;
      this.swap(c, p);
      c = p;
    }
  }

  pop(): number {
    const top = this.items[0]!;
    const last = this.items.length - 1;
    this.swap(0, last);
    this.items.pop();
    this.seq.pop();
    for (let p = 0; ; ) {
      const l = 2 * p + 1;
      const r = l + 1;
      let m = p;
      if (l < this.items.length && this.before(l, m)) m = l;
      if (r < this.items.length && this.before(r, m)) m = r;
      if (m === p) break;
      this.swap(p, m);
      p = m;
    }
    return top;
  }
}

/** Graph indexes of the commits `git log <start>` prints, in its order. */
export function logOrder(graph: CommitGraph, start: number): number[] {
  const seen = new Uint8Array(graph.shas.length);
  const queue = new WalkQueue(graph.commitTime);
  const order: number[] = [];
  seen[start] = 1;
  queue.push(start);
  while (queue.size) {
    const i = queue.pop();
    order.push(i);
    for (let k = graph.parentStart[i]!; k < graph.parentStart[i + 1]!; k++) {
      const parent = graph.parentIndex[k]!;
      if (parent >= 0 && !seen[parent]) {
        seen[parent] = 1;
        queue.push(parent);
      }
    }
  }
  return order;
}

/** The history `mineHistory(<git dir>, ancestor)` would give, or null when the ancestor is not in the log. */
export function ancestorHistory(log: MinedLog, ancestor: string): MinedHistory | null {
  const start = commitIndex(log.history.graph, ancestor);
  if (start < 0 || log.records.length !== log.history.graph.shas.length) return null;
  return historyFromRecords(
    logOrder(log.history.graph, start).map((i) => log.records[i]!),
    ancestor,
  );
}
