/**
 * Issues kept as records (a DR test written up as an issue labelled `dr-test`): their titles,
 * bodies, dates, authors and state, through the REST API, whose answers the ETag cache keeps, so a
 * re-audit of an unchanged tracker costs 304s only.
 */
import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import type { ForgeRecord } from '../forge/types.ts';
import { requestFailure, type ResponseExpectation } from './client.ts';

/** An issue or discussion as a record (the forge adapter's type). */
export type IssueRecord = ForgeRecord;

export interface IssueQuery {
  label: string | null;
  /** A case-insensitive regular expression over the title. */
  title: string | null;
  state: 'open' | 'closed' | 'all';
}

/** Most issues read for one source: records are few; a tracker of thousands is not scanned whole. */
export const MAX_ISSUES = 300;
const PER_PAGE = 100;

const timestamp = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a date');
const ISSUE = z.object({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']),
  created_at: timestamp,
  closed_at: timestamp.nullable().optional(),
  html_url: z.string(),
  user: z.object({ login: z.string() }).nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string().nullable().optional() })])).optional(),
  pull_request: z.unknown().optional(),
  author_association: z.string().optional(),
});

/**
 * Who may write a record no one else vouches for: anyone can open an issue with any title, or
 * start a discussion, in a public repository, but only people with triage access can label one.
 */
const TRUSTED = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const PAGE = z.array(ISSUE);

export class IssuesUnavailable extends Error {}

/** The issues of owner/name that the query picks, newest first, and whether the cap cut the list short. */
export async function listIssueRecords(
  octokit: Octokit,
  owner: string,
  name: string,
  query: IssueQuery,
): Promise<{ issues: IssueRecord[]; truncated: boolean }> {
  const request: ResponseExpectation = { expect: PAGE };
  const title = query.title ? new RegExp(query.title, 'i') : null;
  const issues: IssueRecord[] = [];
  let scanned = 0;
  try {
    for (let page = 1; scanned < MAX_ISSUES; page++) {
      const response = await octokit.request('GET /repos/{owner}/{repo}/issues', {
        owner,
        repo: name,
        state: query.state,
        sort: 'created',
        direction: 'desc',
        per_page: PER_PAGE,
        page,
        ...(query.label ? { labels: query.label } : {}),
        request,
      });
      const list = response.data as unknown as z.infer<typeof PAGE>;
      scanned += list.length;
      for (const issue of list) {
        // The issues endpoint lists pull requests too; a pull request is not a write-up.
        if (issue.pull_request !== undefined || (title && !title.test(issue.title))) continue;
        if (!query.label && !TRUSTED.has(issue.author_association ?? '')) continue;
        issues.push({
          number: issue.number,
          title: issue.title,
          body: issue.body ?? '',
          state: issue.state,
          createdAt: issue.created_at,
          closedAt: issue.closed_at ?? null,
          author: issue.user?.login ?? null,
          url: issue.html_url,
          labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
        });
      }
      if (list.length < PER_PAGE) return { issues, truncated: false };
    }
  } catch (error) {
    throw new IssuesUnavailable(`the issues of ${owner}/${name} could not be read: ${requestFailure(error)}`);
  }
  return { issues, truncated: true };
}

export interface DiscussionQuery {
  /** The discussion category's name (case-insensitive). */
  category: string | null;
  title: string | null;
}

const DISCUSSIONS_QUERY = `query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    discussions(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { number title body createdAt closed closedAt url authorAssociation author { login } category { name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const DISCUSSIONS = z.object({
  repository: z
    .object({
      discussions: z.object({
        nodes: z.array(
          z
            .object({
              number: z.number().int(),
              title: z.string(),
              body: z.string(),
              createdAt: timestamp,
              closed: z.boolean(),
              closedAt: timestamp.nullable(),
              url: z.string(),
              author: z.object({ login: z.string() }).nullable(),
              authorAssociation: z.string(),
              category: z.object({ name: z.string() }).nullable(),
            })
            .nullable(),
        ),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    })
    .nullable(),
});

/** Discussions kept as records (a process review posted in a category), newest first, as issues are. */
export async function listDiscussionRecords(
  octokit: Octokit,
  owner: string,
  name: string,
  query: DiscussionQuery,
): Promise<{ issues: IssueRecord[]; truncated: boolean }> {
  const title = query.title ? new RegExp(query.title, 'i') : null;
  const category = query.category?.toLowerCase() ?? null;
  const out: IssueRecord[] = [];
  let after: string | null = null;
  try {
    for (let scanned = 0; scanned < MAX_ISSUES; ) {
      const raw: unknown = await octokit.graphql(DISCUSSIONS_QUERY, {
        owner,
        name,
        after,
        request: { expect: z.object({}).passthrough() },
      });
      const parsed = DISCUSSIONS.safeParse(raw);
      if (!parsed.success) throw new Error('GitHub returned discussions of an unexpected shape');
      const page = parsed.data.repository?.discussions;
      if (!page) throw new Error(`no repository ${owner}/${name}`);
      scanned += page.nodes.length;
      for (const d of page.nodes) {
        if (!d || (category && d.category?.name.toLowerCase() !== category) || (title && !title.test(d.title))) continue;
        if (!TRUSTED.has(d.authorAssociation)) continue;
        out.push({
          number: d.number,
          title: d.title,
          body: d.body,
          state: d.closed ? 'closed' : 'open',
          createdAt: d.createdAt,
          closedAt: d.closedAt,
          author: d.author?.login ?? null,
          url: d.url,
          labels: [],
        });
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { issues: out, truncated: false };
      after = page.pageInfo.endCursor;
    }
  } catch (error) {
    throw new IssuesUnavailable(`the discussions of ${owner}/${name} could not be read: ${requestFailure(error)}`);
  }
  return { issues: out, truncated: true };
}
