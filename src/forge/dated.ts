import type { DatedForgeField, ForgeData, ForgeField } from '../types.ts';

/** The fields whose entries carry dates: a copy at a past date keeps the entries that existed then. */
export const DATED_FORGE_FIELDS: readonly DatedForgeField[] = [
  'mergedPullRequests',
  'openPullRequests',
  'releases',
  'deployments',
  'issues',
];

/** The fields a forge keeps no history of: they describe the moment they were read, and no other. */
export const UNDATED_FORGE_FIELDS: readonly ForgeField[] = ['protection', 'collaborators', 'teams', 'commitAuthors', 'archived'];

export const FORGE_FIELDS: readonly ForgeField[] = [...UNDATED_FORGE_FIELDS, ...DATED_FORGE_FIELDS];

const NAMES: Record<ForgeField, string> = {
  protection: 'branch protection',
  collaborators: 'the collaborators',
  teams: 'team membership',
  commitAuthors: 'the account types of commit authors',
  archived: 'whether the repository is archived',
  mergedPullRequests: 'merged pull requests',
  openPullRequests: 'open pull requests',
  releases: 'releases',
  deployments: 'deployments',
  issues: 'issues',
};

const day = (date: Date | string) => (typeof date === 'string' ? date : date.toISOString()).slice(0, 10);

/** The dated lists a copy at a past date can know, each with the date an entry existed from. */
const LIST_DATES = {
  mergedPullRequests: (p: ForgeData['mergedPullRequests'][number]) => p.mergedAt,
  releases: (r: ForgeData['releases'][number]) => r.publishedAt,
  deployments: (d: ForgeData['deployments'][number]) => d.createdAt,
  issues: (i: ForgeData['issues'][number]) => i.createdAt,
} as const;
type KnowableList = keyof typeof LIST_DATES;
const KNOWABLE_LISTS = Object.keys(LIST_DATES) as KnowableList[];

/** A list's entries that existed at `t`, each with that date in milliseconds and its place in the list. */
function existing(data: ForgeData, field: KnowableList, t: number): Array<{ at: number; index: number }> {
  const dateOf = LIST_DATES[field] as (entry: unknown) => string;
  return (data[field] as unknown[]).flatMap((entry, index) => {
    const at = Date.parse(dateOf(entry));
    return at <= t ? [{ at, index }] : [];
  });
}

/**
 * Why each dated list cannot be known at `date`, for those that cannot. A list the data holds
 * whole is known. One cut off (`completeSince`) holds every entry dated since then; with a page
 * size, the copy at `date` is the newest page's worth that existed then, known when that many of
 * them are dated since the cut; without one, it is every entry until then, known when the cut is
 * no later than `date`.
 */
export function shortListsAt(data: ForgeData, date: Date): Partial<Record<KnowableList, string>> {
  const t = date.getTime();
  const short: Partial<Record<KnowableList, string>> = {};
  for (const field of KNOWABLE_LISTS) {
    const since = data.completeSince?.[field];
    if (!since) continue;
    const size = data.pageSize?.[field];
    const held = existing(data, field, t).filter((e) => e.at >= Date.parse(since)).length;
    const known = size === undefined ? Date.parse(since) <= t : held >= size;
    if (known) continue;
    const partly = Date.parse(since) <= t ? `, which holds ${held} of the ${size} newest then` : '';
    const stopped = data.stoppedBy?.[field];
    short[field] = `the forge gave the newest only, back to ${day(since)}${partly}${stopped ? `, as ${stopped}` : ''}`;
  }
  return short;
}

/**
 * A list's entries that existed at `t`: with a page size, only that many, the newest (the list's
 * order kept). A past point then sees what an audit on that day would have seen, one page, however
 * far back the data was read: the trend's first point needs more read than its last, and each
 * point must equal the audit of its date, and compare with the newest point, which is one page.
 */
function keptAt<T>(data: ForgeData, field: KnowableList, t: number): T[] {
  const list = data[field] as T[];
  let kept = existing(data, field, t);
  const size = data.pageSize?.[field];
  if (size !== undefined && kept.length > size) {
    const newest = new Set(
      [...kept]
        .sort((a, b) => b.at - a.at || a.index - b.index)
        .slice(0, size)
        .map((e) => e.index),
    );
    kept = kept.filter((e) => newest.has(e.index));
  }
  return kept.map((e) => list[e.index]!);
}

/**
 * The forge's data as it could be known at `date`, from data that describes `readAt` (when it was
 * read; a later time). Entries dated after `date` are left out, and dates after it are taken back
 * (an issue closed since is open at `date`); what carries no date (branch protection, people,
 * teams), and a list that does not reach back far enough (shortListsAt), is marked unknown in
 * `asOf`, its value a placeholder. At or after `readAt` the data is returned as it is.
 */
export function forgeDataAt(data: ForgeData, date: Date, readAt: Date): ForgeData {
  if (date.getTime() >= readAt.getTime()) return data;
  const t = date.getTime();
  const existed = (iso: string | null | undefined): iso is string => typeof iso === 'string' && Date.parse(iso) <= t;
  const unknown: Partial<Record<ForgeField, string>> = {};
  for (const field of UNDATED_FORGE_FIELDS) {
    if (field === 'commitAuthors' && !data.commitAuthors) continue;
    unknown[field] = `the forge keeps no history, only the state at ${day(readAt)}`;
  }
  Object.assign(unknown, shortListsAt(data, date));
  // Pull requests closed without merging are not read: one open at `date` and closed since is not
  // in the data, so the open pull requests of a past date would be too few.
  unknown.openPullRequests ??= 'pull requests closed without merging are not read, so which were open then is not known';
  const known = (field: ForgeField) => unknown[field] === undefined;
  const { commitAuthors: _authors, completeSince, ...rest } = data;
  return {
    ...rest,
    archived: false,
    protection: null,
    collaborators: null,
    teams: {},
    mergedPullRequests: known('mergedPullRequests') ? keptAt(data, 'mergedPullRequests', t) : [],
    openPullRequests: [],
    releases: known('releases') ? keptAt(data, 'releases', t) : [],
    deployments: known('deployments')
      ? keptAt<ForgeData['deployments'][number]>(data, 'deployments', t)
          // A status set after `date` is not the state then; one without a date cannot be placed.
          .map((d) => (existed(d.stateAt) ? d : { ...d, state: null, stateAt: null }))
      : [],
    issues: known('issues')
      ? keptAt<ForgeData['issues'][number]>(data, 'issues', t).map((i) => ({
          ...i,
          closedAt: existed(i.closedAt) ? i.closedAt : null,
          firstCommentAt: existed(i.firstCommentAt) ? i.firstCommentAt : null,
        }))
      : [],
    ...(completeSince && { completeSince }),
    asOf: { date: date.toISOString(), unknown },
  };
}

/** Whether a field of the forge's data is evidence (false on a past date's copy where it cannot be known). */
export function forgeKnows(data: ForgeData, field: ForgeField): boolean {
  return data.asOf?.unknown[field] === undefined;
}

/**
 * Why fields a rule needs cannot be known at the copy's date, in one line ("branch protection and
 * the collaborators (the forge keeps no history, …), at 2026-09-24"), or null when all can.
 */
export function unknownForgeFields(data: ForgeData | null, fields: readonly ForgeField[]): string | null {
  const asOf = data?.asOf;
  if (!asOf) return null;
  const byReason = new Map<string, string[]>();
  for (const field of FORGE_FIELDS) {
    const reason = fields.includes(field) ? asOf.unknown[field] : undefined;
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), NAMES[field]]);
  }
  if (!byReason.size) return null;
  const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!);
  return `${[...byReason].map(([reason, names]) => `${list(names)} (${reason})`).join('; ')}, at ${day(asOf.date)}`;
}
