import { z } from 'zod';
import type { DatedForgeField } from '../types.ts';
import { FIRST_COMMIT, nodes, pagedNodes, timestamp } from './shapes.ts';

const MERGED = z.object({
  number: z.number().int(),
  createdAt: timestamp,
  // Read only to know how far back the page reaches: the list comes by last update.
  updatedAt: timestamp,
  mergedAt: timestamp,
  baseRefName: z.string(),
  commits: FIRST_COMMIT,
});
const RELEASE = z.object({
  tagName: z.string(),
  createdAt: timestamp.optional(),
  publishedAt: timestamp.nullable(),
  isPrerelease: z.boolean(),
  isDraft: z.boolean(),
});
const DEPLOYMENT = z.object({
  environment: z.string().nullable(),
  createdAt: timestamp,
  latestStatus: z.object({ state: z.string(), createdAt: timestamp.optional() }).nullable(),
});
const ISSUE = z.object({
  number: z.number().int(),
  createdAt: timestamp,
  closedAt: timestamp.nullable(),
  labels: nodes(z.object({ name: z.string() })).nullable(),
  comments: nodes(z.object({ createdAt: timestamp })),
});

interface PagedList<Node extends z.ZodType> {
  /** The field of ForgeData the list becomes. */
  field: DatedForgeField;
  /** Entries per page, GitHub's largest for the list (pull requests carry more per entry). */
  size: number;
  /** The connection, with `after` ('' on the first page, `, after: $x` on the next ones). */
  connection: (after: string) => string;
  /** The fields of each node. */
  fields: string;
  node: Node;
  /** The date the list is ordered by, newest first: a cut-off page holds every entry since its oldest. */
  orderedBy: (node: z.output<Node>) => string | undefined;
  /** What tells two entries apart, when a list moved between two pages and one came twice. */
  identity: (node: z.output<Node>) => string | number | null;
}

const paged = <Node extends z.ZodType>(list: PagedList<Node>) => list;

/**
 * The dated lists of a repository that can be read further back, page by page, by their alias in
 * the query. Open pull requests are not among them: which were open at a past date is not known
 * anyway (those closed without merging are not read), so reading more of them would show nothing.
 */
export const PAGED_LISTS = {
  merged: paged({
    field: 'mergedPullRequests',
    size: 50,
    connection: (after) => `pullRequests(states: MERGED, first: 50${after}, orderBy: { field: UPDATED_AT, direction: DESC })`,
    fields: 'number createdAt updatedAt mergedAt baseRefName commits(first: 1) { nodes { commit { authoredDate } } }',
    node: MERGED,
    // Ordered by last update, and a pull request merged at M was updated at or after M: a page
    // holds every pull request updated since its oldest entry's update, so every one merged since.
    orderedBy: (p) => p.updatedAt,
    identity: (p) => p.number,
  }),
  releases: paged({
    field: 'releases',
    size: 100,
    connection: (after) => `releases(first: 100${after}, orderBy: { field: CREATED_AT, direction: DESC })`,
    fields: 'tagName createdAt publishedAt isPrerelease isDraft',
    node: RELEASE,
    orderedBy: (r) => r.createdAt,
    identity: (r) => r.tagName,
  }),
  deployments: paged({
    field: 'deployments',
    size: 100,
    connection: (after) => `deployments(first: 100${after}, orderBy: { field: CREATED_AT, direction: DESC })`,
    fields: 'environment createdAt latestStatus { state createdAt }',
    node: DEPLOYMENT,
    orderedBy: (d) => d.createdAt,
    // No field of a deployment read here names it: two alike are two deployments.
    identity: () => null,
  }),
  issues: paged({
    field: 'issues',
    size: 100,
    connection: (after) => `issues(first: 100${after}, orderBy: { field: CREATED_AT, direction: DESC })`,
    fields: 'number createdAt closedAt labels(first: 20) { nodes { name } } comments(first: 1) { nodes { createdAt } }',
    node: ISSUE,
    orderedBy: (i) => i.createdAt,
    identity: (i) => i.number,
  }),
};

export type PagedAlias = keyof typeof PAGED_LISTS;
export const PAGED_ALIASES = Object.keys(PAGED_LISTS) as PagedAlias[];

export const PAGED_SHAPES = {
  merged: pagedNodes(MERGED),
  releases: pagedNodes(RELEASE),
  deployments: pagedNodes(DEPLOYMENT),
  issues: pagedNodes(ISSUE),
};

/** The dated lists of a repository as read so far, each as GitHub answered (null when it did not). */
export type PagedConnections = { [A in PagedAlias]: z.output<(typeof PAGED_SHAPES)[A]> | null };

/** A list's GraphQL selection: the connection after `after` (none: the first page), its nodes and where the page ends. */
export function listSelection(alias: PagedAlias, after?: string): string {
  const list = PAGED_LISTS[alias];
  return `${alias}: ${list.connection(after ? `, after: ${after}` : '')} { nodes { ${list.fields} } pageInfo { hasNextPage endCursor } }`;
}

/** The page sizes, by ForgeData's field: what an audit on the day sees of each list. */
export const PAGE_SIZES: Partial<Record<DatedForgeField, number>> = Object.fromEntries(
  PAGED_ALIASES.map((alias) => [PAGED_LISTS[alias].field, PAGED_LISTS[alias].size]),
);

/**
 * From when each list read holds every entry: a list with more to read holds only what is newer
 * than its oldest entry by the order it was asked in (or, when an entry does not say, from the
 * time of reading).
 */
export function pagedCompleteSince(repo: PagedConnections, readAt: Date): Partial<Record<DatedForgeField, string>> {
  const since: Partial<Record<DatedForgeField, string>> = {};
  for (const alias of PAGED_ALIASES) {
    const read = repo[alias];
    if (!read?.pageInfo.hasNextPage) continue;
    const orderedBy = PAGED_LISTS[alias].orderedBy as (node: unknown) => string | undefined;
    const dates = read.nodes.map(orderedBy);
    const oldest =
      dates.length && dates.every((d) => d !== undefined) ? dates.reduce((a, b) => (Date.parse(a!) <= Date.parse(b!) ? a : b)) : undefined;
    since[PAGED_LISTS[alias].field] = oldest ?? readAt.toISOString();
  }
  return since;
}
