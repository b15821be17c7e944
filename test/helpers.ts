import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildFixture, removeFixture, tempDir, type FixtureSpec } from '../fixtures/builder.ts';
import { run, type CliIO } from '../src/cli/run.ts';

/** Tests never touch the user's cache: one folder per test process, under the system temp folder. */
export const TEST_CACHE = mkdtempSync(join(tmpdir(), 'blueprint-test-cache-'));

/** Builds fixtures for a test file and removes them when it ends. */
export function fixtures() {
  const made: string[] = [];
  afterAll(() => made.forEach(removeFixture));
  return {
    build(spec: FixtureSpec): string {
      const dir = buildFixture(spec);
      made.push(dir);
      return dir;
    },
    temp(): string {
      const dir = tempDir();
      made.push(dir);
      return dir;
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a user would from `cwd`. */
export async function cli(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    tty?: boolean;
    columns?: number;
    prompt?: CliIO['prompt'];
    progress?: CliIO['progress'];
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { XDG_CACHE_HOME: TEST_CACHE, ...(options.env ?? { CI: 'true' }) },
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    columns: options.columns,
    prompt: options.prompt,
    progress: options.progress,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

export const NOW = '2026-11-24T12:00:00Z';
