import { PILLARS, type RepoReport, type Report, type RuleResult } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise, neutraliseAll } from '../util/sanitize.ts';
import {
  append,
  formatScore,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  NO_KEY_PEOPLE,
  systemsByRepository,
} from './format.ts';
import { fixFirst } from './text.ts';

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

function repoSection(repo: RepoReport, single: boolean): string[] {
  const incomplete = isIncomplete(repo);
  const head = single ? [] : [`### ${md(repo.target)}: ${fmt(repo.score)} / 100${incomplete ? ' (incomplete audit)' : ''}`, ''];
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
    for (const r of regressions)
      out.push(`- ❌ ${md(r.rule ?? 'overall score')}: ${fmt(r.baseline)} → ${fmt(r.current)} (${r.delta.toFixed(1)})`);
    out.push('');
  }
  const failing = repo.rules.filter((r) => r.status === 'fail' || r.status === 'warn');
  if (failing.length) {
    const order = new Map(fixFirst(repo, failing.length).map(({ rule }, i) => [rule.id, i]));
    failing.sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
    out.push('| | Rule | Score | What to fix |', '|---|---|---:|---|');
    for (const rule of failing) {
      const finding = rule.findings.find((f) => f.severity !== 'info');
      out.push(
        `| ${ICON[rule.status]} | \`${rule.id}\` | ${fmt(rule.score)} | ${finding ? `${md(finding.message)} ` : ''}${md(rule.remediation)} |`,
      );
    }
    out.push('');
  }
  out.push('<details><summary>All rules and findings</summary>', '');
  out.push('| | Rule | Pillar | Score | Δ | Findings |', '|---|---|---|---:|---:|---|');
  for (const rule of repo.rules) {
    const delta = own(repo.baseline?.rules, rule.id)?.delta;
    const findings =
      rule.findings.map((f) => `${md(f.message)}${f.path ? ` (${code(`${f.path}${f.line ? `:${f.line}` : ''}`)})` : ''}`).join('<br>') ||
      md(rule.reason ?? '');
    out.push(
      `| ${ICON[rule.status]} | \`${rule.id}\` | ${rule.pillar} | ${fmt(rule.score)} | ${delta === undefined || delta === null ? '' : delta.toFixed(1)} | ${findings} |`,
    );
  }
  out.push('', '</details>', '');
  if (repo.gate.failures.length) out.push(`**Gate failed:** ${repo.gate.failures.map(md).join('; ')}`, '');
  return out;
}

const KEY_PEOPLE_SHOWN = 10;

/** The people several repositories depend on: a short table, most depended on first. */
function keyPeopleSection(report: Report): string[] {
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
      `| ${who} | ${md(p.reason)} | ${p.systems.length ? md(systemsByRepository(p)) : '—'} | ${p.soleTruckFactor.map(md).join(', ') || '—'} |`,
    );
  }
  if (people.length > KEY_PEOPLE_SHOWN)
    out.push('', `… and ${people.length - KEY_PEOPLE_SHOWN} more in the JSON report (\`summary.keyPeople\`).`);
  out.push('');
  return out;
}

/** A compact summary for $GITHUB_STEP_SUMMARY and pull-request comments. */
export function renderMarkdown(input: Report): string {
  const report = neutraliseAll(input);
  const single = report.repos.length === 1;
  const first = report.repos[0];
  const partial = new Set(report.repos.filter(isIncomplete).map((r) => r.target));
  const incomplete = report.summary.incomplete ?? partial.size;
  const title =
    single && first
      ? `## Blueprint audit: ${fmt(first.score)} / 100${isIncomplete(first) ? ' (incomplete audit)' : ''}`
      : `## Blueprint audit: ${report.summary.audited} of ${report.summary.repos} repositories${incomplete ? ` (${incomplete} incompletely)` : ''}, mean ${fmt(report.summary.score)} / 100`;
  const out = [title, ''];
  if (!single) {
    out.push(
      '| Repository (worst first) | Score | ' + PILLARS.map((p) => p.toUpperCase()).join(' | ') + ' |',
      `|---|---:|${PILLARS.map(() => '---:').join('|')}|`,
    );
    for (const row of report.summary.ranking) {
      out.push(
        row.status === 'error'
          ? `| ${md(row.target)} | ❌ could not be audited | ${PILLARS.map(() => '').join(' | ')} |`
          : `| ${md(row.target)} | ${fmt(row.score)}${partial.has(row.target) ? ' ⚠️ incomplete' : ''} | ${PILLARS.map((p) => fmt(row.pillars[p])).join(' | ')} |`,
      );
    }
    out.push('');
    append(out, keyPeopleSection(report));
  }
  for (const repo of report.repos) append(out, repoSection(repo, single));
  out.push(
    `<sub>${md(report.tool.name)} ${md(report.tool.version)} · blueprint ${md(report.blueprint.source)} · ${report.generatedAt.slice(0, 10)}</sub>`,
  );
  return `${out.join('\n')}\n`;
}
