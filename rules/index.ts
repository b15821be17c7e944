import type { Rule } from '../src/types.ts';
import accessReview from './access-review/index.ts';
import automatedTests from './automated-tests/index.ts';
import branchLifetime from './branch-lifetime/index.ts';
import busFactor from './bus-factor/index.ts';
import ciPipeline from './ci-pipeline/index.ts';
import costAlerts from './cost-alerts/index.ts';
import delivery from './delivery/index.ts';
import disasterRecovery from './disaster-recovery/index.ts';
import experiments from './experiments/index.ts';
import featureFlags from './feature-flags/index.ts';
import feedbackLoop from './feedback-loop/index.ts';
import hypotheses from './hypotheses/index.ts';
import iac from './iac/index.ts';
import mvpMetrics from './mvp-metrics/index.ts';
import pocSharing from './poc-sharing/index.ts';
import processReviews from './process-reviews/index.ts';
import productBriefs from './product-briefs/index.ts';
import styleGuide from './style-guide/index.ts';

/** Every rule, listed by hand and grouped by pillar: adding a rule means adding its folder and one line here. */
export const RULES: readonly Rule<any>[] = [
  styleGuide,
  branchLifetime,
  featureFlags,
  ciPipeline,
  automatedTests,
  delivery,
  experiments,
  feedbackLoop,
  processReviews,
  busFactor,
  iac,
  accessReview,
  disasterRecovery,
  costAlerts,
  productBriefs,
  hypotheses,
  pocSharing,
  mvpMetrics,
];

export function findRule(id: string): Rule<any> | undefined {
  return RULES.find((r) => r.meta.id === id);
}
