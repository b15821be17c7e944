import { PILLARS, type RepoReport, type Report, type RuleResult } from '../types.ts';
import { worstFirst } from '../engine/summary.ts';
import { neutralise, neutraliseAll } from '../util/sanitize.ts';
import {
  formatScore,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  keyPersonRows,
  leftList,
  NO_KEY_PEOPLE,
  systemsByRepository,
} from './format.ts';

/** Escapes text for HTML content and attribute values; control and bidi characters are shown as escapes. */
export function esc(value: unknown): string {
  return neutralise(String(value ?? '')).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const fmt = formatScore;

/** Score bands, named as well as coloured, so colour is never the only signal. */
function band(score100: number | null): { cls: string; label: string } {
  if (score100 === null) return { cls: 'none', label: 'not scored' };
  if (score100 >= 70) return { cls: 'good', label: 'good' };
  if (score100 >= 40) return { cls: 'fair', label: 'fair' };
  return { cls: 'poor', label: 'poor' };
}

const STATUS_TEXT: Record<RuleResult['status'], string> = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip', error: 'error' };

const CSS = `
:root { --good: #1a7f37; --fair: #9a6700; --poor: #cf222e; --none: #6e7781; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 140px; background: var(--panel); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 28px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cell { text-align: center; font-variant-numeric: tabular-nums; font-weight: 600; min-width: 64px; }
.good { color: #fff; background: var(--good); } .fair { color: #fff; background: var(--fair); } .poor { color: #fff; background: var(--poor); } .none { color: #fff; background: var(--none); }
.value.good, .value.fair, .value.poor, .value.none { background: none; } .value.good { color: var(--good); } .value.fair { color: var(--fair); } .value.poor { color: var(--poor); } .value.none { color: var(--none); }
.bar { display: inline-block; height: 10px; background: var(--good); vertical-align: middle; } .bar-track { display: inline-block; width: 120px; height: 10px; background: var(--line); vertical-align: middle; margin-right: 6px; }
.down { color: var(--poor); font-weight: 600; } .up { color: var(--good); }
.date { color: var(--muted); font-variant-numeric: tabular-nums; } .left { padding: 0 4px; border: 1px solid var(--poor); border-radius: 3px; color: var(--poor); font-size: 12px; font-weight: 600; }
.error-row td { color: var(--poor); }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border: 1px solid var(--fair); border-radius: 3px; color: var(--fair); font-size: 12px; font-weight: 600; }
.banner { margin: 8px 0; padding: 8px 12px; border: 2px solid var(--fair); border-radius: 6px; background: #fff8c5; }
details { margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
summary { cursor: pointer; font-weight: 600; }
ul.findings { margin: 4px 0 8px 18px; padding: 0; } .fix { color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: var(--panel); padding: 0 3px; border-radius: 3px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border-radius: 3px; }
@media print { body { padding: 0; font-size: 11px; } details { border: none; } details:not([open]) > :not(summary) { display: block; } .good, .fair, .poor, .none { -webkit-print-color-adjust: exact; print-color-adjust: exact; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;

function scoreCell(score100: number | null, text = fmt(score100)): string {
  const b = band(score100);
  return `<td class="cell ${b.cls}" title="${esc(b.label)}">${esc(text)}</td>`;
}

function heatMap(repos: readonly RepoReport[], ruleIds: readonly string[]): string {
  const head = `<tr><th scope="col">Repository (worst first)</th><th scope="col" class="num">Score</th>${ruleIds.map((id) => `<th scope="col">${esc(id)}</th>`).join('')}</tr>`;
  const rows = worstFirst(repos).map((repo) => {
    if (repo.status === 'error')
      return `<tr class="error-row"><th scope="row">${esc(repo.target)}</th><td colspan="${ruleIds.length + 1}">could not be audited: ${esc(repo.error)}</td></tr>`;
    const cells = ruleIds.map((id) => {
      const rule = repo.rules.find((r) => r.id === id);
      if (!rule || rule.score === null)
        return `<td class="cell none" title="${esc(rule?.reason ?? 'not run')}">${rule ? esc(STATUS_TEXT[rule.status]) : '—'}</td>`;
      return scoreCell(rule.score * 10, `${fmt(rule.score)} ${STATUS_TEXT[rule.status]}`);
    });
    const badge = isIncomplete(repo) ? ` <span class="badge" title="${esc(incompleteReasons(repo))}">incomplete audit</span>` : '';
    return `<tr><th scope="row">${esc(repo.target)}${badge}</th>${scoreCell(repo.score)}${cells.join('')}</tr>`;
  });
  return `<table class="heat" aria-label="Repositories by rule, scores out of 10"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function passRates(report: Report): string {
  const rows = Object.entries(report.summary.rules).map(([id, c]) => {
    const judged = c.pass + c.warn + c.fail;
    const rate = judged ? c.pass / judged : null;
    const bar = rate === null ? '' : `<span class="bar-track"><span class="bar" style="width:${Math.round(rate * 120)}px"></span></span>`;
    return `<tr><th scope="row">${esc(id)}</th><td>${bar}${rate === null ? '—' : `${Math.round(rate * 100)}%`}</td><td class="num">${c.pass}</td><td class="num">${c.warn}</td><td class="num">${c.fail}</td><td class="num">${c.skip}</td><td class="num">${c.error}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">Rule</th><th scope="col">Pass rate</th><th class="num" scope="col">pass</th><th class="num" scope="col">warn</th><th class="num" scope="col">fail</th><th class="num" scope="col">skip</th><th class="num" scope="col">error</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** An expert with the day of their latest change to the system. */
function expert(name: string | null, lastCommit: string | null, none: string): string {
  if (name === null) return esc(none);
  return `${esc(name)}${lastCommit ? ` <span class="date">${esc(lastCommit)}</span>` : ''}`;
}

function keyPersonMatrix(repos: readonly RepoReport[]): string {
  const rows: string[] = [];
  for (const repo of repos) {
    for (const row of keyPersonRows(repo.rules.find((r) => r.id === 'bus-factor'))) {
      const risk = !row.secondary;
      const left = row.departed.length ? `<span class="left">left</span> ${esc(leftList(row.departed))}` : '—';
      rows.push(
        `<tr${risk ? ' class="error-row"' : ''}><td>${esc(repo.target)}</td><td>${esc(row.system)}</td><td>${expert(row.primary, row.primaryLastCommit, '—')}</td><td>${expert(row.secondary, row.secondaryLastCommit, '— (key-person risk)')}</td><td>${left}</td><td>${row.documented ? 'yes' : 'no'}</td></tr>`,
      );
    }
  }
  if (!rows.length) return '<p class="meta">No key-person data (the bus-factor rule did not run).</p>';
  return `<p class="meta">Dates are each expert's latest change to the system.</p><table><thead><tr><th scope="col">Repository</th><th scope="col">System</th><th scope="col">Primary expert</th><th scope="col">Secondary expert</th><th scope="col">Experts who left</th><th scope="col">Documented</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The people several repositories depend on, most depended on first; null when the report has nothing to say about them. */
function keyPeople(report: Report): string | null {
  const { shown, people } = keyPeopleOf(report);
  if (!shown) return null;
  if (!people.length) return `<p class="meta">${esc(NO_KEY_PEOPLE)}</p>`;
  const rows = people.map((p, i) => {
    const emails = p.person.emails.length ? `<br><span class="meta">${p.person.emails.map(esc).join(', ')}</span>` : '';
    return `<tr><td class="num">${i + 1}</td><th scope="row">${esc(p.person.name)}${emails}</th><td>${esc(p.reason)}</td><td>${p.systems.length ? esc(systemsByRepository(p)) : '—'}</td><td>${p.soleTruckFactor.map(esc).join(', ') || '—'}</td></tr>`;
  });
  return `<p class="meta">${esc(`${KEY_PEOPLE_RULE.charAt(0).toUpperCase()}${KEY_PEOPLE_RULE.slice(1)}.`)}</p><table><thead><tr><th scope="col" class="num">#</th><th scope="col">Person</th><th scope="col">Why</th><th scope="col">Systems (only active expert)</th><th scope="col">Active truck factor of 1</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function trend(repos: readonly RepoReport[]): string {
  const compared = repos.filter((r) => r.baseline);
  if (!compared.length) return '<p class="meta">No baseline given (run with <code>--baseline report.json</code> to see the trend).</p>';
  const rows = compared.map((r) => {
    const d = r.baseline!.delta;
    const cls = d !== null && d < 0 ? 'down' : 'up';
    const regressions = r.baseline!.regressions.map((x) => `${esc(x.rule ?? 'overall')} ${fmt(x.delta)}`).join(', ');
    const changed = Object.entries(r.baseline!.rules)
      .filter(([, v]) => v.delta)
      .map(([id, v]) => `<span class="${v.delta! < 0 ? 'down' : 'up'}">${esc(id)} ${v.delta! > 0 ? '+' : ''}${fmt(v.delta)}</span>`)
      .join(', ');
    return `<tr><th scope="row">${esc(r.target)}</th><td class="num">${fmt(r.baseline!.score)}</td><td class="num">${fmt(r.score)}</td><td class="num ${cls}">${d === null ? '—' : `${d >= 0 ? '+' : ''}${fmt(d)}`}</td><td>${changed || 'no change'}</td><td>${regressions || 'none'}</td></tr>`;
  });
  return `<table><thead><tr><th scope="col">Repository</th><th class="num" scope="col">Baseline</th><th class="num" scope="col">Now</th><th class="num" scope="col">Change</th><th scope="col">Rules changed (of 100)</th><th scope="col">Regressions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function findings(repo: RepoReport): string {
  if (repo.status === 'error') return '';
  const rules = repo.rules.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error');
  const items = rules.map((rule) => {
    const list = rule.findings
      .map(
        (f) =>
          `<li><strong>${esc(f.severity)}</strong>: ${esc(f.message)}${f.path ? ` <code>${esc(f.path)}${f.line ? `:${f.line}` : ''}</code>` : ''}</li>`,
      )
      .join('');
    return `<h3>${esc(rule.id)}: ${esc(STATUS_TEXT[rule.status])}, ${fmt(rule.score)}/10</h3><ul class="findings">${list || `<li>${esc(rule.reason ?? 'below the blueprint')}</li>`}</ul><p class="fix"><strong>Fix:</strong> ${esc(rule.remediation)}</p>`;
  });
  const notes = repo.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  const incomplete = isIncomplete(repo);
  const banner = incomplete
    ? `<p class="banner" role="note"><strong>Incomplete audit:</strong> ${esc(incompleteReasons(repo))}. The score rests on part of the evidence, and no gate can pass.</p>`
    : '';
  return `<details${incomplete ? ' open' : ''}><summary>${esc(repo.target)}: ${fmt(repo.score)} / 100${incomplete ? ' (incomplete audit)' : ''}, ${rules.length} rule${rules.length === 1 ? '' : 's'} to improve</summary>${banner}${notes ? `<ul class="findings">${notes}</ul>` : ''}${items.join('') || '<p>Every rule passes.</p>'}</details>`;
}

/** One self-contained page (no script, no external asset) for a repository or a whole organisation. */
export function renderHtml(input: Report): string {
  const report = neutraliseAll(input);
  const s = report.summary;
  const partial = report.repos.filter(isIncomplete);
  const incomplete = s.incomplete ?? partial.length;
  const ruleIds = [...new Set(report.repos.flatMap((r) => r.rules.map((x) => x.id)))];
  const overall = band(s.score);
  const people = keyPeople(report);
  const cards = [
    `<div class="card"><div class="label">Overall</div><div class="value ${overall.cls}">${fmt(s.score)}</div><div class="meta">${esc(overall.label)}, of 100</div></div>`,
    ...PILLARS.map((p) => {
      const b = band(s.pillars[p]);
      return `<div class="card"><div class="label">${p}</div><div class="value ${b.cls}">${fmt(s.pillars[p])}</div><div class="meta">${esc(b.label)}</div></div>`;
    }),
    `<div class="card"><div class="label">Repositories</div><div class="value">${s.audited}/${s.repos}</div><div class="meta">${[s.errors && `${s.errors} could not be audited`, incomplete && `${incomplete} audited incompletely`].filter(Boolean).join(', ') || 'all audited'}</div></div>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Blueprint audit: ${fmt(s.score)} / 100</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Blueprint audit</h1>
<p class="meta">${esc(report.tool.name)} ${esc(report.tool.version)} · blueprint ${esc(report.blueprint.source)} · ages measured at ${esc(report.generatedAt)}</p>
<section aria-label="Scores"><div class="cards">${cards.join('')}</div></section>
${partial.length ? `<p class="banner" role="note"><strong>Incomplete audit${partial.length === 1 ? '' : 's'}:</strong> ${partial.map((r) => `${esc(r.target)} (${esc(incompleteReasons(r))})`).join('; ')}. Their scores rest on part of the evidence, and no gate can pass for them.</p>` : ''}
<h2>Repositories by rule</h2>
<p class="legend meta">Scores out of 10: <span class="good">7–10 good</span><span class="fair">4–6.9 fair</span><span class="poor">0–3.9 poor</span><span class="none">not scored</span></p>
${heatMap(report.repos, ruleIds)}
<h2>Pass rate per rule</h2>
${passRates(report)}
${people === null ? '' : `<h2>Key people across repositories</h2>\n${people}\n`}<h2>Key-person matrix</h2>
${keyPersonMatrix(report.repos)}
<h2>Trend against the baseline</h2>
${trend(report.repos)}
<h2>Findings and fixes</h2>
${worstFirst(report.repos).map(findings).join('\n')}
</main>
</body>
</html>
`;
}
