/**
 * Walks over the commits branch-lifetime can see: the mined history of the audited revision
 * (the default branch) and the commits only branches hold (`unmergedCommits`), as one graph.
 */
import { indexOf, paintBroughtIn, parents as parentsOf } from '../../src/rule-kit/index.ts';
import type { CommitGraph, UnmergedCommit } from '../../src/types.ts';

/** One commit, from either source. `time` orders walks: the commit time where known, else the author time. */
export interface Node {
  parents: readonly string[];
  authorTime: number;
  time: number;
}

export class Commits {
  constructor(
    readonly graph: CommitGraph,
    readonly unmerged: ReadonlyMap<string, UnmergedCommit>,
  ) {}

  get(sha: string): Node | null {
    const u = this.unmerged.get(sha);
    if (u) return { parents: u.parents, authorTime: u.authorTime, time: u.authorTime };
    const i = indexOf(this.graph, sha);
    if (i < 0) return null;
    const g = this.graph;
    const parents = parentsOf(g, i)
      .filter((p) => p >= 0)
      .map((p) => g.shas[p]!);
    return { parents, authorTime: g.authorTime[i]!, time: g.commitTime[i]! };
  }

  /**
   * The first-parent line from `tip`, newest first, down to `since` (by `time`), at most `limit`
   * commits. Lazy: a caller that stops early (at the trunk) does not walk the line to its root.
   */
  *firstParents(tip: string, since: number, limit = 200_000): Generator<{ sha: string; node: Node }> {
    let sha: string | undefined = tip;
    let count = 0;
    const seen = new Set<string>();
    while (sha && count < limit && !seen.has(sha)) {
      seen.add(sha);
      const node = this.get(sha);
      if (!node || node.time < since) return;
      count++;
      yield { sha, node };
      sha = node.parents[0];
    }
  }
}

/** The branch-only commits reachable from `tips`, not going past commits `stop` accepts. */
export function walkUnmerged(
  tips: readonly string[],
  unmerged: ReadonlyMap<string, UnmergedCommit>,
  stop: (sha: string) => boolean,
  visit: (c: UnmergedCommit) => void,
): number {
  const seen = new Set<string>();
  const stack = tips.filter((t) => unmerged.has(t) && !stop(t));
  while (stack.length) {
    const sha = stack.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const c = unmerged.get(sha)!;
    visit(c);
    for (const p of c.parents) if (unmerged.has(p) && !seen.has(p) && !stop(p)) stack.push(p);
  }
  return seen.size;
}

/**
 * What a merge brought in: commits reachable from its other parents but not its first, found as
 * git's merge-base paint does, newest first, stopping once no commit painted only by the merged
 * side is left to visit. Returns the author time of the oldest, or null when it brought nothing.
 */
export function oldestBroughtIn(commits: Commits, merge: string): number | null {
  const node = commits.get(merge);
  if (!node || node.parents.length < 2) return null;
  const nodes = new Map<string, Node | null>();
  const nodeOf = (sha: string): Node | null => {
    let n = nodes.get(sha);
    if (n === undefined) {
      n = commits.get(sha);
      nodes.set(sha, n);
    }
    return n;
  };
  const result = paintBroughtIn(
    node.parents[0]!,
    node.parents.slice(1),
    (sha) => nodeOf(sha)?.parents ?? null,
    (sha) => nodeOf(sha)!.time,
  );
  let oldest: number | null = null;
  for (const sha of result) {
    const t = nodes.get(sha)!.authorTime;
    if (oldest === null || t < oldest) oldest = t;
  }
  return oldest;
}
