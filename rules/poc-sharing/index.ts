import {
  absentOutcome,
  findingsFrom,
  findRecords,
  markdownHeadings,
  RECORD_MESSAGES,
  round,
  sectionNames,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = ['docs/poc', 'docs/pocs', 'docs/proofs-of-concept', 'docs/proof-of-concept', 'docs/prototypes', 'poc', 'pocs'];

export const PARTS = ['tested', 'learned', 'next'] as const;
type Part = (typeof PARTS)[number];
const PART_PATTERNS: Record<Part, RegExp> = {
  tested: /\b(what we tested|tested|tried|experiment|hypothesis|question|goal|setup|approach)\b/i,
  learned: /\b(what we learned|learn(ed|ings?|t)?|findings?|results?|outcomes?|observations?)\b/i,
  next: /\b(what'?s next|next( steps?)?|recommendation|follow[- ]?up|decision|going forward)\b/i,
};

export const options = z.strictObject({
  maxParts: z.number().int().positive().default(3).describe('Most sections a write-up may have (three slides at most).'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are proof-of-concept write-ups.'),
  whenAbsent: whenAbsentOption('PoC write-ups'),
});
export type PocOptions = z.infer<typeof options>;

/** Which of the three parts a write-up has, and how many sections it has under its title. */
export function pocParts(text: string): { parts: Part[]; sections: number } {
  const names = sectionNames(text, { nonEmpty: true });
  const headings = markdownHeadings(text);
  const top = Math.min(...headings.map((h) => h.level));
  // The title (a lone top-level heading) is not a part.
  const level =
    headings.filter((h) => h.level === top).length === 1 && headings.length > 1
      ? Math.min(...headings.filter((h) => h.level > top).map((h) => h.level))
      : top;
  return {
    parts: PARTS.filter((p) => names.some((n) => PART_PATTERNS[p].test(n))),
    sections: headings.filter((h) => h.level === level).length,
  };
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'too-many-sections': 'The write-up has {sections} sections; keep it to {maxParts}.',
  'parts-missing': 'The write-up does not say: {missing}.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<PocOptions>({
  meta: {
    id: 'poc-sharing',
    pillar: 'sales',
    description: 'Every proof of concept is shared in three parts at most: what we tested, what we learned, what is next.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'poc',
      summary: 'a proof-of-concept write-up in three parts: tested, learned, next',
      defaultName: 'new-poc',
      path: ({ name }) => `${FOLDERS[0]}/${name}.md`,
      text: ({ title, date }) => `---
date: ${date}
---
# PoC: ${title}

<!-- Three parts, no more. If what you learned does not fit, it is not clear yet. -->

## What we tested
<!-- The question, and how you tried to answer it (setup, duration, audience). -->

## What we learned
<!-- The answer, with the numbers. What surprised you. -->

## What's next
<!-- Build, drop or test again: the decision and who takes it forward. -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Write up every proof of concept in docs/poc/<topic>.md with three sections only: What we tested, What we learned, What is next.',
    standard: (o) => `Every proof of concept is shared in ${o.maxParts} parts at most: what we tested, what we learned, what is next.`,
    firstSteps: [
      'Adopt the three-part format for the next proof of concept (`blueprint scaffold poc`).',
      'Share it with product and sales, not only engineering.',
      'Decide what is next in the same meeting, and link the write-up from the follow-up work.',
    ],
  },
  async evaluate({ repo, options }) {
    const writeUps = await findRecords(repo, FOLDERS, options.paths);
    if (!writeUps.length)
      return absentOutcome(
        options.whenAbsent,
        { what: 'proof-of-concept write-ups', where: 'docs/poc/<topic>.md', scaffold: 'poc' },
        { writeUps: 0, complete: 0, overLong: 0 },
      );
    const findings: Finding[] = [];
    let complete = 0;
    let overLong = 0;
    for (const writeUp of writeUps) {
      const { parts, sections } = pocParts(writeUp.text);
      const missing = PARTS.filter((p) => !parts.includes(p));
      const tooLong = sections > options.maxParts;
      if (tooLong) {
        overLong++;
        findings.push(say.warning('too-many-sections', { sections, maxParts: options.maxParts }, writeUp.path));
      }
      if (missing.length)
        findings.push(
          say.warning(
            'parts-missing',
            { missing: missing.map((p) => (p === 'next' ? "what's next" : `what we ${p}`)).join(', ') },
            writeUp.path,
          ),
        );
      else if (!tooLong) complete++;
    }
    return {
      score: round(10 * (complete / writeUps.length) * 0.7 + 10 * ((writeUps.length - overLong) / writeUps.length) * 0.3, 2),
      metrics: { writeUps: writeUps.length, complete, overLong },
      findings,
    };
  },
});
