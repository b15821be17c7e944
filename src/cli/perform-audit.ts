import { ConfigError } from '../errors.ts';
import type { Report } from '../types.ts';
import { neutralise } from '../util/sanitize.ts';
import { type AuditFlags, passedThrough } from './audit-flags.ts';
import type { CliIO } from './io.ts';
import { progressReporter, startSpinner } from './progress.ts';

/**
 * Runs the audit the flags describe, with progress on stderr. What the flags do not say comes from
 * the process: the targets of --repos-file, the cache folder, the token, where warnings go.
 */
export async function performAudit(targets: string[], flags: AuditFlags, io: CliIO): Promise<Report> {
  const [{ audit }, { defaultCacheDir }, list] = await Promise.all([
    import('../engine/audit.ts'),
    import('../history/cache.ts'),
    import('../engine/target-list.ts'),
  ]);
  const shard = flags.shard === undefined ? null : list.parseShard(flags.shard);
  let all = [...targets, ...(flags.reposFile ? await list.readReposFile(flags.reposFile, io.cwd) : [])];
  if (flags.reposFile && !all.length) throw new ConfigError('the repository list is empty', 'put one repository per line', flags.reposFile);
  if (!all.length && !flags.org) all = ['.'];
  const quiet = flags.quiet ?? false;
  const spinner = await startSpinner(io, quiet);
  try {
    return await audit({
      ...passedThrough(flags),
      targets: all,
      cwd: io.cwd,
      cacheDir: defaultCacheDir(io.env),
      ...(shard && { shard }),
      token: io.env.GITHUB_TOKEN || io.env.GH_TOKEN || null,
      onWarning: (message) => {
        if (!quiet) io.stderr.write(`warning: ${neutralise(message)}\n`);
      },
      onProgress: progressReporter(io, spinner, quiet),
    });
  } finally {
    spinner?.stop();
  }
}
