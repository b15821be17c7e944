import { afterAll } from 'vitest';
import { buildFixture, gitIn, removeFixture, tempDir, type FixtureSpec } from '../fixtures/builder.ts';
import { run, type CliIO } from '../src/cli/run.ts';

/**
 * Tests never touch the user's cache: test/setup.ts points $XDG_CACHE_HOME at a new temporary
 * folder for each test file, even where a worker runs several files.
 */
export function testCache(): string {
  const dir = process.env.XDG_CACHE_HOME;
  if (!dir?.includes('blueprint-test-cache-')) throw new Error('test/setup.ts has not set the test cache');
  return dir;
}

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

/**
 * GitHub retries and rate-limit waits in tests: a millisecond where the CLI waits a second, so a
 * test of the back-off waits no real seconds (the waits' lengths still show in the warnings).
 */
export const FAST_RETRY = { delayMs: 1 } as const;

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
    retry?: CliIO['retry'];
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { XDG_CACHE_HOME: testCache(), ...(options.env ?? { CI: 'true' }) },
    cwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    columns: options.columns,
    prompt: options.prompt,
    progress: options.progress,
    retry: options.retry ?? FAST_RETRY,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

export const NOW = '2026-11-24T12:00:00Z';

/** A bare repository built from a spec at `dir` that a server lets blueprint make its blobless clone of. */
export function buildServedRepo(spec: FixtureSpec, dir: string): string {
  const built = buildFixture({ ...spec, bare: true }, dir);
  gitIn(built, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(built, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  return built;
}
