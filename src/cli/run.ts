import { CommanderError } from 'commander';
import { BlueprintError, ConfigError, ISSUES_URL } from '../errors.ts';
import { EXIT } from '../exit-codes.ts';
import { neutralise } from '../util/sanitize.ts';
import type { CliIO } from './io.ts';
import { buildProgram } from './program.ts';

export type { CliIO, ProgressSink, StatusLine } from './io.ts';

/** An error as the user sees it: `error:` and `hint:` lines, a stack only with --debug; its exit code. */
function printError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof BlueprintError) {
    // Messages quote file names and targets, which repositories and lists control.
    const message = neutralise(error instanceof ConfigError ? error.located : error.message);
    io.stderr.write(`error: ${message}\n`);
    if (error.hint) io.stderr.write(`hint: ${neutralise(error.hint)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`internal error: ${neutralise(err.message)}\n`);
  io.stderr.write(
    `hint: this is a bug in blueprint-audit; please report it at ${ISSUES_URL} with the command you ran${debug ? '' : ' and the output of --debug'}\n`,
  );
  if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

const SHOWN_AND_DONE = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message; usage errors are 2, not its default 1.
      return SHOWN_AND_DONE.has(error.code) ? EXIT.ok : EXIT.usage;
    }
    return printError(error, io, debug);
  }
}
