import type { TrendReport } from '../types.ts';

/** The trend as JSON (docs/trend.schema.json): each point's full audit report is left out. */
export function renderTrendJson(report: TrendReport): string {
  return `${JSON.stringify(
    {
      ...report,
      repos: report.repos.map((r) => ({ ...r, points: r.points.map(({ report: _, ...point }) => point) })),
    },
    null,
    2,
  )}\n`;
}
