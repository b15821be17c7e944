/**
 * The written operational blueprint: from an audit, per pillar and practice the current state
 * (what the audit measured), the desired state (the configured standard) and the first three
 * steps, weakest pillar first; the key-person matrix; the date of the next review.
 */
import type { TrendReport } from '../trend/types.ts';
import { movementSection } from './movement.ts';
import { RULES } from '../../rules/index.ts';
import { md } from '../reporters/markdown.ts';
import { PILLARS, type Pillar, type RepoReport, type Report, type Rule, type RuleResult } from '../types.ts';
import {
  append,
  formatScore,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  keyPersonRows,
  leftList,
  NO_KEY_PEOPLE,
  systemsByRepository,
  namesOf,
  ruleScore,
  withDay,
} from '../reporters/format.ts';
import { FIX_FIRST_WHY, fixFirstAcross, type Priority } from '../reporters/priorities.ts';
import { neutraliseAll } from '../util/sanitize.ts';

export interface PlanOptions {
  now: Date;
  /** Start with this pillar instead of the weakest. */
  pillar?: Pillar;
  /** Practices to plan in the first pillar (the blueprint says three). */
  practices?: number;
  rules?: readonly Rule<any>[];
  /** The repositories audited at past quarters (`trend()`), for the movement over the year. */
  movement?: TrendReport | null;
}

const PILLAR_NAMES: Record<Pillar, string> = {
  speed: 'SPEED: how we ship',
  stretch: 'STRETCH: how we adapt',
  shield: 'SHIELD: how we protect ourselves',
  sales: 'SALES: how we serve the business',
};

const STATUS_WORDS: Record<RuleResult['status'], string> = {
  pass: 'meets the standard',
  warn: 'below the standard (warning)',
  fail: 'below the standard',
  skip: 'not evidenced in the repository',
  error: 'could not be checked',
};

const day = (d: Date) => d.toISOString().slice(0, 10);
const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five'];
/** "the practice", "three practices". */
const words3 = (n: number) => (n === 1 ? 'practice' : `${NUMBER_WORDS[n] ?? n} practices`);
/** The tool's own text in a table cell: only the cell separator needs escaping. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** "daysSinceLast" → "days since last". */
function words(key: string): string {
  return key
    .replace(/([a-z])([0-9])/g, '$1 $2')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

function value(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (!v.length) return 'none';
    return v.every((x) => typeof x !== 'object' || x === null) ? v.join(', ') : null;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x !== 'object' || x === null);
    return entries.length ? entries.map(([k, x]) => `${words(k)} ${value(x)}`).join(', ') : null;
  }
  return null;
}

const RECORDS_SHOWN = 5;

/** Where the practice's records live: the sources it reads, the organisation or team it is shared from, each record found. */
function recordPlaces(rule: RuleResult): string[] {
  const facts: string[] = [];
  if (rule.sharedFrom)
    facts.push(`Evaluated once for the ${rule.sharedFrom.replace(':', ' ')}, and the same in every repository it covers.`);
  if (rule.recordSources?.length) facts.push(`Records are kept in: ${rule.recordSources.join('; ')}.`);
  const records = rule.records ?? [];
  if (records.length) {
    const shown = records.slice(0, RECORDS_SHOWN).map((r) => `${r.url ?? r.at}${r.date ? ` (${r.date})` : ''}`);
    const more = records.length > RECORDS_SHOWN ? ` and ${records.length - RECORDS_SHOWN} more` : '';
    facts.push(`Found: ${shown.join(', ')}${more}.`);
  }
  return facts;
}

/**
 * Where each practice's records live, when the blueprint names places besides the repository:
 * the sources, the organisation or team a result is shared from, and every record found.
 */
function recordsSection(states: readonly PracticeState[], single: boolean): string[] {
  const lines: string[] = [];
  for (const state of states) {
    const groups = new Map<string, { results: Array<{ target: string; rule: RuleResult }> }>();
    for (const result of state.results) {
      if (!result.rule.recordSources?.length && !result.rule.sharedFrom) continue;
      const key = `${result.rule.sharedFrom ?? ''}\0${(result.rule.recordSources ?? []).join('; ')}`;
      const group = groups.get(key) ?? { results: [] };
      group.results.push(result);
      groups.set(key, group);
    }
    for (const { results } of groups.values()) {
      const places = recordPlaces(results[0]!.rule);
      const who = single ? '' : ` (${results.map((r) => md(r.target)).join(', ')})`;
      lines.push(`- **${state.id}**${who}: ${places.length ? md(places.join(' ')) : 'no record found.'}`);
    }
  }
  if (!lines.length) return [];
  return [
    '## Where the records live',
    '',
    "Records kept outside the repository, as blueprint.yml's `records:` names them, and each record the audit found.",
    '',
    ...lines,
    '',
  ];
}

/** The measured facts: every metric that reads as a value, then the findings. */
function currentState(rule: RuleResult): string[] {
  const facts = [`Score ${rule.score === null ? '—' : `${formatScore(rule.score)}/10`}: ${STATUS_WORDS[rule.status]}.`];
  if (rule.reason) facts.push(rule.reason);
  append(facts, recordPlaces(rule));
  const metrics = Object.entries(rule.metrics)
    .map(([k, v]) => [k, value(v)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null);
  if (metrics.length) facts.push(metrics.map(([k, v]) => `${words(k)}: ${v}`).join('; ') + '.');
  for (const f of rule.findings.filter((f) => f.severity !== 'info').slice(0, 5))
    facts.push(`${f.message}${f.path ? ` (${f.path}${f.line ? `:${f.line}` : ''})` : ''}`);
  return facts;
}

interface PracticeState {
  id: string;
  pillar: Pillar;
  /** Mean score over the repositories that scored it, or null. */
  score: number | null;
  results: Array<{ target: string; rule: RuleResult }>;
}

function practiceStates(repos: readonly RepoReport[]): PracticeState[] {
  const byId = new Map<string, PracticeState>();
  for (const repo of repos) {
    for (const rule of repo.rules) {
      if (rule.severity === 'off') continue;
      const state = byId.get(rule.id) ?? { id: rule.id, pillar: rule.pillar, score: null, results: [] };
      state.results.push({ target: repo.target, rule });
      byId.set(rule.id, state);
    }
  }
  for (const state of byId.values()) {
    const scores = state.results.map((r) => r.rule.score).filter((s): s is number => s !== null);
    state.score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  }
  return [...byId.values()];
}

/**
 * Weakest first; a pillar with nothing evidenced comes after those with a score: the audit could
 * not see its practices (they may be kept elsewhere), so it cannot say they are the weakest.
 */
function pillarOrder(report: Report, start?: Pillar): Pillar[] {
  const audited = PILLARS.filter((p) =>
    report.repos.some((r) => r.status === 'ok' && r.rules.some((x) => x.pillar === p && x.severity !== 'off')),
  );
  const score = (p: Pillar) => report.summary.pillars[p] ?? 101;
  const ordered = [...audited].sort((a, b) => score(a) - score(b) || PILLARS.indexOf(a) - PILLARS.indexOf(b));
  return start ? [start, ...ordered.filter((p) => p !== start)] : ordered;
}

const RISK_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** The practices to start with: those furthest from the standard, riskiest first among equals. */
function pickPractices(states: readonly PracticeState[], count: number): PracticeState[] {
  const gap = (s: PracticeState) => (s.score === null ? 10 : 10 - s.score);
  return states
    .filter((s) => gap(s) > 0)
    .sort((a, b) => gap(b) - gap(a) || RISK_ORDER[a.results[0]!.rule.risk] - RISK_ORDER[b.results[0]!.rule.risk])
    .slice(0, count);
}

function nextReview(
  repos: readonly RepoReport[],
  now: Date,
): { date: string; overdue: string | null; owner: string | null; everyDays: number } {
  const review = repos.find((r) => r.review)?.review ?? { everyDays: 91, next: null, owner: null };
  const scheduled = review.next ? new Date(`${review.next}T00:00:00Z`) : null;
  if (scheduled && scheduled.getTime() >= now.getTime() - 86_400_000)
    return { date: review.next!, overdue: null, owner: review.owner, everyDays: review.everyDays };
  return {
    date: day(new Date(now.getTime() + review.everyDays * 86_400_000)),
    overdue: scheduled ? review.next : null,
    owner: review.owner,
    everyDays: review.everyDays,
  };
}

function practiceSection(
  state: PracticeState,
  rule: Rule<any> | undefined,
  single: boolean,
  nameOf: (target: string) => string,
  why: Priority | null = null,
  audited = 1,
): string[] {
  const first = state.results[0]!.rule;
  const title = `### ${state.id}${state.score === null ? '' : `: ${single ? ruleScore(state.score) : formatScore(state.score)}/10`}`;
  // Descriptions, standards and steps are the tool's own words; only measured facts are escaped.
  const lines = [title, '', `*${rule?.meta.description ?? first.remediation}*`, ''];
  if (why)
    lines.push(
      `**Why first.** ${state.pillar.toUpperCase()}, ${first.risk} risk: up to +${why.gain.toFixed(1)} points on the ${single ? 'overall score' : `mean score of the ${audited} repositories`} at 10/10${single ? '' : `; below the standard in ${why.below} of them`}.`,
      '',
    );
  lines.push('**Current state.**', '');
  if (single)
    append(
      lines,
      currentState(first).map((f) => `- ${md(f)}`),
    );
  else {
    const passing = state.results.filter((r) => r.rule.status === 'pass').length;
    lines.push(
      `- ${passing} of ${state.results.length} repositories meet the standard${passing < state.results.length ? '; the others:' : '.'}`,
    );
    for (const { target, rule: result } of state.results.filter((r) => r.rule.status !== 'pass')) {
      const facts = currentState(result);
      lines.push(`  - **${md(nameOf(target))}**: ${md(facts[0]!)}${facts[1] ? ` ${md(facts.slice(1, 3).join(' '))}` : ''}`);
    }
  }
  const steps = rule?.meta.firstSteps ?? [first.remediation];
  lines.push('', '**Desired state.**', '', first.standard ?? rule?.meta.description ?? first.remediation, '', '**First steps.**', '');
  for (const [i, step] of steps.entries()) lines.push(`${i + 1}. ${step}`);
  lines.push('');
  return lines;
}

function keyPersonMatrix(repos: readonly RepoReport[], nameOf: (target: string) => string): string[] {
  const lines: string[] = [];
  const ran = repos.some((r) => r.rules.some((x) => x.id === 'bus-factor' && x.status !== 'skip' && x.status !== 'error'));
  for (const repo of repos) {
    const matrix = keyPersonRows(repo.rules.find((r) => r.id === 'bus-factor'));
    if (!matrix.length) continue;
    if (repos.length > 1) lines.push(`**${md(nameOf(repo.target))}**`, '');
    lines.push(
      '| system | primary expert (last change) | secondary expert (last change) | left (last change) | documentation |',
      '|---|---|---|---|---|',
    );
    for (const row of matrix) {
      const primary = row.primary === null ? '—' : md(withDay(row.primary, row.primaryLastCommit));
      const secondary = row.secondary === null ? '— (key-person risk)' : md(withDay(row.secondary, row.secondaryLastCommit));
      lines.push(
        `| ${md(row.system)} | ${primary} | ${secondary} | ${row.departed.length ? md(leftList(row.departed)) : '—'} | ${row.documented ? 'README' : 'missing'} |`,
      );
    }
    lines.push('');
  }
  if (lines.length) return lines;
  return [
    ran
      ? 'The audit found no systems to draw the matrix from: name them under `systems` in blueprint.yml (each top-level folder is one by default).'
      : 'The `bus-factor` rule did not run, so there is no matrix: audit a full clone with it turned on.',
    '',
  ];
}

const KEY_PEOPLE_SHOWN = 5;

/** Organisation-wide: the few people most repositories depend on. Left out for one repository, where nobody can be. */
function keyPeopleSection(report: Report, nameOf: (target: string) => string): string[] {
  const { shown, people } = keyPeopleOf(report);
  if (!shown) return [];
  const lines = ['## Key people across the organisation', ''];
  if (!people.length) return [...lines, NO_KEY_PEOPLE, ''];
  lines.push(
    `${KEY_PEOPLE_RULE.charAt(0).toUpperCase()}${KEY_PEOPLE_RULE.slice(1)}. Pair someone with each of them first: their holiday or resignation is felt in several places at once.`,
    '',
  );
  people.slice(0, KEY_PEOPLE_SHOWN).forEach((p, i) => {
    const emails = p.person.emails.length ? ` (${p.person.emails.map(md).join(', ')})` : '';
    const systems = p.systems.length ? ` Systems: ${md(systemsByRepository(p, nameOf))}.` : '';
    const sole = p.soleTruckFactor.length ? ` Active truck factor of 1: ${p.soleTruckFactor.map((t) => md(nameOf(t))).join(', ')}.` : '';
    lines.push(`${i + 1}. **${md(p.person.name)}**${emails}: ${md(p.reason)}${systems}${sole}`);
  });
  if (people.length > KEY_PEOPLE_SHOWN)
    lines.push('', `… and ${people.length - KEY_PEOPLE_SHOWN} more (\`summary.keyPeople\` of \`blueprint audit --format json\`).`);
  lines.push('');
  return lines;
}

export function renderPlan(input: Report, options: PlanOptions): string {
  // Repository text (targets, names, findings) is neutralised before it is laid out; md() escapes the Markdown.
  const report = neutraliseAll(input);
  const rules = options.rules ?? RULES;
  const repos = report.repos.filter((r) => r.status === 'ok');
  const nameOf = namesOf(report);
  const subject = repos.length === 1 ? nameOf(repos[0]!.target) : `${repos.length} repositories`;
  const states = practiceStates(repos);
  const order = pillarOrder(report, options.pillar);
  const review = nextReview(repos, options.now);
  const single = repos.length === 1;
  const out: string[] = [
    `# Operational blueprint: ${md(subject)}`,
    '',
    `How we ship, adapt, protect ourselves and serve the business: where we stand, where we want to be, and what we do next. Written from an audit on ${day(new Date(report.generatedAt))} by ${report.tool.name} ${report.tool.version} against ${md(report.blueprint.source)}.`,
    '',
    `**Next review: ${review.date}**${review.owner ? `, run by ${md(review.owner)}` : ''}${review.overdue ? ` (the one planned for ${review.overdue} is overdue)` : ''}. Every ${review.everyDays} days, re-run \`blueprint plan\`, compare, and pick the next three practices.`,
    '',
  ];
  if (!repos.length) return [...out, 'No repository could be audited, so there is nothing to plan from yet.', ''].join('\n');
  const partial = repos.filter(isIncomplete);
  if (partial.length) {
    out.push(
      `> **Incomplete audit${partial.length === 1 ? '' : 's'}.** This plan rests on part of the evidence for ${partial.map((r) => `${md(nameOf(r.target))} (${md(incompleteReasons(r))})`).join('; ')}. Fix what the audit could not see, audit again, and check the plan still holds.`,
      '',
    );
  }

  out.push('## Where we stand', '', '| pillar | score | practices audited | below the standard |', '|---|---|---|---|');
  for (const pillar of order) {
    const inPillar = states.filter((s) => s.pillar === pillar);
    const below = inPillar.filter((s) => s.score === null || s.score < 10).map((s) => s.id);
    const score = report.summary.pillars[pillar];
    out.push(
      `| ${pillar.toUpperCase()} | ${score === null ? '— (nothing evidenced)' : formatScore(score)} | ${inPillar.length} | ${below.length ? below.join(', ') : 'none'} |`,
    );
  }
  out.push('', `Overall: ${report.summary.score === null ? '—' : `${formatScore(report.summary.score)} / 100`}.`, '');
  out.push(...movementSection(options.movement, nameOf, md));

  const count = options.practices ?? 3;
  // Where to start is where the audit's Fix first starts, for the same reason: the points each fix adds.
  const priorities = fixFirstAcross(repos, count, options.pillar);
  const byId = new Map(states.map((st) => [st.id, st]));
  let rest: Pillar[];
  const started = new Set<string>();
  if (options.pillar || !priorities.length) {
    // A chosen pillar, or nothing scored below the standard: the first pillar with a gap.
    const first =
      options.pillar ??
      order.find(
        (p) =>
          pickPractices(
            states.filter((st) => st.pillar === p),
            count,
          ).length,
      ) ??
      order[0]!;
    rest = order.filter((p) => p !== first);
    const picked = options.pillar
      ? priorities.map((p) => byId.get(p.id)!).filter(Boolean)
      : pickPractices(
          states.filter((st) => st.pillar === first),
          count,
        );
    out.push(`## Start here: ${PILLAR_NAMES[first]}`, '');
    if (!picked.length)
      out.push('Every audited practice of this pillar meets its standard. Keep it there, and move on to the next pillar.', '');
    else {
      out.push(
        `${options.pillar ? `The pillar chosen to start with, and its ${words3(picked.length)} the audit's **Fix first** ranks highest in it (${FIX_FIRST_WHY})` : `Every practice the audit could score meets its standard, so start with the ${words3(picked.length)} of the first pillar that is not yet evidenced`}. A documented 70% solution beats an undocumented 90% one: write down where you are, then take the first steps.`,
        '',
      );
      for (const state of picked) {
        started.add(state.id);
        const why = priorities.find((p) => p.id === state.id) ?? null;
        append(
          out,
          practiceSection(
            state,
            rules.find((r) => r.meta.id === state.id),
            single,
            nameOf,
            why,
            repos.length,
          ),
        );
      }
    }
  } else {
    rest = order;
    out.push(
      '## Start here: the practices that add the most points',
      '',
      `The ${words3(priorities.length)} the audit's **Fix first** names, in its order (${FIX_FIRST_WHY}${single ? '' : ', on the mean score of the audited repositories'}). A documented 70% solution beats an undocumented 90% one: write down where you are, then take the first steps.`,
      '',
    );
    for (const p of priorities) {
      started.add(p.id);
      append(
        out,
        practiceSection(
          byId.get(p.id)!,
          rules.find((r) => r.meta.id === p.id),
          single,
          nameOf,
          p,
          repos.length,
        ),
      );
    }
  }

  if (rest.length) {
    out.push(
      '## Then, pillar by pillar',
      '',
      'After the first review, take the next three practices from the next pillar: weakest first, then the pillars where the audit found nothing to score (their practices may be kept outside the repository).',
      '',
    );
    for (const pillar of rest) {
      const next = pickPractices(
        states.filter((s) => s.pillar === pillar && !started.has(s.id)),
        count,
      );
      out.push(`### ${PILLAR_NAMES[pillar]}`, '');
      if (!next.length) {
        out.push('Every audited practice meets its standard.', '');
        continue;
      }
      out.push('| practice | now | desired state | first step |', '|---|---|---|---|');
      for (const state of next) {
        const rule = rules.find((r) => r.meta.id === state.id);
        const result = state.results[0]!.rule;
        const now = state.score === null ? STATUS_WORDS.skip : `${formatScore(state.score)}/10`;
        out.push(
          `| ${state.id} | ${now} | ${cell(result.standard ?? rule?.meta.description ?? '')} | ${cell(rule?.meta.firstSteps?.[0] ?? result.remediation)} |`,
        );
      }
      out.push('');
    }
  }

  append(out, keyPeopleSection(report, nameOf));
  append(out, recordsSection(states, single));
  out.push(
    '## Key-person matrix',
    '',
    'Every critical system needs two people who can change it with confidence. A system with one is a risk to work on first.',
    '',
  );
  append(out, keyPersonMatrix(repos, nameOf));
  out.push('## How we review this blueprint', '');
  out.push(
    `1. On ${review.date}${review.owner ? ` (${md(review.owner)} runs it)` : ''}, run \`blueprint audit\` and \`blueprint plan\` again and compare them with this page.`,
    '2. For each practice above: is the current state better? Were the first steps taken? What got in the way?',
    '3. Pick the next three practices, from the weakest pillar, and set the date of the following review.',
    '',
  );
  return out.join('\n');
}
