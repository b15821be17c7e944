import { readFile } from 'node:fs/promises';
import { checkDocument } from '../engine/report-schema.ts';
import { BlueprintError, ConfigError, UsageError } from '../errors.ts';
import { sampleDates } from './dates.ts';
import { organisationTrend } from './organisation.ts';
import type { TrendReport, TrendShard } from './types.ts';

/** A file to merge: where it is, and its name as the user gave it (which messages show). */
export interface MergeInput {
  path: string;
  name: string;
}

const WRITE_ONE =
  'pass the JSON of each shard, written by `blueprint trend --shard i/n --format json` (docs/trend.schema.json describes it)';
const AGAIN = 'the file was edited or is damaged: trace that shard again';
const OTHER_LISTS =
  'the shards listed different repositories (did the organisation change between the jobs?): trace them again from the same list';

/** Whether JSON.parse gave up at the end of the text: a file cut short (a job killed mid-write, a partial upload). */
function endsEarly(text: string, message: string): boolean {
  const end = text.trimEnd().length;
  if (!end) return false;
  if (/end of JSON input/i.test(message)) return true;
  const position = /at position (\d+)/.exec(message);
  return position !== null && Number(position[1]) >= end;
}

/** Reads a trend written by `blueprint trend --format json` and checks it against docs/trend.schema.json. */
export async function loadTrend(input: MergeInput): Promise<TrendReport> {
  let text: string;
  try {
    text = await readFile(input.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code);
    throw new ConfigError(`cannot read the trend: ${why}`, WRITE_ONE, input.name);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const cut = endsEarly(text, message) ? ' (the file ends early: was it cut short?)' : '';
    throw new ConfigError(`the trend is not valid JSON: ${message}${cut}`, WRITE_ONE, input.name);
  }
  return checkTrend(input, data);
}

/** The parsed JSON of `input` as a trend, once docs/trend.schema.json says it is one. */
export async function checkTrend(input: MergeInput, data: unknown): Promise<TrendReport> {
  const problem = await checkDocument('trend.schema.json', data, 'trend');
  if (problem) throw new ConfigError(`not a blueprint trend: at ${problem.path}, ${problem.message}`, WRITE_ONE, input.name);
  return data as TrendReport;
}

interface Shard {
  name: string;
  trend: TrendReport;
  shard: TrendShard;
}

/** A shard's record, whole: a trend without one, or from before merge could use it, is refused by name. */
function shardOf(name: string, trend: TrendReport): Shard {
  const shard = trend.shard;
  if (!shard) {
    throw new ConfigError(
      'this trend is not a shard (it has no "shard")',
      'merge combines the shards of one trend, each traced with --shard i/n; a trend traced whole needs no merge',
      name,
    );
  }
  if (shard.total === undefined || shard.positions === undefined || shard.blueprint === undefined) {
    throw new ConfigError(
      `shard ${shard.index} of ${shard.count} does not say where its repositories stand among the whole trend's ("shard.total", "shard.positions", "shard.blueprint")`,
      'it was written by a blueprint from before trends could be merged: trace the shard again',
      name,
    );
  }
  if (shard.index > shard.count) throw new ConfigError(`shard ${shard.index} of ${shard.count} cannot be`, AGAIN, name);
  if (shard.positions.length !== trend.repos.length || shard.positions.some((p) => p >= shard.total)) {
    throw new ConfigError(
      `the shard's positions (${shard.positions.length}) do not match its ${trend.repos.length} repositories among ${shard.total}`,
      AGAIN,
      name,
    );
  }
  return { name, trend, shard };
}

/**
 * Every shard must say the same of `what` (compared by `keyOf`); else the files are named,
 * grouped by what each says (in words, by `shown`).
 */
function agree(shards: readonly Shard[], what: string, keyOf: (s: Shard) => string, hint: string, shown = keyOf): void {
  const groups = new Map<string, { said: string; names: string[] }>();
  for (const s of shards) {
    const key = keyOf(s);
    const group = groups.get(key) ?? { said: shown(s), names: [] };
    group.names.push(s.name);
    groups.set(key, group);
  }
  if (groups.size < 2) return;
  const said = [...groups.values()].map(({ said, names }) => `${said} (${names.join(', ')})`).join('; ');
  throw new ConfigError(`the files are not shards of one trend: their ${what} differ: ${said}`, hint);
}

/** The blueprint of a shard's points: a --config file counts by its contents, wherever each job had it. */
function blueprintOf({ shard: { blueprint: b } }: Shard, inWords: boolean): string {
  const rules = b.rules ? `rules ${b.rules.join(',')}` : 'every rule';
  if (b.config === null) return `each repository's own, ${rules}`;
  const file = inWords ? `${b.config} (${b.digest ? `${b.digest.slice(0, 19)}…` : 'unreadable'})` : (b.digest ?? `unreadable ${b.config}`);
  return `${file}, ${rules}`;
}

const SAME_RUN =
  'run every shard with the same --since, --every, --until and --now (the CI recipe in docs/trend.md passes one --now to all)';

function checkOneTrend(shards: readonly Shard[]): void {
  agree(shards, 'tools', (s) => `${s.trend.tool.name} ${s.trend.tool.version}`, 'trace every shard with the same blueprint version');
  agree(shards, 'reference times (generatedAt)', (s) => s.trend.generatedAt, SAME_RUN);
  agree(shards, 'first dates (since)', (s) => s.trend.since, SAME_RUN);
  agree(shards, 'last dates (until)', (s) => s.trend.until, SAME_RUN);
  agree(shards, 'steps (every)', (s) => s.trend.every, SAME_RUN);
  agree(shards, 'thresholds', (s) => String(s.trend.threshold), 'run every shard with the same --threshold');
  agree(
    shards,
    'blueprints',
    (s) => blueprintOf(s, false),
    'run every shard with the same --config file and the same --rule list',
    (s) => blueprintOf(s, true),
  );
  agree(
    shards,
    'organisations',
    (s) => s.trend.organisation?.name ?? '(none: a list of repositories)',
    'run every shard with the same --org and targets',
  );
  agree(shards, 'shard counts', (s) => `of ${s.shard.count}`, 'run every shard with the same n in --shard i/n');
  agree(shards, 'numbers of targets', (s) => `${s.shard.total} in all`, OTHER_LISTS);
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other) {
      throw new ConfigError(
        other === s.name
          ? `${s.name} is given twice (shard ${s.shard.index} of ${s.shard.count})`
          : `${other} and ${s.name} are both shard ${s.shard.index} of ${s.shard.count}`,
        'give each shard once: did a file get copied, or a job run twice?',
      );
    }
    byIndex.set(s.shard.index, s.name);
  }
  const count = shards[0]!.shard.count;
  const absent = count - byIndex.size;
  if (absent > 0) {
    // The first few by number: a count read from a file may be any size.
    const missing: number[] = [];
    for (let i = 1; i <= count && missing.length < 10; i++) if (!byIndex.has(i)) missing.push(i);
    const more = absent > missing.length ? ` and ${absent - missing.length} more` : '';
    const given = [...byIndex].sort(([a], [b]) => a - b).map(([i, name]) => `${i} (${name})`);
    throw new ConfigError(
      `shard${absent > 1 ? 's' : ''} ${missing.join(', ')}${more} of ${count} ${absent > 1 ? 'are' : 'is'} missing: the files given are shard${given.length > 1 ? 's' : ''} ${given.join(', ')}`,
      `add the JSON of each missing shard (blueprint trend … --shard ${missing[0]}/${count} --format json)`,
    );
  }
}

/** The sample dates the shards' since, every and until give; every point of every shard must be at them. */
function datesOf(shards: readonly Shard[]): Date[] {
  const { trend, name } = shards[0]!;
  let dates: Date[];
  try {
    dates = sampleDates(trend.since, trend.every, trend.until, new Date(trend.generatedAt));
  } catch (error) {
    if (!(error instanceof BlueprintError)) throw error;
    throw new ConfigError(`the trend's dates cannot be counted again: ${error.message}`, AGAIN, name);
  }
  const iso = dates.map((d) => d.toISOString());
  if (iso[0] !== trend.since) throw new ConfigError(`since ${trend.since} is not one of the dates it and every give`, AGAIN, name);
  const sameDates = (points: ReadonlyArray<{ date: string }>) => points.length === iso.length && points.every((p, i) => p.date === iso[i]);
  for (const s of shards) {
    for (const repo of s.trend.repos) {
      if (repo.status === 'ok' && !sameDates(repo.points))
        throw new ConfigError(`${repo.target}'s points are not at the dates since, every and until give`, AGAIN, s.name);
    }
    if (s.trend.organisation && !sameDates(s.trend.organisation.points))
      throw new ConfigError("the organisation's points are not at the dates since, every and until give", AGAIN, s.name);
  }
  return dates;
}

/** The repositories of all shards, each at its place in the whole trend's list; every place filled once. */
function inRunOrder(shards: readonly Shard[]): TrendReport['repos'] {
  const total = shards[0]!.shard.total;
  const held = shards.reduce((n, s) => n + s.trend.repos.length, 0);
  if (held !== total) {
    throw new ConfigError(
      `the shards hold ${held} repositor${held === 1 ? 'y' : 'ies'}, but each says the trend has ${total}`,
      OTHER_LISTS,
    );
  }
  const at: Array<{ repo: TrendReport['repos'][number]; name: string } | undefined> = Array.from({ length: total }, () => undefined);
  for (const s of shards) {
    for (const [k, place] of s.shard.positions.entries()) {
      const repo = s.trend.repos[k]!;
      const taken = at[place];
      if (taken) {
        throw new ConfigError(
          `${taken.name} and ${s.name} both put a repository at place ${place + 1} of ${total} (${taken.repo.target}, ${repo.target})`,
          OTHER_LISTS,
        );
      }
      at[place] = { repo, name: s.name };
    }
  }
  // As many repositories as places, and no place twice: every place is filled.
  return at.map((x) => x!.repo);
}

/**
 * The trend one run over every target gives, from its shards: the repositories in that run's
 * order, the organisation row computed again over all of them (a mean of the shards' means would
 * weigh a small shard's repositories more), and no `shard`.
 */
export function combineTrendShards(files: ReadonlyArray<{ name: string; trend: TrendReport }>): TrendReport {
  if (!files.length) throw new UsageError('no shards to combine', 'pass the JSON of every shard of the trend');
  const shards = files.map(({ name, trend }) => shardOf(name, trend));
  checkOneTrend(shards);
  const dates = datesOf(shards);
  const repos = inRunOrder(shards);
  const first = shards[0]!.trend;
  const name = first.organisation?.name ?? null;
  return {
    schemaVersion: 1,
    tool: first.tool,
    generatedAt: first.generatedAt,
    since: first.since,
    until: first.until,
    every: first.every,
    threshold: first.threshold,
    repos,
    // As trend() decides: with an organisation, or two or more targets.
    ...((name !== null || shards[0]!.shard.total > 1) && { organisation: organisationTrend(name, dates, repos) }),
  };
}

/**
 * Reads and combines the shards of one trend (`blueprint merge`); any problem is a ConfigError
 * naming the files. `parsed[k]`, when given, is the JSON of `inputs[k]` already read.
 */
export async function mergeTrendFiles(inputs: readonly MergeInput[], parsed: readonly unknown[] = []): Promise<TrendReport> {
  const trends: TrendReport[] = [];
  // One file at a time: a large organisation's shards are tens of megabytes each.
  for (const [k, input] of inputs.entries())
    trends.push(parsed[k] === undefined ? await loadTrend(input) : await checkTrend(input, parsed[k]));
  return combineTrendShards(inputs.map((input, k) => ({ name: input.name, trend: trends[k]! })));
}
