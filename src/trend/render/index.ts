import { TREND_FILE_NAMES, TREND_FORMATS, type TrendFormat } from '../formats.ts';
import type { TrendReport } from '../types.ts';
import { renderTrendCsv } from './csv.ts';
import { renderTrendHtml } from './html.ts';
import { renderTrendJson } from './json.ts';
import { renderTrendMarkdown } from './markdown.ts';
import { renderTrendText } from './text.ts';

export { TREND_FILE_NAMES, TREND_FORMATS, type TrendFormat };

/** Every trend format is a pure function of the finished trend. */
export function renderTrend(format: TrendFormat, report: TrendReport): string {
  switch (format) {
    case 'json':
      return renderTrendJson(report);
    case 'csv':
      return renderTrendCsv(report);
    case 'markdown':
      return renderTrendMarkdown(report);
    case 'html':
      return renderTrendHtml(report);
    default:
      return renderTrendText(report);
  }
}

export { renderTrendCsv, renderTrendHtml, renderTrendJson, renderTrendMarkdown, renderTrendText };
