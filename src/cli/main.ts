/** Entry point of bin/blueprint.js: the one module that reads the process and sets its exit code. */
import { terminalProgress } from './progress.ts';
import { run } from './run.ts';

/**
 * A reader that goes away (`blueprint rules | head -1`) leaves what is still to print nowhere to
 * go: that is no failure of the command, which ends with its own exit code and no stack trace.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

export async function main(): Promise<void> {
  quietWhenClosed(process.stdout);
  quietWhenClosed(process.stderr);
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
