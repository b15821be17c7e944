import { UsageError } from '../../errors.ts';
import { EXIT } from '../../exit-codes.ts';
import type { CommandRun } from './command.ts';

export interface ScaffoldFlags {
  name?: string;
  output?: string;
  now?: Date;
  print?: boolean;
  list?: boolean;
  config?: string;
}

/** `blueprint scaffold <practice> [repo]`: write (or print) the starter document of a record-based practice. */
export const scaffold: CommandRun<[practice: string | undefined, repo: string], ScaffoldFlags> = async ([practice, target], flags, io) => {
  const { TEMPLATES } = await import('../../scaffold/templates.ts');
  if (flags.list || !practice) {
    if (!flags.list) throw new UsageError('which practice?', `name one: ${Object.keys(TEMPLATES).join(', ')} (--list describes them)`);
    for (const [id, t] of Object.entries(TEMPLATES)) io.stdout.write(`${id.padEnd(19)}${t.summary} (${t.rule})\n`);
    return EXIT.ok;
  }
  const [{ renderScaffold, writeScaffold }, { draftCodeowners }, { workTreeTop }, { defaultCacheDir }, { resolve }] = await Promise.all([
    import('../../scaffold/scaffold.ts'),
    import('../../scaffold/codeowners.ts'),
    import('../../scaffold/work-tree.ts'),
    import('../../history/cache.ts'),
    import('node:path'),
  ]);
  const now = flags.now ?? new Date();
  const root = resolve(io.cwd, target);
  const codeowners = () =>
    draftCodeowners(root, {
      ...(flags.config !== undefined && { config: flags.config }),
      cwd: io.cwd,
      cacheDir: defaultCacheDir(io.env),
      now,
    });
  const top = flags.print ? root : await workTreeTop(root, target);
  const { path, text } = await renderScaffold(practice, {
    now,
    ...(flags.name !== undefined && { name: flags.name }),
    ...(flags.output !== undefined && { output: flags.output }),
    codeowners,
  });
  if (flags.print) {
    io.stdout.write(text);
    return EXIT.ok;
  }
  const written = await writeScaffold(top, path, text);
  io.stderr.write(`Wrote ${written}: fill it in and commit it.\n`);
  return EXIT.ok;
};
