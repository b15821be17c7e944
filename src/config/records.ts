/**
 * The `records:` and `teams:` keys of blueprint.yml: where record practices find their
 * evidence (the repository, a handbook repository, a wiki, forge issues) and which teams group
 * repositories for team-scoped practices.
 */
import { z } from 'zod';
import { RECORD_PRACTICE_IDS, type RecordSourceSpec, type TeamSpec } from '../records/practices.ts';

const practices = z
  .array(z.string().min(1))
  .min(1)
  .optional()
  .describe(`Record practices this source serves (${RECORD_PRACTICE_IDS.join(', ')}); every one when absent.`);

const folder = z.string().optional().describe('Folder inside the source that holds the records (default: its top).');

const issueQuery = z.strictObject({
  label: z.string().min(1).optional().describe('Issues with this label are records.'),
  title: z.string().min(1).optional().describe('Issues whose title matches this regular expression (case-insensitive) are records.'),
  state: z.enum(['open', 'closed', 'all']).optional().describe('Which issues: open, closed or all (the default).'),
  repo: z
    .string()
    .min(1)
    .optional()
    .describe('The GitHub repository whose issues to read (github:owner/name); the audited one when absent.'),
  practices,
});

const discussionQuery = z.strictObject({
  category: z.string().min(1).optional().describe('Discussions in this category (its name) are records.'),
  title: z.string().min(1).optional().describe('Discussions whose title matches this regular expression (case-insensitive) are records.'),
  repo: z
    .string()
    .min(1)
    .optional()
    .describe('The GitHub repository whose discussions to read (github:owner/name); the audited one when absent.'),
  practices,
});

export const recordSourceSchema = z.union([
  z.literal('self').describe('The audited repository itself (the default when `records` is absent).'),
  z
    .strictObject({
      repo: z
        .string()
        .min(1)
        .describe('Another repository (an engineering handbook): a path relative to this file, a git URL, or github:owner/name.'),
      path: folder,
      practices,
    })
    .describe('Records kept in another repository.'),
  z
    .strictObject({
      wiki: z
        .union([z.literal(true), z.string().min(1)])
        .describe("true: the audited repository's wiki (<url>.wiki.git); or the wiki's git URL."),
      path: folder,
      practices,
    })
    .describe('Records kept in a wiki that is a git repository (GitHub, GitLab, Gitea).'),
  z
    .strictObject({ issues: issueQuery, practices })
    .describe('Records kept as forge issues (GitHub), picked by label or title: dates, authors, bodies and state.'),
  z.strictObject({ discussions: discussionQuery, practices }).describe('Records kept as GitHub discussions, picked by category or title.'),
]);

export const recordsSchema = z
  .array(recordSourceSchema)
  .min(1)
  .describe('Where record practices find their records, in order; `[self]` when absent.');

export const scopeSchema = z
  .enum(['repository', 'team', 'organisation', 'organization'])
  .describe(
    'Who a record practice belongs to: repository, team or organisation (evaluated once per team or organisation in an organisation audit).',
  );

export const teamsSchema = z
  .record(
    z.string(),
    z.strictObject({
      repositories: z.array(z.string().min(1)).min(1).optional().describe('Repository names (or owner/name), as globs.'),
      github: z
        .string()
        .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected a team slug')
        .optional()
        .describe("A GitHub team of the organisation (its slug): the team's repositories, listed by the API in an organisation audit."),
      records: recordsSchema.optional().describe("The team's record sources (default: the organisation's)."),
    }),
  )
  .describe('Teams and the repositories each owns, for team-scoped practices.');

type RecordSourceInput = z.infer<typeof recordSourceSchema>;

/** What is wrong with one source, with the path of the offending value, or null. */
export function recordSourceProblem(source: RecordSourceInput): { at: (string | number)[]; message: string; hint: string } | null {
  const query =
    typeof source === 'string'
      ? null
      : 'issues' in source
        ? (['issues', source.issues] as const)
        : 'discussions' in source
          ? (['discussions', source.discussions] as const)
          : null;
  const names = typeof source === 'string' ? [] : [...(source.practices ?? []), ...(query?.[1].practices ?? [])];
  for (const name of names) {
    if (!RECORD_PRACTICE_IDS.includes(name)) {
      const at: (string | number)[] =
        typeof source !== 'string' && source.practices?.includes(name) ? ['practices'] : [query![0], 'practices'];
      return { at, message: `'${name}' is not a record practice`, hint: `record practices: ${RECORD_PRACTICE_IDS.join(', ')}` };
    }
  }
  if (query) {
    const [key, q] = query;
    const picks = key === 'issues' ? (q as { label?: string }).label : (q as { category?: string }).category;
    const by = key === 'issues' ? 'label' : 'category';
    if (!picks && !q.title)
      return {
        at: [key],
        message: `${key === 'issues' ? 'an' : 'a'} ${key} source needs a ${by} or a title`,
        hint: `add ${by}: or title:`,
      };
    if (q.title) {
      try {
        new RegExp(q.title, 'i');
      } catch {
        return { at: [key, 'title'], message: `'${q.title}' is not a regular expression`, hint: 'e.g. title: "^DR test"' };
      }
    }
  }
  return null;
}

const folderOf = (path: string | undefined) => (path ?? '').replace(/^\/+/, '').replace(/\/+$/, '');

export function toRecordSource(source: RecordSourceInput): RecordSourceSpec {
  if (source === 'self') return { kind: 'self', practices: null };
  if ('repo' in source) return { kind: 'repo', repo: source.repo, path: folderOf(source.path), practices: source.practices ?? null };
  if ('wiki' in source)
    return {
      kind: 'wiki',
      url: source.wiki === true ? null : source.wiki,
      path: folderOf(source.path),
      practices: source.practices ?? null,
    };
  if ('discussions' in source) {
    const d = source.discussions;
    const named = [...(source.practices ?? []), ...(d.practices ?? [])];
    return {
      kind: 'discussions',
      category: d.category ?? null,
      title: d.title ?? null,
      repo: d.repo ?? null,
      practices: named.length ? [...new Set(named)] : null,
    };
  }
  const q = source.issues;
  const listed = [...(source.practices ?? []), ...(q.practices ?? [])];
  return {
    kind: 'issues',
    label: q.label ?? null,
    title: q.title ?? null,
    state: q.state ?? 'all',
    repo: q.repo ?? null,
    practices: listed.length ? [...new Set(listed)] : null,
  };
}

export function toTeams(teams: z.infer<typeof teamsSchema> | undefined): Record<string, TeamSpec> {
  const out: Record<string, TeamSpec> = {};
  for (const [name, team] of Object.entries(teams ?? {}))
    out[name] = {
      repositories: team.repositories ?? [],
      forgeTeam: team.github ?? null,
      records: team.records ? team.records.map(toRecordSource) : null,
    };
  return out;
}
