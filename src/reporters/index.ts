import type { Report } from '../types.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { withOrganisationRow } from './organisation-row.ts';
import { renderSarif } from './sarif.ts';
import { renderText, type TextOptions } from './text.ts';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** File name of each format under --output-dir. */
export const FILE_NAMES: Record<Format, string> = {
  text: 'blueprint.txt',
  json: 'blueprint.json',
  markdown: 'blueprint.md',
  sarif: 'blueprint.sarif',
  junit: 'blueprint.junit.xml',
  csv: 'blueprint.csv',
  html: 'blueprint.html',
};

/** Every reporter is a pure function of the finished report. */
export function render(format: Format, input: Report, options: TextOptions = {}): string {
  const report = format === 'json' ? input : withOrganisationRow(input);
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report);
    default:
      return renderText(report, options);
  }
}
