/**
 * The people an organisation depends on: across the audited repositories, those who are the only
 * active expert of a system, or the whole of an active truck factor of 1, in two or more of them.
 * Read from the bus-factor rule's metrics alone, so `blueprint merge` recomputes it from shards.
 */
import type { KeyPerson, RepoReport } from '../types.ts';
import { groupBySharedKeys } from '../util/union-find.ts';

/** How many repositories must depend on a person for the summary to list them. */
export const KEY_PERSON_REPOSITORIES = 2;

/** A person as one repository names them: names are unique within a repository. */
interface Sighting {
  target: string;
  name: string;
  names: Set<string>;
  emails: Set<string>;
  /** Systems of this repository whose only active expert they are. */
  systems: string[];
  /** Whether this repository's active truck factor is 1 and counts them alone. */
  sole: boolean;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The bus-factor metrics of a repository where the rule ran; a saved report may hold anything there. */
function busFactorMetrics(repo: RepoReport): Record<string, unknown> | null {
  if (repo.status !== 'ok') return null;
  const rule = repo.rules.find((r) => r.id === 'bus-factor');
  if (!rule || (rule.status !== 'pass' && rule.status !== 'warn' && rule.status !== 'fail')) return null;
  return isRecord(rule.metrics) ? rule.metrics : null;
}

/** Everyone each repository names (matrix, truck factors, identities), with what it depends on them for. */
function sightings(repos: readonly RepoReport[]): Sighting[] {
  const out: Sighting[] = [];
  for (const repo of repos) {
    const metrics = busFactorMetrics(repo);
    if (!metrics) continue;
    const here = new Map<string, Sighting>();
    const person = (name: string): Sighting => {
      let seen = here.get(name);
      if (!seen) {
        seen = { target: repo.target, name, names: new Set(name ? [name] : []), emails: new Set(), systems: [], sole: false };
        here.set(name, seen);
        out.push(seen);
      }
      return seen;
    };
    // Reports made before the rule listed identities link people by the name shown only.
    for (const identity of list(metrics.identities)) {
      if (!isRecord(identity) || !isText(identity.name)) continue;
      const seen = person(identity.name);
      for (const name of list(identity.names)) if (isText(name) && name) seen.names.add(name);
      for (const email of list(identity.emails)) if (isText(email) && email) seen.emails.add(email.toLowerCase());
    }
    for (const row of list(metrics.matrix)) {
      if (isRecord(row) && isText(row.system) && isText(row.primary) && row.experts === 1) person(row.primary).systems.push(row.system);
    }
    const counted = list(metrics.activeTruckFactorDevelopers);
    const only = counted[0];
    if (metrics.activeTruckFactor === 1 && counted.length === 1 && isRecord(only) && isText(only.name)) person(only.name).sole = true;
  }
  return out;
}

/** Sightings of one person, merged transitively when they share an e-mail address or a name ignoring case. */
function people(seen: readonly Sighting[]): Sighting[][] {
  const roots = groupBySharedKeys(seen, (s) => [...[...s.names].map((n) => `n:${n.toLowerCase()}`), ...[...s.emails].map((e) => `e:${e}`)]);
  const groups = new Map<number, Sighting[]>();
  seen.forEach((s, i) => {
    const root = roots[i]!;
    const group = groups.get(root);
    if (group) group.push(s);
    else groups.set(root, [s]);
  });
  return [...groups.values()];
}

/** The name a person goes by in most of the repositories naming them; ties: code-unit order. */
function shownName(group: readonly Sighting[]): string {
  const targets = new Map<string, Set<string>>();
  for (const s of group) {
    const set = targets.get(s.name) ?? new Set<string>();
    set.add(s.target);
    targets.set(s.name, set);
  }
  return [...targets].sort((a, b) => b[1].size - a[1].size || byCodeUnit(a[0], b[0]))[0]![0];
}

function reasonFor(systems: number, systemRepos: number, sole: number): string {
  const parts: string[] = [];
  if (systems)
    parts.push(`only active expert of ${plural(systems, 'system', 'systems')} in ${plural(systemRepos, 'repository', 'repositories')}`);
  if (sole) parts.push(`the one person the active truck factor counts in ${plural(sole, 'repository', 'repositories')}`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * People two or more audited repositories depend on: in each, they are the only active expert of
 * a system (a matrix row with `experts` 1), or the one developer of an active truck factor of 1.
 * Most depended on first: more repositories, then more systems, then more truck factors of 1,
 * then by name ignoring case, then by name and e-mails in code-unit order.
 */
export function keyPeople(repos: readonly RepoReport[]): KeyPerson[] {
  const out: KeyPerson[] = [];
  for (const group of people(sightings(repos))) {
    const systems = new Map<string, { repository: string; system: string }>();
    for (const s of group)
      for (const system of s.systems) systems.set(JSON.stringify([s.target, system]), { repository: s.target, system });
    const sole = [...new Set(group.filter((s) => s.sole).map((s) => s.target))].sort(byCodeUnit);
    const systemRepos = new Set([...systems.values()].map((s) => s.repository));
    const repositories = [...new Set([...systemRepos, ...sole])].sort(byCodeUnit);
    if (repositories.length < KEY_PERSON_REPOSITORIES) continue;
    out.push({
      person: { name: shownName(group), emails: [...new Set(group.flatMap((s) => [...s.emails]))].sort(byCodeUnit) },
      repositories,
      systems: [...systems.values()].sort((a, b) => byCodeUnit(a.repository, b.repository) || byCodeUnit(a.system, b.system)),
      soleTruckFactor: sole,
      reason: reasonFor(systems.size, systemRepos.size, sole.length),
    });
  }
  return out.sort(
    (a, b) =>
      b.repositories.length - a.repositories.length ||
      b.systems.length - a.systems.length ||
      b.soleTruckFactor.length - a.soleTruckFactor.length ||
      byCodeUnit(a.person.name.toLowerCase(), b.person.name.toLowerCase()) ||
      byCodeUnit(a.person.name, b.person.name) ||
      byCodeUnit(a.person.emails.join('\n'), b.person.emails.join('\n')),
  );
}
