import { UsageError } from '../../errors.ts';
import { EXIT } from '../../exit-codes.ts';
import type { CommandRun } from './command.ts';

const MIB = 1024 * 1024;

function size(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '-');

/** `blueprint cache info`: where the cache is, what each section holds, and its bound. */
export const cacheInfoCommand: CommandRun<[], { json?: boolean }> = async (_args, flags, io) => {
  const { defaultCacheDir } = await import('../../history/cache.ts');
  const { cacheInfo, maxCacheBytes } = await import('../../history/cache-admin.ts');
  const info = await cacheInfo(defaultCacheDir(io.env), maxCacheBytes(io.env));
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`Cache: ${info.dir}${info.exists ? '' : ' (not created yet)'}\n`);
  io.stdout.write(`Size: ${size(info.bytes)} of history and queries; bound ${size(info.maxBytes)} (least recently used out first)\n\n`);
  const width = Math.max(...info.sections.map((s) => s.name.length)) + 2;
  io.stdout.write(`${'SECTION'.padEnd(width)}${'ENTRIES'.padStart(8)}  ${'SIZE'.padStart(10)}  LAST USED   WHAT\n`);
  for (const s of info.sections) {
    io.stdout.write(
      `${s.name.padEnd(width)}${String(s.entries).padStart(8)}  ${size(s.bytes).padStart(10)}  ${day(s.newest).padEnd(10)}  ${s.description}\n`,
    );
  }
  return EXIT.ok;
};

/** `blueprint cache clean`: removes cached entries, all or some sections, optionally only old ones. */
export const cacheCleanCommand: CommandRun<[], { section?: string[]; olderThan?: number }> = async (_args, flags, io) => {
  const { defaultCacheDir } = await import('../../history/cache.ts');
  const { CACHE_SECTIONS, cleanCache } = await import('../../history/cache-admin.ts');
  const known = Object.keys(CACHE_SECTIONS);
  const sections = flags.section?.length ? flags.section : undefined;
  const unknown = sections?.filter((s) => !known.includes(s)) ?? [];
  if (unknown.length) throw new UsageError(`unknown cache section '${unknown.join("', '")}'`, `use one of: ${known.join(', ')}`);
  const dir = defaultCacheDir(io.env);
  const result = await cleanCache(dir, {
    ...(sections && { sections: sections as (keyof typeof CACHE_SECTIONS)[] }),
    ...(flags.olderThan !== undefined && { olderThanDays: flags.olderThan }),
  });
  io.stdout.write(`Removed ${result.removed} ${result.removed === 1 ? 'entry' : 'entries'} (${size(result.bytes)}) from ${dir}\n`);
  return EXIT.ok;
};
