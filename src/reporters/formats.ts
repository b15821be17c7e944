/** The report formats and their file names: light, so the CLI parses its flags without loading a reporter. */
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
