/**
 * A GitHub-compatible server on 127.0.0.1 for tests and benchmarks, in GitHub Enterprise
 * Server layout: REST under /api/v3, GraphQL at /api/graphql, git over smart HTTP at
 * /<owner>/<repo>.git (through `git http-backend`). Responses follow the shapes of GitHub's
 * OpenAPI description (@octokit/openapi-types) for the fields the client reads, with real
 * rate-limit headers, ETags and 304s, Link pagination, and injectable faults.
 */
import { execFile, spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { components } from '@octokit/openapi-types';
import { buildSchema, graphql, GraphQLError } from 'graphql';
import { FIXTURE_ENV } from '../../fixtures/builder.ts';
import { spawnThroughSpawner } from '../../src/git/spawner.ts';

/** git's standard output, read without blocking the event loop; rejects when git fails. */
function gitOutput(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { env: FIXTURE_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
    child.stdin?.end();
  });
}

type MinimalRepository = components['schemas']['minimal-repository'];

export interface FakePull {
  number: number;
  state: 'OPEN' | 'MERGED' | 'CLOSED';
  createdAt: string;
  mergedAt?: string;
  /** When it last changed (default: when it was merged, else created): merged ones are listed by it. */
  updatedAt?: string;
  baseRefName?: string;
  headRefName: string;
  firstCommitAt: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  /** Bare repository served over git. */
  dir: string;
  private?: boolean;
  archived?: boolean;
  fork?: boolean;
  topics?: string[];
  pushedAt?: string;
  updatedAt?: string;
  defaultBranch?: string;
  pulls?: FakePull[];
  protection?: { requiredReviews: number; codeOwnerReviews: boolean; adminsEnforced: boolean } | null;
  collaborators?: Array<{ login: string; permission: 'ADMIN' | 'WRITE' | 'READ'; outside?: boolean }>;
  /** Newest first, as GitHub orders them here. */
  releases?: Array<{ tagName: string; createdAt: string; publishedAt: string | null; isPrerelease?: boolean; isDraft?: boolean }>;
  deployments?: Array<{
    environment: string;
    createdAt: string;
    state: 'SUCCESS' | 'FAILURE' | 'ERROR' | 'ACTIVE' | 'INACTIVE' | 'PENDING';
    /** When the latest status was set (default: when the deployment was created). */
    stateAt?: string;
  }>;
  issues?: Array<{
    number: number;
    createdAt: string;
    closedAt?: string;
    labels?: string[];
    firstCommentAt?: string;
    /** For issues kept as records (REST /repos/{owner}/{repo}/issues). */
    title?: string;
    body?: string;
    author?: string;
    /** A pull request, which GitHub's issues endpoint lists too. */
    pullRequest?: boolean;
    /** The author's association with the repository (default MEMBER). */
    association?: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';
  }>;
  /** Discussions, newest first, each in a category. */
  discussions?: Array<{
    number: number;
    title: string;
    body: string;
    createdAt: string;
    closedAt?: string;
    category: string;
    author?: string;
    association?: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';
  }>;
  /** Bare repository of the wiki, served at /<owner>/<repo>.wiki.git. */
  wikiDir?: string;
}

export interface FakeOwner {
  login: string;
  type: 'Organization' | 'User';
  teams?: Record<string, string[]>;
  /** Repository names each team (by slug) has access to (REST /orgs/{org}/teams/{slug}/repos). */
  teamRepos?: Record<string, string[]>;
}

export type Fault =
  | { kind: 'status'; status: 401 | 404 | 409 | 500 | 502 }
  | { kind: 'rate-limit'; resetInSeconds: number }
  | { kind: 'secondary-rate-limit'; retryAfter: number }
  /**
   * Content-Length longer than the body, and the connection closed mid-body: at once (the client
   * may see it as the headers arrive), or `afterMs` later, once the answer has begun.
   */
  | { kind: 'truncated'; afterMs?: number }
  /** Headers and part of the body, then nothing for `ms` before the connection closes. */
  | { kind: 'stall'; ms: number }
  /** A 200 whose body is a login page, as a proxy in the way sends; labelled `contentType` (default text/html). */
  | { kind: 'not-json'; contentType?: string }
  /** A 200 with JSON of the wrong shape: `body`, or, when `body` is a function, the real answer passed through it. */
  | { kind: 'shape'; body: unknown }
  | { kind: 'slow'; ms: number };

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  api: boolean;
  /** The body of an API POST (a GraphQL query and its variables). */
  body?: string;
  /** A git POST's protocol-v2 command (`ls-refs`, `fetch`), when it names one. */
  gitCommand?: string;
}

/** The `command=` line of a protocol-v2 request body, gzipped or not. */
function gitCommandOf(body: Buffer, encoding: string | undefined): string | undefined {
  let text: string;
  try {
    text = (encoding === 'gzip' ? gunzipSync(body) : body).toString('latin1');
  } catch {
    return undefined;
  }
  return /command=([a-z-]+)/.exec(text)?.[1];
}

const SDL = `
  type Query {
    repository(owner: String!, name: String!): Repository
    organization(login: String!): Organization
  }
  type Organization { login: String! teams(first: Int): TeamConnection! }
  type TeamConnection { nodes: [Team!]! }
  type Team { slug: String! members(first: Int): UserConnection! }
  type UserConnection { nodes: [User!]! }
  type User { login: String! }
  type Repository {
    nameWithOwner: String!
    isArchived: Boolean!
    defaultBranchRef: Ref
    pullRequests(states: [PullRequestState!], first: Int, after: String, orderBy: IssueOrder): PullRequestConnection!
    collaborators(first: Int, affiliation: CollaboratorAffiliation): RepositoryCollaboratorConnection
    releases(first: Int, after: String, orderBy: ReleaseOrder): ReleaseConnection!
    deployments(first: Int, after: String, orderBy: DeploymentOrder): DeploymentConnection!
    issues(first: Int, after: String, orderBy: IssueOrder, labels: [String!]): IssueConnection!
    discussions(first: Int, after: String, orderBy: DiscussionOrder): DiscussionConnection!
  }
  input DiscussionOrder { field: DiscussionOrderField!, direction: OrderDirection! }
  enum DiscussionOrderField { CREATED_AT UPDATED_AT }
  type DiscussionConnection { nodes: [Discussion!]! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Discussion { number: Int! title: String! body: String! createdAt: String! closed: Boolean! closedAt: String url: String! authorAssociation: String! author: User category: DiscussionCategory! }
  type DiscussionCategory { name: String! }
  input ReleaseOrder { field: ReleaseOrderField!, direction: OrderDirection! }
  enum ReleaseOrderField { CREATED_AT NAME }
  input DeploymentOrder { field: DeploymentOrderField!, direction: OrderDirection! }
  enum DeploymentOrderField { CREATED_AT }
  type ReleaseConnection { nodes: [Release!]! totalCount: Int! pageInfo: PageInfo! }
  type Release { tagName: String! createdAt: String! publishedAt: String isPrerelease: Boolean! isDraft: Boolean! }
  type DeploymentConnection { nodes: [Deployment!]! totalCount: Int! pageInfo: PageInfo! }
  type Deployment { environment: String createdAt: String! latestStatus: DeploymentStatus }
  type DeploymentStatus { state: DeploymentStatusState! createdAt: String! }
  enum DeploymentStatusState { SUCCESS FAILURE ERROR ACTIVE INACTIVE PENDING QUEUED IN_PROGRESS WAITING }
  type IssueConnection { nodes: [Issue!]! totalCount: Int! pageInfo: PageInfo! }
  type Issue { number: Int! createdAt: String! closedAt: String labels(first: Int): LabelConnection comments(first: Int): IssueCommentConnection! }
  type LabelConnection { nodes: [Label!]! }
  type Label { name: String! }
  type IssueCommentConnection { nodes: [IssueComment!]! }
  type IssueComment { createdAt: String! }
  enum PullRequestState { OPEN CLOSED MERGED }
  input IssueOrder { field: IssueOrderField!, direction: OrderDirection! }
  enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
  enum OrderDirection { ASC DESC }
  enum CollaboratorAffiliation { OUTSIDE DIRECT ALL }
  enum RepositoryPermission { ADMIN MAINTAIN WRITE TRIAGE READ }
  type Ref { name: String! branchProtectionRule: BranchProtectionRule }
  type BranchProtectionRule { requiresApprovingReviews: Boolean! requiredApprovingReviewCount: Int requiresCodeOwnerReviews: Boolean! isAdminEnforced: Boolean! }
  type PullRequestConnection { nodes: [PullRequest!]! totalCount: Int! pageInfo: PageInfo! }
  type PullRequest { number: Int! createdAt: String! updatedAt: String! mergedAt: String baseRefName: String! headRefName: String! commits(first: Int): PullRequestCommitConnection! }
  type PullRequestCommitConnection { nodes: [PullRequestCommit!]! }
  type PullRequestCommit { commit: Commit! }
  type Commit { authoredDate: String! }
  type RepositoryCollaboratorConnection { edges: [RepositoryCollaboratorEdge!]! nodes: [User!]! }
  type RepositoryCollaboratorEdge { permission: RepositoryPermission! node: User! }
`;

/** The arguments of a paged GraphQL connection that the fake reads. */
interface ConnectionArgs {
  first?: number;
  after?: string | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
}

/** GitHub's largest GraphQL page. */
const MAX_CONNECTION_PAGE = 100;

/**
 * A list in the order a query asks for, by the date `key` gives; ties, and a query that names no
 * order, keep the order the fixture wrote.
 */
function ordered<T>(list: readonly T[], orderBy: ConnectionArgs['orderBy'], key: (entry: T) => string): T[] {
  if (!orderBy) return [...list];
  const sign = orderBy.direction === 'DESC' ? -1 : 1;
  return [...list].sort((a, b) => sign * (Date.parse(key(a)) - Date.parse(key(b))));
}

/** One page of a connection after the cursor `after` (an offset, here), with its pageInfo. */
function connection<T, N>(all: readonly T[], first: number, after: string | null | undefined, node: (entry: T) => N) {
  const start = after ? Number(after) : 0;
  const nodes = all.slice(start, start + Math.min(first, MAX_CONNECTION_PAGE)).map(node);
  const end = start + nodes.length;
  return { nodes, totalCount: all.length, pageInfo: { hasNextPage: end < all.length, endCursor: nodes.length ? String(end) : null } };
}

export interface FakeGitHubOptions {
  owners: FakeOwner[];
  repos: FakeRepo[];
  /** Tokens the server accepts; a request with another token gets 401. */
  tokens?: string[];
  /** Largest page the REST API returns (GitHub: 100). */
  maxPerPage?: number;
  /** Requests per hour: 5000 with a token, 60 without, as on github.com. */
  limit?: number;
  /** Accounts and the commit e-mails GitHub links to them (compared ignoring case). */
  accounts?: FakeAccount[];
}

export interface FakeAccount {
  login: string;
  type: 'User' | 'Bot' | 'Organization';
  emails: string[];
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Array<{ match: RegExp; fault: Fault; times: number }> = [];
  private readonly remaining = new Map<string, number>();
  private server: Server | null = null;
  private readonly schema = buildSchema(SDL);
  port = 0;

  constructor(private readonly options: FakeGitHubOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * The next `times` requests whose "METHOD /path?query" matches get the fault; for API POSTs
   * (GraphQL) the body follows, "POST /api/graphql {...}", so a fault can pick one query out.
   */
  inject(match: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ match, fault, times });
  }

  /** Forgets faults not yet used (call between tests). */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** API requests so far (git traffic excluded), and how many were answered 304. */
  apiCounts(): { total: number; notModified: number } {
    const api = this.requests.filter((r) => r.api);
    return { total: api.length, notModified: api.filter((r) => r.status === 304).length };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: error.message }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  stop(): Promise<void> {
    // Stalled answers would otherwise hold the server open until they end.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private token(req: IncomingMessage): string | null {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('token ') || header.startsWith('Bearer ') || header.startsWith('bearer ')) return header.split(' ')[1] ?? null;
    if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[1] ?? null;
    return null;
  }

  private repo(owner: string, name: string, token: string | null): FakeRepo | undefined {
    const repo = this.options.repos.find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
    );
    return repo && (!repo.private || token) ? repo : undefined;
  }

  private takeFault(key: string): Fault | null {
    const entry = this.faults.find((f) => f.times > 0 && f.match.test(key));
    if (!entry) return null;
    entry.times--;
    return entry.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const api = url.pathname.startsWith('/api/');
    const key = `${req.method} ${url.pathname}${url.search}`;
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
    const posted: { body?: string; gitCommand?: string } =
      req.method !== 'POST'
        ? {}
        : api
          ? { body: body.toString('utf8') }
          : { gitCommand: gitCommandOf(body, req.headers['content-encoding']) };
    const record = (status: number) =>
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, status, api, ...posted });
    const token = this.token(req);
    if (token && this.options.tokens && !this.options.tokens.includes(token)) {
      record(401);
      return this.json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const fault = this.takeFault(posted.body !== undefined ? `${key} ${posted.body}` : key);
    // A wrong shape goes through the normal handling, so it can be made from the real answer.
    const reshape =
      fault?.kind === 'shape' ? (typeof fault.body === 'function' ? (fault.body as (real: unknown) => unknown) : () => fault.body) : null;
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    else if (fault && !reshape) {
      const status = this.fault(res, fault, url);
      record(status);
      return;
    }
    if (!api) return this.git(req, res, url, body, token, record);

    const resource = url.pathname === '/api/graphql' ? 'graphql' : 'core';
    const limit = this.options.limit ?? (token ? 5000 : 60);
    const left = this.remaining.get(`${resource}:${token}`) ?? limit;
    const rate = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, left - 1)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(limit - left + 1),
      'x-ratelimit-resource': resource,
    };
    if (resource === 'graphql' && req.method === 'POST') {
      const { query, variables } = JSON.parse(body.toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      const result = await graphql({ schema: this.schema, source: query, variableValues: variables ?? {}, rootValue: this.root(token) });
      const errors = result.errors?.map((e) => ({
        type: (e.extensions?.type as string | undefined) ?? 'INTERNAL',
        path: e.path,
        locations: e.locations,
        message: e.message,
      }));
      this.remaining.set(`${resource}:${token}`, left - 1);
      record(200);
      const answer = { data: result.data ?? null, ...(errors?.length ? { errors } : {}) };
      return this.json(res, 200, reshape ? reshape(answer) : answer, rate);
    }
    const { status, data, headers } = await this.rest(url, token);
    if (reshape) {
      record(200);
      return this.json(res, 200, reshape(data), { ...rate, ...headers });
    }
    const json = JSON.stringify(data);
    const etag = `W/"${createHash('sha256').update(json).digest('hex').slice(0, 32)}"`;
    if (status === 200 && req.headers['if-none-match'] === etag) {
      // A 304 does not count against the rate limit, as on GitHub.
      record(304);
      res.writeHead(304, { etag, ...rate, 'x-ratelimit-remaining': String(left), 'x-ratelimit-used': String(limit - left) });
      return void res.end();
    }
    this.remaining.set(`${resource}:${token}`, left - 1);
    record(status);
    return this.json(res, status, data, { ...rate, ...(status === 200 ? { etag } : {}), ...headers });
  }

  private fault(res: ServerResponse, fault: Fault, url: URL): number {
    const now = Math.floor(Date.now() / 1000);
    switch (fault.kind) {
      case 'status': {
        const messages: Record<number, string> = {
          401: 'Bad credentials',
          404: 'Not Found',
          409: 'Git Repository is empty.',
          500: 'Server Error',
          502: 'Bad Gateway',
        };
        this.json(res, fault.status, { message: messages[fault.status], documentation_url: 'https://docs.github.com/rest' });
        return fault.status;
      }
      case 'rate-limit':
        this.json(
          res,
          403,
          {
            message: `API rate limit exceeded for 127.0.0.1.`,
            documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
          },
          {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(now + fault.resetInSeconds),
            'x-ratelimit-resource': url.pathname === '/api/graphql' ? 'graphql' : 'core',
          },
        );
        return 403;
      case 'secondary-rate-limit':
        this.json(
          res,
          403,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          { 'retry-after': String(fault.retryAfter) },
        );
        return 403;
      case 'truncated': {
        const payload = JSON.stringify({ message: 'this body is cut short' });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length + 100) });
        res.write(payload.slice(0, 10));
        if (fault.afterMs === undefined) res.destroy();
        else setTimeout(() => res.destroy(), fault.afterMs);
        return 200;
      }
      case 'stall': {
        const payload = JSON.stringify({ message: 'this body never ends' });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length + 100) });
        res.write(payload.slice(0, 10));
        setTimeout(() => res.destroy(), fault.ms).unref();
        return 200;
      }
      case 'not-json':
        res.writeHead(200, { 'content-type': fault.contentType ?? 'text/html; charset=utf-8' });
        res.end(
          '<!DOCTYPE html>\n<html><head><title>Acme SSO</title></head><body><form action="/login">Sign in to continue</form></body></html>\n',
        );
        return 200;
      default:
        return 200;
    }
  }

  private json(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(data));
  }

  private minimal(r: FakeRepo): Partial<MinimalRepository> {
    const full = `${r.owner}/${r.name}`;
    return {
      id: Number.parseInt(createHash('sha1').update(full).digest('hex').slice(0, 8), 16),
      node_id: Buffer.from(full).toString('base64'),
      name: r.name,
      full_name: full,
      private: r.private ?? false,
      owner: {
        login: r.owner,
        type: this.options.owners.find((o) => o.login === r.owner)?.type ?? 'Organization',
      } as MinimalRepository['owner'],
      html_url: `${this.url}/${full}`,
      fork: r.fork ?? false,
      archived: r.archived ?? false,
      topics: r.topics ?? [],
      default_branch: r.defaultBranch ?? 'main',
      pushed_at: r.pushedAt ?? '2026-11-01T00:00:00Z',
      updated_at: r.updatedAt ?? '2026-11-01T00:00:00Z',
      clone_url: `${this.url}/${full}.git`,
    };
  }

  private async rest(url: URL, token: string | null): Promise<{ status: number; data: unknown; headers?: Record<string, string> }> {
    const notFound = { status: 404, data: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
    let match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match) {
      const repo = this.repo(match[1]!, match[2]!, token);
      return repo ? { status: 200, data: this.minimal(repo) } : notFound;
    }
    match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/commits$/.exec(url.pathname);
    if (match) {
      const repo = this.repo(match[1]!, match[2]!, token);
      return repo ? await this.commits(repo, url) : notFound;
    }
    match = /^\/api\/v3\/(orgs|users)\/([^/]+)\/repos$/.exec(url.pathname);
    if (match) {
      const owner = this.options.owners.find(
        (o) => o.login.toLowerCase() === match![2]!.toLowerCase() && (match![1] === 'orgs') === (o.type === 'Organization'),
      );
      if (!owner) return notFound;
      const all = this.options.repos
        .filter((r) => r.owner === owner.login && (!r.private || token))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.options.maxPerPage ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) => {
        const next = new URL(url);
        next.searchParams.set('page', String(p));
        return `<${next.href}>; rel="${rel}"`;
      };
      const links = [
        page < last && link(page + 1, 'next'),
        page < last && link(last, 'last'),
        page > 1 && link(1, 'first'),
        page > 1 && link(page - 1, 'prev'),
      ].filter(Boolean);
      return {
        status: 200,
        data: all.slice((page - 1) * perPage, page * perPage).map((r) => this.minimal(r)),
        headers: links.length ? { link: links.join(', ') } : {},
      };
    }
    match = /^\/api\/v3\/orgs\/([^/]+)\/teams\/([^/]+)\/repos$/.exec(url.pathname);
    if (match) {
      const owner = this.options.owners.find((o) => o.login.toLowerCase() === match![1]!.toLowerCase() && o.type === 'Organization');
      const names = owner?.teamRepos?.[match[2]!];
      if (!owner || !names) return notFound;
      const repos = this.options.repos.filter((r) => r.owner === owner.login && names.includes(r.name) && (!r.private || token));
      return { status: 200, data: repos.map((r) => this.minimal(r)) };
    }
    match = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    if (match) {
      const repo = this.repo(match[1]!, match[2]!, token);
      if (!repo) return notFound;
      const state = url.searchParams.get('state') ?? 'open';
      const labels = url.searchParams.get('labels')?.split(',').filter(Boolean) ?? [];
      const all = (repo.issues ?? [])
        .filter((i) => state === 'all' || (state === 'closed') === Boolean(i.closedAt))
        .filter((i) => labels.every((l) => (i.labels ?? []).some((m) => m.toLowerCase() === l.toLowerCase())))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.number - a.number));
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.options.maxPerPage ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const full = `${repo.owner}/${repo.name}`;
      const data = all.slice((page - 1) * perPage, page * perPage).map((i) => ({
        number: i.number,
        title: i.title ?? `Issue ${i.number}`,
        body: i.body ?? null,
        state: i.closedAt ? 'closed' : 'open',
        created_at: i.createdAt,
        closed_at: i.closedAt ?? null,
        html_url: `${this.url}/${full}/${i.pullRequest ? 'pull' : 'issues'}/${i.number}`,
        user: { login: i.author ?? 'ghost', type: 'User' },
        author_association: i.association ?? 'MEMBER',
        labels: (i.labels ?? []).map((name) => ({ name })),
        ...(i.pullRequest ? { pull_request: { url: `${this.url}/api/v3/repos/${full}/pulls/${i.number}` } } : {}),
      }));
      return { status: 200, data };
    }
    return notFound;
  }

  /**
   * GET /repos/{owner}/{repo}/commits: the newest commits of the default branch, one page (no
   * Link header: the client reads one), each author linked to the account that holds their
   * e-mail; 409 for an empty repository, as GitHub answers.
   */
  private async commits(repo: FakeRepo, url: URL): Promise<{ status: number; data: unknown }> {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), this.options.maxPerPage ?? 100);
    let log: string;
    try {
      // Without blocking the server: an organisation's clones are served by this same event loop.
      log = await gitOutput([
        '--git-dir',
        repo.dir,
        'log',
        `-${perPage}`,
        '--format=%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s',
        `refs/heads/${repo.defaultBranch ?? 'main'}`,
      ]);
    } catch {
      return { status: 409, data: { message: 'Git Repository is empty.', documentation_url: 'https://docs.github.com/rest' } };
    }
    const account = (email: string): Partial<components['schemas']['simple-user']> | null => {
      const found = this.options.accounts?.find((a) => a.emails.some((e) => e.toLowerCase() === email.toLowerCase()));
      return found ? { login: found.login, id: found.login.length, type: found.type, site_admin: false } : null;
    };
    const data = log
      .split('\n')
      .filter(Boolean)
      .map((line): Partial<components['schemas']['commit']> => {
        const [sha, an, ae, ad, cn, ce, cd, subject] = line.split('\0') as [string, string, string, string, string, string, string, string];
        return {
          sha,
          url: `${this.url}/api/v3/repos/${repo.owner}/${repo.name}/commits/${sha}`,
          commit: {
            url: `${this.url}/api/v3/repos/${repo.owner}/${repo.name}/git/commits/${sha}`,
            author: { name: an, email: ae, date: ad },
            committer: { name: cn, email: ce, date: cd },
            message: subject,
            comment_count: 0,
            tree: { sha: '', url: '' },
          },
          author: account(ae) as components['schemas']['commit']['author'],
          committer: account(ce) as components['schemas']['commit']['committer'],
          parents: [],
        };
      });
    return { status: 200, data };
  }

  private root(token: string | null) {
    const notFound = (path: string) =>
      new GraphQLError(`Could not resolve to a Repository with the name '${path}'.`, { extensions: { type: 'NOT_FOUND' } });
    return {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = this.repo(owner, name, token);
        if (!repo) throw notFound(`${owner}/${name}`);
        const pulls = repo.pulls ?? [];
        return {
          nameWithOwner: `${repo.owner}/${repo.name}`,
          isArchived: repo.archived ?? false,
          defaultBranchRef: {
            name: repo.defaultBranch ?? 'main',
            branchProtectionRule: repo.protection
              ? {
                  requiresApprovingReviews: repo.protection.requiredReviews > 0,
                  requiredApprovingReviewCount: repo.protection.requiredReviews,
                  requiresCodeOwnerReviews: repo.protection.codeOwnerReviews,
                  isAdminEnforced: repo.protection.adminsEnforced,
                }
              : null,
          },
          pullRequests: ({ states, first = 30, after, orderBy }: ConnectionArgs & { states?: string[] }) => {
            const listed = ordered(
              pulls.filter((p) => !states || states.includes(p.state)),
              orderBy,
              (p) => (orderBy?.field === 'UPDATED_AT' ? (p.updatedAt ?? p.mergedAt ?? p.createdAt) : p.createdAt),
            );
            return connection(listed, first, after, (p) => ({
              ...p,
              updatedAt: p.updatedAt ?? p.mergedAt ?? p.createdAt,
              baseRefName: p.baseRefName ?? repo.defaultBranch ?? 'main',
              mergedAt: p.mergedAt ?? null,
              commits: { nodes: [{ commit: { authoredDate: p.firstCommitAt } }] },
            }));
          },
          collaborators: ({ affiliation = 'ALL' }: { affiliation?: string }) => {
            // As on GitHub: listing collaborators needs push access, here: any token.
            if (!token)
              throw new GraphQLError('Must have push access to view repository collaborators.', { extensions: { type: 'FORBIDDEN' } });
            const list = (repo.collaborators ?? []).filter((c) => affiliation !== 'OUTSIDE' || c.outside);
            return {
              edges: list.map((c) => ({ permission: c.permission, node: { login: c.login } })),
              nodes: list.map((c) => ({ login: c.login })),
            };
          },
          releases: ({ first = 30, after, orderBy }: ConnectionArgs) =>
            connection(
              ordered(repo.releases ?? [], orderBy, (r) => r.createdAt),
              first,
              after,
              (r) => ({ isPrerelease: false, isDraft: false, ...r }),
            ),
          deployments: ({ first = 30, after, orderBy }: ConnectionArgs) =>
            connection(
              ordered(repo.deployments ?? [], orderBy, (d) => d.createdAt),
              first,
              after,
              (d) => ({
                environment: d.environment,
                createdAt: d.createdAt,
                latestStatus: { state: d.state, createdAt: d.stateAt ?? d.createdAt },
              }),
            ),
          discussions: ({ first = 30, after }: { first?: number; after?: string | null }) => {
            const all = [...(repo.discussions ?? [])].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
            const start = after ? Number(after) : 0;
            const nodes = all.slice(start, start + Math.min(first, this.options.maxPerPage ?? 100)).map((d) => ({
              number: d.number,
              title: d.title,
              body: d.body,
              createdAt: d.createdAt,
              closed: Boolean(d.closedAt),
              closedAt: d.closedAt ?? null,
              url: `${this.url}/${repo.owner}/${repo.name}/discussions/${d.number}`,
              author: d.author ? { login: d.author } : null,
              authorAssociation: d.association ?? 'MEMBER',
              category: { name: d.category },
            }));
            const end = start + nodes.length;
            return { nodes, pageInfo: { hasNextPage: end < all.length, endCursor: nodes.length ? String(end) : null } };
          },
          issues: ({ first = 30, after, orderBy, labels }: ConnectionArgs & { labels?: string[] }) =>
            connection(
              ordered(
                (repo.issues ?? []).filter((i) => !labels || labels.some((l) => i.labels?.includes(l))),
                orderBy,
                (i) => i.createdAt,
              ),
              first,
              after,
              (i) => ({
                number: i.number,
                createdAt: i.createdAt,
                closedAt: i.closedAt ?? null,
                labels: { nodes: (i.labels ?? []).map((name) => ({ name })) },
                comments: { nodes: i.firstCommentAt ? [{ createdAt: i.firstCommentAt }] : [] },
              }),
            ),
        };
      },
      organization: ({ login }: { login: string }) => {
        const owner = this.options.owners.find((o) => o.login.toLowerCase() === login.toLowerCase() && o.type === 'Organization');
        if (!owner)
          throw new GraphQLError(`Could not resolve to an Organization with the login of '${login}'.`, {
            extensions: { type: 'NOT_FOUND' },
          });
        return {
          login: owner.login,
          teams: {
            nodes: Object.entries(owner.teams ?? {}).map(([slug, members]) => ({
              slug,
              members: { nodes: members.map((m) => ({ login: m })) },
            })),
          },
        };
      },
    };
  }

  /** Smart HTTP through `git http-backend`, as a CGI. */
  private git(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    token: string | null,
    record: (status: number) => void,
  ): void {
    const match = /^\/([^/]+)\/([^/]+?)(\.git)?(\/.*)$/.exec(url.pathname);
    const wiki = match?.[2]?.endsWith('.wiki') ?? false;
    const named = match ? this.repo(match[1]!, wiki ? match[2]!.slice(0, -'.wiki'.length) : match[2]!, token) : undefined;
    const repo = named && wiki ? (named.wikiDir ? { ...named, dir: named.wikiDir } : undefined) : named;
    if (!match || !repo) {
      record(404);
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Repository not found.');
    }
    const env = {
      ...FIXTURE_ENV,
      GIT_PROJECT_ROOT: repo.dir.slice(0, repo.dir.lastIndexOf('/')),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo.dir.slice(repo.dir.lastIndexOf('/') + 1)}${match[4]}`,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(body.length),
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
    };
    // Through blueprint's own spawner when it runs: a fork of a test worker costs ten times more.
    const child = spawnThroughSpawner('git', ['http-backend'], env) ?? spawn('git', ['http-backend'], { env });
    child.stdin.on('error', () => undefined); // http-backend may finish before reading a body it does not need
    child.stdin.end(body);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      record(status);
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    child.on('close', () => res.end());
  }
}

/** `count` dates `stepHours` apart, the newest `newest`, newest first: the dates of a long list of a fixture. */
export function datedSeries(count: number, stepHours: number, newest: string): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(newest) - i * stepHours * 3_600_000).toISOString());
}
