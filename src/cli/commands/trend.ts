import { InvalidArgumentError } from 'commander';
import { ConfigError, UsageError } from '../../errors.ts';
import { EXIT } from '../../exit-codes.ts';
import { TREND_FORMATS, type TrendFormat } from '../../trend/formats.ts';
import type { TrendReport } from '../../trend/types.ts';
import type { CliIO } from '../io.ts';
import { writeOutput } from '../output.ts';
import type { CommandRun } from './command.ts';

export interface TrendFlags {
  since: string;
  every: string;
  until?: string;
  threshold?: number;
  format: TrendFormat[];
  output?: string;
  outputDir?: string;
  config?: string;
  rules?: string[];
  cache?: boolean;
  now?: Date;
  quiet?: boolean;
  reposFile?: string;
  github?: boolean;
  githubUrl?: string;
  org?: string;
  include?: string[];
  exclude?: string[];
  topics?: string[];
  includeArchived?: boolean;
  includeForks?: boolean;
  cloneTimeoutMs?: number;
  /** `i/n`, parsed when the trend starts. */
  shard?: string;
}

/** `-f text,html`: the trend's own formats (SARIF and JUnit describe one audit, not a series). */
export function parseTrendFormats(value: string): TrendFormat[] {
  const list = [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
  if (!list.length || list.some((f) => !(TREND_FORMATS as readonly string[]).includes(f))) {
    throw new InvalidArgumentError(`Allowed choices are ${TREND_FORMATS.join(', ')}.`);
  }
  return list as TrendFormat[];
}

/** `blueprint trend`: each repository audited as it stood at a series of past dates, and what moved each score. */
export const trend: CommandRun<string[], TrendFlags> = async (targets, flags, io) => {
  const [{ trend: traceTrend }, { readReposFile, parseShard }, { defaultCacheDir }] = await Promise.all([
    import('../../trend/trend.ts'),
    import('../../engine/target-list.ts'),
    import('../../history/cache.ts'),
  ]);
  checkTrendOutputFlags(flags);
  const shard = flags.shard === undefined ? null : parseShard(flags.shard);
  const listed = flags.reposFile ? await readReposFile(flags.reposFile, io.cwd) : [];
  if (flags.reposFile && !listed.length)
    throw new ConfigError('the repository list is empty', 'put one repository per line', flags.reposFile);
  const all = [...targets, ...listed];
  const report: TrendReport = await traceTrend({
    targets: all.length || flags.org ? all : ['.'],
    cwd: io.cwd,
    cacheDir: defaultCacheDir(io.env),
    token: io.env.GITHUB_TOKEN || io.env.GH_TOKEN || null,
    ...(io.retry && { retry: io.retry }),
    ...(flags.github && { github: true }),
    ...(flags.githubUrl !== undefined && { githubUrl: flags.githubUrl }),
    ...(flags.org !== undefined && { org: flags.org }),
    ...(flags.include?.length && { include: flags.include }),
    ...(flags.exclude?.length && { exclude: flags.exclude }),
    ...(flags.topics?.length && { topics: flags.topics }),
    ...(flags.includeArchived && { includeArchived: true }),
    ...(flags.includeForks && { includeForks: true }),
    ...(flags.cloneTimeoutMs !== undefined && { cloneTimeoutMs: flags.cloneTimeoutMs }),
    ...(shard && { shard }),
    since: flags.since,
    every: flags.every,
    ...(flags.until !== undefined && { until: flags.until }),
    ...(flags.threshold !== undefined && { threshold: flags.threshold }),
    ...(flags.now && { now: flags.now }),
    ...(flags.config && { config: flags.config }),
    ...(flags.rules?.length && { rules: flags.rules }),
    ...(flags.cache === false && { cache: false }),
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
    ...(!flags.quiet && {
      onPoint: ({ target, index, total, date }) =>
        io.stderr.write(`${target}: point ${index + 1} of ${total}, ${date.toISOString().slice(0, 10)}\n`),
    }),
  });
  await writeTrend(report, flags, io);
  return trendExitCode(report);
};

type TrendOutputFlags = Pick<TrendFlags, 'format' | 'output' | 'outputDir'>;

function checkTrendOutputFlags(flags: TrendOutputFlags): void {
  if (flags.format.length > 1 && !flags.outputDir)
    throw new UsageError(`several formats (${flags.format.join(', ')}) need --output-dir`, 'add --output-dir <folder>, or give one format');
  if (flags.output && flags.outputDir)
    throw new UsageError('--output and --output-dir cannot be used together', 'use --output for one format, --output-dir for several');
}

/** A trend in each chosen format: to stdout, to --output, or as trend.<ext> into --output-dir (`trend` and `merge`). */
export async function writeTrend(report: TrendReport, flags: TrendOutputFlags, io: CliIO): Promise<void> {
  const [{ renderTrend, TREND_FILE_NAMES }, { join }] = await Promise.all([import('../../trend/render/index.ts'), import('node:path')]);
  checkTrendOutputFlags(flags);
  if (flags.outputDir) {
    for (const format of flags.format) {
      await writeOutput(io, join(flags.outputDir, TREND_FILE_NAMES[format]), renderTrend(format, report), 'the trend', {
        createFolders: true,
      });
    }
  } else if (flags.output) {
    await writeOutput(io, flags.output, renderTrend(flags.format[0]!, report), 'the trend');
  } else {
    io.stdout.write(renderTrend(flags.format[0]!, report));
  }
}

/** 3 when a repository could not be traced, else 0: a trend has no gate. */
export function trendExitCode(report: TrendReport): 0 | 3 {
  return report.repos.some((r) => r.status === 'error') ? EXIT.targetFailed : EXIT.ok;
}
