/**
 * Puts mined pieces of history together. A MinedHistory depends only on the set of commits it
 * holds and on its tip, never on how they were mined: commits come in the order of git's own
 * date-ordered walk from the tip (computed here, not taken from git's output), identities in order
 * of first appearance, paths sorted, each path's events sorted by identity, renames sorted. So a
 * serial pass, parallel chunks and a cached history extended by new commits give the same bytes.
 */
import type { CommitGraph, Identity, MinedHistory, PathEvents } from './types.ts';

/**
 * The commits one git process walked (or a whole cached history), before they are put together.
 * Parents are named by hash, because they may lie in another segment; '' names a parent outside
 * any mined history (a shallow clone's boundary). Path events are quadruples as in PathEvents,
 * their commit indexes local to the segment.
 */
export interface Segment {
  identities: Identity[];
  shas: string[];
  parentStart: Int32Array;
  parents: string[];
  authorTime: Float64Array;
  commitTime: Float64Array;
  identity: Int32Array;
  paths: PathEvents;
  renames: Array<[string, string]>;
}

/** A finished history as a segment, to be extended by newer commits. */
export function toSegment(history: MinedHistory): Segment {
  const { graph } = history;
  return {
    identities: history.identities,
    shas: graph.shas,
    parentStart: graph.parentStart,
    parents: Array.from(graph.parentIndex, (p) => (p < 0 ? '' : graph.shas[p]!)),
    authorTime: graph.authorTime,
    commitTime: graph.commitTime,
    identity: graph.identity,
    paths: history.paths,
    renames: history.renames,
  };
}

/** Thrown when the pieces do not make one history (a commit twice, one not reachable from the tip). */
export class InconsistentHistory extends Error {}

/**
 * git log's order: a walk from the tip that always takes the newest commit (by committer date)
 * among those it has reached, ties going to the one reached first, each commit once.
 */
export function dateWalk(tip: number, n: number, commitTime: Float64Array, parentStart: Int32Array, parents: Int32Array): Int32Array {
  const order = new Int32Array(n);
  const seen = new Uint8Array(n);
  const heap = new Int32Array(n);
  const seq = new Int32Array(n);
  let size = 0;
  let pushed = 0;
  const before = (a: number, b: number) => commitTime[a]! > commitTime[b]! || (commitTime[a] === commitTime[b] && seq[a]! < seq[b]!);
  const push = (c: number) => {
    seen[c] = 1;
    seq[c] = pushed++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(c, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = c;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap[--size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const m = l + 1 < size && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!before(heap[m]!, last)) break;
      heap[i] = heap[m]!;
      i = m;
    }
    heap[i] = last;
    return top;
  };
  push(tip);
  let k = 0;
  while (size) {
    const c = pop();
    order[k++] = c;
    for (let j = parentStart[c]!; j < parentStart[c + 1]!; j++) {
      const p = parents[j]!;
      if (p >= 0 && !seen[p]) push(p);
    }
  }
  if (k !== n) throw new InconsistentHistory(`${n - k} mined commits are not reachable from the tip`);
  return order;
}

/** The leading 28 bits of a hexadecimal commit id, or -1 when it is not one. */
function prefixOf(sha: string): number {
  if (sha.length < 7) return -1;
  let v = 0;
  for (let i = 0; i < 7; i++) {
    const c = sha.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/**
 * Commit ids to indexes by open addressing on their leading bits: a Map of 100,000 strings costs
 * several times as much to fill and to ask, and this runs for every commit and parent.
 */
export class ShaTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly other = new Map<string, number>();

  constructor(
    private readonly shas: readonly string[],
    capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** Adds the id at index i; false when it is there already. */
  add(sha: string, i: number): boolean {
    const prefix = prefixOf(sha);
    if (prefix < 0) {
      if (this.other.has(sha)) return false;
      this.other.set(sha, i);
      return true;
    }
    for (let slot = prefix & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot]!;
      if (at < 0) {
        this.slots[slot] = i;
        return true;
      }
      if (this.shas[at] === sha) return false;
    }
  }

  get(sha: string): number {
    const prefix = prefixOf(sha);
    if (prefix < 0) return this.other.get(sha) ?? -1;
    for (let slot = prefix & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot]!;
      if (at < 0) return -1;
      if (this.shas[at] === sha) return at;
    }
  }
}

/** Indexes of `shas` in hash order: a numeric sort on leading bits, then runs that share them by string. */
function hashOrder(shas: readonly string[]): Int32Array {
  const n = shas.length;
  const simple = () => {
    const index = new Map(shas.map((sha, i) => [sha, i]));
    return Int32Array.from([...shas].sort(), (sha) => index.get(sha)!);
  };
  if (n >= 2 ** 24) return simple();
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const prefix = prefixOf(shas[i]!);
    if (prefix < 0) return simple();
    keys[i] = prefix * 2 ** 24 + i;
  }
  keys.sort();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = keys[i]! % 2 ** 24;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    const prefix = Math.floor(keys[i]! / 2 ** 24);
    while (j < n && Math.floor(keys[j]! / 2 ** 24) === prefix) j++;
    if (j - i > 1) {
      const run = Array.from(out.subarray(i, j)).sort((a, b) => (shas[a]! < shas[b]! ? -1 : shas[a]! > shas[b]! ? 1 : 0));
      out.set(run, i);
    }
    i = j;
  }
  return out;
}

function identityKey(i: Identity): string {
  return `${i.name}\0${i.email}\0${i.rawName}\0${i.rawEmail}`;
}

/** Identities pooled by who they are (all four names), each given the index of its first appearance. */
export function identityPool(initial: readonly Identity[] = []): { pooled: Identity[]; intern: (identity: Identity) => number } {
  const pooled = [...initial];
  const pool = new Map(pooled.map((identity, i) => [identityKey(identity), i]));
  return {
    pooled,
    intern(identity) {
      const key = identityKey(identity);
      let id = pool.get(key);
      if (id === undefined) {
        id = pooled.push(identity) - 1;
        pool.set(key, id);
      }
      return id;
    },
  };
}

/** Assembles segments (in any order, each commit in exactly one) into the history of `tip`. */
export function assemble(segments: readonly Segment[], tip: string): MinedHistory {
  let n = 0;
  let parentCount = 0;
  for (const s of segments) {
    n += s.shas.length;
    parentCount += s.parents.length;
  }
  const shaOf: string[] = new Array(n);
  const authorOf = new Float64Array(n);
  const commitOf = new Float64Array(n);
  const identityOf = new Int32Array(n);
  const shaIndex = new ShaTable(shaOf, n);
  const { pooled, intern } = identityPool();
  const localIdentity: Int32Array[] = [];
  const base: number[] = [];
  let g = 0;
  for (const s of segments) {
    base.push(g);
    const local = Int32Array.from(s.identities, intern);
    localIdentity.push(local);
    for (let i = 0; i < s.shas.length; i++, g++) {
      const sha = s.shas[i]!;
      shaOf[g] = sha;
      if (!shaIndex.add(sha, g)) throw new InconsistentHistory(`commit ${sha} was mined twice`);
      authorOf[g] = s.authorTime[i]!;
      commitOf[g] = s.commitTime[i]!;
      identityOf[g] = local[s.identity[i]!]!;
    }
  }
  const parentStartOf = new Int32Array(n + 1);
  const parentOf = new Int32Array(parentCount);
  g = 0;
  let k = 0;
  for (const s of segments) {
    for (let i = 0; i < s.shas.length; i++, g++) {
      parentStartOf[g] = k;
      for (let j = s.parentStart[i]!; j < s.parentStart[i + 1]!; j++) parentOf[k++] = shaIndex.get(s.parents[j]!);
    }
  }
  parentStartOf[n] = k;

  const tipIndex = shaIndex.get(tip);
  if (tipIndex < 0) throw new InconsistentHistory(`the tip ${tip} was not mined`);
  const order = n ? dateWalk(tipIndex, n, commitOf, parentStartOf, parentOf) : new Int32Array(0);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;

  const identities: Identity[] = [];
  const renumber = new Int32Array(pooled.length).fill(-1);
  const shas: string[] = new Array(n);
  const authorTime = new Float64Array(n);
  const commitTime = new Float64Array(n);
  const identity = new Int32Array(n);
  const parentStart = new Int32Array(n + 1);
  const parentIndex = new Int32Array(parentCount);
  k = 0;
  for (let r = 0; r < n; r++) {
    const c = order[r]!;
    const id = identityOf[c]!;
    if (renumber[id]! < 0) renumber[id] = identities.push(pooled[id]!) - 1;
    identity[r] = renumber[id]!;
    shas[r] = shaOf[c]!;
    authorTime[r] = authorOf[c]!;
    commitTime[r] = commitOf[c]!;
    parentStart[r] = k;
    for (let j = parentStartOf[c]!; j < parentStartOf[c + 1]!; j++) {
      const p = parentOf[j]!;
      parentIndex[k++] = p < 0 ? -1 : rank[p]!;
    }
  }
  parentStart[n] = k;
  const byHash = hashOrder(shas);
  const graph: CommitGraph = { shas, authorTime, commitTime, identity, parentStart, parentIndex, byHash };

  const paths = mergePaths(
    segments,
    (s, id) => renumber[localIdentity[s]![id]!]!,
    (s, c) => rank[base[s]! + c]!,
    authorTime,
    shas,
  );
  const renames = [...new Set(segments.flatMap((s) => s.renames.map(([to, from]) => `${to}\0${from}`)))]
    .sort()
    .map((key) => key.split('\0') as [string, string]);
  return { commit: tip, identities, paths, renames, graph };
}

/**
 * Every segment's path events, as one PathEvents: paths sorted, each path's quadruples sorted by
 * identity, one per identity (added or'ed, changes summed, latest the newer commit, ties to the
 * smaller hash, so that no order of mining can show through).
 */
function mergePaths(
  segments: readonly Segment[],
  identityOf: (segment: number, id: number) => number,
  commitOf: (segment: number, commit: number) => number,
  authorTime: Float64Array,
  shas: readonly string[],
): PathEvents {
  const pathIndex = new Map<string, number>();
  const unsorted: string[] = [];
  const pathOf = segments.map((s) =>
    Int32Array.from(s.paths.names, (name) => {
      let p = pathIndex.get(name);
      if (p === undefined) {
        p = unsorted.push(name) - 1;
        pathIndex.set(name, p);
      }
      return p;
    }),
  );
  const start = new Int32Array(unsorted.length + 1);
  segments.forEach((s, si) => {
    const { offsets } = s.paths;
    for (let p = 0; p < s.paths.names.length; p++) start[pathOf[si]![p]! + 1]! += (offsets[p + 1]! - offsets[p]!) >> 2;
  });
  for (let p = 0; p < unsorted.length; p++) start[p + 1]! += start[p]!;
  const total = start[unsorted.length]!;
  const qId = new Int32Array(total);
  const qAdded = new Int32Array(total);
  const qChanges = new Int32Array(total);
  const qLatest = new Int32Array(total);
  const fill = start.slice(0, unsorted.length);
  segments.forEach((s, si) => {
    const { offsets, data } = s.paths;
    for (let p = 0; p < s.paths.names.length; p++) {
      const target = pathOf[si]![p]!;
      for (let i = offsets[p]!; i < offsets[p + 1]!; i += 4) {
        const q = fill[target]!++;
        qId[q] = identityOf(si, data[i]!);
        qAdded[q] = data[i + 1]!;
        qChanges[q] = data[i + 2]!;
        qLatest[q] = commitOf(si, data[i + 3]!);
      }
    }
  });
  const newer = (a: number, b: number) =>
    authorTime[a]! > authorTime[b]! || (authorTime[a] === authorTime[b] && shas[a]! < shas[b]!) ? a : b;

  const names = [...unsorted].sort();
  const offsets = new Int32Array(names.length + 1);
  const out = new Int32Array(total * 4);
  let size = 0;
  const slot: number[] = [];
  names.forEach((name, i) => {
    offsets[i] = size;
    const p = pathIndex.get(name)!;
    slot.length = 0;
    for (let q = start[p]!; q < start[p + 1]!; q++) slot.push(q);
    if (slot.length > 1) slot.sort((a, b) => qId[a]! - qId[b]!);
    for (const q of slot) {
      if (size > offsets[i]! && out[size - 4] === qId[q]) {
        out[size - 3]! |= qAdded[q]!;
        out[size - 2]! += qChanges[q]!;
        out[size - 1] = newer(out[size - 1]!, qLatest[q]!);
      } else {
        out[size++] = qId[q]!;
        out[size++] = qAdded[q]!;
        out[size++] = qChanges[q]!;
        out[size++] = qLatest[q]!;
      }
    }
  });
  offsets[names.length] = size;
  return { names, offsets, data: size === out.length ? out : out.slice(0, size) };
}
