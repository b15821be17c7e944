/**
 * `blueprint scaffold <practice> --into <source>`: the starter goes into a handbook repository
 * the blueprint reads records from, at that source's folder and the practice's folder there
 * (docs/dr/… in a code repository is dr/… in a handbook), which is where the audit finds it.
 */
import { relative, resolve } from 'node:path';
import { discoverConfig, loadConfigFile, recommendedConfig, type BlueprintConfig } from '../config/load.ts';
import { UsageError } from '../errors.ts';
import { isRecordPractice, serves } from '../records/practices.ts';
import { openLocalRepo } from '../sources/local.ts';
import { parseRecordTarget as parseTarget } from '../records/target.ts';
import { writeScaffold } from './scaffold.ts';
import { TEMPLATES } from './templates.ts';

export interface IntoOptions {
  /** A `repo:` source of the blueprint as written there, or the folder of a clone of one. */
  into: string;
  practice: string;
  /** The starter's path in a code repository (or --output, taken as it is). */
  path: string;
  output?: string | undefined;
  text: string;
  cwd: string;
  /** Top of the repository whose blueprint names the sources. */
  top: string;
  config?: string | undefined;
}

async function blueprintOf(top: string, cwd: string, file: string | undefined): Promise<BlueprintConfig> {
  if (file) return loadConfigFile(file, cwd);
  const repo = await openLocalRepo(top, {}).catch(() => null);
  if (!repo) return recommendedConfig();
  try {
    return (await discoverConfig(repo, cwd)) ?? recommendedConfig();
  } finally {
    repo.close();
  }
}

/** Writes the starter into the handbook and says where, relative to the working folder. */
export async function writeInto(options: IntoOptions): Promise<string> {
  const rule = TEMPLATES[options.practice]?.rule ?? '';
  if (!isRecordPractice(rule))
    throw new UsageError(`--into writes records, and ${options.practice} is not a record`, 'drop --into to write it into the repository');
  const config = await blueprintOf(options.top, options.cwd, options.config);
  const sources = config.records.flatMap((s) => (s.kind === 'repo' && serves(s, rule) ? [s] : []));
  const folder = resolve(options.cwd, options.into);
  const named = sources.find((s) => s.repo === options.into || (config.dir !== null && resolve(config.dir, s.repo) === folder));
  if (named && parseTarget(named.repo).kind !== 'local' && named.repo === options.into)
    throw new UsageError(`${options.into} is not on this machine`, "clone it and pass the clone's folder: --into <folder>");
  // A clone of the one handbook the blueprint names for this practice takes that source's folder.
  const source = named ?? (sources.length === 1 ? sources[0] : undefined);
  const root = named && parseTarget(named.repo).kind === 'local' && config.dir !== null ? resolve(config.dir, named.repo) : folder;
  const inSource = options.output ?? options.path.replace(/^docs\//, '');
  const path = source?.path ? `${source.path}/${inSource}` : inSource;
  const shown = await writeScaffold(root, path, options.text);
  const where = relative(options.cwd, root) || '.';
  return `${where}/${shown}`;
}
