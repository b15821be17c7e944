import { constants, type FileHandle, lstat, open, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { RULES } from '../../rules/index.ts';
import { ConfigError } from '../errors.ts';
import type { ProjectKind, RepoView, Rule, Severity } from '../types.ts';
import { globProblem } from '../util/glob.ts';
import { basename } from '../util/paths.ts';
import { isRecord, parseYaml, type ParsedYaml } from '../util/yaml.ts';
import { isRecordPractice, RECORD_PRACTICES, SELF_ONLY, type RecordSourceSpec, type Scope, type TeamSpec } from '../records/practices.ts';
import { presetById, presetRule } from './presets.ts';
import { recordSourceProblem, toRecordSource, toTeams } from './records.ts';
import { mergeBlueprintData } from './refine.ts';
import { ruleObjectSchema, severitySchema, topLevelSchema } from './schema.ts';

export interface RuleSettings {
  severity: Severity;
  weight: number;
  options: unknown;
}

export interface ReviewSchedule {
  everyDays: number;
  /** YYYY-MM-DD, or null to count from the audit. */
  next: string | null;
  owner: string | null;
}

export interface BlueprintConfig {
  /** Where it came from: a file path (relative to the working folder) or "builtin:recommended". */
  source: string;
  failUnder: number | null;
  /** The kind stated in the file, or null to detect it. */
  kind: ProjectKind | null;
  criticalPaths: string[];
  systems: Record<string, string[]>;
  review: ReviewSchedule;
  /** Settings of every known rule. */
  rules: Map<string, RuleSettings>;
  /** Where record practices find their records (`records:`; the repository alone by default). */
  records: RecordSourceSpec[];
  /** Who each record practice belongs to (repository, team or organisation). */
  scopes: Record<string, Scope>;
  teams: Record<string, TeamSpec>;
  /**
   * Folder of the blueprint file on this machine, which relative `records` paths are read from;
   * null for a blueprint read from a repository's history (a clone), whose paths are not opened.
   */
  dir: string | null;
  /** The blueprint as written (merged over the organisation's), which a repository's own file refines. */
  data: Record<string, unknown>;
}

/** Where a blueprint was read from, and the blueprint it refines (an organisation's). */
export interface ConfigOrigin {
  dir?: string | null;
  base?: BlueprintConfig | null;
}

/** Where blueprint looks, in order, inside the audited repository. Never JavaScript: it would run the repository's code. */
export const SEARCH_PLACES = [
  'blueprint.yml',
  'blueprint.yaml',
  '.blueprintrc',
  '.blueprintrc.yml',
  '.blueprintrc.yaml',
  '.blueprintrc.json',
  '.github/blueprint.yml',
  '.github/blueprint.yaml',
  'package.json',
];

/** The severity a rule has in the built-in blueprint: its `meta.defaultSeverity`, else error. */
export function defaultSeverity(rule: Rule<any>): Severity {
  return rule.meta.defaultSeverity ?? 'error';
}

export const BUILTIN_SOURCE = 'builtin:recommended';

/** The built-in blueprint used when a repository has no file of its own. */
export function recommendedConfig(rules: readonly Rule<any>[] = RULES): BlueprintConfig {
  return resolveConfig(rules, {}, BUILTIN_SOURCE, null);
}

/** A union's error, narrowed to the branch an object most nearly is (a misspelt key, not "invalid input"). */
function narrowUnion(issue: z.core.$ZodIssue, data: unknown): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return issue;
  const value = issue.path.reduce<unknown>(
    (v, k) => (isRecord(v) || Array.isArray(v) ? (v as Record<string, unknown>)[k as string] : undefined),
    data,
  );
  const branches = issue.errors.filter((b) => !isRecord(value) || !b.some((i) => i.code === 'invalid_value' && i.path.length === 0));
  const best = [...branches].sort((a, b) => a.length - b.length)[0];
  if (!best?.length) return issue;
  return narrowUnion({ ...best[0]!, path: [...issue.path, ...best[0]!.path] } as z.core.$ZodIssue, data);
}

function suggestion(word: string, candidates: readonly string[]): string | null {
  if (!candidates.length) return null;
  const best = closest(word, candidates as string[]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function fail(source: string, parsed: ParsedYaml | null, path: (string | number)[], message: string, hint: string, key = false): never {
  const pos = parsed?.locate(path, { key }) ?? null;
  throw new ConfigError(message, hint, source, pos?.line ?? null, pos?.column ?? null);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Checks a parsed config against the schemas and turns it into settings for every rule. */
function resolveConfig(
  known: readonly Rule<any>[],
  data: unknown,
  source: string,
  parsed: ParsedYaml | null,
  prefix: (string | number)[] = [],
  origin: ConfigOrigin = {},
): BlueprintConfig {
  const explainHint = 'see blueprint.example.yml for every option, or docs/blueprint.schema.json';
  const written = isRecord(data) ? data : {};
  const merged = origin.base ? mergeBlueprintData(origin.base.data, written) : written;
  const top = topLevelSchema.safeParse(merged);
  if (!top.success) {
    const issue = narrowUnion(top.error.issues[0]!, merged);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const near = suggestion(key, Object.keys(topLevelSchema.shape));
      fail(
        source,
        parsed,
        [...prefix, ...issue.path, key] as (string | number)[],
        `unknown key '${key}'`,
        near ? `did you mean '${near}'? (${explainHint})` : explainHint,
        true,
      );
    }
    fail(source, parsed, [...prefix, ...issue.path] as (string | number)[], describeIssue(issue), explainHint);
  }
  const file = top.data;
  const checkSources = (sources: ReadonlyArray<Parameters<typeof recordSourceProblem>[0]>, at: (string | number)[]) => {
    for (const [i, entry] of sources.entries()) {
      const problem = recordSourceProblem(entry);
      if (problem) fail(source, parsed, [...prefix, ...at, i, ...problem.at], `${[...at, i].join('.')}: ${problem.message}`, problem.hint);
    }
  };
  checkSources(file.records ?? [], ['records']);
  for (const [name, team] of Object.entries(file.teams ?? {})) {
    if (!team.repositories && !team.github)
      fail(
        source,
        parsed,
        [...prefix, 'teams', name],
        `teams.${name}: a team needs repositories or a github team`,
        'add repositories: [names] or github: <team slug>',
      );
    checkSources(team.records ?? [], ['teams', name, 'records']);
  }
  const checkGlob = (glob: string, at: (string | number)[]) => {
    const problem = globProblem(glob);
    if (problem) fail(source, parsed, [...prefix, ...at], `${at.join('.')}: ${problem.message}`, problem.hint);
  };
  for (const [i, glob] of (file['critical-paths'] ?? []).entries()) checkGlob(glob, ['critical-paths', i]);
  for (const [name, globs] of Object.entries(file.systems ?? {})) {
    if (typeof globs === 'string') checkGlob(globs, ['systems', name]);
    else for (const [i, glob] of globs.entries()) checkGlob(glob, ['systems', name, i]);
  }
  const base = file.extends ?? 'recommended';
  const preset = presetById(base);
  const rules = new Map<string, RuleSettings>();
  for (const rule of known) {
    const set = presetRule(preset, rule.meta.id);
    const severity: Severity = base === 'none' ? 'off' : (set?.severity ?? defaultSeverity(rule));
    rules.set(rule.meta.id, { severity, weight: set?.weight ?? 1, options: rule.meta.options.parse(set?.options ?? {}) });
  }
  const scopes: Record<string, Scope> = { ...RECORD_PRACTICES };
  const ids = known.map((r) => r.meta.id);
  for (const [id, entry] of Object.entries(file.rules ?? {})) {
    const rule = known.find((r) => r.meta.id === id);
    const at = [...prefix, 'rules', id];
    if (!rule) {
      const near = suggestion(id, ids);
      fail(
        source,
        parsed,
        at,
        `unknown rule '${id}'`,
        `${near ? `did you mean '${near}'? ` : ''}run \`blueprint rules\` to list them`,
        true,
      );
    }
    const settings = rules.get(id)!;
    if (typeof entry === 'string') {
      const sev = severitySchema.safeParse(entry);
      if (!sev.success) fail(source, parsed, at, `rules.${id}: '${entry}' is not a severity`, 'use off, warn or error');
      rules.set(id, { ...settings, severity: sev.data });
      continue;
    }
    if (!isRecord(entry)) fail(source, parsed, at, `rules.${id}: expected off, warn, error or an object`, explainHint);
    const checked = ruleObjectSchema(rule).safeParse(entry);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const keyIssue = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const path = [...at, ...issue.path, ...(keyIssue ? [keyIssue] : [])] as (string | number)[];
      const message = keyIssue
        ? `rules.${id}${issue.path.length ? `.${issue.path.join('.')}` : ''}: unknown option '${keyIssue}'`
        : `rules.${id}.${describeIssue(issue)}`;
      fail(source, parsed, path, message, `run \`blueprint explain ${id}\` to see its options`, Boolean(keyIssue));
    }
    if (checked.data.scope !== undefined) {
      if (!isRecordPractice(id))
        fail(
          source,
          parsed,
          [...at, 'scope'],
          `rules.${id}.scope: ${id} is not a record practice`,
          'scope applies to record practices only',
          true,
        );
      scopes[id] = checked.data.scope === 'organization' ? 'organisation' : checked.data.scope;
    }
    // Options given here override the preset's one by one; the rest keep the preset's values.
    const presetOptions = presetRule(preset, id)?.options ?? {};
    const given = isRecord(entry.options) ? entry.options : {};
    rules.set(id, {
      severity: checked.data.severity ?? (base === 'none' ? 'error' : settings.severity),
      weight: checked.data.weight ?? settings.weight,
      options: checked.data.options === undefined ? settings.options : rule.meta.options.parse({ ...presetOptions, ...given }),
    });
  }
  const systems: Record<string, string[]> = {};
  for (const [name, globs] of Object.entries(file.systems ?? {})) systems[name] = typeof globs === 'string' ? [globs] : globs;
  const review: ReviewSchedule = {
    everyDays: file.review?.['every-days'] ?? 91,
    next: file.review?.next ?? null,
    owner: file.review?.owner ?? null,
  };
  const kind = file.kind === undefined || file.kind === 'auto' ? null : file.kind;
  return {
    source,
    failUnder: file['fail-under'] === undefined ? preset['fail-under'] : file['fail-under'],
    kind,
    criticalPaths: file['critical-paths'] ?? [],
    systems,
    review,
    rules,
    records: file.records ? file.records.map(toRecordSource) : [...SELF_ONLY],
    scopes,
    teams: toTeams(file.teams),
    // Sources inherited from the organisation's blueprint are read from where that file is.
    dir: (origin.base && !('records' in written) ? origin.base.dir : origin.dir) ?? null,
    data: merged,
  };
}

/** Parses the text of a config file; `display` is how the file is named in messages. */
export function parseConfigText(
  text: string,
  display: string,
  fileName = display,
  rules: readonly Rule<any>[] = RULES,
  origin: ConfigOrigin = {},
): BlueprintConfig {
  const parsed = parseYaml(text);
  if (parsed.error) {
    throw new ConfigError(
      `invalid ${fileName.endsWith('json') ? 'JSON' : 'YAML'}: ${parsed.error.message}`,
      'fix the syntax at that position',
      display,
      parsed.error.line,
      parsed.error.column,
    );
  }
  if (parsed.docs.length > 1)
    fail(display, parsed, [], 'the file holds several YAML documents', 'keep one document (remove the extra ---)');
  const isPackageJson = basename(fileName) === 'package.json';
  const data = isPackageJson ? (isRecord(parsed.docs[0]) ? parsed.docs[0].blueprint : undefined) : parsed.docs[0];
  if (data !== undefined && data !== null && !isRecord(data)) {
    fail(
      display,
      parsed,
      isPackageJson ? ['blueprint'] : [],
      'the blueprint config must be a mapping of keys to values',
      'start from blueprint.example.yml',
    );
  }
  return resolveConfig(rules, data, display, parsed, isPackageJson ? ['blueprint'] : [], origin);
}

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The largest blueprint file read: far more than any real one, small enough to parse at once. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads a config file: a regular file only (a FIFO would hang, a device never ends), at most
 * MAX_CONFIG_BYTES, never through a final symlink when `noFollow`.
 */
async function readConfigBytes(file: string, display: string, hint: string, noFollow: boolean): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'ELOOP'
              ? 'it is a symbolic link'
              : String(code);
    throw new ConfigError(`cannot read config file: ${why}`, hint, display);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ConfigError('cannot read config file: it is a folder', hint, display);
    if (!info.isFile())
      throw new ConfigError('cannot read config file: it is not a regular file (a pipe, socket or device)', hint, display);
    if (info.size > MAX_CONFIG_BYTES) {
      throw new ConfigError(
        `the config file is ${(info.size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_CONFIG_BYTES / 1024 / 1024} MiB limit`,
        'a blueprint file is a few kilobytes: check that this is the right file',
        display,
      );
    }
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_CONFIG_BYTES) {
        throw new ConfigError(
          `the config file is over the ${MAX_CONFIG_BYTES / 1024 / 1024} MiB limit`,
          'a blueprint file is a few kilobytes: check that this is the right file',
          display,
        );
      }
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

/** Loads a config file named on the command line. */
export async function loadConfigFile(file: string, cwd: string, rules: readonly Rule<any>[] = RULES): Promise<BlueprintConfig> {
  const absolute = resolve(cwd, file);
  const display = displayPath(absolute, cwd);
  const text = await readConfigBytes(absolute, display, 'check the path given to --config', false);
  return parseConfigText(text, display, display, rules, { dir: dirname(absolute) });
}

/**
 * Finds the repository's own blueprint. In a work tree, the top folder is read (so uncommitted
 * edits count); a bare repository is read at the audited revision instead. A repository's
 * configuration is data: YAML or JSON from the places in SEARCH_PLACES, in that folder only — no
 * JavaScript, no `$import`, no meta-config, no search in parent folders, no link out of it.
 */
export async function discoverConfig(
  repo: { workTree: string | null; view: RepoView },
  cwd: string,
  rules: readonly Rule<any>[] = RULES,
  base: BlueprintConfig | null = null,
): Promise<BlueprintConfig | null> {
  if (!repo.workTree) return discoverInTree(repo.view, rules, base);
  const top = await realpath(repo.workTree);
  for (const place of SEARCH_PLACES) {
    const file = join(repo.workTree, place);
    const info = await lstat(file).catch(() => null);
    if (!info) continue;
    const display = displayPath(file, cwd);
    let path = file;
    if (info.isSymbolicLink()) {
      const real = await realpath(file).catch(() => null);
      if (!real || (real !== top && !real.startsWith(top + sep))) {
        throw new ConfigError(
          'the config file is a link to a file outside the repository',
          'replace the link with the file itself',
          display,
        );
      }
      path = real;
    }
    let text: string;
    try {
      text = await readConfigBytes(path, display, 'fix or remove this file', true);
    } catch (error) {
      // A package.json that cannot be read as a config is someone else's file, not a blueprint.
      if (place === 'package.json') continue;
      throw error;
    }
    if (place === 'package.json') {
      const parsed = parseYaml(text);
      if (!isRecord(parsed.docs[0]) || parsed.docs[0].blueprint === undefined) continue;
    }
    return parseConfigText(text, display, display, rules, { dir: repo.workTree, base });
  }
  // Nothing in the work tree: it may be a clone without checkout; read the revision instead.
  return discoverInTree(repo.view, rules, base);
}

/** A blueprint read from a repository's history: its relative paths are never opened on this machine. */
export async function discoverInTree(
  view: RepoView,
  rules: readonly Rule<any>[],
  base: BlueprintConfig | null = null,
  places: readonly string[] = SEARCH_PLACES,
  label = '',
): Promise<BlueprintConfig | null> {
  for (const place of places) {
    const read = await view.readFile(place, { maxBytes: MAX_CONFIG_BYTES });
    const display = `${label}${place} (at ${view.commit.slice(0, 12)})`;
    if (read.why === 'too-large') {
      throw new ConfigError(
        `the config file is over the ${MAX_CONFIG_BYTES / 1024 / 1024} MiB limit`,
        'a blueprint file is a few kilobytes: check that this is the right file',
        display,
      );
    }
    if (read.why === 'unreadable' && place !== 'package.json')
      throw new ConfigError(`the config file could not be read: ${read.detail}`, 'audit a complete clone of the repository', display);
    if (read.text === null) continue;
    const text = read.text;
    if (place === 'package.json') {
      const parsed = parseYaml(text);
      if (!isRecord(parsed.docs[0]) || parsed.docs[0].blueprint === undefined) continue;
    }
    return parseConfigText(text, display, place, rules, { dir: null, base });
  }
  return null;
}
