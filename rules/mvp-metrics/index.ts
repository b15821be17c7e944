import { z } from 'zod';
import { FOLDERS as BRIEF_FOLDERS } from '../product-briefs/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';
import { listItems, markdownHeadings, sectionUnder } from '../../src/util/markdown.ts';
import { absentOutcome, findRecords, whenAbsentOption } from '../../src/util/records.ts';
import { round } from '../../src/util/time.ts';

export const FOLDERS = [...BRIEF_FOLDERS, 'docs/mvp', 'docs/mvps'];
const METRICS_HEADING = /\b(success (metrics?|criteria|measures?)|metrics?|kpis?|north star|how we (will )?know)\b/i;
/** Words that name a feeling, not a number anyone can read off a dashboard. */
const VAGUE = /\b(satisfaction|happ(y|iness)|engagement|delight|better|improved?|love|quality|experience)\b/i;
const MEASURABLE = /\d|\b(rate|count|number|time to|per (day|week|month)|daily|weekly|monthly|median|p\d\d|share|ratio|conversion|retention|revenue|active users)\b/i;

export const options = z.strictObject({
  maxMetrics: z.number().int().positive().default(2).describe('Most success metrics an MVP may have (one or two).'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are briefs or MVP definitions.'),
  whenAbsent: whenAbsentOption('briefs'),
});
export type MvpMetricOptions = z.infer<typeof options>;

/** The success metrics a brief lists, or null when it has no metrics section. */
export function successMetrics(text: string): string[] | null {
  const heading = markdownHeadings(text).find((h) => METRICS_HEADING.test(h.text));
  if (!heading) return null;
  const body = sectionUnder(text, heading).split(/\r?\n/).slice(1);
  const items = listItems(body);
  if (items.length) return items;
  // A section of prose counts as one metric when it says anything.
  const prose = body.join(' ').trim();
  return prose ? [prose] : [];
}

export default defineRule<MvpMetricOptions>({
  meta: {
    id: 'mvp-metrics',
    pillar: 'sales',
    description: 'Each MVP names one or two measurable success metrics, written down before the code.',
    risk: 'low',
    needs: ['files', 'history'],
    options,
    remediation: 'Give every brief a "Success metrics" section with one or two numbers you can read off a dashboard ("time to first order under 2 minutes"), written before the first commit.',
    standard: (o) => `Each MVP names ${o.maxMetrics === 1 ? 'one measurable success metric' : `one to ${o.maxMetrics} measurable success metrics`}, written before the first commit.`,
    firstSteps: [
      'For the next MVP, pick one or two numbers that would show it worked (time to first order, weekly active buyers).',
      'Write them in the brief\'s Success metrics section before the first commit.',
      'Build the dashboard that reads them before launch, and review them when the MVP has run its course.',
    ],
  },
  async evaluate({ repo, options }) {
    const briefs = await findRecords(repo, FOLDERS, options.paths);
    if (!briefs.length) return absentOutcome(options.whenAbsent, { what: 'briefs or MVP definitions', where: 'docs/briefs/<project>.md with a "Success metrics" section', scaffold: 'product-brief' }, { briefs: 0, focused: 0, tooMany: 0, none: 0 });
    const findings: Finding[] = [];
    let focused = 0;
    let tooMany = 0;
    let none = 0;
    let vague = 0;
    for (const brief of briefs) {
      const metrics = successMetrics(brief.text) ?? [];
      if (!metrics.length) {
        none++;
        findings.push({ severity: 'warning', message: 'No success metrics; name one or two before building.', path: brief.path, line: null });
        continue;
      }
      if (metrics.length > options.maxMetrics) {
        tooMany++;
        findings.push({ severity: 'warning', message: `${metrics.length} success metrics; an MVP needs ${options.maxMetrics} at most, or it is a full product.`, path: brief.path, line: null });
      } else focused++;
      for (const metric of metrics) {
        if (VAGUE.test(metric) && !MEASURABLE.test(metric)) {
          vague++;
          findings.push({ severity: 'info', message: `"${metric.slice(0, 80)}" is hard to measure; name a number you can read off a dashboard.`, path: brief.path, line: null });
        }
      }
    }
    return {
      score: round(10 * (focused / briefs.length), 2),
      metrics: { briefs: briefs.length, focused, tooMany, none, vague },
      findings,
    };
  },
});
