import { formatScore } from '../../reporters/format.ts';
import { md } from '../../reporters/markdown.ts';
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

function repoSection(repo: TrendRepo, report: TrendReport): string[] {
  const out = [`## ${md(repo.target)}${repo.defaultBranch ? ` (${md(repo.defaultBranch)})` : ''}`, ''];
  if (repo.status === 'error') return [...out, `Could not be traced: ${md(repo.error ?? 'unknown error')}`, ''];
  out.push(`| Date | Commit | ${COLUMNS.map((c) => (c === 'overall' ? 'Overall' : c)).join(' | ')} |`);
  out.push(`| --- | --- | ${COLUMNS.map(() => '---:').join(' | ')} |`);
  for (const p of repo.points) {
    out.push(`| ${day(p.date)} | ${shortSha(p.commit)} | ${COLUMNS.map((c) => formatScore(columnScore(p, c))).join(' | ')} |`);
  }
  const notes = repo.points.flatMap((p) => p.notes.map((n) => `- ${day(p.date)}: ${md(n)}`));
  if (notes.length) out.push('', ...notes);
  const series = ruleSeries(repo);
  if (series.length) {
    out.push('', '| Rule | Trend (0–10) | First | Last |', '| --- | --- | ---: | ---: |');
    for (const s of series) {
      const scored = s.scores.filter((x): x is number => x !== null);
      out.push(`| ${md(s.rule)} | ${sparkline(s.scores)} | ${formatScore(scored[0] ?? null)} | ${formatScore(scored.at(-1) ?? null)} |`);
    }
  }
  out.push('', `### Changes of ${report.threshold} point${report.threshold === 1 ? '' : 's'} or more`, '');
  if (!repo.changes.length) out.push('None.');
  for (const c of repo.changes) {
    out.push(
      `- **${day(c.to.date)} ${md(c.rule)}** ${ruleScore(c.from.score)} → ${ruleScore(c.to.score)} (${signed(c.delta)}): ${md(c.explanation)}`,
    );
    for (const commit of c.commits) out.push(`  - ${day(commit.date)} ${md(commit.author)}: ${md(commit.explanation)}`);
    if (c.moreCommits) out.push(`  - and ${c.moreCommits} more commits`);
  }
  out.push('');
  return out;
}

function organisationSection(org: TrendOrganisation): string[] {
  const out = [`## ${md(organisationLabel(org))}`, ''];
  out.push(`| Date | Repositories | ${COLUMNS.map((c) => (c === 'overall' ? 'Overall' : c)).join(' | ')} |`);
  out.push(`| --- | ---: | ${COLUMNS.map(() => '---:').join(' | ')} |`);
  for (const p of org.points) {
    out.push(`| ${day(p.date)} | ${p.repos} | ${COLUMNS.map((c) => formatScore(organisationScore(p, c))).join(' | ')} |`);
  }
  out.push('');
  return out;
}

/** The trend as Markdown: per repository, the table of dates by scores, the rules' sparklines, the attributed changes. */
export function renderTrendMarkdown(report: TrendReport): string {
  return [
    `# Blueprint trend: every ${md(report.every)} from ${day(report.since)} to ${day(report.until)}`,
    '',
    ...(report.organisation ? organisationSection(report.organisation) : []),
    ...report.repos.flatMap((r) => repoSection(r, report)),
  ].join('\n');
}
