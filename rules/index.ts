import type { Rule } from '../src/types.ts';
import ciPipeline from './ci-pipeline/index.ts';
import iac from './iac/index.ts';
import styleGuide from './style-guide/index.ts';

/** Every rule, listed by hand: adding a rule means adding its folder and one line here. */
export const RULES: readonly Rule<any>[] = [styleGuide, ciPipeline, iac];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
