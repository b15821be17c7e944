export { trend, DEFAULT_THRESHOLD, type TrendOptions } from './trend.ts';
export { sampleDates, parseStep } from './dates.ts';
export { combineTrendShards, mergeTrendFiles, type MergeInput } from './merge.ts';
export { renderTrend, TREND_FORMATS, TREND_FILE_NAMES, type TrendFormat } from './render/index.ts';
export { renderTrendCsv, renderTrendHtml, renderTrendJson, renderTrendMarkdown, renderTrendText } from './render/index.ts';
export type * from './types.ts';
