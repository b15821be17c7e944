import type { RepoReport, Report } from '../types.ts';
import { compareWithBaseline } from './baseline.ts';

export interface GateSettings {
  /** The score a repository must reach (0–100), or null for no score gate. */
  failUnder: number | null;
  /** A previous report to compare with, or null. */
  baseline: Report | null;
  /** Points a score may drop below the baseline before it counts as a regression. */
  tolerance: number;
  /** Targets in the run: with one, a baseline's only repository is this one whatever its name. */
  targets: number;
}

/**
 * Holds an audited repository to its gates: the score against fail-under, a partial audit (which
 * no gate passes), and regressions from the baseline. Fills in `gate` and `baseline`.
 */
export function applyGates(report: RepoReport, settings: GateSettings): RepoReport {
  const { failUnder } = settings;
  const { score, incomplete } = report;
  report.gate = { failUnder, passed: true, failures: [] };
  if (failUnder !== null && score !== null && score < failUnder) {
    report.gate.failures.push(`score ${score} is below fail-under ${failUnder}`);
  }
  // A gate over nothing measured, or over a partial view, is not a pass.
  if (failUnder !== null && score === null) {
    report.gate.failures.push(`no rule produced a score, so there is nothing to hold to fail-under ${failUnder}`);
  }
  if (incomplete.length) {
    report.gate.failures.push(
      `the audit is incomplete (${incomplete.length} ${incomplete.length === 1 ? 'reason' : 'reasons'}), so no gate can pass`,
    );
  }
  if (settings.baseline) {
    report.baseline = compareWithBaseline(settings.baseline, report, settings.targets, settings.tolerance);
    for (const r of report.baseline?.regressions ?? []) {
      report.gate.failures.push(`${r.rule ?? 'overall score'} regressed from ${r.baseline} to ${r.current} (${r.delta})`);
    }
  }
  report.gate.passed = report.gate.failures.length === 0;
  return report;
}
