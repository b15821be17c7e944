import {
  absentOutcome,
  daysAgo,
  findingsFrom,
  findRecords,
  freshnessPoints,
  itemsUnder,
  RECORD_MESSAGES,
  recordTimeline,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = ['docs/process-reviews', 'docs/process-review', 'docs/retros', 'docs/retrospectives', 'process-reviews'];
const TOP_THREE = /top[ -]?(three|3)|problems|issues|pain ?points|actions|commitments|what we will fix/i;
const OWNER = /@[\w-]+|\bowner\s*:|\bowned by\b|\(([A-Z][\w.-]*)(\s[A-Z][\w.-]*)?\)\s*$|—\s*[A-Z][\w.-]+\s*$/;

export const options = z.strictObject({
  maxAgeDays: z.number().positive().default(92).describe('Days after which the next process review is due (quarterly).'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are process-review records.'),
  whenAbsent: whenAbsentOption('process review records'),
});
export type ProcessReviewOptions = z.infer<typeof options>;

/** The items of the review's "top three problems" list, and whether each names an owner. */
export function topProblems(text: string): Array<{ text: string; owned: boolean }> {
  return (itemsUnder(text, TOP_THREE) ?? []).map((item) => ({ text: item, owned: OWNER.test(item) }));
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'review-overdue': 'The last process review was {when}; hold one every {maxAgeDays} days.',
  'no-top-three': 'The latest process review has no list of the top three problems.',
  'top-three-unowned': 'Not every one of the top three problems has an owner (@name or "owner:").',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<ProcessReviewOptions>({
  meta: {
    id: 'process-reviews',
    pillar: 'stretch',
    description: 'Once a quarter the team reviews how it builds, and commits to its top three problems, each with an owner.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'process-review',
      summary: 'a quarterly process review: how we build, the top three problems and their owners',
      defaultName: 'process-review',
      path: ({ date }) => `${FOLDERS[0]}/${date}.md`,
      text: ({ date }) => `# Process review, ${date}

<!-- One hour, once a quarter, separate from retrospectives: not what we built but how we
     build. Bring the last review and \`blueprint plan\`. -->

## What slows us down
<!-- Everything people raise: waiting, rework, manual steps, unclear ownership. -->

## Top three problems
<!-- The three to fix before the next review, as a numbered list, each with an owner,
     like this: "Releases wait for a manual approval (owner: @name)". -->

## Since the last review
<!-- Did last quarter's three get fixed? What got in the way? -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Hold a one-hour process review every quarter, separate from retrospectives; record it in docs/process-reviews/YYYY-MM-DD.md with the top three problems and an owner for each.',
    standard: (o) =>
      `A one-hour review of how the team builds every ${o.maxAgeDays} days, separate from retrospectives, ending with the top three problems and an owner for each.`,
    firstSteps: [
      'Book one hour this quarter for a process review, separate from retrospectives.',
      'Collect what slows the team down, causes rework or frustrates people; pick the top three.',
      'Give each of the three an owner and record it in docs/process-reviews/ (`blueprint scaffold process-review`); check them at the next review.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const reviews = await findRecords(repo, FOLDERS, options.paths);
    if (!reviews.length) {
      return absentOutcome(
        options.whenAbsent,
        { what: 'process review records', where: 'docs/process-reviews/YYYY-MM-DD.md', scaffold: 'process-review' },
        {
          reviews: 0,
          daysSinceLast: null,
          reviewsLastYear: 0,
          hasTopThree: false,
          topThreeOwned: false,
        },
      );
    }
    const { daysSinceLast, inLastYear: lastYear } = recordTimeline(reviews, now);
    const latest = reviews[0]!;
    const problems = topProblems(latest.text);
    const hasTopThree = problems.length >= 3;
    const topThreeOwned = hasTopThree && problems.slice(0, 3).every((p) => p.owned);
    const findings: Finding[] = [];
    const fresh = freshnessPoints(daysSinceLast, options.maxAgeDays, 5);
    if (fresh < 5)
      findings.push(say.warning('review-overdue', { when: daysAgo(daysSinceLast), maxAgeDays: options.maxAgeDays }, latest.path));
    if (!hasTopThree) findings.push(say.warning('no-top-three', {}, latest.path));
    else if (!topThreeOwned) findings.push(say.warning('top-three-unowned', {}, latest.path));
    const score = fresh + (hasTopThree ? 2 : 0) + (topThreeOwned ? 1 : 0) + Math.min(1, lastYear / 4) * 2;
    return {
      score: round(score, 2),
      metrics: { reviews: reviews.length, latest: latest.path, daysSinceLast, reviewsLastYear: lastYear, hasTopThree, topThreeOwned },
      findings,
    };
  },
});
