import type { RepoView } from '../types.ts';

/** What the audit of one target is doing, for a progress display. */
export type AuditPhase = { step: 'opening' | 'cloning' | 'reading history' } | { step: 'running rules'; done: number; of: number };

/**
 * Follows one target through its phases: opening (or cloning) it, then its rules as they finish.
 * While its history is being mined (the long wait on a large repository) that is the phase shown,
 * since the rules counted meanwhile are only the quick ones.
 */
export function phaseTracker(report: ((phase: AuditPhase) => void) | undefined) {
  let done = 0;
  let of = 0;
  let readingHistory = false;
  const rules = () => {
    if (!readingHistory) report?.({ step: 'running rules', done, of });
  };
  return {
    opening(remote: boolean): void {
      report?.({ step: remote ? 'cloning' : 'opening' });
    },
    /** The view the rules read, telling when its history is first asked for and when it is there. */
    running(view: RepoView, count: number): RepoView {
      of = count;
      rules();
      if (!report) return view;
      let asked = false;
      const history: RepoView['history'] = () => {
        const mined = view.history();
        if (!asked) {
          asked = true;
          readingHistory = true;
          report({ step: 'reading history' });
          const settled = () => {
            readingHistory = false;
            rules();
          };
          mined.then(settled, settled);
        }
        return mined;
      };
      return { ...view, history };
    },
    ruleDone(): void {
      done++;
      rules();
    },
  };
}
