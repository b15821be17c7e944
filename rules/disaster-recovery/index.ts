import {
  absentOutcome,
  findingsFrom,
  findRecords,
  noun,
  RECORD_MESSAGES,
  recordTimeline,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const TEST_FOLDERS = ['docs/dr', 'docs/disaster-recovery', 'docs/dr-tests', 'docs/gamedays', 'dr'];
export const RUNBOOK_FOLDERS = ['docs/runbooks', 'runbooks', 'docs/playbooks'];

const DURATION = String.raw`\d+(?:[.,]\d+)?\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)\b`;
/** Each phase: its name, then a duration on the same line ("Time to detect: 4 min", "Recovered after 2 h"). */
export const PHASES = {
  detect: new RegExp(String.raw`\b(detect(ed|ion)?|noticed|alerted)\b[^\n]*?${DURATION}`, 'i'),
  diagnose: new RegExp(String.raw`\b(diagnos(e|ed|is)|root cause|identified|triage(d)?)\b[^\n]*?${DURATION}`, 'i'),
  recover: new RegExp(String.raw`\b(recover(ed|y)?|restored?|mitigated|resolved)\b[^\n]*?${DURATION}`, 'i'),
} as const;

export const options = z.strictObject({
  perYear: z.number().int().positive().default(2).describe('Real disaster-recovery tests expected in the last 12 months.'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are DR test records.'),
  whenAbsent: whenAbsentOption('DR test records'),
});
export type DisasterRecoveryOptions = z.infer<typeof options>;

const MESSAGES = {
  ...RECORD_MESSAGES,
  'too-few-tests': '{tests} disaster-recovery {noun} in the last 12 months; run at least {perYear}.',
  'phases-not-timed': 'The latest DR test does not record the time to {phases}.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<DisasterRecoveryOptions>({
  meta: {
    id: 'disaster-recovery',
    pillar: 'shield',
    description: 'Real disaster-recovery tests run at least twice a year and record how long it took to detect, diagnose and recover.',
    risk: 'high',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'dr-test',
      summary: 'a disaster-recovery test record with the times to detect, diagnose and recover',
      defaultName: 'recovery-test',
      path: ({ date, name }) => `${TEST_FOLDERS[0]}/${date}-${name}.md`,
      text: ({ date, title }) => `# DR test: ${title} (${date})

<!-- A real test, not a tabletop exercise: actually break it (kill the database, take a
     region down) and time each phase. The first one is meant to hurt. -->

## What we broke
<!-- The failure, where, and who knew in advance. -->

## Timeline
<!-- Write each time with its unit, e.g. "Detected after 4 min". -->
- Time to detect:
- Time to diagnose:
- Time to recover:

## Targets for next time
<!-- A target for each phase, and what must change to reach it. -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Run a real recovery test (restore a database from backup, fail over a region) twice a year and record each in docs/dr/YYYY-MM-DD.md with the time to detect, diagnose and recover.',
    standard: (o) =>
      `Real recovery tests at least ${o.perYear} times a year, each recording the time to detect, diagnose and recover, with targets for each.`,
    firstSteps: [
      'Pick the failure that would hurt most (the main database, a region) and schedule a real recovery test.',
      'Run it, timing detection, diagnosis and recovery, and record it in docs/dr/ (`blueprint scaffold dr-test`).',
      'Fix what broke, set a target for each phase, and book the next test in six months.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const [tests, runbooks] = await Promise.all([findRecords(repo, TEST_FOLDERS, options.paths), findRecords(repo, RUNBOOK_FOLDERS)]);
    if (!tests.length) {
      return absentOutcome(
        options.whenAbsent,
        { what: 'disaster-recovery test records', where: 'docs/dr/YYYY-MM-DD.md', scaffold: 'dr-test' },
        {
          tests: 0,
          testsLastYear: 0,
          daysSinceLast: null,
          phasesRecorded: [],
          runbooks: runbooks.length,
        },
      );
    }
    const { daysSinceLast, inLastYear: lastYear } = recordTimeline(tests, now);
    const latest = tests[0]!;
    const phasesRecorded = (Object.keys(PHASES) as Array<keyof typeof PHASES>).filter((p) => PHASES[p].test(latest.text));
    const findings: Finding[] = [];
    if (lastYear < options.perYear)
      findings.push(say.warning('too-few-tests', { tests: lastYear, noun: noun(lastYear, 'test'), perYear: options.perYear }, latest.path));
    const missing = Object.keys(PHASES).filter((p) => !phasesRecorded.includes(p as keyof typeof PHASES));
    if (missing.length) findings.push(say.warning('phases-not-timed', { phases: missing.join(', ') }, latest.path));
    const cadence = Math.min(1, lastYear / options.perYear) * 5;
    const recent = daysSinceLast !== null && daysSinceLast <= 365 / options.perYear ? 2 : 0;
    const score = cadence + recent + phasesRecorded.length;
    return {
      score: round(score, 2),
      metrics: {
        tests: tests.length,
        latest: latest.path,
        testsLastYear: lastYear,
        daysSinceLast,
        phasesRecorded,
        runbooks: runbooks.length,
      },
      findings,
    };
  },
});
