/**
 * Charts for the HTML report, drawn as inline SVG: no script, no external asset, so the page
 * stays self-contained and its Content-Security-Policy (default-src 'none') holds. Every chart
 * has a title and a description, and each mark a <title> that says its value in words, so
 * nothing is told by colour or position alone.
 */
import { PILLARS, type RepoReport, type Report } from '../types.ts';
import { formatScore } from './format.ts';

/** Text for SVG content and attributes (already neutralised by the caller's `esc`). */
type Escape = (value: unknown) => string;

/** How many repositories a chart draws before "and N more". */
export const CHART_REPOS = 20;

const WIDTH = 1000;
const LABEL = 220;
const ROW = 20;
const TOP = 34;

const BAND_COLOUR = { good: '#1a7f37', fair: '#9a6700', poor: '#cf222e', none: '#6e7781' } as const;

function bandOf(score100: number | null): keyof typeof BAND_COLOUR {
  if (score100 === null) return 'none';
  return score100 >= 70 ? 'good' : score100 >= 40 ? 'fair' : 'poor';
}

/** A label cut to fit its column, the whole of it in a <title>. */
function label(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function svg(id: string, title: string, description: string, height: number, body: string, esc: Escape): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(description)}</desc>${body}</svg>`;
}

function more(count: number, what: string): string {
  return count > 0 ? `<p class="meta">… and ${count} more ${what} (the tables below and the JSON report have them all).</p>` : '';
}

/** Pillar scores per repository: a row per repository (worst first), a bar per pillar, out of 100. */
export function pillarChart(repos: readonly RepoReport[], nameOf: (target: string) => string, esc: Escape): string {
  const audited = repos.filter((r) => r.status === 'ok');
  if (!audited.length) return '';
  const shown = audited.slice(0, CHART_REPOS);
  const column = (WIDTH - LABEL) / PILLARS.length;
  const bar = column - 56;
  const head = PILLARS.map(
    (p, i) =>
      `<text x="${LABEL + i * column}" y="18" class="axis">${p.toUpperCase()}</text><line x1="${LABEL + i * column}" y1="${TOP - 6}" x2="${LABEL + i * column}" y2="${TOP + shown.length * ROW}" class="grid"/>`,
  ).join('');
  const rows = shown
    .map((repo, row) => {
      const y = TOP + row * ROW;
      const name = nameOf(repo.target);
      const bars = PILLARS.map((p, i) => {
        const score = repo.pillars[p].score;
        const x = LABEL + i * column;
        const words = `${name}, ${p.toUpperCase()}: ${score === null ? 'not scored' : `${formatScore(score)} of 100`}`;
        if (score === null) return `<g><title>${esc(words)}</title><text x="${x + 4}" y="${y + 13}" class="value">—</text></g>`;
        const w = Math.max(1, (score / 100) * bar);
        return `<g><title>${esc(words)}</title><rect x="${x}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 7}" fill="${BAND_COLOUR[bandOf(score)]}"/><text x="${(x + w + 4).toFixed(1)}" y="${y + 13}" class="value">${formatScore(score)}</text></g>`;
      }).join('');
      return `<text x="${LABEL - 8}" y="${y + 13}" class="name" text-anchor="end"><title>${esc(name)}</title>${esc(label(name, 30))}</text>${bars}`;
    })
    .join('');
  const height = TOP + shown.length * ROW + 8;
  return `<figure>${svg(
    'pillars',
    'Pillar scores per repository',
    `Scores out of 100 for SPEED, STRETCH, SHIELD and SALES, worst repository first; green 70 and over, amber 40 to 69.9, red under 40.`,
    height,
    head + rows,
    esc,
  )}<figcaption>Pillar scores per repository, out of 100, worst first.</figcaption></figure>${more(audited.length - shown.length, 'repositories')}`;
}

/**
 * The distribution of each rule's scores across repositories: a column per score from 0 to 10
 * (rounded down, so a 6.95 counts with the sixes it fails with), a dot whose area is the count.
 */
export function distributionChart(report: Report, esc: Escape): string {
  const audited = report.repos.filter((r) => r.status === 'ok');
  const ids = [...new Set(audited.flatMap((r) => r.rules.map((x) => x.id)))];
  if (!ids.length) return '';
  const bins = new Map(ids.map((id) => [id, { counts: new Array<number>(11).fill(0), unscored: 0 }]));
  for (const repo of audited)
    for (const rule of repo.rules) {
      const b = bins.get(rule.id)!;
      if (rule.score === null) b.unscored++;
      else b.counts[Math.max(0, Math.min(10, Math.floor(rule.score)))]!++;
    }
  const max = Math.max(1, ...[...bins.values()].flatMap((b) => b.counts));
  const step = (WIDTH - LABEL - 90) / 11;
  const head = [...Array(11).keys()]
    .map((n) => `<text x="${(LABEL + n * step + step / 2).toFixed(1)}" y="18" class="axis" text-anchor="middle">${n}</text>`)
    .join('');
  const passAt = (LABEL + 7 * step).toFixed(1);
  const rows = ids
    .map((id, row) => {
      const y = TOP + row * ROW;
      const b = bins.get(id)!;
      const dots = b.counts
        .map((count, n) => {
          if (!count) return '';
          const r = Math.max(2.5, Math.sqrt(count / max) * (ROW / 2 - 1));
          const fill = n >= 7 ? BAND_COLOUR.good : n >= 4 ? BAND_COLOUR.fair : BAND_COLOUR.poor;
          const words = `${id}: ${count} ${count === 1 ? 'repository' : 'repositories'} scored ${n}${n < 10 ? ` to under ${n + 1}` : ''} of 10`;
          return `<circle cx="${(LABEL + n * step + step / 2).toFixed(1)}" cy="${y + ROW / 2}" r="${r.toFixed(1)}" fill="${fill}"><title>${esc(words)}</title></circle>`;
        })
        .join('');
      const unscored = b.unscored ? `<text x="${WIDTH - 84}" y="${y + 14}" class="value">${b.unscored} not scored</text>` : '';
      return `<text x="${LABEL - 8}" y="${y + 14}" class="name" text-anchor="end">${esc(id)}</text><line x1="${LABEL}" y1="${y + ROW / 2}" x2="${LABEL + 11 * step}" y2="${y + ROW / 2}" class="grid"/>${dots}${unscored}`;
    })
    .join('');
  const height = TOP + ids.length * ROW + 22;
  const mark = `<line x1="${passAt}" y1="${TOP - 6}" x2="${passAt}" y2="${height - 16}" class="pass"/><text x="${(Number(passAt) + 4).toFixed(1)}" y="${height - 4}" class="axis">passes at 7</text>`;
  return `<figure>${svg(
    'distribution',
    'Distribution of scores per rule',
    `For each rule, how many of the ${audited.length} audited repositories scored 0 to 10 (a dot's area is the count); a rule passes at 7.`,
    height,
    head + mark + rows,
    esc,
  )}<figcaption>How the ${audited.length} audited ${audited.length === 1 ? 'repository scores' : 'repositories score'} on each rule, out of 10.</figcaption></figure>`;
}

/** The trend against the baseline: for each repository compared, a line from its baseline score to today's, most regressed first. */
export function trendChart(repos: readonly RepoReport[], nameOf: (target: string) => string, esc: Escape): string {
  const compared = repos
    .filter((r) => r.status === 'ok' && r.baseline && r.baseline.score !== null && r.score !== null)
    .sort((a, b) => (a.baseline!.delta ?? 0) - (b.baseline!.delta ?? 0) || (a.target < b.target ? -1 : 1));
  if (!compared.length) return '';
  const shown = compared.slice(0, CHART_REPOS);
  const plot = WIDTH - LABEL - 110;
  const x = (score: number) => (LABEL + (score / 100) * plot).toFixed(1);
  const head = [0, 25, 50, 75, 100]
    .map(
      (n) =>
        `<text x="${x(n)}" y="18" class="axis" text-anchor="middle">${n}</text><line x1="${x(n)}" y1="${TOP - 6}" x2="${x(n)}" y2="${TOP + shown.length * ROW}" class="grid"/>`,
    )
    .join('');
  const rows = shown
    .map((repo, row) => {
      const y = TOP + row * ROW + ROW / 2;
      const before = repo.baseline!.score!;
      const now = repo.score!;
      const delta = repo.baseline!.delta ?? now - before;
      const colour = delta < 0 ? BAND_COLOUR.poor : delta > 0 ? BAND_COLOUR.good : BAND_COLOUR.none;
      const name = nameOf(repo.target);
      const words = `${name}: ${formatScore(before)} in the baseline, ${formatScore(now)} now (${delta > 0 ? '+' : ''}${formatScore(delta)}) of 100`;
      return `<text x="${LABEL - 8}" y="${y + 4}" class="name" text-anchor="end">${esc(label(name, 30))}</text><g><title>${esc(words)}</title><line x1="${x(before)}" y1="${y}" x2="${x(now)}" y2="${y}" stroke="${colour}" stroke-width="3"/><circle cx="${x(before)}" cy="${y}" r="5" fill="#fff" stroke="${colour}" stroke-width="2"/><circle cx="${x(now)}" cy="${y}" r="5" fill="${colour}"/></g><text x="${LABEL + plot + 12}" y="${y + 4}" class="value">${formatScore(before)} → ${formatScore(now)}</text>`;
    })
    .join('');
  const height = TOP + shown.length * ROW + 8;
  return `<figure>${svg(
    'trend',
    'Trend against the baseline',
    'For each repository compared with the baseline, most regressed first: a hollow dot at its baseline score, a filled dot at its score now, out of 100; red when it fell, green when it rose.',
    height,
    head + rows,
    esc,
  )}<figcaption>Overall score in the baseline (hollow) and now (filled), out of 100, most regressed first.</figcaption></figure>${more(compared.length - shown.length, 'repositories compared')}`;
}

/** Styles the charts need, added to the page's own. */
export const CHART_CSS = `
figure { margin: 12px 0 20px; } figcaption { color: var(--muted); font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.chart .axis { fill: var(--muted); font-size: 11px; } svg.chart .name { fill: var(--ink); } svg.chart .value { fill: var(--ink); font-size: 11px; font-variant-numeric: tabular-nums; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; } svg.chart .pass { stroke: var(--good); stroke-width: 1.5; stroke-dasharray: 4 3; }
`;
