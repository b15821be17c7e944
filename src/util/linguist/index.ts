/**
 * Which files GitHub Linguist counts for a repository's language statistics, which are the files
 * the truck factor of Avelino et al. is computed over. A file counts when Linguist would give it a
 * language of type programming or markup and would not call it vendored, generated or
 * documentation, `.gitattributes` having the last word (`linguist-vendored`,
 * `linguist-generated`, `linguist-documentation`, `linguist-language`, `linguist-detectable`).
 * Links, submodules, binary and empty files never count.
 *
 * The language is found as Linguist finds it, strategy by strategy until one names a single
 * language: modeline, file name, shebang, extension, XML declaration, man-page extension,
 * heuristics.yml's content patterns. Linguist's last resort, a Bayesian classifier trained on its
 * samples, is not reproduced: where candidates are still several, the file counts when any of them
 * is a programming or markup language (an extension shared by a language and a data format —
 * `.inc`, `.pro`, `.spec`, `.mm` — is far more often the language), and the first such candidate
 * names it.
 *
 * The data (data.ts) is generated from Linguist itself by scripts/write-linguist-data.js; see it
 * for the version. Contents are needed only where they can change the verdict (see `needsContent`).
 */
import {
  ALIASES,
  DOCUMENTATION,
  EXTENSIONS,
  FILENAMES,
  GENERIC_EXTENSIONS,
  HEURISTICS,
  INTERPRETERS,
  LANGUAGES,
  LINGUIST_VERSION,
  VENDOR,
  type HeuristicPattern,
  type LanguageType,
} from './data.ts';
import { generatedByContent, generatedByName, generatedReadsContent } from './generated.ts';
import type { FileJudgement, RepoView, TreeEntry } from '../../types.ts';
import { parseGitattributes, type AttributeValue } from './gitattributes.ts';
import { interpreter, modeline } from './modeline.ts';
import { anyOf, testEquivalent } from './union.ts';

export { LINGUIST_VERSION };
export { parseGitattributes, type AttributeValue, type Gitattributes } from './gitattributes.ts';

/** Why a file does not count (null: it counts). */
export type LinguistReason =
  | 'link'
  | 'submodule'
  | 'vendored'
  | 'documentation'
  | 'generated'
  | 'binary'
  | 'empty'
  | 'unknown'
  | 'data'
  | 'prose'
  | 'undetectable';

/** Linguist's verdict on one file. */
export interface LinguistVerdict {
  counts: boolean;
  /** The language Linguist would give it (when it got that far), or null. */
  language: string | null;
  reason: LinguistReason | null;
  /** What decided: a vendor.yml or documentation.yml pattern, a generated.rb check, a strategy, an attribute. */
  by: string;
}

/** A file as the classification sees it. */
export interface LinguistFile {
  path: string;
  kind: 'file' | 'symlink' | 'submodule';
  /** Bytes; -1 when unknown (a blobless clone). */
  size: number;
}

/** The attributes Linguist reads, as a `.gitattributes` lookup gives them. */
export const LINGUIST_ATTRIBUTES = [
  'linguist-vendored',
  'linguist-generated',
  'linguist-documentation',
  'linguist-language',
  'linguist-detectable',
] as const;

/** Linguist reads at most this much of a blob (LazyBlob::MAX_SIZE). */
export const LINGUIST_READ_CHARS = 128 * 1024;
const HEURISTICS_CONSIDER_CHARS = 50 * 1024;

const VENDOR_RES = VENDOR.map((s) => new RegExp(testEquivalent(s), 'm'));
const DOCUMENTATION_RES = DOCUMENTATION.map((s) => new RegExp(testEquivalent(s), 'm'));
// Linguist joins each list into one pattern; so do we (in equal, faster parts: see union.ts), and
// look for the one that matched only to explain.
const VENDOR_ANY = anyOf(VENDOR);
const DOCUMENTATION_ANY = anyOf(DOCUMENTATION);
const HEURISTIC_RES = HEURISTICS.map((h) => ({
  extensions: h.extensions,
  rules: h.rules.map((r) => ({ languages: r.languages, test: compile(r.pattern) })),
}));
const MANPAGE = /\.(?:[1-9](?![0-9])[a-z_0-9]*|0p|n|man|mdoc)(?:\.in)?$/i;
const ROFF = ['Roff Manpage', 'Roff'].map((n) => LANGUAGES.findIndex(([name]) => name === n));
const XML = LANGUAGES.findIndex(([name]) => name === 'XML');

function compile(pattern: HeuristicPattern): (data: string) => boolean {
  if (pattern === null) return () => true;
  if ('re' in pattern) {
    const re = new RegExp(pattern.re);
    return (data) => re.test(data);
  }
  if ('not' in pattern) {
    const re = new RegExp(pattern.not);
    return (data) => !re.test(data);
  }
  const all = pattern.and.map(compile);
  return (data) => all.every((t) => t(data));
}

const countable = (type: LanguageType) => type === 'programming' || type === 'markup';
const nameOf = (i: number) => LANGUAGES[i]![0];
const typeOf = (i: number) => LANGUAGES[i]![1];

/** Language.find_by_alias: an alias in any case, or the part before a comma. */
function byAlias(name: string): number | null {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? ALIASES[lower.split(',')[0]!] ?? null;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Blob#extensions: ".html.erb" and ".erb" for "x.html.erb", longest first, in lower case. */
function extensions(path: string): string[] {
  const [, ...segments] = basename(path).toLowerCase().split('.');
  return segments.map((_, i) => `.${segments.slice(i).join('.')}`);
}

function byExtension(path: string): readonly number[] {
  for (const ext of extensions(path)) {
    const found = EXTENSIONS[ext];
    if (found?.length) return found;
  }
  return [];
}

const isGeneric = (path: string) => GENERIC_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));

/** charlock_holmes's test, on Linguist's first 128 KiB: a NUL byte, unless a UTF-16/32 mark or PostScript opens it. */
function looksBinary(data: string): boolean {
  if (data.startsWith('%!PS-Adobe-') || data.startsWith('\uFEFF') || data.startsWith('\uFFFE')) return false;
  if (data.startsWith('\u0089PNG') || data.startsWith('GIF87a') || data.startsWith('GIF89a') || data.startsWith('%PDF-')) return true;
  return data.includes('\0');
}

/** The first lines of the text, as Linguist's first_lines (for the XML strategy). */
function firstLines(data: string, n: number): string {
  const re = /\r\n|\r|\n/g;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const m = re.exec(data);
    if (!m) return data;
    end = m.index + m[0].length;
  }
  return data.slice(0, end);
}

const pick = (candidates: readonly number[]): number => candidates.find((i) => countable(typeOf(i))) ?? candidates[0]!;

/**
 * Linguist.detect: the language of a file, or why it has none. `data` is the file's text (its first
 * 128 KiB), or undefined when it was not read: then the strategies that need it are left out.
 */
interface Detection {
  language: number | null;
  by: string;
  reason?: LinguistReason;
  /** The candidates left when no strategy named one language. */
  candidates?: readonly number[];
}

function detect(file: LinguistFile, data: string | null | undefined): Detection {
  if (data === null) return { language: null, by: 'content', reason: 'binary' };
  if (file.size === 0 || data === '') return { language: null, by: 'content', reason: 'empty' };
  const { path } = file;
  const large = file.size > 1024 * 1024;
  let candidates: readonly number[] = [];
  const step = (found: readonly number[], by: string): { language: number; by: string } | null => {
    if (found.length === 1) return { language: found[0]!, by };
    if (found.length > 1) candidates = found;
    return null;
  };
  const narrowed = (found: readonly number[]) => (candidates.length ? candidates.filter((c) => found.includes(c)) : found);

  if (data !== undefined && !large) {
    const mode = modeline(data);
    const found = mode === null ? null : byAlias(mode);
    const done = step(found === null ? [] : [found], 'modeline');
    if (done) return done;
  }
  const byName = step(narrowed(FILENAMES[basename(path)] ?? []), 'file name');
  if (byName) return byName;
  if (data !== undefined) {
    const it = interpreter(data);
    const done = step(narrowed(it === null ? [] : (INTERPRETERS[it] ?? [])), 'shebang');
    if (done) return done;
  }
  if (!isGeneric(path)) {
    const done = step(narrowed(byExtension(path)), 'extension');
    if (done) return done;
  }
  if (!candidates.length && data !== undefined && !large && /<?xml version=/.test(firstLines(data, 2)))
    return { language: XML, by: 'XML declaration' };
  if (!candidates.length && MANPAGE.test(path)) candidates = ROFF;
  const lower = path.toLowerCase();
  const heuristic = HEURISTIC_RES.find((h) => h.extensions.some((ext) => lower.endsWith(ext)));
  if (heuristic && data !== undefined) {
    const sample = data.slice(0, HEURISTICS_CONSIDER_CHARS);
    const rule = heuristic.rules.find((r) => r.test(sample));
    const done = step(rule?.languages ?? [], 'heuristics');
    if (done) return done;
  }
  if (!candidates.length) return { language: null, by: data === undefined ? 'path' : 'content', reason: 'unknown' };
  // Linguist's classifier would choose among the candidates; see the module's comment.
  return { language: pick(candidates), by: 'candidates', candidates };
}

const truthy = (value: AttributeValue | undefined) => value !== undefined && value !== null && value !== false && value !== 'false';

/** Linguist's verdict, and the candidates it was left with when no strategy named one language. */
function decide(
  file: LinguistFile,
  attributes: ReadonlyMap<string, AttributeValue>,
  data: string | null | undefined,
  pathChecked = false,
): LinguistVerdict & { candidates?: readonly number[] } {
  const verdict = (counts: boolean, language: number | null, reason: LinguistReason | null, by: string): LinguistVerdict => ({
    counts,
    language: language === null ? null : nameOf(language),
    reason,
    by,
  });
  if (file.kind === 'symlink') return verdict(false, null, 'link', 'mode');
  if (file.kind === 'submodule') return verdict(false, null, 'submodule', 'mode');
  const { path } = file;
  if (typeof data === 'string' && data.length > LINGUIST_READ_CHARS) data = data.slice(0, LINGUIST_READ_CHARS);
  if (typeof data === 'string' && looksBinary(data)) data = null;

  const vendored = attributes.get('linguist-vendored');
  // pathChecked: a second look, with the contents, at a file the path lists already let through.
  if (!pathChecked && (vendored !== undefined ? truthy(vendored) : VENDOR_ANY(path))) {
    return verdict(
      false,
      null,
      'vendored',
      vendored !== undefined ? 'linguist-vendored' : `vendor.yml ${VENDOR[VENDOR_RES.findIndex((re) => re.test(path))]}`,
    );
  }
  const documentation = attributes.get('linguist-documentation');
  if (!pathChecked && (documentation !== undefined ? truthy(documentation) : DOCUMENTATION_ANY(path))) {
    return verdict(
      false,
      null,
      'documentation',
      documentation !== undefined
        ? 'linguist-documentation'
        : `documentation.yml ${DOCUMENTATION[DOCUMENTATION_RES.findIndex((re) => re.test(path))]}`,
    );
  }
  const generated = attributes.get('linguist-generated');
  if (generated !== undefined) {
    if (truthy(generated)) return verdict(false, null, 'generated', 'linguist-generated');
  } else {
    // Linguist runs these on binary data too; a binary file has no language, so it is out either way.
    const check = generatedByName(path) ?? (typeof data === 'string' ? generatedByContent(path, data) : null);
    if (check) return verdict(false, null, 'generated', `generated.rb ${check}`);
  }

  const named = attributes.get('linguist-language');
  let found: Detection;
  if (typeof named === 'string') {
    // LazyBlob#language: the attribute alone decides, even for an empty or binary file.
    const language = byAlias(named);
    found = language === null ? { language, by: 'linguist-language', reason: 'unknown' } : { language, by: 'linguist-language' };
  } else found = detect(file, data);
  const { language, by, candidates } = found;
  if (language === null) return verdict(false, null, found.reason ?? 'unknown', by);

  const detectable = attributes.get('linguist-detectable');
  if (detectable !== undefined && detectable !== null) {
    return truthy(detectable)
      ? verdict(true, language, null, 'linguist-detectable')
      : verdict(false, language, 'undetectable', 'linguist-detectable');
  }
  const type = typeOf(language);
  return {
    ...(countable(type) ? verdict(true, language, null, by) : verdict(false, language, type === 'data' ? 'data' : 'prose', by)),
    ...(candidates ? { candidates } : {}),
  };
}

/**
 * Linguist's verdict on a file. `attributes` are its `.gitattributes` (LINGUIST_ATTRIBUTES);
 * `data` its text (at most Linguist's 128 KiB is used), null when binary, undefined when not read.
 */
export function classify(
  file: LinguistFile,
  attributes: ReadonlyMap<string, AttributeValue> = new Map(),
  data?: string | null,
): LinguistVerdict {
  const { counts, language, reason, by } = decide(file, attributes, data);
  return { counts, language, reason, by };
}

/**
 * Whether reading the file could change `classify`'s verdict: its path names no language, or
 * leaves candidates of which some count and some do not, or makes it count and a generated.rb
 * check reads files like it. A file whose path settles it is not read: the price is that a
 * modeline or shebang turning a `.json` file into code, or a NUL byte in a `.ts` file, goes
 * unseen (Linguist reads every file).
 */
export function needsContent(file: LinguistFile, attributes: ReadonlyMap<string, AttributeValue> = new Map()): boolean {
  return contentMatters(file, attributes, decide(file, attributes, undefined));
}

function contentMatters(file: LinguistFile, attributes: ReadonlyMap<string, AttributeValue>, byPath: ReturnType<typeof decide>): boolean {
  if (file.kind !== 'file' || file.size === 0) return false;
  const mixed = byPath.candidates !== undefined && new Set(byPath.candidates.map((i) => countable(typeOf(i)))).size > 1;
  // Counted by its path: the contents can still show it generated, or settle mixed candidates.
  if (byPath.counts) return mixed || (!attributes.has('linguist-generated') && generatedReadsContent(file.path));
  // Out by its path, attributes or language (data, prose): the contents cannot bring it back.
  if (byPath.reason !== 'unknown') return mixed;
  return typeof attributes.get('linguist-language') !== 'string';
}

/** Reads no file above this size for the classification: Linguist calls such a blob large (BlobHelper::MEGABYTE). */
export const LINGUIST_MAX_READ_BYTES = 1024 * 1024;

/**
 * Linguist's verdict on every entry of the audited tree, by path. The `.gitattributes` files of the
 * tree are read (the root one and any in a folder), and the contents of the files whose verdict
 * they can change (`needsContent`), up to 1 MiB; a larger file is judged by its path and
 * attributes. In a blobless clone blueprint made, the files to read are fetched first in one go.
 */
export async function linguistVerdicts(repo: RepoView, entries: readonly TreeEntry[]): Promise<Map<string, LinguistVerdict>> {
  const attributeFiles = entries.filter((e) => e.kind === 'file' && (e.path === '.gitattributes' || e.path.endsWith('/.gitattributes')));
  const texts = (await Promise.all(attributeFiles.map(async (e) => [e.path, await repo.readText(e.path)] as const))).filter(
    (t): t is readonly [string, string] => t[1] !== null,
  );
  const attributes = parseGitattributes(new Map(texts));
  const lookup = attributes.mentions(LINGUIST_ATTRIBUTES)
    ? (path: string) => attributes.lookup(path, LINGUIST_ATTRIBUTES)
    : () => NO_ATTRIBUTES;
  const judgement: FileJudgement<KeptVerdict> = {
    name: `linguist-verdicts/${VERDICTS_VERSION}`,
    context: JSON.stringify([LINGUIST_VERSION, LINGUIST_MAX_READ_BYTES, texts]),
    judge: (some) => judgeFiles(repo, some, lookup),
  };
  const kept = repo.judgeFiles ? await repo.judgeFiles(judgement, entries) : (await judgement.judge(entries)).results;
  const verdicts = new Map<string, LinguistVerdict>();
  for (const { path } of entries) {
    const found = kept.get(path);
    if (!found) continue;
    const { read, ...verdict } = found;
    // A verdict from the cache read nothing: the file is looked up all the same, so that what the
    // rule read (its evidence, which trend attributes moves to) is what judging it afresh reads.
    if (read) await repo.has(path);
    verdicts.set(path, verdict);
  }
  return verdicts;
}

/** Bump when the classification's code changes its verdicts: kept verdicts are then judged again. */
const VERDICTS_VERSION = 1;

/** A verdict as kept between audits, with whether the file's contents were read for it. */
interface KeptVerdict extends LinguistVerdict {
  read: boolean;
}

async function judgeFiles(
  repo: RepoView,
  entries: readonly TreeEntry[],
  lookup: (path: string) => ReadonlyMap<string, AttributeValue>,
): Promise<{ results: Map<string, KeptVerdict>; volatile: Set<string> }> {
  const judged = entries.map((entry) => {
    const attrs = lookup(entry.path);
    const byPath = decide(entry, attrs, undefined);
    // A size of -1 is a blobless clone's: the file is read all the same (fetched first, in one go,
    // in a clone blueprint made), so that the verdict is the one a full clone gives.
    const read = entry.size <= LINGUIST_MAX_READ_BYTES && contentMatters(entry, attrs, byPath);
    return { entry, attrs, byPath, read };
  });
  await repo.prefetch?.(judged.filter((j) => j.read && j.entry.size < 0).map((j) => j.entry.path));
  const volatile = new Set<string>();
  const verdicts = await Promise.all(
    judged.map(async ({ entry, attrs, byPath, read: needed }): Promise<[string, KeptVerdict]> => {
      if (!needed)
        return [entry.path, { counts: byPath.counts, language: byPath.language, reason: byPath.reason, by: byPath.by, read: false }];
      const read = await repo.readFile(entry.path, { maxBytes: LINGUIST_MAX_READ_BYTES });
      // A failed read, or one over the cap, is seen by the rule that asked (a finding): never kept.
      if (read.why === 'unreadable' || read.why === 'too-large') volatile.add(entry.path);
      const data = read.text !== null ? read.text : read.why === 'binary' ? null : undefined;
      const { counts, language, reason, by } = decide(entry, attrs, data, true);
      return [entry.path, { counts, language, reason, by, read: true }];
    }),
  );
  return { results: new Map(verdicts), volatile };
}

const NO_ATTRIBUTES: ReadonlyMap<string, AttributeValue> = new Map();
