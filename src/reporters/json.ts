import type { Report } from '../types.ts';

/**
 * Characters JSON.stringify leaves raw that a terminal or an editor may act on: DEL, the C1
 * controls (U+009B starts a CSI sequence on some terminals), bidi controls and the Unicode line
 * separators. It already escapes the C0 controls and lone surrogates.
 */
const RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The report contract, as published in docs/report.schema.json. Strings keep their exact data:
 * the characters above are written as JSON escapes, which parse back to the same characters.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2).replace(RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
