import type { Report } from '../types.ts';

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first)
 * is prefixed with a quote: targets and messages come from the repositories audited.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = ['target', 'repo_status', 'repo_score', 'pillar', 'rule', 'status', 'score', 'baseline_delta', 'weight', 'risk', 'findings', 'metrics', 'error'];

/** A row per target and rule, with the score, its change since the baseline (0–100 scale) and the rule's scalar metrics. */
export function renderCsv(report: Report): string {
  const rows = [COLUMNS.join(',')];
  for (const repo of report.repos) {
    if (repo.status === 'error') {
      rows.push([repo.target, 'error', '', '', '', '', '', '', '', '', '', '', repo.error].map(csvField).join(','));
      continue;
    }
    for (const rule of repo.rules) {
      const metrics = Object.entries(rule.metrics)
        .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x !== 'object')))
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
        .join('; ');
      const delta = repo.baseline?.rules[rule.id]?.delta ?? null;
      rows.push([repo.target, repo.status, repo.score, rule.pillar, rule.id, rule.status, rule.score, delta, rule.weight, rule.risk, rule.findings.length, metrics, rule.reason].map(csvField).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
