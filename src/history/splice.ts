/**
 * Puts newly mined commits into a cached history without assembling the whole history again.
 * assemble() re-indexes, re-walks, re-sorts and re-merges every commit and path event; when the
 * cached commits keep their relative order in git's walk from the new tip (the usual case: a
 * push, a merge of a branch, a month of a project's work), their data only needs renumbering and
 * the new commits' data merged in, which is a linear pass over arrays.
 */
import { dateWalk, identityPool, InconsistentHistory, type Segment, ShaTable } from './assemble.ts';
import type { CommitGraph, Identity, MinedHistory, PathEvents } from './types.ts';

/** Index of `sha` in the history, by binary search over its hash order; -1 when it is not there. */
function indexByHash(graph: CommitGraph, sha: string): number {
  let lo = 0;
  let hi = graph.byHash.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = graph.shas[graph.byHash[mid]!]!;
    if (at < sha) lo = mid + 1;
    else if (at > sha) hi = mid;
    else return graph.byHash[mid]!;
  }
  return -1;
}

/**
 * The history of `tip` from `base` (the history of one of its ancestors) and the commits `added`
 * that `base` lacks: exactly what assemble([added, toSegment(base)], tip) gives. git's date-ordered
 * walk from `tip` is computed over both; when it visits the base's commits in the base's own order,
 * the base's arrays are renumbered and the added commits merged in. Null when it does not (dates
 * skewed so that a commit reached earlier through a new merge moves), or when the pieces are not
 * one history: then assemble must do it (and says what is wrong).
 */
export function spliceSegment(added: Segment, base: MinedHistory, tip: string): MinedHistory | null {
  const old = base.graph;
  const n = old.shas.length;
  const m = added.shas.length;
  if (!n || !m || old.shas[0] !== base.commit) return null;
  const local = new ShaTable(added.shas, m);
  for (let i = 0; i < m; i++) if (!local.add(added.shas[i]!, i) || indexByHash(old, added.shas[i]!) >= 0) return null;
  const tipIndex = local.get(tip);
  if (tipIndex < 0) return null;

  // The union: the added commits as nodes 0..m-1, the base's as m..m+n-1.
  const total = n + m;
  const parentStart = new Int32Array(total + 1);
  const parents = new Int32Array(added.parents.length + old.parentIndex.length);
  let k = 0;
  for (let i = 0; i < m; i++) {
    parentStart[i] = k;
    for (let j = added.parentStart[i]!; j < added.parentStart[i + 1]!; j++) {
      const sha = added.parents[j]!;
      let at = local.get(sha);
      if (at < 0) {
        const inBase = sha ? indexByHash(old, sha) : -1;
        if (inBase < 0) return null;
        at = inBase + m;
      }
      parents[k++] = at;
    }
  }
  for (let i = 0; i <= n; i++) parentStart[m + i] = k + old.parentStart[i]!;
  for (let j = 0; j < old.parentIndex.length; j++) {
    const p = old.parentIndex[j]!;
    parents[k + j] = p < 0 ? -1 : p + m;
  }
  const times = new Float64Array(total);
  times.set(added.commitTime);
  times.set(old.commitTime, m);
  let order: Int32Array;
  try {
    order = dateWalk(tipIndex, total, times, parentStart, parents);
  } catch (error) {
    if (error instanceof InconsistentHistory) return null;
    throw error;
  }
  const rank = new Int32Array(total);
  let nextBase = m;
  for (let r = 0; r < total; r++) {
    const c = order[r]!;
    if (c >= m && c !== nextBase++) return null;
    rank[c] = r;
  }

  // Identities in order of first appearance along the new walk, the base's and the added ones
  // pooled by who they are.
  const { pooled, intern } = identityPool(base.identities);
  const addedPooled = Int32Array.from(added.identities, intern);
  const renumber = new Int32Array(pooled.length).fill(-1);
  const identities: Identity[] = [];
  const shas: string[] = new Array(total);
  const authorTime = new Float64Array(total);
  const commitTime = new Float64Array(total);
  const identity = new Int32Array(total);
  const graphParentStart = new Int32Array(total + 1);
  const parentIndex = new Int32Array(parents.length);
  k = 0;
  for (let r = 0; r < total; r++) {
    const c = order[r]!;
    const fromAdded = c < m;
    const id = fromAdded ? addedPooled[added.identity[c]!]! : old.identity[c - m]!;
    if (renumber[id]! < 0) renumber[id] = identities.push(pooled[id]!) - 1;
    identity[r] = renumber[id]!;
    shas[r] = fromAdded ? added.shas[c]! : old.shas[c - m]!;
    authorTime[r] = fromAdded ? added.authorTime[c]! : old.authorTime[c - m]!;
    commitTime[r] = times[c]!;
    graphParentStart[r] = k;
    for (let j = parentStart[c]!; j < parentStart[c + 1]!; j++) {
      const p = parents[j]!;
      parentIndex[k++] = p < 0 ? -1 : rank[p]!;
    }
  }
  graphParentStart[total] = k;

  // Hash order: the base's, renumbered, with the added commits put in their places.
  const addedByHash = Array.from({ length: m }, (_, i) => i).sort((a, b) => (added.shas[a]! < added.shas[b]! ? -1 : 1));
  const byHash = new Int32Array(total);
  let from = 0;
  let out = 0;
  for (const i of addedByHash) {
    const sha = added.shas[i]!;
    let lo = from;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (old.shas[old.byHash[mid]!]! < sha) lo = mid + 1;
      else hi = mid;
    }
    for (; from < lo; from++) byHash[out++] = rank[old.byHash[from]! + m]!;
    byHash[out++] = rank[i]!;
  }
  for (; from < n; from++) byHash[out++] = rank[old.byHash[from]! + m]!;

  const graph: CommitGraph = { shas, authorTime, commitTime, identity, parentStart: graphParentStart, parentIndex, byHash };
  const paths = splicePaths(added.paths, base.paths, {
    addedIdentity: (id) => renumber[addedPooled[id]!]!,
    addedCommit: (c) => rank[c]!,
    baseIdentity: Int32Array.from(base.identities, (_, id) => renumber[id]!),
    baseCommit: (c) => rank[c + m]!,
    authorTime,
    shas,
  });
  const renames = added.renames.length
    ? [...new Set([...base.renames, ...added.renames].map(([to, from]) => `${to}\0${from}`))]
        .sort()
        .map((key) => key.split('\0') as [string, string])
    : base.renames;
  return { commit: tip, identities, paths, renames, graph };
}

interface Renumbering {
  addedIdentity: (id: number) => number;
  addedCommit: (commit: number) => number;
  baseIdentity: Int32Array;
  baseCommit: (commit: number) => number;
  authorTime: Float64Array;
  shas: readonly string[];
}

/**
 * The base's path events, renumbered, with the added commits' merged in, as assemble's mergePaths
 * gives them: paths sorted, one quadruple per identity, sorted by it (added or'ed, changes summed,
 * latest the newer commit, ties to the smaller hash).
 */
function splicePaths(added: PathEvents, base: PathEvents, to: Renumbering): PathEvents {
  const { authorTime, shas, baseIdentity } = to;
  const newer = (a: number, b: number) =>
    authorTime[a]! > authorTime[b]! || (authorTime[a] === authorTime[b] && shas[a]! < shas[b]!) ? a : b;
  const addedOrder = Array.from(added.names, (_, i) => i).sort((a, b) => (added.names[a]! < added.names[b]! ? -1 : 1));
  const names: string[] = [];
  const offsets = new Int32Array(base.names.length + added.names.length + 1);
  const data = new Int32Array(base.data.length + added.data.length);
  let size = 0;
  const quads: number[][] = [];
  /** Writes `quads` sorted by identity, one per identity. */
  const emit = () => {
    const start = size;
    quads.sort((x, y) => x[0]! - y[0]!);
    for (const q of quads) {
      if (size > start && data[size - 4] === q[0]) {
        data[size - 3]! |= q[1]!;
        data[size - 2]! += q[2]!;
        data[size - 1] = newer(data[size - 1]!, q[3]!);
      } else {
        data[size++] = q[0]!;
        data[size++] = q[1]!;
        data[size++] = q[2]!;
        data[size++] = q[3]!;
      }
    }
    quads.length = 0;
  };
  const baseQuads = (p: number) => {
    for (let i = base.offsets[p]!; i < base.offsets[p + 1]!; i += 4)
      quads.push([baseIdentity[base.data[i]!]!, base.data[i + 1]!, base.data[i + 2]!, to.baseCommit(base.data[i + 3]!)]);
  };
  /** A path only the base touched: copied renumbered, sorted again only if the renumbering moved its identities. */
  const copyBase = (p: number) => {
    const start = size;
    let sorted = true;
    for (let i = base.offsets[p]!; i < base.offsets[p + 1]!; i += 4) {
      const id = baseIdentity[base.data[i]!]!;
      if (size > start && data[size - 4]! > id) sorted = false;
      data[size++] = id;
      data[size++] = base.data[i + 1]!;
      data[size++] = base.data[i + 2]!;
      data[size++] = to.baseCommit(base.data[i + 3]!);
    }
    if (sorted) return;
    for (let i = start; i < size; i += 4) quads.push([data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]);
    size = start;
    emit();
  };
  let p = 0;
  let a = 0;
  const baseCount = base.names.length;
  while (p < baseCount || a < addedOrder.length) {
    const baseName = p < baseCount ? base.names[p]! : null;
    const q = a < addedOrder.length ? addedOrder[a]! : -1;
    const addedName = q >= 0 ? added.names[q]! : null;
    offsets[names.length] = size;
    if (addedName !== null && (baseName === null || addedName <= baseName)) {
      names.push(addedName);
      if (addedName === baseName) {
        baseQuads(p);
        p++;
      }
      for (let i = added.offsets[q]!; i < added.offsets[q + 1]!; i += 4)
        quads.push([to.addedIdentity(added.data[i]!), added.data[i + 1]!, added.data[i + 2]!, to.addedCommit(added.data[i + 3]!)]);
      a++;
      emit();
      continue;
    }
    names.push(baseName!);
    copyBase(p);
    p++;
  }
  offsets[names.length] = size;
  return {
    names,
    offsets: names.length + 1 === offsets.length ? offsets : offsets.slice(0, names.length + 1),
    data: size === data.length ? data : data.slice(0, size),
  };
}
