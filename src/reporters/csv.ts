import type { Report } from '../types.ts';
import { own } from '../util/dict.ts';
import { neutralise } from '../util/sanitize.ts';

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first)
 * is prefixed with a quote, and control and bidi characters are shown as escapes: targets and
 * messages come from the repositories audited.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = neutralise(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// New columns go last, so scripts that read columns by position keep working.
const COLUMNS = [
  'target',
  'repo_status',
  'repo_score',
  'pillar',
  'rule',
  'status',
  'score',
  'baseline_delta',
  'weight',
  'risk',
  'findings',
  'metrics',
  'error',
  'complete',
  'incomplete',
];

/**
 * A row per target and rule, with the score, its change since the baseline (0–100 scale) and the
 * rule's scalar metrics; `complete` is false on every row of a repository audited incompletely,
 * and `incomplete` says why.
 */
export function renderCsv(report: Report): string {
  const rows = [COLUMNS.join(',')];
  for (const repo of report.repos) {
    // Reports from before the field count as complete.
    const complete = repo.status === 'ok' ? repo.complete !== false : false;
    const why = Array.isArray(repo.incomplete) ? repo.incomplete.join('; ') : '';
    if (repo.status === 'error') {
      rows.push([repo.target, 'error', '', '', '', '', '', '', '', '', '', '', repo.error, complete, why].map(csvField).join(','));
      continue;
    }
    for (const rule of repo.rules) {
      const metrics = Object.entries(rule.metrics)
        .filter(
          ([, v]) =>
            v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x !== 'object')),
        )
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
        .join('; ');
      const delta = own(repo.baseline?.rules, rule.id)?.delta ?? null;
      rows.push(
        [
          repo.target,
          repo.status,
          repo.score,
          rule.pillar,
          rule.id,
          rule.status,
          rule.score,
          delta,
          rule.weight,
          rule.risk,
          rule.findings.length,
          metrics,
          rule.reason,
          complete,
          why,
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
