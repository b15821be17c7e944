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

/**
 * The forge's data as it could be known at `date`, from data that describes `readAt` (when it was
 * read; a later time). Entries dated after `date` are left out, and dates after it are taken back
 * (an issue closed since is open at `date`); what carries no date (branch protection, people,
 * teams), and a list whose page does not reach back to `date`, is marked unknown in `asOf`, its
 * value a placeholder. At or after `readAt` the data is returned as it is.
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
  for (const field of DATED_FORGE_FIELDS) {
    const since = data.completeSince?.[field];
    if (since && Date.parse(since) > t) {
      unknown[field] = `the forge gave the newest only, back to ${day(since)}`;
    }
  }
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
    mergedPullRequests: known('mergedPullRequests') ? data.mergedPullRequests.filter((p) => existed(p.mergedAt)) : [],
    openPullRequests: [],
    releases: known('releases') ? data.releases.filter((r) => existed(r.publishedAt)) : [],
    deployments: known('deployments')
      ? data.deployments
          .filter((d) => existed(d.createdAt))
          // A status set after `date` is not the state then; one without a date cannot be placed.
          .map((d) => (existed(d.stateAt) ? d : { ...d, state: null, stateAt: null }))
      : [],
    issues: known('issues')
      ? data.issues
          .filter((i) => existed(i.createdAt))
          .map((i) => ({
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
