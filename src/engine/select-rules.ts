import { UsageError } from '../errors.ts';
import type { Rule } from '../types.ts';
import { unknownRuleHint } from '../util/suggest.ts';

/** The rules a run applies: all of the set, or those named (an unknown name is a usage error). */
export function selectRules(ruleSet: readonly Rule<any>[], ids: readonly string[] | undefined): readonly Rule<unknown>[] {
  if (!ids?.length) return ruleSet;
  const known = ruleSet.map((r) => r.meta.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new UsageError(`unknown rule '${id}'`, unknownRuleHint(id, known));
    }
  }
  return ruleSet.filter((r) => ids.includes(r.meta.id));
}
