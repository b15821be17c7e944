/**
 * The practices whose evidence is records (dated documents), and who they belong to by default:
 * access reviews, DR tests and process reviews are the organisation's; briefs, hypotheses, PoCs,
 * MVP metrics, experiments and feedback belong to a product, here one repository unless a team
 * groups several.
 */
export type Scope = 'repository' | 'team' | 'organisation';
export const SCOPES: readonly Scope[] = ['repository', 'team', 'organisation'];

export const RECORD_PRACTICES: Readonly<Record<string, Scope>> = {
  'access-review': 'organisation',
  'disaster-recovery': 'organisation',
  'process-reviews': 'organisation',
  'product-briefs': 'repository',
  hypotheses: 'repository',
  'poc-sharing': 'repository',
  'mvp-metrics': 'repository',
  experiments: 'repository',
  'feedback-loop': 'repository',
};

export const RECORD_PRACTICE_IDS = Object.keys(RECORD_PRACTICES).sort();

export function isRecordPractice(id: string): boolean {
  return Object.hasOwn(RECORD_PRACTICES, id);
}

/** Where a repository's records come from, as blueprint.yml's `records:` lists them (resolved). */
export type RecordSourceSpec =
  | { kind: 'self'; practices: string[] | null }
  | { kind: 'repo'; repo: string; path: string; practices: string[] | null }
  | { kind: 'wiki'; url: string | null; path: string; practices: string[] | null }
  | {
      kind: 'issues';
      label: string | null;
      title: string | null;
      state: 'open' | 'closed' | 'all';
      repo: string | null;
      practices: string[] | null;
    }
  | { kind: 'discussions'; category: string | null; title: string | null; repo: string | null; practices: string[] | null };

export const SELF_ONLY: readonly RecordSourceSpec[] = [{ kind: 'self', practices: null }];

/** Whether a source serves a practice: the ones it names, else every practice. */
export function serves(source: RecordSourceSpec, practice: string): boolean {
  return source.practices === null || source.practices.includes(practice);
}

export interface TeamSpec {
  /** Repository names (or owner/name), as globs. */
  repositories: string[];
  /** The slug of a team on the organisation's forge (blueprint.yml's `github` key), whose repositories belong to the team too. */
  forgeTeam: string | null;
  /** The team's record sources, or null for the organisation's. */
  records: RecordSourceSpec[] | null;
}
