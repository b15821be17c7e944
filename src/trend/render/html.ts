import { formatScore } from '../../reporters/format.ts';
import { esc } from '../../reporters/html.ts';
import { neutraliseAll } from '../../util/sanitize.ts';
import type { TrendOrganisation, TrendReport, TrendRepo } from '../types.ts';
import { COLUMNS, columnScore, organisationLabel, organisationScore, day, ruleScore, ruleSeries, shortSha, signed } from './series.ts';

const LINE_COLOURS: Record<(typeof COLUMNS)[number], string> = {
  overall: '#1f2328',
  speed: '#0969da',
  stretch: '#8250df',
  shield: '#1a7f37',
  sales: '#bc4c00',
};

const CSS = `
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --up: #1a7f37; --down: #cf222e; }
body { margin: 0; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } td.date { white-space: nowrap; }
.rules { display: flex; flex-wrap: wrap; gap: 12px; } .rule { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
.rule figcaption { font-weight: 600; font-size: 13px; }
.legend span { display: inline-block; margin-right: 12px; } .legend i { display: inline-block; width: 18px; height: 3px; vertical-align: middle; margin-right: 4px; }
.rise { color: var(--up); font-weight: 600; } .drop { color: var(--down); font-weight: 600; }
ul.commits { margin: 2px 0 0 18px; padding: 0; color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: var(--panel); padding: 0 3px; border-radius: 3px; }
`;

interface Chart {
  width: number;
  height: number;
  max: number;
  lines: Array<{ label: string; colour: string; values: Array<number | null> }>;
  dates: string[];
  /** Axis labels and grid (the large chart) or none (a small multiple). */
  axes: boolean;
}

const PAD = { left: 34, right: 10, top: 10, bottom: 22 };

/** A line chart as inline SVG; a missing value breaks the line, a lone value is a dot. */
function svgChart(chart: Chart, title: string): string {
  const pad = chart.axes ? PAD : { left: 4, right: 4, top: 4, bottom: 4 };
  const w = chart.width - pad.left - pad.right;
  const h = chart.height - pad.top - pad.bottom;
  const n = chart.dates.length;
  const x = (i: number) => pad.left + (n === 1 ? w / 2 : (i * w) / (n - 1));
  const y = (v: number) => pad.top + h - (Math.max(0, Math.min(chart.max, v)) / chart.max) * h;
  const f = (v: number) => Math.round(v * 10) / 10;
  const parts: string[] = [];
  if (chart.axes) {
    for (const tick of [0, 0.25, 0.5, 0.75, 1].map((t) => t * chart.max)) {
      parts.push(`<line x1="${pad.left}" x2="${pad.left + w}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="#d1d9e0" stroke-width="1"/>`);
      parts.push(`<text x="${pad.left - 4}" y="${f(y(tick) + 4)}" text-anchor="end" font-size="10" fill="#59636e">${tick}</text>`);
    }
    const every = Math.max(1, Math.ceil(n / 8));
    chart.dates.forEach((d, i) => {
      if (i % every === 0 || i === n - 1) {
        const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
        parts.push(
          `<text x="${f(x(i))}" y="${chart.height - 6}" text-anchor="${anchor}" font-size="10" fill="#59636e">${esc(day(d))}</text>`,
        );
      }
    });
  } else {
    parts.push(`<rect x="0.5" y="0.5" width="${chart.width - 1}" height="${chart.height - 1}" fill="none" stroke="#d1d9e0"/>`);
  }
  for (const line of chart.lines) {
    const runs: string[][] = [[]];
    line.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else runs.at(-1)!.push(`${f(x(i))},${f(y(v))}`);
    });
    for (const run of runs) {
      if (run.length === 1) {
        const [cx, cy] = run[0]!.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${line.colour}"/>`);
      } else if (run.length > 1) {
        parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${line.colour}" stroke-width="2"/>`);
      }
    }
    line.values.forEach((v, i) => {
      if (v !== null && chart.axes) {
        parts.push(
          `<circle cx="${f(x(i))}" cy="${f(y(v))}" r="2.5" fill="${line.colour}"><title>${esc(`${line.label} ${day(chart.dates[i]!)}: ${formatScore(v)}`)}</title></circle>`,
        );
      }
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${chart.width}" height="${chart.height}" viewBox="0 0 ${chart.width} ${chart.height}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

function repoSection(repo: TrendRepo, report: TrendReport): string {
  const head = `<h2>${esc(repo.target)}${repo.defaultBranch ? ` <span class="meta">(${esc(repo.defaultBranch)})</span>` : ''}</h2>`;
  if (repo.status === 'error') return `${head}<p>Could not be traced: ${esc(repo.error ?? 'unknown error')}</p>`;
  const dates = repo.points.map((p) => p.date);
  const main = svgChart(
    {
      width: 720,
      height: 260,
      max: 100,
      dates,
      axes: true,
      lines: COLUMNS.map((c) => ({ label: c, colour: LINE_COLOURS[c], values: repo.points.map((p) => columnScore(p, c)) })),
    },
    `${repo.target}: overall and pillar scores (0–100) from ${day(report.since)} to ${day(report.until)}`,
  );
  const legend = `<p class="legend">${COLUMNS.map((c) => `<span><i style="background:${LINE_COLOURS[c]}"></i>${esc(c)}</span>`).join('')}</p>`;
  const table = `<table><thead><tr><th>Date</th><th>Commit</th>${COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${repo.points
    .map(
      (p) =>
        `<tr><td class="date">${esc(day(p.date))}</td><td><code>${esc(shortSha(p.commit))}</code></td>${COLUMNS.map((c) => `<td class="num">${esc(formatScore(columnScore(p, c)))}</td>`).join('')}</tr>${p.notes.length ? `<tr><td></td><td colspan="${COLUMNS.length + 1}">${p.notes.map(esc).join('; ')}</td></tr>` : ''}`,
    )
    .join('')}</tbody></table>`;
  const rules = ruleSeries(repo)
    .map((s) => {
      const scored = s.scores.filter((v): v is number => v !== null);
      const chart = svgChart(
        { width: 160, height: 48, max: 10, dates, axes: false, lines: [{ label: s.rule, colour: '#0969da', values: s.scores }] },
        `${s.rule}: ${s.scores.map((v) => formatScore(v)).join(', ')}`,
      );
      return `<figure class="rule"><figcaption>${esc(s.rule)} <span class="meta">${esc(formatScore(scored[0] ?? null))} → ${esc(formatScore(scored.at(-1) ?? null))}</span></figcaption>${chart}</figure>`;
    })
    .join('');
  const changes = repo.changes.length
    ? `<table><thead><tr><th>Date</th><th>Rule</th><th>Move</th><th>What moved it</th></tr></thead><tbody>${repo.changes
        .map(
          (c) =>
            `<tr><td class="date">${esc(day(c.to.date))}</td><td>${esc(c.rule)}</td><td class="num ${c.direction}">${esc(`${ruleScore(c.from.score)} → ${ruleScore(c.to.score)} (${signed(c.delta)})`)}</td><td>${esc(c.explanation)}${
              c.commits.length
                ? `<ul class="commits">${c.commits.map((k) => `<li>${esc(day(k.date))} ${esc(k.author)}: ${esc(k.explanation)}</li>`).join('')}${c.moreCommits ? `<li>and ${c.moreCommits} more commits</li>` : ''}</ul>`
                : ''
            }</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>None.</p>';
  return `${head}${main}${legend}${table}<h3>Rules, 0–10</h3><div class="rules">${rules}</div><h3>Changes of ${report.threshold} point${report.threshold === 1 ? '' : 's'} or more</h3>${changes}`;
}

function organisationSection(org: TrendOrganisation, report: TrendReport): string {
  const label = organisationLabel(org);
  const main = svgChart(
    {
      width: 720,
      height: 260,
      max: 100,
      dates: org.points.map((p) => p.date),
      axes: true,
      lines: COLUMNS.map((c) => ({ label: c, colour: LINE_COLOURS[c], values: org.points.map((p) => organisationScore(p, c)) })),
    },
    `${label}: overall and pillar scores (0–100) from ${day(report.since)} to ${day(report.until)}`,
  );
  const legend = `<p class="legend">${COLUMNS.map((c) => `<span><i style="background:${LINE_COLOURS[c]}"></i>${esc(c)}</span>`).join('')}</p>`;
  const table = `<table><thead><tr><th>Date</th><th>Repositories</th>${COLUMNS.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${org.points
    .map(
      (p) =>
        `<tr><td class="date">${esc(day(p.date))}</td><td class="num">${p.repos}</td>${COLUMNS.map((c) => `<td class="num">${esc(formatScore(organisationScore(p, c)))}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
  return `<h2>${esc(label)}</h2>${main}${legend}${table}`;
}

/** The trend as one self-contained page: inline SVG charts, no script, no external asset. */
export function renderTrendHtml(input: TrendReport): string {
  const report = neutraliseAll(input);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Blueprint trend: ${esc(day(report.since))} to ${esc(day(report.until))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Blueprint trend</h1>
<p class="meta">${esc(report.tool.name)} ${esc(report.tool.version)} · every ${esc(report.every)} from ${esc(day(report.since))} to ${esc(day(report.until))} · each point audited at its date, on the default branch's commit of that day</p>
${report.organisation ? `${organisationSection(report.organisation, report)}\n` : ''}${report.repos.map((r) => repoSection(r, report)).join('\n')}
</main>
</body>
</html>
`;
}
