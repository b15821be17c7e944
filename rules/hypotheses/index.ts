import {
  absentOutcome,
  findingsFrom,
  findRecords,
  hasContent,
  markdownHeadings,
  RECORD_MESSAGES,
  round,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = ['docs/hypotheses', 'docs/hypothesis', 'docs/assumptions', 'docs/product/hypotheses', 'hypotheses'];
const THINK = /\b(what we think|think|believe|assum(e|ption)s?|hypothes[ie]s|guess(es)?)\b/i;
const KNOW = /\b(what we know|know|facts?|evidence|validated|proven|data|learned)\b/i;
const TEMPLATE = /(^|\/)(templates?\/[^/]*hypothes|[^/]*hypothes[^/]*template)[^/]*\.(md|markdown)$/i;

export const options = z.strictObject({
  paths: z.array(z.string()).default([]).describe('Globs of more files that are hypothesis-versus-fact records.'),
  whenAbsent: whenAbsentOption('hypothesis records or template'),
});
export type HypothesisOptions = z.infer<typeof options>;

export interface HypothesisTable {
  /** Rows with something in the "think" column. */
  rows: number;
  /** Of those, rows whose "know" column is empty or a placeholder: assumptions still untested. */
  unvalidated: number;
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const EMPTY = /^(|-+|\?+|tbd|todo|n\/a|unknown|not yet|—)$/i;

/** The first Markdown table whose header has a "think" and a "know" column, or null. */
export function hypothesisTable(text: string): HypothesisTable | null {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.includes('|') || !/^\s*\|?\s*:?-{3,}/.test(lines[i + 1]!)) continue;
    const header = cells(lines[i]!);
    const think = header.findIndex((c) => THINK.test(c));
    const know = header.findIndex((c, k) => k !== think && KNOW.test(c));
    if (think < 0 || know < 0) continue;
    let rows = 0;
    let unvalidated = 0;
    for (let k = i + 2; k < lines.length && lines[k]!.includes('|'); k++) {
      const row = cells(lines[k]!);
      if (EMPTY.test(row[think] ?? '')) continue;
      rows++;
      if (EMPTY.test(row[know] ?? '')) unvalidated++;
    }
    return { rows, unvalidated };
  }
  return null;
}

/** Two columns as two sections ("## What we think", "## What we know") count as well. */
function hasBothSections(text: string): boolean {
  const headings = markdownHeadings(text)
    .filter((h) => hasContent(text, h))
    .map((h) => h.text);
  return headings.some((h) => THINK.test(h)) && headings.some((h) => KNOW.test(h) && !THINK.test(h));
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'template-only': 'There is a hypothesis template, but no filled-in record; fill one in before the next feature.',
  'empty-table': 'The "what we think / what we know" table has no rows yet.',
  'no-think-know': 'The record does not set "what we think" beside "what we know" (two columns, or two sections).',
  'unvalidated-assumptions': '{unvalidated} of {assumptions} assumptions have nothing yet in the "what we know" column.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<HypothesisOptions>({
  meta: {
    id: 'hypotheses',
    pillar: 'sales',
    description: 'Before building, features are written down as "what we think" against "what we know", so untested assumptions show.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'hypothesis',
      summary: 'a "what we think" versus "what we know" table, filled in before building',
      defaultName: 'new-feature',
      path: ({ name }) => `${FOLDERS[0]}/${name}.md`,
      text: ({ title, date }) => `---
date: ${date}
---
# ${title}: what we think and what we know

<!-- One row per belief the feature rests on. In the second column, only what has been
     checked: data, interviews, an experiment, with a link. A row whose second column stays
     empty is a risk; test those first, before weeks of building. -->

| What we think | What we know |
|---|---|
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Before building anything substantial, fill in a two-column table, "What we think" and "What we know", in docs/hypotheses/<feature>.md; the rows with an empty second column are the risk.',
    standard: () =>
      'Before building anything substantial, "what we think" is written beside "what we know", and the untested rows are tested first.',
    firstSteps: [
      'Fill in a two-column table, what we think and what we know, for the next feature (`blueprint scaffold hypothesis`).',
      'Mark each row with an empty second column as a risk and find the cheapest test for it.',
      'Update the table as evidence arrives, and decide whether to build when the main rows are known.',
    ],
  },
  async evaluate({ repo, options }) {
    const [records, files] = await Promise.all([findRecords(repo, FOLDERS, options.paths), repo.files()]);
    const template = files.find((f) => f.kind === 'file' && TEMPLATE.test(f.path))?.path ?? null;
    if (!records.length) {
      const metrics = { records: 0, withBothColumns: 0, assumptions: 0, unvalidated: 0, template };
      if (!template)
        return absentOutcome(
          options.whenAbsent,
          { what: 'hypothesis-versus-fact records', where: 'docs/hypotheses/<feature>.md', scaffold: 'hypothesis' },
          metrics,
        );
      return {
        score: 3,
        metrics,
        findings: [say.warning('template-only', {}, template)],
      };
    }
    const findings: Finding[] = [];
    let withBoth = 0;
    let assumptions = 0;
    let unvalidated = 0;
    for (const record of records) {
      const table = hypothesisTable(record.text);
      if (table && !table.rows) {
        findings.push(say.warning('empty-table', {}, record.path));
      } else if (table) {
        withBoth++;
        assumptions += table.rows;
        unvalidated += table.unvalidated;
      } else if (hasBothSections(record.text)) withBoth++;
      else findings.push(say.warning('no-think-know', {}, record.path));
    }
    if (unvalidated) findings.push(say.info('unvalidated-assumptions', { unvalidated, assumptions }));
    return {
      score: round(4 + 6 * (withBoth / records.length), 2),
      metrics: { records: records.length, withBothColumns: withBoth, assumptions, unvalidated, template },
      findings,
    };
  },
});
