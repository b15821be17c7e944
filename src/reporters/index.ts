import type { Report } from '../types.ts';
import { renderJson } from './json.ts';
import { renderText, type TextOptions } from './text.ts';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function render(format: Format, report: Report, options: TextOptions = {}): string {
  return format === 'json' ? renderJson(report) : renderText(report, options);
}
