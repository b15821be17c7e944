import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { RepositoryNotFound, TargetError } from '../errors.ts';
import type { ForgeData } from '../types.ts';
import { shortListsAt } from '../forge/dated.ts';
import { describeIssues, requestFailure, UnexpectedResponse, type ResponseExpectation } from './client.ts';
import { listSelection, PAGE_SIZES, PAGED_ALIASES, PAGED_LISTS, PAGED_SHAPES, pagedCompleteSince, type PagedAlias } from './dated-lists.ts';
import { GRAPHQL_ERROR, graphql, type GraphQLErrorShape } from './graphql.ts';
import { REPOSITORY_STAMP, repoStamp, UNEXPECTED_HINT } from './org.ts';
import { readBack } from './read-back.ts';
import { FIRST_COMMIT, nodes, timestamp } from './shapes.ts';

/** Repositories per GraphQL query: GitHub serialises GraphQL requests, so fewer, larger ones. */
const BATCH = 20;
/** Forge data older than this is fetched again even when the repository's stamp is unchanged. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Bumped whenever ForgeData gains a field, so older cache entries are fetched again. */
const CACHE_VERSION = 5;
/** Newest commits of the default branch whose authors' accounts are read: one page, GitHub's largest. */
const COMMITS_PAGE = 100;

const REPOSITORY_FIELDS = `
  nameWithOwner
  isArchived
  defaultBranchRef { name branchProtectionRule { requiresApprovingReviews requiredApprovingReviewCount requiresCodeOwnerReviews isAdminEnforced } }
  ${listSelection('merged')}
  open: pullRequests(states: OPEN, first: 50, orderBy: { field: CREATED_AT, direction: ASC }) {
    nodes { number createdAt headRefName commits(first: 1) { nodes { commit { authoredDate } } } }
  }
  admins: collaborators(first: 100, affiliation: ALL) { edges { permission node { login } } }
  outside: collaborators(first: 100, affiliation: OUTSIDE) { nodes { login } }
  ${listSelection('releases')}
  ${listSelection('deployments')}
  ${listSelection('issues')}`;

const TEAMS_QUERY = `query($login: String!) {
  organization(login: $login) { teams(first: 100) { nodes { slug members(first: 100) { nodes { login } } } } }
}`;

/** The fields of REPOSITORY_FIELDS that toForge reads, each as GitHub types it. */
const REPOSITORY = z.object({
  isArchived: z.boolean(),
  defaultBranchRef: z
    .object({
      name: z.string(),
      branchProtectionRule: z
        .object({
          requiresApprovingReviews: z.boolean(),
          requiredApprovingReviewCount: z.number().int().nullable(),
          requiresCodeOwnerReviews: z.boolean(),
          isAdminEnforced: z.boolean(),
        })
        .nullable(),
    })
    .nullable(),
  merged: PAGED_SHAPES.merged.nullable(),
  open: nodes(z.object({ number: z.number().int(), createdAt: timestamp, headRefName: z.string(), commits: FIRST_COMMIT })).nullable(),
  admins: z.object({ edges: z.array(z.object({ permission: z.string(), node: z.object({ login: z.string() }) }).nullable()) }).nullable(),
  outside: nodes(z.object({ login: z.string() })).nullable(),
  releases: PAGED_SHAPES.releases.nullable(),
  deployments: PAGED_SHAPES.deployments.nullable(),
  issues: PAGED_SHAPES.issues.nullable(),
});
type RepositoryNode = z.output<typeof REPOSITORY>;

/**
 * One commit of GET /repos/{owner}/{repo}/commits, the fields read: the author's e-mail as the
 * commit has it, and the account GitHub links it to (null, or an empty object, when none).
 */
const LISTED_COMMIT = z.object({
  commit: z.object({ author: z.object({ email: z.string().optional() }).nullable() }),
  // GitHub's description allows an empty object where there is no account, as null is.
  author: z.preprocess(
    (author) => (author && typeof author === 'object' && !Object.keys(author).length ? null : author),
    z.object({ login: z.string(), type: z.string() }).nullable(),
  ),
});
type ListedCommit = z.output<typeof LISTED_COMMIT>;
const COMMITS_PAGE_SHAPE = z.array(LISTED_COMMIT);

const TEAMS = z.object({
  organization: z.object({ teams: nodes(z.object({ slug: z.string(), members: nodes(z.object({ login: z.string() })) })) }).nullable(),
});

interface CacheEntry {
  version: number;
  stamp: string;
  fetchedAt: number;
  /** The date the dated lists were read back to; null for their first pages alone (an audit of today). */
  readBackTo: string | null;
  data: ForgeData;
}

/**
 * The two entries kept of a repository: the first page of each list, which an audit of today
 * sees (and one of a past date, when it reaches back far enough), and the lists read further back
 * for a past date. They are kept apart so an audit of today never sees more than one page, and
 * one of a past date never less than it needs, whatever ran before it.
 */
type CacheDepth = 'first-page' | 'read-back';

/** Whether an entry serves a run that needs the data back to `to`: it was read back that far, or needed no more. */
function reachesBack(entry: CacheEntry, to: Date): boolean {
  if (entry.readBackTo && Date.parse(entry.readBackTo) <= to.getTime()) return true;
  return !Object.keys(shortListsAt(entry.data, to)).length;
}

export interface ForgeLoaderOptions {
  /**
   * The oldest date the run sees the data at (an audit of a past date, a trend's first point):
   * dated lists whose first page does not reach back to it are read further, page by page.
   */
  readBackTo?: Date | null | undefined;
}

export interface ForgeTarget {
  owner: string;
  name: string;
  /** From the organisation listing; null when unknown (a single named repository). */
  stamp: string | null;
}

/**
 * The accounts commits link their authors' e-mails to, one entry per e-mail (compared ignoring
 * case, the newest commit's link winning), sorted by e-mail; authors GitHub links to no account
 * are left out.
 */
function commitAuthors(commits: readonly ListedCommit[]): NonNullable<ForgeData['commitAuthors']> {
  const byEmail = new Map<string, { email: string; login: string; type: string }>();
  for (const { commit, author } of commits) {
    const email = commit.author?.email;
    if (!email || !author) continue;
    const key = email.toLowerCase();
    if (!byEmail.has(key)) byEmail.set(key, { email, login: author.login, type: author.type });
  }
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** What toForge adds to a repository's lists: who its people are, and what stopped a list read further back. */
interface ForgeExtras {
  teams: Record<string, string[]>;
  authors: NonNullable<ForgeData['commitAuthors']>;
  stoppedBy?: ForgeData['stoppedBy'];
}

function toForge(owner: string, name: string, repo: RepositoryNode, { teams, authors, stoppedBy }: ForgeExtras, readAt: Date): ForgeData {
  const protection = repo.defaultBranchRef?.branchProtectionRule ?? null;
  const first = (p: { commits: { nodes: Array<{ commit: { authoredDate: string } }> } }) => p.commits.nodes[0]?.commit.authoredDate ?? null;
  return {
    owner,
    name,
    defaultBranch: repo.defaultBranchRef?.name ?? null,
    archived: repo.isArchived,
    protection: protection && {
      requiredReviews: protection.requiresApprovingReviews ? (protection.requiredApprovingReviewCount ?? 1) : 0,
      codeOwnerReviews: protection.requiresCodeOwnerReviews,
      adminsEnforced: protection.isAdminEnforced,
    },
    mergedPullRequests: (repo.merged?.nodes ?? []).map((p) => ({
      number: p.number,
      createdAt: p.createdAt,
      mergedAt: p.mergedAt,
      baseRef: p.baseRefName,
      firstCommitAt: first(p),
    })),
    openPullRequests: (repo.open?.nodes ?? []).map((p) => ({
      number: p.number,
      createdAt: p.createdAt,
      headRef: p.headRefName,
      firstCommitAt: first(p),
    })),
    collaborators:
      repo.admins && repo.outside
        ? {
            admins: repo.admins.edges.flatMap((e) => (e?.permission === 'ADMIN' ? [e.node.login] : [])).sort(),
            outside: repo.outside.nodes.map((n) => n.login).sort(),
          }
        : null,
    teams,
    releases: (repo.releases?.nodes ?? [])
      .filter((r) => !r.isDraft && r.publishedAt)
      .map((r) => ({ tagName: r.tagName, publishedAt: r.publishedAt!, prerelease: r.isPrerelease })),
    deployments: (repo.deployments?.nodes ?? []).map((d) => ({
      environment: d.environment ?? '',
      createdAt: d.createdAt,
      state: d.latestStatus?.state.toLowerCase() ?? null,
      stateAt: d.latestStatus?.createdAt ?? null,
    })),
    issues: (repo.issues?.nodes ?? []).map((i) => ({
      number: i.number,
      createdAt: i.createdAt,
      closedAt: i.closedAt,
      labels: (i.labels?.nodes ?? []).map((l) => l.name.toLowerCase()),
      firstCommentAt: i.comments.nodes[0]?.createdAt ?? null,
    })),
    commitAuthors: authors,
    completeSince: completeSince(repo, readAt),
    pageSize: PAGE_SIZES,
    ...(stoppedBy && Object.keys(stoppedBy).length ? { stoppedBy } : {}),
  };
}

/** Open pull requests REPOSITORY_FIELDS reads: one page, as many as it asks for. */
const OPEN_PAGE = 50;

/**
 * From when each list read holds every entry (see pagedCompleteSince). Open pull requests come
 * oldest first, so a full page of them is complete from no date: from the time of reading.
 */
function completeSince(repo: RepositoryNode, readAt: Date): NonNullable<ForgeData['completeSince']> {
  const since = pagedCompleteSince(repo, readAt);
  if ((repo.open?.nodes.length ?? 0) >= OPEN_PAGE) since.openPullRequests = readAt.toISOString();
  return since;
}

/** A TargetError for an answer that was not what GitHub gives, about `what`. */
function unexpected(what: string, problem: string): TargetError {
  return new TargetError(`GitHub returned an unexpected response for ${what} (${problem})`, UNEXPECTED_HINT);
}

/**
 * Pull requests, branch protection, collaborators and teams of GitHub repositories, fetched in
 * batches (one GraphQL query for many repositories, the first page of each list) and kept on disk
 * with the repository's stamp, so an unchanged repository costs no GraphQL request at all. A run
 * of a past date (`readBackTo`) reads the lists that do not reach back to it further, for each
 * such repository alone (src/github/read-back.ts).
 */
export class ForgeLoader {
  private readonly teams = new Map<string, Promise<Record<string, string[]>>>();

  private readonly readBackTo: Date | null;

  constructor(
    private readonly octokit: Octokit,
    private readonly cacheDir: string | null,
    private readonly host: string,
    options: ForgeLoaderOptions = {},
  ) {
    this.readBackTo = options.readBackTo ?? null;
  }

  private cacheFile(owner: string, name: string, depth: CacheDepth): string | null {
    if (!this.cacheDir) return null;
    const hostKey = createHash('sha256').update(this.host).digest('hex').slice(0, 12);
    const suffix = depth === 'read-back' ? '.read-back' : '';
    return join(this.cacheDir, 'forge', hostKey, owner.toLowerCase(), `${name.toLowerCase()}${suffix}.json`);
  }

  private async cached(target: ForgeTarget & { stamp: string }, depth: CacheDepth): Promise<CacheEntry | null> {
    const file = this.cacheFile(target.owner, target.name, depth);
    if (!file) return null;
    const entry = await readFile(file, 'utf8').then(
      (t) => JSON.parse(t) as CacheEntry,
      () => null,
    );
    return entry && entry.version === CACHE_VERSION && entry.stamp === target.stamp && Date.now() - entry.fetchedAt < MAX_AGE_MS
      ? entry
      : null;
  }

  /** The kept data that serves this run: the first pages for today, else an entry that reaches back far enough. */
  private async fromCache(target: ForgeTarget & { stamp: string }): Promise<ForgeData | null> {
    const to = this.readBackTo;
    if (!to) return (await this.cached(target, 'first-page'))?.data ?? null;
    for (const depth of ['read-back', 'first-page'] as const) {
      const entry = await this.cached(target, depth);
      if (entry && reachesBack(entry, to)) return entry.data;
    }
    return null;
  }

  private async store(target: ForgeTarget & { stamp: string }, depth: CacheDepth, data: ForgeData): Promise<void> {
    const file = this.cacheFile(target.owner, target.name, depth);
    if (!file) return;
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    const readBackTo = depth === 'read-back' ? this.readBackTo!.toISOString() : null;
    const entry: CacheEntry = { version: CACHE_VERSION, stamp: target.stamp, fetchedAt: Date.now(), readBackTo, data };
    await writeFile(temp, JSON.stringify(entry))
      .then(() => rename(temp, file))
      .catch(() => undefined);
  }

  /**
   * A repository's data from the first page of each list, and, when the run needs a past date
   * those pages do not reach back to, from the lists read further back. What is read back is
   * kept only when every page came: a failed page stands for this run, and the next one asks again.
   */
  private async complete(
    target: ForgeTarget & { stamp: string },
    repo: RepositoryNode,
    people: Promise<[Record<string, string[]>, NonNullable<ForgeData['commitAuthors']>]>,
  ): Promise<ForgeData> {
    const readAt = new Date();
    const to = this.readBackTo;
    const short = (read: RepositoryNode): PagedAlias[] => {
      if (!to) return [];
      const lists = shortListsAt(toForge(target.owner, target.name, read, { teams: {}, authors: [] }, readAt), to);
      return PAGED_ALIASES.filter((alias) => PAGED_LISTS[alias].field in lists);
    };
    const [[teams, authors], back] = await Promise.all([
      people,
      short(repo).length ? readBack(this.octokit, target, repo, short) : Promise.resolve(null),
    ]);
    const firstPage = toForge(target.owner, target.name, repo, { teams, authors }, readAt);
    await this.store(target, 'first-page', firstPage);
    if (!back) return firstPage;
    const readBackData = toForge(target.owner, target.name, back.repo, { teams, authors, stoppedBy: back.stoppedBy }, readAt);
    if (!back.failed) await this.store(target, 'read-back', readBackData);
    return readBackData;
  }

  /** Teams of an organisation with their members; none for a user account. */
  private teamsOf(owner: string): Promise<Record<string, string[]>> {
    let hit = this.teams.get(owner.toLowerCase());
    if (!hit) {
      hit = graphql(this.octokit, TEAMS_QUERY, { login: owner }, TEAMS).then(
        ({ data }) =>
          Object.fromEntries(
            (data?.organization?.teams.nodes ?? []).map((t) => [
              `${owner}/${t.slug}`.toLowerCase(),
              t.members.nodes.map((m) => m.login).sort(),
            ]),
          ),
        (error: unknown) => {
          // GitHub answered with errors only (a user account, no read:org scope): no teams to see.
          // No usable answer at all would make every CODEOWNERS team look unknown: that is an error.
          if (error instanceof UnexpectedResponse) throw unexpected(`the teams of ${owner}`, error.problem);
          if (Array.isArray((error as { errors?: unknown }).errors)) return {};
          throw new TargetError(
            `GitHub GraphQL request for the teams of ${owner} failed: ${requestFailure(error)}`,
            'check GITHUB_TOKEN, or try again later',
          );
        },
      );
      this.teams.set(owner.toLowerCase(), hit);
    }
    return hit;
  }

  /** A stamp for a repository named on its own: one conditional GET (a 304 when unchanged). */
  private async stampOf(target: ForgeTarget): Promise<string> {
    if (target.stamp) return target.stamp;
    try {
      const request: ResponseExpectation = { expect: REPOSITORY_STAMP };
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', { owner: target.owner, repo: target.name, request });
      return repoStamp(data);
    } catch (error) {
      const code = (error as { status?: number }).status;
      if (error instanceof UnexpectedResponse) throw unexpected(`${target.owner}/${target.name}`, error.problem);
      if (code === 404)
        throw new RepositoryNotFound(
          `GitHub repository ${target.owner}/${target.name} not found, or not visible to this token`,
          'check the name, and set GITHUB_TOKEN for private repositories',
        );
      if (code === 401)
        throw new TargetError('GitHub rejected the token', 'check GITHUB_TOKEN (or GH_TOKEN): it may be expired or mistyped');
      throw new TargetError(`cannot read ${target.owner}/${target.name} from GitHub: ${requestFailure(error)}`, 'try again later');
    }
  }

  /**
   * The accounts of the authors of the default branch's newest commits: one REST request. An
   * empty repository (409) has none. A page whose commits are not all well formed, still so after
   * the retries, gives the accounts of those that are (the page is a sample of the newest commits
   * anyway); an answer that is no list of commits is an error for the repository, as a bad
   * GraphQL answer is.
   */
  private async commitAuthorsOf(target: ForgeTarget): Promise<NonNullable<ForgeData['commitAuthors']>> {
    const what = `the commits of ${target.owner}/${target.name}`;
    try {
      const request: ResponseExpectation = { expect: COMMITS_PAGE_SHAPE };
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/commits', {
        owner: target.owner,
        repo: target.name,
        per_page: COMMITS_PAGE,
        request,
      });
      return commitAuthors(data as unknown as ListedCommit[]);
    } catch (error) {
      if (error instanceof UnexpectedResponse) {
        const body = error.response.data;
        const wellFormed = Array.isArray(body) ? body.flatMap((c) => LISTED_COMMIT.safeParse(c).data ?? []) : [];
        if (wellFormed.length) return commitAuthors(wellFormed);
        throw unexpected(what, error.problem);
      }
      if ((error as { status?: number }).status === 409) return [];
      throw new TargetError(`cannot read ${what} from GitHub: ${requestFailure(error)}`, 'try again later');
    }
  }

  /** Starts loading every target; each promise settles on its own, so one failure spoils nothing else. */
  load(targets: readonly ForgeTarget[]): Map<string, Promise<ForgeData>> {
    const results = new Map<string, Promise<ForgeData>>();
    const pending: Array<{ target: ForgeTarget & { stamp: string }; resolve: (d: ForgeData) => void; reject: (e: unknown) => void }> = [];
    let scheduled: Promise<void> | null = null;
    const flush = async () => {
      await Promise.resolve();
      while (pending.length) {
        const batch = pending.splice(0, BATCH);
        // fetchBatch settles every item itself; this is the guard that no item is left waiting.
        await this.fetchBatch(batch).catch((error: unknown) => {
          const failure = batchFailure(error);
          for (const item of batch) item.reject(failure);
        });
      }
    };
    for (const target of targets) {
      const key = `${target.owner}/${target.name}`.toLowerCase();
      results.set(
        key,
        (async () => {
          const stamped = { ...target, stamp: await this.stampOf(target) };
          const hit = await this.fromCache(stamped);
          if (hit) return hit;
          return new Promise<ForgeData>((resolve, reject) => {
            pending.push({ target: stamped, resolve, reject });
            scheduled ??= new Promise<void>((r) => setTimeout(r, 5)).then(flush).finally(() => (scheduled = null));
          });
        })(),
      );
    }
    return results;
  }

  private async fetchBatch(
    batch: Array<{ target: ForgeTarget & { stamp: string }; resolve: (d: ForgeData) => void; reject: (e: unknown) => void }>,
  ): Promise<void> {
    const variables: Record<string, string> = {};
    const declarations: string[] = [];
    const fields: string[] = [];
    batch.forEach(({ target }, i) => {
      variables[`o${i}`] = target.owner;
      variables[`n${i}`] = target.name;
      declarations.push(`$o${i}: String!, $n${i}: String!`);
      fields.push(`r${i}: repository(owner: $o${i}, name: $n${i}) { ...Repo }`);
    });
    const query = `query(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}\nfragment Repo on Repository {${REPOSITORY_FIELDS}\n}`;
    const answer = z.object(
      Object.fromEntries(batch.map((_, i) => [`r${i}`, REPOSITORY.nullable()])) as Record<string, z.ZodNullable<typeof REPOSITORY>>,
    );
    let response: { data: Record<string, RepositoryNode | null> | null; errors: GraphQLErrorShape[] };
    let problems: Map<number, string> | null = null;
    try {
      response = await graphql(this.octokit, query, variables, answer);
    } catch (error) {
      if (!(error instanceof UnexpectedResponse)) {
        const why =
          (error as { status?: number }).status === 401
            ? 'GitHub rejected the token'
            : `GitHub GraphQL request failed: ${requestFailure(error)}`;
        for (const item of batch) item.reject(new TargetError(why, 'check GITHUB_TOKEN, or try again later'));
        return;
      }
      // Still wrong after the retries. The repositories that are well formed in the last answer
      // are used; each of the others says what was wrong with it, or with the answer as a whole.
      ({ response, problems } = salvage(error, batch.length));
    }
    // Each repository is completed on its own (its commit authors are one more request, its lists
    // read further back for a past date more queries): the next batch's query waits for this
    // answer only, not for those requests, or an organisation's queries would go one after
    // another, each behind its repositories' commits requests.
    const completions = batch.map(async ({ target, resolve, reject }, i) => {
      const problem = problems?.get(i);
      if (problem) return reject(unexpected(`${target.owner}/${target.name}`, problem));
      const repo = response.data?.[`r${i}`];
      if (!repo) {
        const error = response.errors.find((e) => e.path?.[0] === `r${i}`);
        return reject(
          new RepositoryNotFound(
            `GitHub repository ${target.owner}/${target.name} not found, or not visible to this token${error ? ` (${error.message})` : ''}`,
            'check the name, and set GITHUB_TOKEN for private repositories',
          ),
        );
      }
      let data: ForgeData;
      try {
        data = await this.complete(target, repo, Promise.all([this.teamsOf(target.owner), this.commitAuthorsOf(target)]));
      } catch (error) {
        return reject(error);
      }
      resolve(data);
    });
    for (const [i, done] of completions.entries()) done.catch((error: unknown) => batch[i]!.reject(batchFailure(error)));
  }
}

/** What a repository of a batch is rejected with when reading it failed in an unforeseen way. */
function batchFailure(error: unknown): TargetError {
  return error instanceof TargetError ? error : new TargetError(`cannot read GitHub API data: ${requestFailure(error)}`, 'try again later');
}

/**
 * The repositories of a batch answer of the wrong shape that are well formed (or null, with
 * GitHub's error saying why), and what is wrong with each of the rest.
 */
function salvage(
  error: UnexpectedResponse,
  size: number,
): { response: { data: Record<string, RepositoryNode | null>; errors: GraphQLErrorShape[] }; problems: Map<number, string> } {
  const record = (value: unknown): Record<string, unknown> | null =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const body = record(error.response.data);
  const data = record(body?.data);
  const errors = z.array(GRAPHQL_ERROR).safeParse(body?.errors ?? []).data ?? [];
  const usable: Record<string, RepositoryNode | null> = {};
  const problems = new Map<number, string>();
  for (let i = 0; i < size; i++) {
    const alias = `r${i}`;
    const node = data ? REPOSITORY.nullable().safeParse(data[alias]) : null;
    if (node?.success && (node.data || errors.some((e) => e.path?.[0] === alias))) usable[alias] = node.data;
    else problems.set(i, node && !node.success ? describeIssues(node.error, 'repository') : error.problem);
  }
  return { response: { data: usable, errors }, problems };
}
