import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A `git` to put first on PATH: it appends a line to its log for every command, then runs the real git. */
export interface TracingGit {
  /** The folder holding the wrapper: put it first on PATH. */
  dir: string;
  log: string;
  /** The log's lines so far. */
  calls(): string[];
}

/**
 * Writes the wrapper into `dir`. `record` is what each command logs, a shell word (default: its
 * arguments, `"$*"`); `before` runs first (shell lines, e.g. to compute what `record` names).
 */
export function tracingGit(dir: string, { record = '"$*"', before = '' }: { record?: string; before?: string } = {}): TracingGit {
  const log = join(dir, 'calls.log');
  const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\n${before}${before && !before.endsWith('\n') ? '\n' : ''}echo ${record} >> '${log}'\nexec '${real}' "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  return {
    dir,
    log,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
  };
}
