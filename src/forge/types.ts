import type { Capability, ForgeData } from '../types.ts';

/** A repository on a forge, as a target or an organisation listing names it. */
export interface ForgeRepoName {
  owner: string;
  name: string;
}

/** Which of an organisation's repositories to audit. */
export interface RepoFilter {
  /** Name globs: only repositories matching one of them (all when empty). */
  include?: readonly string[] | undefined;
  /** Name globs: never these. */
  exclude?: readonly string[] | undefined;
  /** Only repositories with one of these topics (all when empty). */
  topics?: readonly string[] | undefined;
  /** Take archived repositories too. */
  archived?: boolean | undefined;
  /** Take forks too. */
  forks?: boolean | undefined;
}

/** What a run gives a forge when it connects. */
export interface ConnectContext {
  /** Folder of blueprint's cache (HTTP answers, forge data), or null for none. */
  cacheDir: string | null;
  /** Things the user should know that are not errors (a rate-limit wait). */
  onWarning?: ((message: string) => void) | undefined;
  /**
   * The oldest date the run sees the forge's data at (an audit of a past date, a trend's first
   * point): lists of dated entries are read back to it, as far as the forge allows. Absent: the
   * run sees today's data alone, and the forge reads the newest of each list.
   */
  readBackTo?: Date | undefined;
}

/**
 * A forge (GitHub, GitLab, …): where a repository's git clone comes from, and what the forge knows
 * beyond git (pull requests, branch protection, teams). The object is cheap to load; `connect`
 * brings in the API client, so a run without the forge's repositories never pays for it.
 * `Options` are the options of `audit()` the forge reads (its server URL, token, shorthand flag).
 */
export interface Forge<Options = unknown> {
  /** Short name; a target `<id>:owner/name` names one of its repositories. */
  readonly id: string;
  /** The forge's name in messages ("GitHub"). */
  readonly title: string;
  /** What a repository of this forge adds to its git clone, when the forge's data could be read. */
  readonly capabilities: readonly Capability[];
  /** The repository a target names on this forge, or null when it names none of its repositories. */
  parseTarget(input: string, options: Options): ForgeRepoName | null;
  /** Whether `audit({ org })` lists an organisation of this forge. */
  listsOrganisations(options: Options): boolean;
  /**
   * The repository in which an organisation keeps what its repositories share (GitHub's `.github`):
   * its blueprint.yml is the organisation's blueprint. Absent: only --config gives one.
   */
  readonly organisationRepository?: string | undefined;
  /** What besides repositories a connection lists as a blueprint's records (through `listRecords`). */
  readonly recordKinds?: readonly ForgeRecordKind[] | undefined;
  /** Connects for one run: checks the options, reads credentials, builds the API client. */
  connect(options: Options, context: ConnectContext): Promise<ForgeConnection>;
}

/** A forge for the length of one run, shared by all of its repositories. */
export interface ForgeConnection {
  /** What the user should be told once per run, however many repositories it has (no token, say). */
  readonly warnings: readonly string[];
  /** Values never to print (tokens): taken out of every message a target's error carries. */
  readonly secrets: readonly string[];
  /** The repositories of an organisation (or user) that pass the filter, sorted by name. */
  listOrganisation(organisation: string, filter: RepoFilter): Promise<ForgeRepoName[]>;
  /** Starts reading the forge's data for every repository of the run at once (the forge may batch). */
  prepare(repos: readonly ForgeRepoName[]): void;
  /** How to clone one repository, and what the forge says about it. */
  open(repo: ForgeRepoName): ForgeRepository;
  /** How to clone a repository whose files alone are read (a handbook of records): no forge data is asked for. */
  clone(repo: ForgeRepoName): GitAccess;
  /** How to clone a repository's wiki; absent where the forge keeps no wiki as git. */
  wiki?(repo: ForgeRepoName): GitAccess;
  /** Issues or discussions of a repository kept as records (one of the forge's `recordKinds`). */
  listRecords?(repo: ForgeRepoName, query: ForgeRecordQuery): Promise<ForgeRecordList>;
  /** owner/name of every repository a team of the organisation has access to (blueprint.yml's `teams.<name>.github`). */
  listTeam?(organisation: string, team: string): Promise<string[]>;
}

/** Where git fetches a repository from. */
export interface GitAccess {
  /** The URL to clone, without credentials. */
  cloneUrl: string;
  /** Environment for git (credentials as GIT_CONFIG_* entries): never on a command line, never on disk. */
  gitEnv?: Record<string, string> | undefined;
}

/** What a forge keeps besides repositories that can hold a blueprint's records. */
export type ForgeRecordKind = 'issues' | 'discussions';

/** Which issues or discussions are records. */
export type ForgeRecordQuery =
  | {
      kind: 'issues';
      label: string | null;
      /** A case-insensitive regular expression over the title. */
      title: string | null;
      state: 'open' | 'closed' | 'all';
    }
  | {
      kind: 'discussions';
      /** The category's name (case-insensitive). */
      category: string | null;
      title: string | null;
    };

/** An issue or a discussion kept as a record. */
export interface ForgeRecord {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
  author: string | null;
  /** The record's page. */
  url: string;
  labels: string[];
}

/** The records a query picked, newest first, and whether the forge's cap cut the list short. */
export interface ForgeRecordList {
  records: ForgeRecord[];
  truncated: boolean;
}

/** One repository of a forge, ready to clone. */
export interface ForgeRepository extends GitAccess {
  /** The forge's data; rejects with RepositoryNotFound when the forge has no such repository. */
  data: Promise<ForgeData>;
  /** Notes for this repository's report: where its evidence comes from, what the run could not see. */
  notes: readonly string[];
  /** When `data` failed: the note for the report, and why the forge's evidence is missing (the capability's limit). */
  unavailable(error: unknown): { note: string; limit: string };
}

/** How a target names a forge's repository: `<id>:owner/name`. */
export function forgeTarget(forge: Pick<Forge, 'id'>, repo: ForgeRepoName): string {
  return `${forge.id}:${repo.owner}/${repo.name}`;
}

/** One key per repository of a forge, whatever the case a target wrote it in. */
export function repoKey(repo: ForgeRepoName): string {
  return `${repo.owner}/${repo.name}`.toLowerCase();
}
