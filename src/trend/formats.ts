/** The trend's formats (SARIF and JUnit describe one audit, not a series), and their file names under --output-dir. */
export const TREND_FORMATS = ['text', 'json', 'csv', 'markdown', 'html'] as const;
export type TrendFormat = (typeof TREND_FORMATS)[number];

export const TREND_FILE_NAMES: Record<TrendFormat, string> = {
  text: 'trend.txt',
  json: 'trend.json',
  csv: 'trend.csv',
  markdown: 'trend.md',
  html: 'trend.html',
};
