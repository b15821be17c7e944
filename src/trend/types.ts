import type { Pillar, RepoReport, RuleStatus } from '../types.ts';

/** The result of `trend()`: each target audited at a series of past dates (docs/trend.schema.json). */
export interface TrendReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string;
  /** First and last sample date asked for (ISO), and the step as given (`30d`, `month`, `quarter`). */
  since: string;
  until: string;
  every: string;
  /** Smallest move of a rule's score (0–10 scale) between consecutive points that is attributed. */
  threshold: number;
  repos: TrendRepo[];
  /** With two or more repositories (or an organisation): their mean scores at each date. */
  organisation?: TrendOrganisation;
  /** With `shard`: the slice of the targets traced; the organisation row is over its repositories. */
  shard?: TrendShard;
}

/** What a shard's JSON says of its slice, so that `blueprint merge` can check and combine the shards. */
export interface TrendShard {
  index: number;
  count: number;
  /** How many targets the whole trend has, every shard's together. */
  total: number;
  /** Each repository's place (from 0) among the whole trend's targets, in the order of `repos`. */
  positions: number[];
  /** What every point was audited against: shards of different blueprints are not one trend. */
  blueprint: {
    /** The `--config` file as given, or null for each repository's own blueprint.yml at each point. */
    config: string | null;
    /** `sha256:<hex>` of that file, or null without one (or when it could not be read). */
    digest: string | null;
    /** The `--rule` ids, sorted, or null for every rule. */
    rules: string[] | null;
  };
}

export interface TrendOrganisation {
  /** The organisation traced with `org`, or null for a list of repositories. */
  name: string | null;
  /** Oldest first, one per sample date. */
  points: TrendOrganisationPoint[];
}

export interface TrendOrganisationPoint {
  date: string;
  /** Repositories with an overall score at the date, which the overall mean is over. */
  repos: number;
  /** Each the mean over the repositories that have that score at the date (0–100, one decimal). */
  overall: number | null;
  pillars: Record<Pillar, number | null>;
}

export interface TrendRepo {
  target: string;
  status: 'ok' | 'error';
  error: string | null;
  /** The branch whose first-parent line is sampled. */
  defaultBranch: string | null;
  /** Oldest first. */
  points: TrendPoint[];
  /** Oldest first, then by rule id. */
  changes: TrendChange[];
}

export interface TrendRuleScore {
  status: RuleStatus;
  score: number | null;
}

export interface TrendPoint {
  /** The sample date, which is also the audit's reference time (ISO). */
  date: string;
  /** The default branch's last first-parent commit at or before the date, or null when there was none yet. */
  commit: string | null;
  committedAt: string | null;
  /** 0–100, as the audit's `score`. */
  overall: number | null;
  pillars: Record<Pillar, number | null>;
  /** By rule id, in the audit's rule order. */
  rules: Record<string, TrendRuleScore>;
  complete: boolean;
  /** Why the point says less than an audit of today would (no commit yet, forge data not dated). */
  notes: string[];
  /** The whole audit report of the point, as `audit({ ref: commit, now: date })` gives it; left out of the JSON output. */
  report?: RepoReport;
}

export interface AttributedCommit {
  sha: string;
  /** Author date (ISO). */
  date: string;
  author: string;
  subject: string;
  /** One line: what the commit did to the rule's evidence ("CODEOWNERS deleted in 3f2c1a0"). */
  explanation: string;
}

export interface TrendChange {
  rule: string;
  pillar: Pillar;
  direction: 'rise' | 'drop';
  from: { date: string; commit: string | null; score: number };
  to: { date: string; commit: string | null; score: number };
  delta: number;
  /** What moved the score, in one line. */
  explanation: string;
  /** Commits between the two points that touched the rule's evidence, newest first. */
  commits: AttributedCommit[];
  /** How many more such commits there were beyond the ones listed. */
  moreCommits: number;
}
