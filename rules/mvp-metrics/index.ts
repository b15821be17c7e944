import {
  absentOutcome,
  BRIEF_FOLDERS,
  findingsFrom,
  findRecords,
  listItems,
  markdownHeadings,
  RECORD_MESSAGES,
  round,
  sectionUnder,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = [...BRIEF_FOLDERS, 'docs/mvp', 'docs/mvps'];
const METRICS_HEADING = /\b(success (metrics?|criteria|measures?)|metrics?|kpis?|north star|how we (will )?know)\b/i;
/** Words that name a feeling, not a number anyone can read off a dashboard. */
const VAGUE = /\b(satisfaction|happ(y|iness)|engagement|delight|better|improved?|love|quality|experience)\b/i;
const MEASURABLE =
  /\d|\b(rate|count|number|time to|per (day|week|month)|daily|weekly|monthly|median|p\d\d|share|ratio|conversion|retention|revenue|active users)\b/i;

export const options = z.strictObject({
  maxMetrics: z.number().int().positive().default(2).describe('Most success metrics an MVP may have (one or two).'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are briefs or MVP definitions.'),
  whenAbsent: whenAbsentOption('briefs'),
});
export type MvpMetricOptions = z.infer<typeof options>;

/** Words that name something counted, so that "a and b" is two metrics only when each side names one. */
const METRIC_WORD =
  /\b(users?|buyers?|customers?|orders?|signups?|sign-ups?|activations?|sessions?|visits?|visitors?|nps|latency|churn|revenue|sales|downloads?|installs?|subscribers?|subscriptions?|plans?|purchases?|bookings?|clicks?|views?|shares?|uptime|errors?|arpu|ltv|cac|mrr|arr|gmv|dau|wau|mau)\b/i;
/** Most words a part of an inline list may have: "weekly active buyers", not a sentence. */
const MAX_LIST_WORDS = 5;

/**
 * The parts of `text` separated, outside parentheses, by commas (not a thousands separator),
 * semicolons, slashes (not between acronyms: DAU/MAU is one ratio), "and" and "&". `weak` says
 * whether only "and", "&" or slashes separated them.
 */
function splitParts(text: string): { parts: string[]; weak: boolean } {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let weak = true;
  const cut = (at: number, width: number, strong: boolean) => {
    parts.push(text.slice(start, at));
    start = at + width;
    if (strong) weak = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
    if (depth) continue;
    if (ch === ';') cut(i, 1, true);
    else if (ch === ',' && !(/\d/.test(text[i - 1] ?? '') && /\d{3}/.test(text.slice(i + 1, i + 4)))) cut(i, 1, true);
    else if (ch === '/' && !(/\b[A-Z]{2,}$/.test(text.slice(0, i)) && /^[A-Z]{2,}\b/.test(text.slice(i + 1)))) cut(i, 1, false);
    else {
      const joined = /^\s+(and|&)\s+/i.exec(text.slice(i));
      if (joined && i > start) {
        cut(i, joined[0].length, false);
        i += joined[0].length - 1;
      }
    }
  }
  parts.push(text.slice(start));
  return {
    parts: parts
      .map((p) =>
        p
          .trim()
          .replace(/^(and|&)\s+/i, '')
          .replace(/[.!]+$/, '')
          .trim(),
      )
      .filter(Boolean),
    weak,
  };
}

/**
 * The metrics of one line or paragraph: an inline list ("Revenue, engagement and NPS.") is one
 * metric per part when every part is short (a name, not a clause); a lead-in before a colon
 * ("We will track: …") is dropped. Parts joined only by "and" or a slash must each name something
 * counted, so "orders placed and paid" stays one metric.
 */
export function inlineMetrics(text: string): string[] {
  const candidates = text.includes(':') ? [text.slice(text.lastIndexOf(':') + 1), text] : [text];
  for (const candidate of candidates) {
    const { parts, weak } = splitParts(candidate);
    if (parts.length < 2 || parts.some((p) => p.split(/\s+/).length > MAX_LIST_WORDS)) continue;
    if (weak && !parts.every((p) => METRIC_WORD.test(p) || MEASURABLE.test(p) || VAGUE.test(p))) continue;
    return parts;
  }
  return [text.trim()];
}

/** The success metrics a brief lists, or null when it has no metrics section. */
export function successMetrics(text: string): string[] | null {
  const heading = markdownHeadings(text).find((h) => METRICS_HEADING.test(h.text));
  if (!heading) return null;
  const body = sectionUnder(text, heading).split(/\r?\n/).slice(1);
  const items = listItems(body);
  if (items.length) return items.flatMap(inlineMetrics);
  // A section of prose is one metric when it says anything, or several when it lists them inline.
  const prose = body.join(' ').trim();
  return prose ? inlineMetrics(prose) : [];
}

const MESSAGES = {
  ...RECORD_MESSAGES,
  'no-success-metrics': 'No success metrics; name one or two before building.',
  'too-many-metrics': '{metrics} success metrics; an MVP needs {maxMetrics} at most, or it is a full product.',
  'vague-metric': '"{metric}" is hard to measure; name a number you can read off a dashboard.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<MvpMetricOptions>({
  meta: {
    id: 'mvp-metrics',
    pillar: 'sales',
    description: 'Each MVP names one or two measurable success metrics, written down before the code.',
    risk: 'low',
    defaultSeverity: 'warn',
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Give every brief a "Success metrics" section with one or two numbers you can read off a dashboard ("time to first order under 2 minutes"), written before the first commit.',
    standard: (o) =>
      `Each MVP names ${o.maxMetrics === 1 ? 'one measurable success metric' : `one to ${o.maxMetrics} measurable success metrics`}, written before the first commit.`,
    firstSteps: [
      'For the next MVP, pick one or two numbers that would show it worked (time to first order, weekly active buyers).',
      "Write them in the brief's Success metrics section before the first commit.",
      'Build the dashboard that reads them before launch, and review them when the MVP has run its course.',
    ],
  },
  async evaluate({ repo, options }) {
    const briefs = await findRecords(repo, FOLDERS, options.paths);
    if (!briefs.length)
      return absentOutcome(
        options.whenAbsent,
        {
          what: 'briefs or MVP definitions',
          where: 'docs/briefs/<project>.md with a "Success metrics" section',
          scaffold: 'product-brief',
        },
        { briefs: 0, focused: 0, tooMany: 0, none: 0 },
      );
    const findings: Finding[] = [];
    let focused = 0;
    let tooMany = 0;
    let none = 0;
    let vague = 0;
    for (const brief of briefs) {
      const metrics = successMetrics(brief.text) ?? [];
      if (!metrics.length) {
        none++;
        findings.push(say.warning('no-success-metrics', {}, brief.path));
        continue;
      }
      if (metrics.length > options.maxMetrics) {
        tooMany++;
        findings.push(say.warning('too-many-metrics', { metrics: metrics.length, maxMetrics: options.maxMetrics }, brief.path));
      } else focused++;
      for (const metric of metrics) {
        if (VAGUE.test(metric) && !MEASURABLE.test(metric)) {
          vague++;
          findings.push(say.info('vague-metric', { metric: metric.slice(0, 80) }, brief.path));
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
