import { csvField } from '../../reporters/csv.ts';
import { PILLARS } from '../../types.ts';
import type { TrendReport } from '../types.ts';
import { organisationLabel } from './series.ts';

// New columns go last, so scripts that read columns by position keep working.
const COLUMNS = ['target', 'date', 'commit', 'scope', 'name', 'status', 'score', 'change_delta', 'change_explanation'];

/**
 * One row per point and measure (overall, each pillar, each rule), long format for a spreadsheet's
 * chart; a rule's row carries the change attributed at that point, if any.
 */
export function renderTrendCsv(report: TrendReport): string {
  const rows: unknown[][] = [COLUMNS];
  const org = report.organisation;
  // The organisation's means first, named as every format names them, with no commit of their own.
  for (const p of org?.points ?? []) {
    rows.push([organisationLabel(org!), p.date, null, 'overall', 'overall', null, p.overall, null, null]);
    for (const pillar of PILLARS) rows.push([organisationLabel(org!), p.date, null, 'pillar', pillar, null, p.pillars[pillar], null, null]);
  }
  for (const repo of report.repos) {
    for (const p of repo.points) {
      rows.push([repo.target, p.date, p.commit, 'overall', 'overall', null, p.overall, null, null]);
      for (const pillar of PILLARS) rows.push([repo.target, p.date, p.commit, 'pillar', pillar, null, p.pillars[pillar], null, null]);
      for (const [id, rule] of Object.entries(p.rules)) {
        const change = repo.changes.find((c) => c.rule === id && c.to.date === p.date);
        rows.push([repo.target, p.date, p.commit, 'rule', id, rule.status, rule.score, change?.delta ?? null, change?.explanation ?? null]);
      }
    }
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
