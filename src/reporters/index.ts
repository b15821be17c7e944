import type { Report } from '../types.ts';
import { renderCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { withOrganisationRow } from './organisation-row.ts';
import { renderSarif } from './sarif.ts';
import { renderText, type TextOptions } from './text.ts';

import { FORMATS, FILE_NAMES, type Format } from './formats.ts';

export { FILE_NAMES, FORMATS, type Format };

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
