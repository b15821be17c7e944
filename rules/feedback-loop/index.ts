import {
  absentOutcome,
  daysBetween,
  findingsFrom,
  findRecords,
  forgeData,
  median,
  RECORD_MESSAGES,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

const TEMPLATE_PLACES =
  /^(\.github\/ISSUE_TEMPLATE\/[^/]+\.(md|ya?ml)|\.github\/ISSUE_TEMPLATE\.md|ISSUE_TEMPLATE\.md|docs\/ISSUE_TEMPLATE\.md|\.gitlab\/issue_templates\/[^/]+\.md|\.gitea\/ISSUE_TEMPLATE\/[^/]+\.(md|ya?ml))$/i;
const FEEDBACK = /feedback|feature[ _-]?request|customer|suggestion|idea|user[ _-]?request/i;
export const FEEDBACK_FOLDERS = ['docs/feedback', 'docs/customer-feedback', 'feedback'];

export const options = z.strictObject({
  sprintDays: z.number().positive().default(14).describe('Length of a sprint in days: feedback should be triaged within one.'),
  labels: z
    .array(z.string())
    .default(['feedback', 'customer-feedback', 'user-feedback', 'customer'])
    .describe('Issue labels that mark customer feedback (GitHub).'),
  whenAbsent: whenAbsentOption('feedback templates, notes or labelled issues'),
});
export type FeedbackOptions = z.infer<typeof options>;

const MESSAGES = {
  ...RECORD_MESSAGES,
  'no-feedback-template': 'Issue templates exist, but none is for customer feedback or feature requests.',
  'no-feedback-labels': 'No issues labelled {labels}; label feedback so its triage can be measured.',
  'slow-triage': '{late} of {due} feedback issues waited more than a sprint ({sprintDays} days) for a first response.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<FeedbackOptions>({
  meta: {
    id: 'feedback-loop',
    pillar: 'stretch',
    description: 'Customer feedback has a way in (an issue template) and is reviewed every sprint.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'feedback-template',
      summary: 'a GitHub issue form for customer feedback, labelled "feedback"',
      defaultName: 'feedback',
      path: () => '.github/ISSUE_TEMPLATE/feedback.yml',
      text: () => `name: Customer feedback
description: Something a customer told us, to review at the next sprint planning
labels: [feedback]
body:
  - type: textarea
    id: said
    attributes:
      label: What did the customer say?
      description: Their words where possible, and where it came from (call, ticket, survey).
    validations:
      required: true
  - type: input
    id: who
    attributes:
      label: Who
      description: Customer or segment, without personal data.
  - type: textarea
    id: problem
    attributes:
      label: What problem does it point to?
`,
    },
    needs: ['files'],
    forgeFields: ['issues'],
    options,
    messages: MESSAGES,
    remediation:
      'Add a feedback issue template (.github/ISSUE_TEMPLATE/feedback.yml) and make reviewing new feedback a standing item of sprint planning, so each piece is triaged within a sprint.',
    standard: (o) =>
      `Customer feedback comes in through a template and every piece gets a first response within a sprint (${o.sprintDays} days); reviewing it is a standing item of sprint planning.`,
    firstSteps: [
      'Add a feedback issue template and a label for feedback (`blueprint scaffold feedback-template`).',
      'Make "new customer feedback" a standing item on the sprint planning agenda.',
      'Answer or triage every piece of feedback within the sprint it arrives in, and track the share that makes it.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const [files, notes, forge] = await Promise.all([repo.files(), findRecords(repo, FEEDBACK_FOLDERS), forgeData(repo)]);
    const templates = files.filter((f) => f.kind === 'file' && TEMPLATE_PLACES.test(f.path) && !/\/config\.ya?ml$/i.test(f.path));
    const feedbackTemplates: string[] = [];
    for (const template of templates) {
      const text = (await repo.readText(template.path)) ?? '';
      if (FEEDBACK.test(template.path) || FEEDBACK.test(text.slice(0, 2000))) feedbackTemplates.push(template.path);
    }
    const metrics: Record<string, unknown> = {
      templates: templates.length,
      feedbackTemplates: feedbackTemplates.length,
      feedbackNotes: notes.length,
    };
    const findings: Finding[] = [];
    const local = (templates.length ? 4 : 0) + (feedbackTemplates.length || notes.length ? 6 : 0);
    if (templates.length && !feedbackTemplates.length && !notes.length)
      findings.push(say.warning('no-feedback-template', {}, templates[0]!.path));

    const labels = new Set(options.labels.map((l) => l.toLowerCase()));
    const issues = forge?.issues.filter((i) => i.labels.some((l) => labels.has(l))) ?? [];
    if (!forge || !issues.length) {
      if (!templates.length && !notes.length)
        return absentOutcome(
          options.whenAbsent,
          {
            what: 'feedback templates or feedback notes',
            where: 'a feedback issue template (.github/ISSUE_TEMPLATE/feedback.yml) or notes in docs/feedback/',
            scaffold: 'feedback-template',
            orElse: '',
          },
          metrics,
        );
      if (forge) findings.push(say.info('no-feedback-labels', { labels: options.labels.join(', ') }));
      return { score: round(local, 2), metrics, findings };
    }
    // Feedback younger than a sprint and still untouched is not late yet.
    const latencies: number[] = [];
    let due = 0;
    let onTime = 0;
    for (const issue of issues) {
      const touched = [issue.firstCommentAt, issue.closedAt].filter((d): d is string => d !== null).map((d) => new Date(d).getTime());
      const created = new Date(issue.createdAt);
      const first = touched.length ? new Date(Math.min(...touched)) : null;
      const latency = first ? daysBetween(created, first) : null;
      if (latency !== null) latencies.push(latency);
      if (latency === null && daysBetween(created, now) < options.sprintDays) continue;
      due++;
      if (latency !== null && latency <= options.sprintDays) onTime++;
    }
    const share = due ? onTime / due : 1;
    Object.assign(metrics, {
      feedbackIssues: issues.length,
      triagedWithinSprint: round(share, 3),
      triageMedianDays: latencies.length ? round(median(latencies)!, 1) : null,
    });
    if (share < 1) findings.push(say.warning('slow-triage', { late: due - onTime, due, sprintDays: options.sprintDays }));
    return { score: round(0.5 * local + 5 * share, 2), metrics, findings };
  },
});
