/** Entry point of bin/blueprint.js: the one module that reads the process and sets its exit code. */
import { terminalProgress } from './progress.ts';
import { run } from './run.ts';

export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns,
    prompt: process.stdin.isTTY ? { input: process.stdin, output: process.stdout } : undefined,
    // A terminal of no width (`script`, some container ttys) would make ora clear lines forever.
    progress: process.stderr.isTTY && process.stderr.columns > 0 ? terminalProgress(process.stderr) : undefined,
  });
}
