import { worstFirst } from '../engine/summary.ts';
import { PILLARS, type Pillar, type RepoReport, type Report, type RuleResult } from '../types.ts';
import { neutralise, neutraliseAll } from '../util/sanitize.ts';
import {
  FINDINGS_SHOWN,
  fold,
  formatScore,
  gateReasons,
  incompleteReasons,
  isIncomplete,
  KEY_PEOPLE_RULE,
  keyPeopleOf,
  keyPersonRows,
  leftList,
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
import { CHART_CSS, distributionChart, pillarChart, trendChart } from './html-charts.ts';

type NameOf = (target: string) => string;

/** Repositories whose findings the page lists, worst first; the others are counted. */
const FINDINGS_REPOS = 50;
/** Rows of a table of repositories shown before the rest fold away into a closed section. */
const TABLE_ROWS = 50;
/** Up to this many repositories, sections open by themselves (a pillar's table, an incomplete audit's findings). */
const OPEN_UP_TO = 5;
/** Rows of the key-person matrix per repository, and in all. */
const MATRIX_ROWS = 12;
const MATRIX_ROWS_ALL = 60;
const KEY_PEOPLE_SHOWN = 20;
/** Repositories named in the gate and regression banners. */
const BANNER_REPOS = 5;

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
body { margin: 0 auto; max-width: 1280px; padding: 24px; overflow-wrap: break-word; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 140px; background: var(--panel); }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 28px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0; }
.wide { max-width: 100%; overflow-x: auto; } tbody th, tbody td { overflow-wrap: anywhere; min-width: 7em; } tbody td.num, tbody td.cell { min-width: 0; } thead th { overflow-wrap: normal; } .heat th[scope="row"], .rules th[scope="row"] { max-width: 320px; }
.gate { margin: 8px 0; padding: 8px 12px; border-radius: 6px; border: 2px solid var(--good); background: #dafbe1; } .gate.failed { border-color: var(--poor); background: #ffebe9; }
.gate ul { margin: 4px 0 0 18px; padding: 0; } details.pillar > summary { font-size: 15px; }
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
${CHART_CSS}
@media print { body { padding: 0; font-size: 11px; } details { border: none; } details:not([open]) > :not(summary) { display: block; } .good, .fair, .poor, .none { -webkit-print-color-adjust: exact; print-color-adjust: exact; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
`;

function scoreCell(score100: number | null, text = fmt(score100), decides: string | null = null): string {
  const b = band(score100);
  return `<td class="cell ${b.cls}" title="${esc(decides ? `${b.label}; ${decides}` : b.label)}">${esc(text)}${decides ? ` <small>(${esc(decides)})</small>` : ''}</td>`;
}

/** Repositories worst first with their overall and pillar scores: the page's one table of every repository. */
function overview(repos: readonly RepoReport[], nameOf: NameOf): string {
  const head = `<tr><th scope="col">Repository (worst first)</th><th scope="col" class="num">Score</th>${PILLARS.map((p) => `<th scope="col">${p.toUpperCase()}</th>`).join('')}</tr>`;
  const rows = worstFirst(repos).map((repo) => {
    if (repo.status === 'error')
      return `<tr class="error-row"><th scope="row">${esc(nameOf(repo.target))}</th><td colspan="${PILLARS.length + 1}">could not be audited: ${esc(repo.error)}</td></tr>`;
    const badge = isIncomplete(repo) ? ` <span class="badge" title="${esc(incompleteReasons(repo))}">incomplete audit</span>` : '';
    return `<tr><th scope="row">${esc(nameOf(repo.target))}${badge}</th>${scoreCell(repo.score)}${PILLARS.map((p) => scoreCell(repo.pillars[p].score)).join('')}</tr>`;
  });
  return foldedTable('heat', 'Repositories with their overall and pillar scores, out of 100', head, rows);
}

/**
 * A table of repositories, worst first: the first rows shown, the rest in a closed section below
 * it (no script: <details>), so 500 repositories do not make a page tens of thousands of pixels tall.
 */
function foldedTable(cls: string, label: string, head: string, rows: readonly string[]): string {
  const table = (body: readonly string[], aria: string) =>
    `<div class="wide"><table class="${cls}" aria-label="${esc(aria)}"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>`;
  const { shown, more } = fold(rows, TABLE_ROWS);
  if (!more) return table(shown, label);
  return `${table(shown, label)}<details class="more"><summary>… and ${moreRepositories(more)}</summary>${table(rows.slice(TABLE_ROWS), `${label}, continued`)}</details>`;
}

/** One pillar's rules by repository, in a section that folds (no script: <details>). */
function pillarTable(repos: readonly RepoReport[], pillar: Pillar, ruleIds: readonly string[], nameOf: NameOf): string {
  const audited = worstFirst(repos).filter((r) => r.status === 'ok');
  const head = `<tr><th scope="col">Repository</th>${ruleIds.map((id) => `<th scope="col">${esc(id)}</th>`).join('')}</tr>`;
  const rows = audited.map((repo) => {
    const cells = ruleIds.map((id) => {
      const rule = repo.rules.find((r) => r.id === id);
      if (!rule || rule.score === null)
        return `<td class="cell none" title="${esc(rule?.reason ?? 'not run')}">${rule ? esc(STATUS_TEXT[rule.status]) : '—'}</td>`;
      const decides = whatDecides(rule);
      return scoreCell(rule.score * 10, `${ruleScore(rule.score)} ${STATUS_TEXT[rule.status]}`, decides);
    });
    return `<tr><th scope="row">${esc(nameOf(repo.target))}</th>${cells.join('')}</tr>`;
  });
  const score = formatScore(repos.length ? mean(audited.map((r) => r.pillars[pillar].score)) : null);
  const open = audited.length <= TABLE_ROWS ? ' open' : '';
  return `<details class="pillar"${open}><summary>${pillar.toUpperCase()}: ${ruleIds.length} ${ruleIds.length === 1 ? 'rule' : 'rules'}, mean ${score} / 100</summary>${foldedTable('rules', `${pillar.toUpperCase()} rules by repository, scores out of 10`, head, rows)}</details>`;
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

function passRates(report: Report): string {
  const rows = Object.entries(report.summary.rules).map(([id, c]) => {
    const judged = c.pass + c.warn + c.fail;
    const rate = judged ? c.pass / judged : null;
    const bar = rate === null ? '' : `<span class="bar-track"><span class="bar" style="width:${Math.round(rate * 120)}px"></span></span>`;
    return `<tr><th scope="row">${esc(id)}</th><td>${bar}${rate === null ? '—' : `${Math.round(rate * 100)}%`}</td><td class="num">${c.pass}</td><td class="num">${c.warn}</td><td class="num">${c.fail}</td><td class="num">${c.skip}</td><td class="num">${c.error}</td></tr>`;
  });
  return `<div class="wide"><table><thead><tr><th scope="col">Rule</th><th scope="col">Pass rate</th><th class="num" scope="col">pass</th><th class="num" scope="col">warn</th><th class="num" scope="col">fail</th><th class="num" scope="col">skip</th><th class="num" scope="col">error</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** An expert with the day of their latest change to the system. */
function expert(name: string | null, lastCommit: string | null, none: string): string {
  if (name === null) return esc(none);
  return `${esc(name)}${lastCommit ? ` <span class="date">${esc(lastCommit)}</span>` : ''}`;
}

function keyPersonMatrix(repos: readonly RepoReport[], nameOf: NameOf): string {
  const rows: string[] = [];
  let left = 0;
  for (const repo of worstFirst(repos)) {
    const all = keyPersonRows(repo.rules.find((r) => r.id === 'bus-factor'));
    // Systems at risk (no second expert) first: they are the ones to read.
    const ordered = [...all.filter((r) => !r.secondary), ...all.filter((r) => r.secondary)];
    const { shown, more } = fold(ordered, Math.max(0, Math.min(MATRIX_ROWS, MATRIX_ROWS_ALL - rows.length)));
    left += more;
    for (const row of shown) {
      const risk = !row.secondary;
      const left = row.departed.length ? `<span class="left">left</span> ${esc(leftList(row.departed))}` : '—';
      rows.push(
        `<tr${risk ? ' class="error-row"' : ''}><td>${esc(nameOf(repo.target))}</td><td>${esc(row.system)}</td><td>${expert(row.primary, row.primaryLastCommit, '—')}</td><td>${expert(row.secondary, row.secondaryLastCommit, '— (key-person risk)')}</td><td>${left}</td><td>${row.documented ? 'yes' : 'no'}</td></tr>`,
      );
    }
  }
  if (!rows.length) return '<p class="meta">No key-person data (the bus-factor rule did not run).</p>';
  const folded = left
    ? `<p class="meta">… and ${left} more systems, those with a second expert first left out (the JSON report has them all).</p>`
    : '';
  return `<p class="meta">Dates are each expert's latest change to the system; systems without a second expert first.</p>${folded}<div class="wide"><table><thead><tr><th scope="col">Repository</th><th scope="col">System</th><th scope="col">Primary expert</th><th scope="col">Secondary expert</th><th scope="col">Experts who left</th><th scope="col">Documented</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The people several repositories depend on, most depended on first; null when the report has nothing to say about them. */
function keyPeople(report: Report, nameOf: NameOf): string | null {
  const { shown, people } = keyPeopleOf(report);
  if (!shown) return null;
  if (!people.length) return `<p class="meta">${esc(NO_KEY_PEOPLE)}</p>`;
  const listed = fold(people, KEY_PEOPLE_SHOWN);
  const rows = listed.shown.map((p, i) => {
    const emails = p.person.emails.length ? `<br><span class="meta">${p.person.emails.map(esc).join(', ')}</span>` : '';
    return `<tr><td class="num">${i + 1}</td><th scope="row">${esc(p.person.name)}${emails}</th><td>${esc(p.reason)}</td><td>${p.systems.length ? esc(systemsByRepository(p, nameOf)) : '—'}</td><td>${p.soleTruckFactor.map((t) => esc(nameOf(t))).join(', ') || '—'}</td></tr>`;
  });
  if (listed.more)
    rows.push(`<tr><td colspan="5" class="meta">… and ${listed.more} more (the JSON report's summary.keyPeople has them all)</td></tr>`);
  return `<p class="meta">${esc(`${KEY_PEOPLE_RULE.charAt(0).toUpperCase()}${KEY_PEOPLE_RULE.slice(1)}.`)}</p><table><thead><tr><th scope="col" class="num">#</th><th scope="col">Person</th><th scope="col">Why</th><th scope="col">Systems (only active expert)</th><th scope="col">Active truck factor of 1</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function trend(repos: readonly RepoReport[], nameOf: NameOf): string {
  const compared = repos.filter((r) => r.baseline);
  if (!compared.length) return '<p class="meta">No baseline given (run with <code>--baseline report.json</code> to see the trend).</p>';
  const rows = compared.map((r) => {
    const d = r.baseline!.delta;
    const cls = d !== null && d < 0 ? 'down' : 'up';
    const regressions = r.baseline!.regressions.map((x) => esc(regression(x))).join('; ');
    const changed = Object.entries(r.baseline!.rules)
      .filter(([, v]) => v.delta)
      .map(([id, v]) => {
        const delta = ruleDelta(v.delta)!;
        return `<span class="${delta < 0 ? 'down' : 'up'}">${esc(id)} ${signed(delta)}</span>`;
      });
    const { shown, more } = fold(changed, 8);
    return `<tr><th scope="row">${esc(nameOf(r.target))}</th><td class="num">${fmt(r.baseline!.score)}</td><td class="num">${fmt(r.score)}</td><td class="num ${cls}">${d === null ? '—' : signed(d)}</td><td>${shown.join(', ') || 'no change'}${more ? `, and ${more} more` : ''}</td><td>${regressions || 'none'}</td></tr>`;
  });
  return `<div class="wide"><table><thead><tr><th scope="col">Repository</th><th class="num" scope="col">Baseline (of 100)</th><th class="num" scope="col">Now</th><th class="num" scope="col">Change</th><th scope="col">Rules changed (of 10)</th><th scope="col">Regressions</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function findings(repo: RepoReport, name: string, openIncomplete: boolean): string {
  if (repo.status === 'error') return '';
  const rules = repo.rules.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error');
  const items = rules.map((rule) => {
    const { shown, more } = fold(worstFindings(rule.findings), FINDINGS_SHOWN);
    const decides = whatDecides(rule);
    const list = shown
      .map(
        (f) =>
          `<li><strong>${esc(f.severity)}</strong>: ${esc(f.message)}${f.path ? ` <code>${esc(f.path)}${f.line ? `:${f.line}` : ''}</code>` : ''}</li>`,
      )
      .join('')
      .concat(more ? `<li class="meta">… and ${more} more (the JSON report lists them all)</li>` : '');
    return `<h3>${esc(rule.id)}: ${esc(STATUS_TEXT[rule.status])}, ${ruleScore(rule.score)}/10${decides ? ` (${esc(decides)})` : ''}</h3><ul class="findings">${list || `<li>${esc(rule.reason ?? 'below the blueprint')}</li>`}</ul><p class="fix"><strong>Fix:</strong> ${esc(rule.remediation)}</p>`;
  });
  const notes = repo.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  const incomplete = isIncomplete(repo);
  const banner = incomplete
    ? `<p class="banner" role="note"><strong>Incomplete audit:</strong> ${esc(incompleteReasons(repo))}. The score rests on part of the evidence, and no gate can pass.</p>`
    : '';
  return `<details${incomplete && openIncomplete ? ' open' : ''}><summary>${esc(name)}: ${fmt(repo.score)} / 100${incomplete ? ' (incomplete audit)' : ''}, ${rules.length} rule${rules.length === 1 ? '' : 's'} to improve</summary>${banner}${notes ? `<ul class="findings">${notes}</ul>` : ''}${items.join('') || '<p>Every rule passes.</p>'}</details>`;
}

/** The gate, first thing on the page: passed, or who failed it and why (the worst few named). */
function gateBanner(report: Report, nameOf: NameOf): string {
  const audited = report.repos.filter((r) => r.status === 'ok');
  if (!audited.length) return '';
  const failed = worstFirst(audited).filter((r) => !r.gate.passed);
  const gated = audited.some((r) => r.gate.failUnder !== null || r.gate.failures.length);
  if (!failed.length)
    return gated
      ? `<div class="gate" role="status"><strong>Gate passed</strong> for ${audited.length === 1 ? 'the repository' : `all ${repositories(audited.length)}`}.</div>`
      : '';
  const { shown, more } = fold(failed, BANNER_REPOS);
  const items = shown.map((r) => {
    const reasons = fold(gateReasons(r, { countRegressions: true }), 3);
    return `<li><strong>${esc(nameOf(r.target))}</strong>: ${reasons.shown.map(esc).join('; ')}${reasons.more ? `; and ${reasons.more} more` : ''}</li>`;
  });
  if (more) items.push(`<li>… and ${moreRepositories(more)}</li>`);
  return `<div class="gate failed" role="alert"><strong>Gate failed</strong> for ${failed.length} of ${repositories(audited.length)}:<ul>${items.join('')}</ul></div>`;
}

/** Regressions against the baseline, beside the gate: the repositories that fell most, first. */
function regressionBanner(report: Report, nameOf: NameOf): string {
  const regressed = report.repos
    .filter((r) => r.baseline?.regressions.length)
    .sort((a, b) => (a.baseline!.delta ?? 0) - (b.baseline!.delta ?? 0) || (a.target < b.target ? -1 : 1));
  if (!regressed.length) return '';
  const { shown, more } = fold(regressed, BANNER_REPOS);
  const items = shown.map((r) => {
    const list = fold(r.baseline!.regressions.map(regression), 4);
    return `<li><strong>${esc(nameOf(r.target))}</strong>: ${list.shown.map(esc).join('; ')}${list.more ? `; and ${list.more} more` : ''}</li>`;
  });
  if (more) items.push(`<li>… and ${moreRepositories(more)}</li>`);
  return `<div class="gate failed" role="alert"><strong>Regressions against the baseline</strong> in ${repositories(regressed.length)}:<ul>${items.join('')}</ul></div>`;
}

/** One self-contained page (no script, no external asset) for a repository or a whole organisation. */
export function renderHtml(input: Report): string {
  const report = neutraliseAll(input);
  const nameOf = namesOf(report);
  const s = report.summary;
  const partial = report.repos.filter(isIncomplete);
  const incomplete = s.incomplete ?? partial.length;
  const ruleIds = [...new Set(report.repos.flatMap((r) => r.rules.map((x) => x.id)))];
  const pillarOf = new Map(report.repos.flatMap((r) => r.rules.map((x) => [x.id, x.pillar] as const)));
  const overall = band(s.score);
  const people = keyPeople(report, nameOf);
  const cards = [
    `<div class="card"><div class="label">Overall</div><div class="value ${overall.cls}">${fmt(s.score)}</div><div class="meta">${esc(overall.label)}, of 100</div></div>`,
    ...PILLARS.map((p) => {
      const b = band(s.pillars[p]);
      return `<div class="card"><div class="label">${p}</div><div class="value ${b.cls}">${fmt(s.pillars[p])}</div><div class="meta">${esc(b.label)}</div></div>`;
    }),
    `<div class="card"><div class="label">Repositories</div><div class="value">${s.audited}/${s.repos}</div><div class="meta">${[s.errors && `${s.errors} could not be audited`, incomplete && `${incomplete} audited incompletely`].filter(Boolean).join(', ') || 'all audited'}</div></div>`,
  ];
  const ranked = worstFirst(report.repos);
  const listed = fold(
    ranked.filter((r) => r.status === 'ok'),
    FINDINGS_REPOS,
  );
  const pillarTables = PILLARS.map((p) => {
    const ids = ruleIds.filter((id) => pillarOf.get(id) === p);
    return ids.length ? pillarTable(report.repos, p, ids, nameOf) : '';
  }).join('\n');
  const trendSvg = trendChart(report.repos, nameOf, esc);
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
${gateBanner(report, nameOf)}
${regressionBanner(report, nameOf)}
<section aria-label="Scores"><div class="cards">${cards.join('')}</div></section>
${
  partial.length
    ? `<p class="banner" role="note"><strong>Incomplete audit${partial.length === 1 ? '' : 's'}:</strong> ${fold(partial, BANNER_REPOS)
        .shown.map((r) => `${esc(nameOf(r.target))} (${esc(incompleteReasons(r))})`)
        .join(
          '; ',
        )}${partial.length > BANNER_REPOS ? `; and ${partial.length - BANNER_REPOS} more` : ''}. Their scores rest on part of the evidence, and no gate can pass for them.</p>`
    : ''
}
<h2>At a glance</h2>
${pillarChart(ranked, nameOf, esc)}
${distributionChart(report, esc)}
<h2>Repositories by pillar</h2>
<p class="legend meta">Overall and pillar scores out of 100, rule scores out of 10: <span class="good">7–10 good</span><span class="fair">4–6.9 fair</span><span class="poor">0–3.9 poor</span><span class="none">not scored</span></p>
${overview(report.repos, nameOf)}
<h2>Repositories by rule</h2>
${pillarTables}
<h2>Pass rate per rule</h2>
${passRates(report)}
${people === null ? '' : `<h2>Key people across repositories</h2>\n${people}\n`}<h2>Key-person matrix</h2>
${keyPersonMatrix(report.repos, nameOf)}
<h2>Trend against the baseline</h2>
${trendSvg}
${trend(report.repos, nameOf)}
<h2>Findings and fixes</h2>
${listed.shown.map((r) => findings(r, nameOf(r.target), report.repos.length <= OPEN_UP_TO)).join('\n')}
${listed.more ? `<p class="meta">… and ${moreRepositories(listed.more)}, better scored, not listed here: the JSON report has every finding.</p>` : ''}
</main>
</body>
</html>
`;
}
