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
export * from './trend/index.ts';
