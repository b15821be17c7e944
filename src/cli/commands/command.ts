import type { CliIO } from '../io.ts';

/**
 * A command: its positional arguments (as commander parsed them), its flags (named as the options
 * they set) and the process it runs in, to the exit code (src/exit-codes.ts).
 */
export type CommandRun<Args, Flags> = (args: Args, flags: Flags, io: CliIO) => Promise<number>;
