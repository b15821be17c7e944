/** The library API of blueprint-audit. */
export { audit, type AuditOptions } from './engine/audit.ts';
export { exitCodeFor } from './exit-codes.ts';
export { RULES, findRule } from '../rules/index.ts';
export { renderText, type TextOptions } from './reporters/text.ts';
export { renderJson } from './reporters/json.ts';
export { renderPlan, type PlanOptions } from './plan/render.ts';
export { blueprintJsonSchema } from './config/schema.ts';
export { loadConfigFile, recommendedConfig, type BlueprintConfig, type RuleSettings } from './config/load.ts';
export { BlueprintError, ConfigError, TargetError, UsageError } from './errors.ts';
export * from './types.ts';
/** The rule kit: what rules here and third-party rules build on (findings with codes, scoring, path classes, graph walks). */
export * from './rule-kit/index.ts';
export { defaultCacheDir } from './history/cache.ts';
export {
  CACHE_MAX_ENV,
  CACHE_SECTIONS,
  cacheInfo,
  cleanCache,
  DEFAULT_MAX_CACHE_BYTES,
  maxCacheBytes,
  pruneCache,
  type CacheInfo,
  type CacheSection,
  type CacheSectionInfo,
  type CleanOptions,
  type CleanResult,
} from './history/cache-admin.ts';
export { HISTORY_JOBS_ENV, historyJobs, loadHistory, type HistoryRequest, type LoadedHistory } from './history/load.ts';
export * from './trend/index.ts';
