import { worstFirst } from '../engine/summary.ts';
import { PILLARS, type RepoReport, type Report, type RuleResult } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise, neutraliseAll } from '../util/sanitize.ts';
import {
  append,
  auditedLine,
  FINDINGS_SHOWN,
  fold,
  formatScore,
  gateReasons,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  namesOf,
  NO_KEY_PEOPLE,
  regression,
  moreRepositories,
  repositories,
  ruleDelta,
  ruleScore,
  signed,
  systemsByRepository,
  whatDecides,
  worstFindings,
} from './format.ts';
import { FIX_FIRST_WHY, fixFirst, fixFirstAcross } from './priorities.ts';

/**
 * GitHub rejects a comment over 65,536 characters, and a job summary over 1 MiB: the report for
 * several repositories stops adding repositories' sections before this, and says how many are left.
 */
export const MARKDOWN_BUDGET = 60_000;
/** Rows of the ranking shown before "and N more". */
const RANKING_SHOWN = 25;

/** Escapes text for a Markdown table cell or line: no HTML, no table breaks, no stray formatting, no control characters. */
export function md(text: string): string {
  // Angle brackets become entities: some renderers take a backslash-escaped < for the start of a tag.
  return neutralise(text)
    .replace(/\\/g, '\\\\')
    .replace(/[|*_`[\]#]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** A code span: backslash escapes do not work inside one, so backticks are replaced instead. */
function code(text: string): string {
  return `\`${neutralise(text).replace(/`/g, "'").replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}\``;
}

const ICON: Record<RuleResult['status'], string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '⏭️', error: '💥' };
const fmt = formatScore;

/** A finding in a cell or line: its message and, in a code span, where. */
function findingText(f: { message: string; path: string | null; line: number | null }): string {
  return `${md(f.message)}${f.path ? ` (${code(`${f.path}${f.line ? `:${f.line}` : ''}`)})` : ''}`;
}

function repoSection(repo: RepoReport, name: string, single: boolean): string[] {
  const incomplete = isIncomplete(repo);
  const head = single ? [] : [`### ${md(name)}: ${fmt(repo.score)} / 100${incomplete ? ' (incomplete audit)' : ''}`, ''];
  if (repo.status === 'error') return [...head, `Could not be audited: ${md(repo.error ?? 'unknown error')}`, ''];
  const out = [...head];
  if (incomplete)
    out.push(
      `> ⚠️ **Incomplete audit:** ${md(incompleteReasons(repo))}. The score rests on part of the evidence, and no gate can pass.`,
      '',
    );
  out.push(
    `| ${PILLARS.map((p) => p.toUpperCase()).join(' | ')} |`,
    `|${PILLARS.map(() => '---:').join('|')}|`,
    `| ${PILLARS.map((p) => fmt(repo.pillars[p].score)).join(' | ')} |`,
    '',
  );
  const regressions = repo.baseline?.regressions ?? [];
  if (regressions.length) {
    out.push('**Regressions against the baseline**', '');
    for (const r of regressions) out.push(`- ❌ ${md(regression(r))}`);
    out.push('');
  }
  const failing = repo.rules.filter((r) => r.status === 'fail' || r.status === 'warn');
  if (failing.length) {
    const order = new Map(fixFirst(repo, failing.length).map(({ rule }, i) => [rule.id, i]));
    failing.sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
    out.push(`Fix first, ${FIX_FIRST_WHY}:`, '');
    out.push('| | Rule | Score | What to fix |', '|---|---|---:|---|');
    for (const rule of failing) {
      const finding = worstFindings(rule.findings).find((f) => f.severity !== 'info');
      const decides = whatDecides(rule);
      out.push(
        `| ${ICON[rule.status]} | \`${rule.id}\` | ${ruleScore(rule.score)}${decides ? ` (${decides})` : ''} | ${finding ? `${md(finding.message)} ` : ''}${md(rule.remediation)} |`,
      );
    }
    out.push('');
  }
  out.push('<details><summary>All rules and findings</summary>', '');
  out.push('| | Rule | Pillar | Score | Δ | Findings |', '|---|---|---|---:|---:|---|');
  for (const rule of repo.rules) {
    const delta = ruleDelta(own(repo.baseline?.rules, rule.id)?.delta);
    const { shown, more } = fold(worstFindings(rule.findings), FINDINGS_SHOWN);
    const findings =
      [...shown.map(findingText), ...(more ? [`… and ${more} more (see the JSON report)`] : [])].join('<br>') || md(rule.reason ?? '');
    out.push(
      `| ${ICON[rule.status]} | \`${rule.id}\` | ${rule.pillar} | ${ruleScore(rule.score)} | ${delta === null ? '' : signed(delta)} | ${findings} |`,
    );
  }
  out.push('', '</details>', '');
  if (repo.gate.failures.length) out.push(`**Gate failed:** ${gateReasons(repo, { countRegressions: true }).map(md).join('; ')}`, '');
  return out;
}

const KEY_PEOPLE_SHOWN = 10;

/** The people several repositories depend on: a short table, most depended on first. */
function keyPeopleSection(report: Report, nameOf: (target: string) => string): string[] {
  const { shown, people } = keyPeopleOf(report);
  if (!shown) return [];
  if (!people.length) return [`**Key people:** none. ${NO_KEY_PEOPLE}`, ''];
  const out = [
    `**Key people** (${people.length}): ${KEY_PEOPLE_RULE}.`,
    '',
    '| Person | Why | Systems (only active expert) | Active truck factor of 1 |',
    '|---|---|---|---|',
  ];
  for (const p of people.slice(0, KEY_PEOPLE_SHOWN)) {
    const who = `${md(p.person.name)}${p.person.emails.length ? ` (${p.person.emails.map(md).join(', ')})` : ''}`;
    out.push(
      `| ${who} | ${md(p.reason)} | ${p.systems.length ? md(systemsByRepository(p, nameOf)) : '—'} | ${p.soleTruckFactor.map((t) => md(nameOf(t))).join(', ') || '—'} |`,
    );
  }
  if (people.length > KEY_PEOPLE_SHOWN)
    out.push('', `… and ${people.length - KEY_PEOPLE_SHOWN} more in the JSON report (\`summary.keyPeople\`).`);
  out.push('');
  return out;
}

/** A compact summary for $GITHUB_STEP_SUMMARY and pull-request comments, within GitHub's limits for any number of repositories. */
export function renderMarkdown(input: Report): string {
  const report = neutraliseAll(input);
  const nameOf = namesOf(report);
  const single = report.repos.length === 1;
  const first = report.repos[0];
  const partial = new Set(report.repos.filter(isIncomplete).map((r) => r.target));
  const s = report.summary;
  const title =
    single && first
      ? `## Blueprint audit: ${fmt(first.score)} / 100${isIncomplete(first) ? ' (incomplete audit)' : ''} · ${md(nameOf(first.target))}`
      : `## Blueprint audit: ${auditedLine({ ...s, incomplete: s.incomplete ?? partial.size })}${s.audited ? `, mean ${fmt(s.score)} / 100` : ''}`;
  const out = [title, ''];
  append(out, gateLines(report, nameOf));
  if (!single) {
    out.push(
      '| Repository (worst first) | Score | ' + PILLARS.map((p) => p.toUpperCase()).join(' | ') + ' |',
      `|---|---:|${PILLARS.map(() => '---:').join('|')}|`,
    );
    const { shown, more } = fold(s.ranking, RANKING_SHOWN);
    for (const row of shown) {
      const name = md(nameOf(row.target));
      out.push(
        row.status === 'error'
          ? `| ${name} | ❌ could not be audited | ${PILLARS.map(() => '').join(' | ')} |`
          : `| ${name} | ${fmt(row.score)}${partial.has(row.target) ? ' ⚠️ incomplete' : ''} | ${PILLARS.map((p) => fmt(row.pillars[p])).join(' | ')} |`,
      );
    }
    if (more)
      out.push('', `… and ${more} more ${more === 1 ? 'repository' : 'repositories'} (all in the JSON report: \`summary.ranking\`).`);
    out.push('');
    const across = fixFirstAcross(report.repos, 3);
    if (across.length) {
      out.push(`**Fix first across the organisation**, ${FIX_FIRST_WHY}, on the mean score:`, '');
      for (const [i, x] of across.entries())
        out.push(`${i + 1}. \`${x.id}\`: below the standard in ${x.below} of ${s.audited}, up to +${x.gain.toFixed(1)} points`);
      out.push('');
    }
    append(out, keyPeopleSection(report, nameOf));
  }
  const footer = `<sub>${md(report.tool.name)} ${md(report.tool.version)} · blueprint ${md(report.blueprint.source)} · ${report.generatedAt.slice(0, 10)}</sub>`;
  // Repositories worst first, each whole, while they fit; the rest are counted.
  const ordered = single ? report.repos : worstFirst(report.repos);
  let size = out.reduce((n, l) => n + l.length + 1, 0) + footer.length + 200;
  let left = 0;
  for (const repo of ordered) {
    const section = repoSection(repo, nameOf(repo.target), single);
    const length = section.reduce((n, l) => n + l.length + 1, 0);
    if (!single && (left || size + length > MARKDOWN_BUDGET)) {
      left++;
      continue;
    }
    size += length;
    append(out, section);
  }
  if (left)
    out.push(`… and ${moreRepositories(left)}, not shown to keep this within GitHub's comment limit: see the JSON or HTML report.`, '');
  out.push(footer);
  return `${out.join('\n')}\n`;
}

/** The gate at the top: passed, or which repositories failed it and why (folded). */
function gateLines(report: Report, nameOf: (target: string) => string): string[] {
  const failed = report.repos.filter((r) => r.status === 'ok' && !r.gate.passed);
  const gated = report.repos.some((r) => r.gate.failUnder !== null || r.gate.failures.length);
  if (!failed.length) return gated ? ['**Gate: passed.**', ''] : [];
  const { shown, more } = fold(failed, 5);
  const out = [`**Gate: failed** for ${repositories(failed.length)}:`, ''];
  for (const r of shown) {
    const reasons = fold(gateReasons(r, { countRegressions: true }), 3);
    out.push(`- ${md(nameOf(r.target))}: ${reasons.shown.map(md).join('; ')}${reasons.more ? `; and ${reasons.more} more` : ''}`);
  }
  if (more) out.push(`- … and ${moreRepositories(more)}`);
  out.push('');
  return out;
}
