import { OutputError, UsageError } from '../errors.ts';
import type { Format } from '../reporters/formats.ts';
import type { Report } from '../types.ts';
import type { OutputFlags } from './audit-flags.ts';
import type { CliIO } from './io.ts';

/** --no-color, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function colorLevel(flag: boolean, env: CliIO['env'], isTTY: boolean): 0 | 1 | 2 | 3 {
  if (!flag) return 0;
  if (env.NO_COLOR) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 2;
}

/**
 * Writes a file the user asked for (relative to the current folder), never through a link it did
 * not make (src/util/safe-write.ts); a failure is an OutputError naming it (exit 2, no report
 * written), never a stack, and never a ConfigError: the blueprint is not at fault.
 */
export async function writeOutput(
  io: CliIO,
  path: string,
  text: string,
  what: string,
  options: { createFolders?: boolean } = {},
): Promise<void> {
  const { writeFileSafely } = await import('../util/safe-write.ts');
  await writeFileSafely(path, text, { cwd: io.cwd, what, ...options });
}

/**
 * Refuses what `emit` would refuse, before the command does its work: an audit of an organisation
 * should not run for minutes to find that its report cannot be written (a link, a bad pair of
 * flags). The write checks again, as the files may change meanwhile.
 */
export async function checkOutputs(
  flags: Pick<OutputFlags, 'format' | 'output' | 'outputDir'>,
  io: CliIO,
  what = 'the report',
): Promise<void> {
  const [{ FILE_NAMES }, { join }, { checkWritable }] = await Promise.all([
    import('../reporters/index.ts'),
    import('node:path'),
    import('../util/safe-write.ts'),
  ]);
  checkOutputFlags(flags);
  if (flags.outputDir) {
    for (const format of flags.format)
      await checkWritable(join(flags.outputDir, FILE_NAMES[format]), { cwd: io.cwd, what, createFolders: true });
  } else if (flags.output) {
    await checkWritable(flags.output, { cwd: io.cwd, what });
  }
}

function checkOutputFlags(flags: Pick<OutputFlags, 'format' | 'output' | 'outputDir'>): void {
  const formats = flags.format;
  if (formats.length > 1 && !flags.outputDir)
    throw new UsageError(`several formats (${formats.join(', ')}) need --output-dir`, 'add --output-dir <folder>, or give one format');
  if (flags.output && flags.outputDir)
    throw new UsageError('--output and --output-dir cannot be used together', 'use --output for one format, --output-dir for several');
}

/** Renders a report in each chosen format: to stdout, to --output, or into --output-dir. */
export async function emit(report: Report, flags: OutputFlags, io: CliIO): Promise<void> {
  const { render, FILE_NAMES } = await import('../reporters/index.ts');
  const [{ appendFile }, { join }, { checkWritable }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('../util/safe-write.ts'),
  ]);
  const formats = flags.format;
  checkOutputFlags(flags);
  const text = (format: Format, toTerminal: boolean) =>
    render(format, report, {
      colorLevel: toTerminal ? colorLevel(flags.color, io.env, io.stdoutIsTTY) : 0,
      width: Math.min(io.columns ?? 80, 100),
      quiet: flags.quiet ?? false,
    });
  if (flags.outputDir) {
    // Every file is checked before any is written: a refused one leaves the others untouched.
    const files = formats.map((format) => [format, join(flags.outputDir!, FILE_NAMES[format])] as const);
    for (const [, file] of files) await checkWritable(file, { cwd: io.cwd, what: 'the report', createFolders: true });
    for (const [format, file] of files) await writeOutput(io, file, text(format, false), 'the report', { createFolders: true });
    if (!flags.quiet) io.stderr.write(`Reports written to ${flags.outputDir}: ${formats.map((f) => FILE_NAMES[f]).join(', ')}\n`);
  } else if (flags.output) {
    await writeOutput(io, flags.output, text(formats[0]!, false), 'the report');
    if (!flags.quiet) io.stderr.write(`Report written to ${flags.output}\n`);
  } else {
    io.stdout.write(text(formats[0]!, true));
  }
  if (flags.summary) {
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      await appendFile(summaryFile, render('markdown', report)).catch((error: NodeJS.ErrnoException) => {
        throw new OutputError(
          summaryFile,
          `cannot append the summary (GITHUB_STEP_SUMMARY): ${error.code ?? error.message}`,
          'check the path in GITHUB_STEP_SUMMARY',
        );
      });
    } else if (!flags.quiet) {
      io.stderr.write('warning: --summary: GITHUB_STEP_SUMMARY is not set, so there is no job summary to write to\n');
    }
  }
}
