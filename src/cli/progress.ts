import type { ProgressEvent } from '../engine/audit.ts';
import type { AuditPhase } from '../engine/phases.ts';
import { neutralise } from '../util/sanitize.ts';
import type { CliIO, ProgressSink, StatusLine } from './io.ts';

/** The spinner, drawn on a terminal's stderr; ora is loaded only when one is shown. */
export function terminalProgress(stream: NodeJS.WriteStream): ProgressSink {
  return {
    async start(text) {
      const { default: ora } = await import('ora');
      return ora({ text, stream, discardStdin: false }).start();
    },
  };
}

/** The spinner for this run: on a terminal, unless CI is set (its logs keep every line) or --quiet. */
export async function startSpinner(io: CliIO, quiet: boolean): Promise<StatusLine | null> {
  return io.progress && !io.env.CI && !quiet ? io.progress.start('Auditing…') : null;
}

const phaseText = (phase: AuditPhase) => (phase.step === 'running rules' ? `running rules ${phase.done}/${phase.of}` : phase.step);

/**
 * Progress on stderr: the spinner, when there is one, names the target and its phase (cloning,
 * reading history, running rules 3/18) when there is one target, and a count with the time left
 * when there are several; without a spinner (CI logs) one plain line per repository.
 */
export function progressReporter(io: CliIO, spinner: StatusLine | null, quiet: boolean) {
  const started = Date.now();
  let done = 0;
  let failed = 0;
  return (event: ProgressEvent) => {
    if (event.type === 'start') {
      if (spinner) spinner.text = `Auditing ${event.total > 1 ? `${done}/${event.total}: ` : ''}${neutralise(event.target)}`;
      return;
    }
    if (event.type === 'phase') {
      // Several targets run at once: their phases would flicker past, so the count stands alone.
      if (spinner && event.total === 1) spinner.text = `Auditing ${neutralise(event.target)}: ${phaseText(event.phase)}`;
      return;
    }
    done++;
    if (event.repo.status === 'error') failed++;
    if (event.total < 2) return;
    const left = done < event.total ? Math.round((((Date.now() - started) / done) * (event.total - done)) / 1000) : 0;
    const eta = left ? `, ~${left >= 60 ? `${Math.round(left / 60)} min` : `${left} s`} left` : '';
    if (spinner) spinner.text = `Audited ${done}/${event.total}${failed ? ` (${failed} failed)` : ''}${eta}`;
    else if (!quiet) {
      const result = event.repo.status === 'error' ? `error: ${event.repo.error}` : `${event.repo.score ?? '—'}`;
      io.stderr.write(`[${done}/${event.total}] ${neutralise(`${event.target}  ${result}`)}\n`);
    }
  };
}
