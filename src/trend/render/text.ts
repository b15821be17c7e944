import { formatScore } from '../../reporters/format.ts';
import { neutraliseAll } from '../../util/sanitize.ts';
import type { TrendOrganisation, TrendReport, TrendRepo } from '../types.ts';
import {
  COLUMNS,
  columnScore,
  organisationLabel,
  organisationScore,
  day,
  ruleScore,
  ruleSeries,
  shortSha,
  signed,
  sparkline,
} from './series.ts';

const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

function repoText(repo: TrendRepo, report: TrendReport): string[] {
  const out = [`${repo.target}${repo.defaultBranch ? ` (${repo.defaultBranch})` : ''}`];
  if (repo.status === 'error') return [...out, `  could not be traced: ${repo.error}`, ''];
  out.push('');
  out.push(`  ${pad('date', 10)}  ${pad('commit', 7)}  ${COLUMNS.map((c) => padLeft(c, 7)).join('  ')}`);
  for (const p of repo.points) {
    out.push(
      `  ${day(p.date)}  ${pad(shortSha(p.commit), 7)}  ${COLUMNS.map((c) => padLeft(formatScore(columnScore(p, c)), 7)).join('  ')}`,
    );
    for (const note of p.notes) out.push(`              ${note}`);
  }
  const series = ruleSeries(repo);
  if (series.length) {
    const width = Math.max(...series.map((s) => s.rule.length));
    out.push('', `  Rules, 0–10, oldest to newest (· not scored):`);
    for (const s of series) {
      const scored = s.scores.filter((x): x is number => x !== null);
      out.push(
        `  ${pad(s.rule, width)}  ${sparkline(s.scores)}  ${formatScore(scored[0] ?? null)} → ${formatScore(scored.at(-1) ?? null)}`,
      );
    }
  }
  out.push('', `  Changes of ${report.threshold} point${report.threshold === 1 ? '' : 's'} or more:`);
  if (!repo.changes.length) out.push('  none');
  for (const c of repo.changes) {
    out.push(`  ${day(c.to.date)}  ${c.rule} ${ruleScore(c.from.score)} → ${ruleScore(c.to.score)} (${signed(c.delta)}): ${c.explanation}`);
    for (const commit of c.commits) out.push(`      ${day(commit.date)} ${commit.author}: ${commit.explanation}`);
    if (c.moreCommits) out.push(`      and ${c.moreCommits} more commits`);
  }
  out.push('');
  return out;
}

function organisationText(org: TrendOrganisation): string[] {
  const out = [organisationLabel(org), ''];
  out.push(`  ${pad('date', 10)}  ${padLeft('repos', 7)}  ${COLUMNS.map((c) => padLeft(c, 7)).join('  ')}`);
  for (const p of org.points) {
    out.push(
      `  ${day(p.date)}  ${padLeft(String(p.repos), 7)}  ${COLUMNS.map((c) => padLeft(formatScore(organisationScore(p, c)), 7)).join('  ')}`,
    );
  }
  out.push('');
  return out;
}

/** The trend as text: per repository, a table of dates by overall and pillar scores, a sparkline per rule, then the attributed changes. */
export function renderTrendText(input: TrendReport): string {
  const report = neutraliseAll(input);
  const head = [`Blueprint trend: every ${report.every} from ${day(report.since)} to ${day(report.until)}`, ''];
  const organisation = report.organisation ? organisationText(report.organisation) : [];
  return [...head, ...organisation, ...report.repos.flatMap((r) => repoText(r, report))].join('\n');
}
