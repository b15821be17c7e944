import {
  absentOutcome,
  countWithin,
  findingsFrom,
  findRecords,
  NOT_THE_PROJECTS,
  noun,
  RECORD_MESSAGES,
  recordTimeline,
  round,
  sectionNames,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

/**
 * Folder names that hold experiment, spike or decision records, at any depth: `docs/experiments/`,
 * `adrs/` (cloud-foundation-fabric), `doc/adr/` (adr-tools), `docs/decisions/` (MADR),
 * `docs/adr/` (log4brains), `architecture/decisions/`, `services/x/docs/adr/` in a monorepo.
 */
export const RECORD_FOLDERS = [
  'experiments',
  'experiment',
  'spikes',
  'spike',
  'adr',
  'adrs',
  'decisions',
  'decision-records',
  'decision-log',
  'architecture-decisions',
  'architecture-decision-records',
];
const RECORD_FOLDER = new RegExp(String.raw`(^|/)(${RECORD_FOLDERS.join('|')})/`, 'i');
const isRecordPath = (path: string) => RECORD_FOLDER.test(path) && !NOT_THE_PROJECTS.test(path);
/** A write-up produced learning when it says what came out of it. */
const LEARNING = /\b(learn(ed|ings?|t)?|findings?|outcomes?|results?|conclusions?|consequences|decision|takeaways?|what we found)\b/i;
/** `spike/…`, `experiment/…`, `exp/…`, `poc/…`, also under a person's prefix (`ds/experiment/…`, `sams/exp/…`). */
const SPIKE_BRANCH = /^refs\/(?:heads|remotes\/[^/]+)\/(?:[^/]+\/)?(?:spike|spikes|experiment|experiments|exp|poc)\//i;

export const options = z.strictObject({
  perQuarter: z
    .number()
    .int()
    .positive()
    .default(3)
    .describe('Experiment or spike write-ups expected in the last 90 days (one sprint a month).'),
  maxAgeDays: z.number().positive().default(45).describe('Days after which the newest write-up counts as stale.'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are experiment records.'),
  whenAbsent: whenAbsentOption('experiment write-ups or spike branches'),
});
export type ExperimentOptions = z.infer<typeof options>;

const MESSAGES = {
  ...RECORD_MESSAGES,
  'spikes-without-write-up': '{branches} spike or experiment {noun}, but no write-up of what they taught; add one in docs/experiments/.',
  'too-few-write-ups': '{recent} experiment {noun} in the last 90 days; aim for {perQuarter} (about one sprint a month).',
  'write-ups-stale': 'The newest write-up is {age}; the last {maxAgeDays} days saw none.',
  'no-learning-section': 'The write-up has no section on what was learned (Learnings, Outcome, Decision…).',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<ExperimentOptions>({
  meta: {
    id: 'experiments',
    pillar: 'stretch',
    description: 'About one sprint a month goes to spikes and experiments, and each leaves a write-up of what was learned.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'experiment',
      summary: 'a spike or experiment write-up that records what was learned',
      defaultName: 'spike',
      path: ({ date, name }) => `docs/${RECORD_FOLDERS[0]}/${date}-${name}.md`,
      text: ({ title, date }) => `# Spike: ${title} (${date})

<!-- Experiments need not ship code; they must produce learning. -->

## What we tried
<!-- The idea, the question it answers, the time box. -->

## What we learned
<!-- Results, numbers, surprises. -->

## What we will do with it
<!-- Adopt, drop, or explore further, and who takes it on. -->
`,
    },
    needs: ['files', 'history', 'refs'],
    options,
    messages: MESSAGES,
    remediation:
      'Set aside about one sprint a month for spikes; end each with a short write-up in docs/experiments/YYYY-MM-DD-<topic>.md (or an ADR) that says what was learned.',
    standard: (o) =>
      `About one sprint a month for spikes and experiments: ${o.perQuarter} write-ups a quarter, the newest under ${o.maxAgeDays} days old, each saying what was learned.`,
    firstSteps: [
      'Reserve one sprint a month (or a day a week) for spikes the team chooses.',
      'End each spike with a one-page write-up: what we tried, what we learned, what we will do (`blueprint scaffold experiment`).',
      "Review the quarter's write-ups in the process review and pick the ideas to adopt.",
    ],
  },
  async evaluate({ repo, options, now }) {
    const [records, refs] = await Promise.all([findRecords(repo, [], options.paths, isRecordPath), repo.refs()]);
    const spikeBranches = refs.filter((r) => !r.symref && SPIKE_BRANCH.test(r.name)).length;
    if (!records.length) {
      if (!spikeBranches) {
        return absentOutcome(
          options.whenAbsent,
          {
            what: 'experiment or spike write-ups',
            where: 'docs/experiments/YYYY-MM-DD-<topic>.md or ADRs in docs/adr/',
            scaffold: 'experiment',
          },
          {
            records: 0,
            daysSinceLast: null,
            recordsLast90Days: 0,
            withLearning: 0,
            spikeBranches,
          },
        );
      }
      return {
        score: 2,
        metrics: { records: 0, daysSinceLast: null, recordsLast90Days: 0, withLearning: 0, spikeBranches },
        findings: [say.warning('spikes-without-write-up', { branches: spikeBranches, noun: noun(spikeBranches, 'branch', 'branches') })],
      };
    }
    const { latest, daysSinceLast } = recordTimeline(records, now);
    const recent = countWithin(records, now, 90);
    const learned = records.map((r) => sectionNames(r.text, { nonEmpty: true }).some((name) => LEARNING.test(name)));
    const withLearning = learned.filter(Boolean).length;
    const findings: Finding[] = [];
    if (recent < options.perQuarter)
      findings.push(say.warning('too-few-write-ups', { recent, noun: noun(recent, 'write-up'), perQuarter: options.perQuarter }));
    const fresh = daysSinceLast !== null && daysSinceLast <= options.maxAgeDays;
    if (!fresh)
      findings.push(
        say.warning(
          'write-ups-stale',
          { age: daysSinceLast === null ? 'undated' : `${Math.floor(daysSinceLast)} days old`, maxAgeDays: options.maxAgeDays },
          latest!.path,
        ),
      );
    for (const [k, record] of records.slice(0, 10).entries()) {
      if (!learned[k]) findings.push(say.info('no-learning-section', {}, record.path));
    }
    const score = 5 * Math.min(1, recent / options.perQuarter) + (fresh ? 2 : 0) + 3 * (withLearning / records.length);
    return {
      score: round(score, 2),
      metrics: { records: records.length, latest: latest!.path, daysSinceLast, recordsLast90Days: recent, withLearning, spikeBranches },
      findings,
    };
  },
});
