/**
 * An organisation's blueprint refined by a repository's own: the repository's keys win, rule by
 * rule (its options over the organisation's, option by option), systems and teams name by name;
 * `records` is replaced whole, since a list of sources is one decision.
 */
import { isRecord } from '../util/yaml.ts';

function mergeRule(base: unknown, own: unknown): unknown {
  if (!isRecord(base)) return own;
  if (typeof own === 'string') return { ...base, severity: own };
  if (!isRecord(own)) return own;
  const options = isRecord(base.options) && isRecord(own.options) ? { ...base.options, ...own.options } : (own.options ?? base.options);
  return { ...base, ...own, ...(options === undefined ? {} : { options }) };
}

export function mergeBlueprintData(base: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...own };
  for (const key of ['systems', 'teams', 'review'] as const)
    if (isRecord(base[key]) && isRecord(own[key])) out[key] = { ...base[key], ...own[key] };
  if (isRecord(base.rules) && isRecord(own.rules)) {
    const rules: Record<string, unknown> = { ...base.rules };
    for (const [id, entry] of Object.entries(own.rules)) rules[id] = mergeRule(base.rules[id], entry);
    out.rules = rules;
  }
  delete out.$schema;
  return out;
}
