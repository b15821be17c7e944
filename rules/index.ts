import type { Rule } from '../src/types.ts';
import branchLifetime from './branch-lifetime/index.ts';
import busFactor from './bus-factor/index.ts';
import ciPipeline from './ci-pipeline/index.ts';
import disasterRecovery from './disaster-recovery/index.ts';
import featureFlags from './feature-flags/index.ts';
import iac from './iac/index.ts';
import processReviews from './process-reviews/index.ts';
import productBriefs from './product-briefs/index.ts';
import styleGuide from './style-guide/index.ts';

/** Every rule, listed by hand and grouped by pillar: adding a rule means adding its folder and one line here. */
export const RULES: readonly Rule<any>[] = [styleGuide, branchLifetime, featureFlags, ciPipeline, processReviews, busFactor, iac, disasterRecovery, productBriefs];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
