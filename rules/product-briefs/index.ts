import {
  absentOutcome,
  BRIEF_FOLDERS,
  countWords,
  findingsFrom,
  findRecords,
  RECORD_MESSAGES,
  round,
  sectionNames,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = BRIEF_FOLDERS;

export const SECTIONS = ['goals', 'target-user', 'success-criteria', 'owner'] as const;
type Section = (typeof SECTIONS)[number];

const SECTION_PATTERNS: Record<Section, RegExp> = {
  goals: /\b(goals?|objectives?|why)\b/i,
  'target-user': /\b(target (users?|audience|customers?)|users?|personas?|who it is for|audience|customers?)\b/i,
  'success-criteria': /\b(success (criteria|metrics?|measures?)|metrics?|kpis?|how we (will )?know)\b/i,
  owner: /\b(owner|dri|responsible|accountable)\b/i,
};

export const options = z.strictObject({
  maxWords: z.number().int().positive().default(600).describe('Longest brief, in words, that still counts as one page.'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are product briefs.'),
  whenAbsent: whenAbsentOption('product briefs'),
});
export type ProductBriefOptions = z.infer<typeof options>;

/** Which of the four sections a brief has: as a heading with something under it, or as a "Label:" line. */
export function briefSections(text: string): Section[] {
  const names = sectionNames(text, { nonEmpty: true });
  return SECTIONS.filter((s) => names.some((n) => SECTION_PATTERNS[s].test(n)));
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'sections-missing': 'The brief lacks: {missing}.',
  'brief-too-long': 'The brief has {words} words; keep it to one page ({maxWords} words).',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<ProductBriefOptions>({
  meta: {
    id: 'product-briefs',
    pillar: 'sales',
    description: 'Every new project starts from a one-page brief: goals, target user, success criteria and an owner.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'product-brief',
      summary: 'a one-page product brief: goals, target user, success criteria (metrics), owner',
      defaultName: 'new-project',
      path: ({ name }) => `${FOLDERS[0]}/${name}.md`,
      text: ({ title, date }) => `---
date: ${date}
---
# Brief: ${title}

<!-- One page, written before building anything beyond a bug fix. Link to longer material. -->

## Goals
<!-- What changes for the business when this ships, and why now. -->

## Target user
<!-- Who it is for, as precisely as you can say it (a segment, a role, a situation). -->

## Success metrics
<!-- One or two numbers you can read off a dashboard, with a target and a date,
     e.g. "reorders reach 15% of orders within a quarter". Write them before the code. -->

## Owner
<!-- The one person who decides and answers for it. -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Before building anything beyond a bug fix, write a one-page brief in docs/briefs/ with four sections: goals, target user, success criteria, owner.',
    standard: (o) =>
      `Every project beyond a bug fix starts from a brief of one page (${o.maxWords} words at most) with goals, target user, success criteria and an owner.`,
    firstSteps: [
      'Agree that no project beyond a bug fix starts without a one-page brief.',
      'Write the brief for the current project with four sections: goals, target user, success criteria, owner (`blueprint scaffold product-brief`).',
      'Review briefs before planning, and link each from its epic or pull requests.',
    ],
  },
  async evaluate({ repo, options }) {
    const briefs = await findRecords(repo, FOLDERS, options.paths);
    if (!briefs.length) {
      return absentOutcome(
        options.whenAbsent,
        { what: 'product briefs', where: 'docs/briefs/<project>.md', scaffold: 'product-brief' },
        { briefs: 0, completeBriefs: 0, overLengthBriefs: 0 },
      );
    }
    const findings: Finding[] = [];
    let complete = 0;
    let overLength = 0;
    for (const brief of briefs) {
      const missing = SECTIONS.filter((s) => !briefSections(brief.text).includes(s));
      const words = countWords(brief.text);
      if (!missing.length) complete++;
      else findings.push(say.warning('sections-missing', { missing: missing.join(', ') }, brief.path));
      if (words > options.maxWords) {
        overLength++;
        findings.push(say.warning('brief-too-long', { words, maxWords: options.maxWords }, brief.path));
      }
    }
    const score = 10 * (0.7 * (complete / briefs.length) + 0.3 * ((briefs.length - overLength) / briefs.length));
    return { score: round(score, 2), metrics: { briefs: briefs.length, completeBriefs: complete, overLengthBriefs: overLength }, findings };
  },
});
