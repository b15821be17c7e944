import type { ZodType } from 'zod';
import type { MinedHistory, UnmergedCommit } from './history/types.ts';

export type { CommitGraph, Identity, MinedHistory, UnmergedCommit } from './history/types.ts';

export type Pillar = 'speed' | 'stretch' | 'shield' | 'sales';
export const PILLARS: readonly Pillar[] = ['speed', 'stretch', 'shield', 'sales'];

export type Risk = 'low' | 'medium' | 'high' | 'critical';
/** Scorecard's risk weights: a critical rule counts four times a low one in the aggregate. */
export const RISK_WEIGHT: Record<Risk, number> = { critical: 10, high: 7.5, medium: 5, low: 2.5 };

/** What a source can provide. A rule that needs a capability its source lacks is skipped. */
export type Capability = 'files' | 'history' | 'refs' | 'forge';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: FindingSeverity;
  message: string;
  /** Repository-relative path with forward slashes, or null when the finding is about the repository. */
  path: string | null;
  line: number | null;
  /**
   * The finding's kind, stable across wordings: a key of the rule's `meta.messages` (e.g.
   * `stale-branch`). Reporters identify findings by rule, code and path (SARIF fingerprints).
   */
  code?: string;
  /** The values filled into the message's placeholders. */
  data?: Record<string, string | number>;
}

export interface TreeEntry {
  path: string;
  /** Git file mode: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  mode: string;
  kind: 'file' | 'symlink' | 'submodule';
  /** Size in bytes of the blob (for symlinks, the length of the link target); -1 when unknown (partial clones). */
  size: number;
}

export interface ReadOptions {
  /** Read cap for this file, in bytes, instead of the audit's (e.g. CODEOWNERS, which GitHub reads up to 3 MB). */
  maxBytes?: number;
}

/**
 * The outcome of reading a file. `unreadable` means the repository should hold the file but it
 * could not be read (an object missing from a partial or damaged clone): the rule could not see
 * its evidence. The other reasons describe the file itself.
 */
export type FileRead =
  | { text: string; why: null }
  | { text: null; why: 'missing' | 'not-a-file' | 'binary' | 'outside' }
  | { text: null; why: 'too-large'; size: number; limit: number }
  | { text: null; why: 'unreadable'; detail: string };

export interface GitRef {
  /** Full ref name, e.g. refs/heads/main or refs/remotes/origin/feature. */
  name: string;
  /** Commit the ref points at (peeled for annotated tags). */
  commit: string;
  /** Target of a symbolic ref, else null. */
  symref: string | null;
  /** When the ref's object was made: the tagger date of an annotated tag, else the commit date. */
  date: Date | null;
}

/** A commit found by its message (see RepoView.searchCommits). */
export interface CommitMessage {
  sha: string;
  /** Author date. */
  date: Date;
  /** The whole message: subject, blank line, body. */
  message: string;
}

/**
 * A judgement of single files (e.g. Linguist's verdict) that depends only on each file's path,
 * mode and contents and on `context`, so that a source may keep its results between audits.
 */
export interface FileJudgement<T> {
  /** Names the judgement and the version of its code: results are kept under it. */
  name: string;
  /** Everything else the results depend on (e.g. the `.gitattributes` in force and the data version). */
  context: string;
  /** Judges these files. Files in `volatile` were judged on a failed read: their results are never kept. */
  judge(entries: readonly TreeEntry[]): Promise<{ results: Map<string, T>; volatile: ReadonlySet<string> }>;
}

/**
 * A value computed from the audited commit's history and `context` alone (e.g. authorship tables),
 * so that a source may keep it between audits of that commit. The value must be plain data (objects,
 * arrays, Maps, Sets, typed arrays: what structured clone keeps), never functions or class instances.
 */
export interface Derivation<T> {
  /** Names the value and the version of its code: values are kept under it. */
  name: string;
  /** Everything else the value depends on besides the audited commit (options, forge data, the files measured). */
  context: string;
  /**
   * Computes the value. `previous` is, when the source has one, the value derived under the same
   * name and context at another commit of the repository (an earlier audit, before a push): only
   * what does not depend on the commit may be taken from it (e.g. per-identity verdicts).
   */
  derive(previous: T | undefined): T | Promise<T>;
}

/**
 * Read-only view of one repository at one revision. It is the only way a rule sees a repository,
 * so the same rule runs on a local clone or a forge API. Every method is memoised by the source.
 */
export interface RepoView {
  readonly capabilities: ReadonlySet<Capability>;
  /** Commit id being audited. */
  readonly commit: string;
  /** Tracked entries at the audited revision, sorted by path. */
  files(): Promise<readonly TreeEntry[]>;
  /** Whether a tracked file (or symlink) exists at this path. */
  has(path: string): Promise<boolean>;
  /**
   * UTF-8 text of a tracked file, or null when it is missing, binary, larger than the read cap,
   * a submodule, or a symlink that leaves the repository.
   */
  readText(path: string, options?: ReadOptions): Promise<string | null>;
  /** Like readText, but says why there is no text. */
  readFile(path: string, options?: ReadOptions): Promise<FileRead>;
  /** Date of the last commit (up to the audited revision) that changed the path, or null. */
  lastChanged(path: string): Promise<Date | null>;
  refs(): Promise<readonly GitRef[]>;
  /** Short name of the default branch (e.g. "main"), or null when it cannot be told. */
  defaultBranch(): Promise<string | null>;
  /** One pass over the history of the audited revision, shared by every rule (capability 'history'). */
  history(): Promise<MinedHistory>;
  /**
   * Commits of the audited revision's history whose message matches the extended regular
   * expression (git log -E --grep, case-insensitive), newest first, at most `limit`.
   */
  searchCommits(pattern: string, limit?: number): Promise<readonly CommitMessage[]>;
  /**
   * Makes these files cheap to read next (in a partial clone blueprint made, one bounded fetch for
   * all of them rather than one each). Reading without it gives the same results, only slower.
   */
  prefetch?(paths: readonly string[]): Promise<void>;
  /**
   * `judgement.judge(entries)`, the results of files unchanged since an earlier audit of the
   * repository (same path, mode and object, same context) taken from the cache. Results equal
   * judging every file; a source without a cache leaves this out.
   */
  judgeFiles?<T>(judgement: FileJudgement<T>, entries: readonly TreeEntry[]): Promise<Map<string, T>>;
  /**
   * `derivation.derive()`, kept from an earlier audit of this very commit under the same name and
   * context when the source has a cache. The value equals deriving it afresh; a source without a
   * cache leaves this out.
   */
  derive?<T>(derivation: Derivation<T>): Promise<T>;
  /** Commits of local and remote-tracking branches that none of `exclude` (full ref names, or commit ids) reaches. */
  unmergedCommits(exclude: readonly string[]): Promise<readonly UnmergedCommit[]>;
  /** What the forge knows (capability 'forge'); null for a plain git source. */
  forge(): Promise<ForgeData | null>;
}

/** Data only a forge (GitHub) holds: pull requests, branch protection, people and teams. */
export interface ForgeData {
  owner: string;
  name: string;
  defaultBranch: string | null;
  archived: boolean;
  /** Protection of the default branch, or null when it has none. */
  protection: { requiredReviews: number; codeOwnerReviews: boolean; adminsEnforced: boolean } | null;
  /**
   * Recently merged pull requests (one page of 50 by last update; more when a past date is audited:
   * see `completeSince`), with the author date of their first commit.
   */
  mergedPullRequests: Array<{ number: number; createdAt: string; mergedAt: string; baseRef: string; firstCommitAt: string | null }>;
  /** Open pull requests (up to 50), oldest first. */
  openPullRequests: Array<{ number: number; createdAt: string; headRef: string; firstCommitAt: string | null }>;
  /** Admins and outside collaborators, or null when the token may not list them. */
  collaborators: { admins: string[]; outside: string[] } | null;
  /** Members of the owner organisation's teams, by lower-case "org/team". */
  teams: Record<string, string[]>;
  /** Published releases (one page of 100, more for a past date), newest first; drafts are left out. */
  releases: Array<{ tagName: string; publishedAt: string; prerelease: boolean }>;
  /**
   * Deployments (one page of 100, more for a past date), newest first, with the state of their latest status and, where the
   * forge gave it, when that status was set.
   */
  deployments: Array<{ environment: string; createdAt: string; state: string | null; stateAt?: string | null }>;
  /**
   * Recent issues (one page of 100, more for a past date), newest first, with their labels (lower case) and the first sign
   * of triage: the first comment, or the close.
   */
  issues: Array<{ number: number; createdAt: string; closedAt: string | null; labels: string[]; firstCommentAt: string | null }>;
  /**
   * The accounts GitHub links the authors of the default branch's newest commits (up to 100) to,
   * by the commit's author e-mail, one entry per e-mail, sorted by e-mail: `type` as GitHub gives
   * it (`User`, `Bot`, `Organization`). Authors linked to no account are not listed. Absent when
   * the forge data was not read from GitHub's commits (forge data from elsewhere).
   */
  commitAuthors?: Array<{ email: string; login: string; type: string }>;
  /**
   * For each dated list the forge has more of than was read, the date from which what was read
   * holds every entry (older ones were cut off); a list not named here holds every entry the forge
   * has. Absent on forge data that does not say (then every list is taken as whole).
   */
  completeSince?: Partial<Record<DatedForgeField, string>>;
  /**
   * How many entries of each dated list an audit on the day the data was read sees: one page of
   * the forge's. A copy at a past date keeps as many, the newest then, so a past point sees what
   * an audit on that day would have seen however far back the data reaches. Absent: no limit.
   */
  pageSize?: Partial<Record<DatedForgeField, number>>;
  /**
   * For lists of `completeSince` that were to be read further back than they reach, what stopped
   * the reading ("blueprint reads 10 pages (500 entries) at most", a page that failed).
   */
  stoppedBy?: Partial<Record<DatedForgeField, string>>;
  /**
   * Set on a copy cut back to a past date (src/forge/dated.ts): the date, and the fields that
   * cannot be known at it, each with why (branch protection is known only as it is today).
   * Their values in the copy are placeholders, never evidence; rules name what they read in
   * `meta.forgeFields`, and a rule that needs an unknown one is skipped.
   */
  asOf?: { date: string; unknown: Partial<Record<ForgeField, string>> };
}

/** The fields of ForgeData that rules read as evidence. */
export type ForgeField =
  | 'protection'
  | 'collaborators'
  | 'teams'
  | 'commitAuthors'
  | 'archived'
  | 'mergedPullRequests'
  | 'openPullRequests'
  | 'releases'
  | 'deployments'
  | 'issues';

/** The fields whose entries carry dates, so a copy can be cut back to what existed at a past date. */
export type DatedForgeField = 'mergedPullRequests' | 'openPullRequests' | 'releases' | 'deployments' | 'issues';

/** What a repository holds, for rules that apply only to some kinds (infrastructure as code to a service). */
export type ProjectKind = 'service' | 'library' | 'cli' | 'infrastructure' | 'docs';
export const PROJECT_KINDS: readonly ProjectKind[] = ['service', 'library', 'cli', 'infrastructure', 'docs'];

export interface RuleContext<Options> {
  repo: RepoView;
  options: Options;
  /** The project's kind (blueprint.yml's `kind`, else detected), or null when it could not be told. */
  kind: ProjectKind | null;
  /** The audit's reference time. Rules never read the clock. */
  now: Date;
  /** Globs from blueprint.yml that later rules use (critical paths, systems). */
  blueprint: { criticalPaths: readonly string[]; systems: Readonly<Record<string, readonly string[]>> };
}

export interface RuleOutcome {
  /** 0–10, or null when the rule cannot judge (then it is reported as skipped). */
  score: number | null;
  metrics: Record<string, unknown>;
  findings: Finding[];
  /** Why the score is null. */
  reason?: string;
}

export interface RuleMeta<Options> {
  /** kebab-case; equals the rule's folder name under rules/. */
  id: string;
  pillar: Pillar;
  /** One sentence, used by `blueprint rules` and in reports. */
  description: string;
  risk: Risk;
  needs: readonly Capability[];
  /**
   * The forge data (ForgeData's fields) the rule's verdict stands on, when it reads any. Where one
   * of them cannot be known (an audit of a past date: branch protection is known only as it is
   * today), the rule is skipped with the reason. A rule that needs 'forge' and names none is taken
   * to need all of them. Fields a rule only adds detail from (teams, account types) are not named.
   */
  forgeFields?: readonly ForgeField[];
  /** Kinds of project the practice applies to (default: every kind); on another kind the rule is skipped. */
  appliesTo?: readonly ProjectKind[];
  /**
   * The message searches (RepoView.searchCommits patterns) the rule may ask for. A source that
   * walks the whole history anyway can answer them in that walk instead of one more walk each;
   * a pattern not named here is answered all the same, by a walk of its own.
   */
  searches?: readonly string[];
  /** Validates and defaults the rule's options when blueprint.yml loads. */
  options: ZodType<Options>;
  /** What to do when the rule does not pass, in one or two sentences. */
  remediation: string;
  /** The desired state, as the blueprint sets it with these options, in one sentence (for `blueprint plan`; the description when absent). */
  standard?(options: Options): string;
  /** The first three steps that close the gap, in order (for `blueprint plan`; the remediation when absent). */
  firstSteps?: readonly [string, string, string];
  /**
   * The severity in the built-in blueprint (default 'error'). Practices whose records often live
   * outside the repository (a wiki), and measures that inform rather than gate, say 'warn'.
   */
  defaultSeverity?: Severity;
  /** The starter document `blueprint scaffold <practice>` writes for this rule's evidence, where it has one. */
  scaffold?: ScaffoldTemplate;
  /**
   * The wording of the rule's findings: finding code (kebab-case) -> message with `{name}`
   * placeholders filled from the finding's `data` (the rule kit's `findingsFrom` renders them).
   */
  messages?: Record<string, string>;
}

export interface ScaffoldContext {
  /** YYYY-MM-DD of the reference time. */
  date: string;
  /** Slug for the file name and title. */
  name: string;
  title: string;
}

/**
 * A starter document for a record-based practice: the sections its rule looks for, with guidance
 * in HTML comments and the lists left empty, so an untouched starter does not pass for a
 * filled-in record.
 */
export interface ScaffoldTemplate {
  /** The name on the command line (`blueprint scaffold <practice>`). */
  practice: string;
  /** What the practice is, for `blueprint scaffold --list`. */
  summary: string;
  /** The name given when --name is not. */
  defaultName: string;
  /** Where it goes, relative to the repository's top folder: one of the places the rule reads. */
  path(ctx: ScaffoldContext): string;
  /** The document; absent when blueprint drafts it from the repository instead (CODEOWNERS). */
  text?(ctx: ScaffoldContext): string;
}

export interface Rule<Options = unknown> {
  meta: RuleMeta<Options>;
  evaluate(ctx: RuleContext<Options>): Promise<RuleOutcome>;
}

/** Identity helper that keeps a rule's option type tied to its schema. */
export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

// ---------------------------------------------------------------------------------------------
// The report (docs/report.schema.json is its published JSON Schema; see docs/report.md).

export type RuleStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'error';
export type Severity = 'off' | 'warn' | 'error';

export interface RuleResult {
  id: string;
  pillar: Pillar;
  status: RuleStatus;
  score: number | null;
  /** Configured weight (default 1); the aggregate multiplies it by the risk weight. */
  weight: number;
  risk: Risk;
  severity: Exclude<Severity, 'off'> | 'off';
  reason: string | null;
  remediation: string;
  /** The desired state with the configured options (absent from reports of versions before 0.2). */
  standard?: string;
  metrics: Record<string, unknown>;
  findings: Finding[];
  /** Who the practice belongs to, for record practices: repository, team or organisation. */
  scope?: 'repository' | 'team' | 'organisation';
  /**
   * For a practice evaluated once for the organisation or a team: which one (`organisation:acme`,
   * `team:payments`); the result is that evaluation's, shown in every repository it covers.
   */
  sharedFrom?: string;
  /** Where the rule looked for records (blueprint.yml's `records:`), for record practices. */
  recordSources?: string[];
  /** Every record the rule found, and where: sorted by `at`. */
  records?: RecordTrace[];
}

/** One record a rule found, traced to its source. */
export interface RecordTrace {
  /** The record as the rule's findings and metrics name it (a path, `github:acme/handbook:docs/dr/x.md`, `github:acme/shop#12`). */
  at: string;
  /** The source as blueprint.yml names it: `self`, `github:acme/handbook`, `wiki`, `github:acme/shop issues`. */
  source: string;
  kind: 'self' | 'repository' | 'wiki' | 'issues' | 'discussions';
  /** Path inside the source, or null for an issue. */
  path: string | null;
  issue: number | null;
  url: string | null;
  /** The record's date (YYYY-MM-DD), or null when it has none. */
  date: string | null;
  dateFrom: 'name' | 'front-matter' | 'git' | 'forge' | null;
  author: string | null;
  state: 'open' | 'closed' | null;
}

/** Practices evaluated once for an organisation (and its teams), from the organisation's blueprint. */
export interface OrganisationReport {
  name: string;
  blueprint: { source: string };
  notes: string[];
  complete: boolean;
  incomplete: string[];
  /** 0–100 over the organisation-scoped practices, or null when none produced a score. */
  score: number | null;
  pillars: Record<Pillar, PillarScore>;
  /** Organisation-scoped practices, in rule order. */
  rules: RuleResult[];
  /** Teams of the organisation's blueprint, by name, with their team-scoped practices. */
  teams: Array<{ name: string; repositories: string[]; rules: RuleResult[] }>;
}

export interface PillarScore {
  /** 0–100, or null when no rule of the pillar produced a score. */
  score: number | null;
  rules: number;
}

export interface Regression {
  /** Rule id, or null for the repository's overall score. */
  rule: string | null;
  /** Both on the 0–100 scale (rule scores are multiplied by 10). */
  baseline: number;
  current: number;
  delta: number;
}

export interface BaselineComparison {
  /** Overall score in the baseline report. */
  score: number | null;
  delta: number | null;
  tolerance: number;
  rules: Record<string, { baseline: number | null; current: number | null; delta: number | null }>;
  regressions: Regression[];
}

export interface RepoReport {
  /** The path, URL or owner/name as given. */
  target: string;
  /**
   * How people read the repository's name: `owner/name` from a remote, else the folder's name
   * (never "." or an absolute path). Absent from reports of versions before 0.2.
   */
  name?: string;
  status: 'ok' | 'error';
  error: string | null;
  /** The blueprint's own review schedule, from its `review` key. */
  review?: { everyDays: number; next: string | null; owner: string | null };
  /** Absolute path of the repository audited, when local. */
  path: string | null;
  /** Revision asked for (--ref) or "HEAD", and the commit it resolved to. */
  ref: string | null;
  commit: string | null;
  defaultBranch: string | null;
  blueprint: { source: string };
  /** Things about the repository that limit what the audit can say (shallow clone, detached HEAD). */
  notes: string[];
  /** Committer date of the audited commit (ISO), or null when unknown. */
  committedAt?: string | null;
  /**
   * A file that exists at the audited commit, where findings about the whole repository are
   * placed (SARIF): the README, else the first tracked file; null for an empty tree.
   */
  anchor?: string | null;
  /** The kind of project, where it comes from, and the evidence it was detected from. */
  kind?: { kind: ProjectKind | null; source: 'blueprint' | 'detected'; evidence: string[] };
  /**
   * False when the audit could not see everything it needed: a rule errored, history was shallow,
   * or a file a rule needed could not be read. Such a repository never passes a gate (exit 3).
   */
  complete: boolean;
  /** Why the audit is incomplete, one sentence each (empty when complete). */
  incomplete: string[];
  score: number | null;
  pillars: Record<Pillar, PillarScore>;
  rules: RuleResult[];
  baseline: BaselineComparison | null;
  gate: { failUnder: number | null; passed: boolean; failures: string[] };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string;
  blueprint: { source: string };
  repos: RepoReport[];
  /** The organisation row of an organisation audit whose organisation has a blueprint (its `.github` repository). */
  organisation?: OrganisationReport;
  summary: {
    repos: number;
    audited: number;
    errors: number;
    /** Audited repositories whose audit was incomplete (`complete: false`). */
    incomplete: number;
    /** Mean of the audited repositories' scores, or null when none was audited. */
    score: number | null;
    /** Whether every gate (fail-under, baseline) passed for every audited repository. */
    passed: boolean;
    /** Mean score of each pillar over the audited repositories. */
    pillars: Record<Pillar, number | null>;
    /** Every repository with its overall and pillar scores, worst first; failures last. */
    ranking: Array<{
      target: string;
      /** The repository's name as people read it (see RepoReport.name). */
      name?: string;
      status: 'ok' | 'error';
      score: number | null;
      pillars: Record<Pillar, number | null>;
      error: string | null;
    }>;
    /** Per rule, how many audited repositories had each status. */
    rules: Record<string, Record<RuleStatus, number> & { total: number }>;
    /** People two or more audited repositories depend on, most depended on first (see KeyPerson); every audit and merge writes it, reports made before it existed lack it. */
    keyPeople?: KeyPerson[];
  };
}

/**
 * A person two or more audited repositories depend on: in each, they are the only active expert
 * of at least one system of the key-person matrix, or the whole of an active truck factor of 1.
 * Identities that share an e-mail address or a name (ignoring case) are one person, across
 * repositories as within one.
 */
export interface KeyPerson {
  /** The name they go by in most of the repositories naming them (ties: code-unit order), and every e-mail address, lower-cased and sorted. */
  person: { name: string; emails: string[] };
  /** Targets that depend on them, sorted. */
  repositories: string[];
  /** Systems of which they are the only active expert, sorted by repository, then system. */
  systems: Array<{ repository: string; system: string }>;
  /**
   * Targets whose active truck factor is 1 and counts them alone (they are its
   * `activeTruckFactorDevelopers`), sorted: losing them orphans more than half of that code, or
   * leaves it to people who each author under a tenth as many files (whom `avl` mode does not count).
   */
  soleTruckFactor: string[];
  /** Why they are listed, in one sentence. */
  reason: string;
}
