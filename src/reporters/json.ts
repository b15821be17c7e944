import type { Report } from '../types.ts';

/** The report contract, as published in docs/report.schema.json. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
