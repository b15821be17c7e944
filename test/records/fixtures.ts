/** Records written once and laid out as each kind of source keeps them: a repository's docs/, a handbook's folder, a wiki's flat pages, issues. */
import { ACCESS_REVIEW, DR_TEST, HYPOTHESIS, POC, PROCESS_REVIEW, PRODUCT_BRIEF } from '../../fixtures/repos.ts';
import type { FakeRepo } from '../servers/github.ts';

/** Folder (as in a code repository, under docs/), file name, text, and the issue label that carries it. */
export const RECORDS: Array<{ folder: string; name: string; text: string; label: string; title: string }> = [
  { folder: 'dr', name: '2026-03-10-database-restore.md', text: DR_TEST, label: 'dr-test', title: 'DR test 2026-03-10: database restore' },
  { folder: 'dr', name: '2026-09-15-region-failover.md', text: DR_TEST, label: 'dr-test', title: 'DR test 2026-09-15: region failover' },
  ...['2026-02-16', '2026-05-18', '2026-08-17', '2026-10-19'].map((d) => ({
    folder: 'process-reviews',
    name: `${d}.md`,
    text: PROCESS_REVIEW,
    label: 'process-review',
    title: `Process review ${d}`,
  })),
  { folder: 'access-reviews', name: '2026-10-05.md', text: ACCESS_REVIEW, label: 'access-review', title: 'Access review 2026-10-05' },
  { folder: 'briefs', name: 'reorder.md', text: PRODUCT_BRIEF, label: 'brief', title: 'Brief: one-click reorder' },
  { folder: 'hypotheses', name: 'reorder.md', text: HYPOTHESIS, label: 'hypothesis', title: 'Hypotheses: one-click reorder' },
  { folder: 'poc', name: 'address-autocomplete.md', text: POC, label: 'poc', title: 'PoC: address autocomplete' },
];

export const PRACTICE_OF_LABEL: Record<string, string> = {
  'dr-test': 'disaster-recovery',
  'process-review': 'process-reviews',
  'access-review': 'access-review',
  brief: 'product-briefs',
  hypothesis: 'hypotheses',
  poc: 'poc-sharing',
};

export const RECORD_RULES = Object.values(PRACTICE_OF_LABEL);

export const COMMIT_DATE = '2026-10-20T10:00:00Z';

/** The records under `prefix` (docs/ in a code repository, engineering/ in a handbook). */
export function recordFiles(prefix: string): Record<string, string> {
  return Object.fromEntries(RECORDS.map((r) => [`${prefix}${r.folder}/${r.name}`, r.text]));
}

/** The records as a wiki keeps them: flat pages named after the practice ("Dr-2026-03-10-….md", "Process-review-….md"). */
export function wikiPages(): Record<string, string> {
  const page: Record<string, string> = {
    dr: 'DR-test',
    'process-reviews': 'Process-review',
    'access-reviews': 'Access-review',
    briefs: 'Brief',
    hypotheses: 'Hypotheses',
    poc: 'PoC',
  };
  return Object.fromEntries(RECORDS.map((r) => [`${page[r.folder]}-${r.name}`, r.text]));
}

/** The records as issues, one label per practice, opened on the commit date. */
export function recordIssues(first = 100): NonNullable<FakeRepo['issues']> {
  return RECORDS.map((r, i) => ({
    number: first + i,
    createdAt: COMMIT_DATE,
    title: r.title,
    body: r.text.replace(/^# .*\n/, ''),
    labels: [r.label],
    author: 'grace',
  }));
}

/** A rule's verdict without where its records were: what must be the same wherever they live. */
export function verdict(rule: {
  score: number | null;
  status: string;
  metrics: Record<string, unknown>;
  findings: Array<{ message: string }>;
}) {
  const { latest: _latest, template: _template, ...metrics } = rule.metrics;
  return { score: rule.score, status: rule.status, metrics, findings: rule.findings.map((f) => f.message) };
}
