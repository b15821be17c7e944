/**
 * Degree-of-authorship (DOA) and the greedy truck factor of Avelino, Passos, Hora and Valente
 * (ICPC 2016), as specified in shared/blueprint/truck-factor.md. Pure functions of a MinedHistory.
 */
import type { Identity, MinedHistory } from './types.ts';
import { groupBySharedKeys } from '../util/union-find.ts';

export type TruckFactorMode = 'avl' | 'avl-2016';

export interface Developer {
  id: number;
  /** The name used most often by the merged identities (ties: alphabetical). */
  name: string;
  email: string;
  /** Every distinct "Name <email>" merged into this developer. */
  aliases: string[];
  /** Every distinct name and e-mail address merged into this developer, sorted: what links people across repositories. */
  names: string[];
  emails: string[];
  commits: number;
  bot: boolean;
  /** A team, service or CI account: its commits count, but it is never an expert. */
  nonPerson: boolean;
  /** Author date of the developer's newest commit, in seconds since the epoch. */
  lastCommit: number;
}

export interface Developers {
  list: Developer[];
  /** Developer id of each identity of the history. */
  ofIdentity: Int32Array;
}

/**
 * The keys an identity merges by, kept per identity object: a trend's points share the identities
 * of their histories, and the strings, made once, keep their hashes.
 */
const mergeKeys = new WeakMap<Identity, string[]>();
const rawMergeKeys = new WeakMap<Identity, string[]>();

/**
 * Merges identities into developers, transitively, when they share an e-mail address or a name
 * compared case-insensitively. `avl` uses the .mailmap-applied identities, `avl-2016` the raw ones.
 * A developer is a bot (or not a person) when any of its identities is.
 */
export function mergeDevelopers(
  history: MinedHistory,
  mode: TruckFactorMode,
  isBot: (name: string, email: string) => boolean,
  isNonPerson: (name: string, email: string) => boolean = () => false,
): Developers {
  const ids = history.identities.map((identity) =>
    mode === 'avl' ? { name: identity.name, email: identity.email } : { name: identity.rawName, email: identity.rawEmail },
  );
  const keys = mode === 'avl' ? mergeKeys : rawMergeKeys;
  const roots = groupBySharedKeys(history.identities, (identity) => {
    let list = keys.get(identity);
    if (!list) {
      const { name, email } = mode === 'avl' ? identity : { name: identity.rawName, email: identity.rawEmail };
      list = [email && `e:${email.toLowerCase()}`, name && `n:${name.toLowerCase()}`].filter((k): k is string => Boolean(k));
      keys.set(identity, list);
    }
    return list;
  });

  const commitsOf = new Float64Array(ids.length);
  const lastOf = new Float64Array(ids.length).fill(-Infinity);
  const { identity, authorTime } = history.graph;
  for (let c = 0; c < identity.length; c++) {
    const id = identity[c]!;
    commitsOf[id]!++;
    if (authorTime[c]! > lastOf[id]!) lastOf[id] = authorTime[c]!;
  }

  // A group's root is its smallest member (the union keeps the smaller index), so groups come in
  // order of their first member, and members in index order, as chained lists.
  const nextMember = new Int32Array(ids.length).fill(-1);
  const lastMember = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const root = roots[i]!;
    if (root === i) lastMember[i] = i;
    else {
      nextMember[lastMember[root]!] = i;
      lastMember[root] = i;
    }
  }
  const ofIdentity = new Int32Array(ids.length);
  const list: Developer[] = [];
  for (let root = 0; root < ids.length; root++) {
    if (roots[root] !== root) continue;
    const { name, email } = ids[root]!;
    // Most developers have one identity: the general case below gives this, without its maps and sorts.
    if (nextMember[root] === -1) {
      ofIdentity[root] = list.length;
      list.push({
        id: list.length,
        name,
        email,
        aliases: [`${name} <${email}>`],
        names: name ? [name] : [],
        emails: email ? [email] : [],
        commits: commitsOf[root]!,
        bot: isBot(name, email),
        nonPerson: isNonPerson(name, email),
        lastCommit: lastOf[root]!,
      });
      continue;
    }
    const members: number[] = [];
    for (let m = root; m !== -1; m = nextMember[m]!) members.push(m);
    const names = new Map<string, number>();
    const emails = new Map<string, number>();
    for (const m of members) {
      names.set(ids[m]!.name, (names.get(ids[m]!.name) ?? 0) + commitsOf[m]!);
      emails.set(ids[m]!.email, (emails.get(ids[m]!.email) ?? 0) + commitsOf[m]!);
    }
    const pick = (counts: Map<string, number>) =>
      [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0] ?? '';
    const dev: Developer = {
      id: list.length,
      name: pick(names),
      email: pick(emails),
      aliases: [...new Set(members.map((m) => `${ids[m]!.name} <${ids[m]!.email}>`))].sort(),
      names: [...names.keys()].filter(Boolean).sort(),
      emails: [...emails.keys()].filter(Boolean).sort(),
      commits: members.reduce((sum, m) => sum + commitsOf[m]!, 0),
      bot: members.some((m) => isBot(ids[m]!.name, ids[m]!.email)),
      nonPerson: members.some((m) => isNonPerson(ids[m]!.name, ids[m]!.email)),
      lastCommit: members.reduce((last, m) => Math.max(last, lastOf[m]!), -Infinity),
    };
    for (const m of members) ofIdentity[m] = dev.id;
    list.push(dev);
  }
  return { list, ofIdentity };
}

/** Paths whose history belongs to `path`: itself and, through renames, every earlier name. */
export function renameClosure(history: MinedHistory): (path: string) => string[] {
  const earlier = new Map<string, string[]>();
  for (const [to, from] of history.renames) {
    const list = earlier.get(to);
    if (list) list.push(from);
    else earlier.set(to, [from]);
  }
  return (path) => {
    if (!earlier.has(path)) return [path];
    const seen = new Set<string>([path]);
    const stack = [path];
    while (stack.length) {
      for (const from of earlier.get(stack.pop()!) ?? []) {
        if (!seen.has(from)) {
          seen.add(from);
          stack.push(from);
        }
      }
    }
    return [...seen];
  };
}

export const DOA = { base: 3.293, fa: 1.098, dl: 0.164, ac: 0.321, threshold: 0.75 } as const;

export function degreeOfAuthorship(fa: number, dl: number, ac: number): number {
  return DOA.base + DOA.fa * fa + DOA.dl * dl - DOA.ac * Math.log(1 + ac);
}

export interface FileAuthorship {
  /** Developer ids who author the file. */
  authors: number[];
  /** Whether the file has any A, M or R event from a counted developer. */
  touched: boolean;
}

/**
 * Authors of each file: developers whose DOA is above 75% of the file's highest and either at
 * least the base value or who added the file. Bots are left out when `skip` says so.
 */
export function fileAuthors(
  history: MinedHistory,
  files: readonly string[],
  devs: Developers,
  skip: (dev: Developer) => boolean,
): Map<string, FileAuthorship> {
  const closure = renameClosure(history);
  const renamed = new Set(history.renames.map(([to]) => to));
  const skipped = devs.list.map(skip);
  const { names, offsets, data } = history.paths;
  const index = new Map(names.map((name, i) => [name, i]));
  const result = new Map<string, FileAuthorship>();
  // This runs for every file: parallel arrays and a slot table, no allocation per event.
  const ids: number[] = [];
  const fa: number[] = [];
  const dl: number[] = [];
  const doa: number[] = [];
  const slot = new Int32Array(devs.list.length).fill(-1);
  let total = 0;
  const collect = (path: string) => {
    const p = index.get(path);
    if (p === undefined) return;
    for (let i = offsets[p]!; i < offsets[p + 1]!; i += 4) {
      const dev = devs.ofIdentity[data[i]!]!;
      if (skipped[dev]) continue;
      let k = slot[dev]!;
      if (k < 0) {
        k = ids.push(dev) - 1;
        slot[dev] = k;
        fa.push(0);
        dl.push(0);
      }
      if (data[i + 1]) fa[k] = 1;
      dl[k]! += data[i + 2]!;
      total += data[i + 2]!;
    }
  };
  for (const file of files) {
    for (const id of ids) slot[id] = -1;
    ids.length = fa.length = dl.length = doa.length = 0;
    total = 0;
    if (renamed.has(file)) for (const path of closure(file)) collect(path);
    else collect(file);
    if (!ids.length) {
      result.set(file, { authors: [], touched: false });
      continue;
    }
    let max = -Infinity;
    for (let k = 0; k < ids.length; k++) {
      doa[k] = degreeOfAuthorship(fa[k]!, dl[k]!, total - dl[k]!);
      if (doa[k]! > max) max = doa[k]!;
    }
    const authors: number[] = [];
    if (max > 0) {
      for (let k = 0; k < ids.length; k++) {
        if (doa[k]! / max > DOA.threshold && (doa[k]! >= DOA.base || fa[k] === 1)) authors.push(ids[k]!);
      }
    }
    result.set(file, { authors: authors.sort((a, b) => a - b), touched: true });
  }
  return result;
}

export interface TruckFactorResult {
  truckFactor: number;
  /** Developers removed by the greedy walk, in order, with the files each authors. */
  removed: Array<{ dev: Developer; files: number }>;
  /** The developers the truck factor counts (after pruning in `avl` mode). */
  developers: Array<{ dev: Developer; files: number }>;
  /** Files measured: present at the revision, kept by the filter, with at least one event. */
  files: number;
}

/**
 * Removes the developer with the most authored files (ties: more events, then name) until fewer
 * than half of the files have an author left. `avl` then keeps only those removed developers who
 * author at least 10% as many files as the first one. Developers for whom `gone` is true (people
 * who have left, accounts that are not people) are gone before the walk starts: a file they alone
 * author is orphaned already, and they are not counted.
 */
export function truckFactor(
  authorship: ReadonlyMap<string, FileAuthorship>,
  devs: Developers,
  events: ReadonlyMap<number, number>,
  mode: TruckFactorMode,
  gone: (dev: Developer) => boolean = () => false,
): TruckFactorResult {
  const measured = [...authorship.values()].filter((f) => f.touched);
  const n = measured.length;
  const isGone = devs.list.map(gone);
  const filesOf = new Map<number, number[]>();
  const remaining = new Array<number>(n).fill(0);
  measured.forEach((f, i) => {
    for (const dev of f.authors) {
      if (isGone[dev]) continue;
      remaining[i]!++;
      const list = filesOf.get(dev);
      if (list) list.push(i);
      else filesOf.set(dev, [i]);
    }
  });
  const order = [...filesOf.keys()].sort((a, b) => {
    const byFiles = filesOf.get(b)!.length - filesOf.get(a)!.length;
    if (byFiles) return byFiles;
    const byEvents = (events.get(b) ?? 0) - (events.get(a) ?? 0);
    if (byEvents) return byEvents;
    const [na, nb] = [devs.list[a]!.name, devs.list[b]!.name];
    return na < nb ? -1 : na > nb ? 1 : a - b;
  });
  let covered = remaining.filter((r) => r > 0).length;
  const removed: TruckFactorResult['removed'] = [];
  for (const dev of order) {
    if (n === 0 || covered / n < 0.5) break;
    for (const file of filesOf.get(dev)!) if (--remaining[file]! === 0) covered--;
    removed.push({ dev: devs.list[dev]!, files: filesOf.get(dev)!.length });
  }
  const top = removed[0]?.files ?? 0;
  const counted = mode === 'avl' ? removed.filter((r) => r.files >= 0.1 * top) : removed;
  return { truckFactor: counted.length, removed, developers: counted, files: n };
}

/**
 * A lookup of when developers last changed files: for each of the `wanted` developers who
 * changed any of `files` (following renames back), the author date, in seconds, of their newest
 * commit to them. The indexes are built once, for all the lookups of an audit.
 */
export function latestChanges(
  history: MinedHistory,
  devs: Developers,
): (files: Iterable<string>, wanted: ReadonlySet<number>) => Map<number, number> {
  const closure = renameClosure(history);
  const renamed = new Set(history.renames.map(([to]) => to));
  const { names, offsets, data } = history.paths;
  const index = new Map(names.map((name, i) => [name, i]));
  const { authorTime } = history.graph;
  return (files, wanted) => {
    const out = new Map<number, number>();
    if (!wanted.size) return out;
    for (const file of files) {
      for (const path of renamed.has(file) ? closure(file) : [file]) {
        const p = index.get(path);
        if (p === undefined) continue;
        for (let i = offsets[p]!; i < offsets[p + 1]!; i += 4) {
          const dev = devs.ofIdentity[data[i]!]!;
          if (!wanted.has(dev)) continue;
          const time = authorTime[data[i + 3]!]!;
          if (time > (out.get(dev) ?? -Infinity)) out.set(dev, time);
        }
      }
    }
    return out;
  };
}

/** A/M/R events per developer across the whole history (the truck factor's first tie-break). */
export function eventsPerDeveloper(history: MinedHistory, devs: Developers): Map<number, number> {
  const out = new Map<number, number>();
  const events = history.paths.data;
  for (let i = 0; i < events.length; i += 4) {
    const dev = devs.ofIdentity[events[i]!]!;
    out.set(dev, (out.get(dev) ?? 0) + events[i + 1]! + events[i + 2]!);
  }
  return out;
}
