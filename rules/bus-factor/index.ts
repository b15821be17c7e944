import picomatch from 'picomatch';
import { z } from 'zod';
import { eventsPerDeveloper, fileAuthors, mergeDevelopers, truckFactor, type FileAuthorship, type Developers } from '../../src/history/authorship.ts';
import { authorshipFiles } from '../../src/history/file-filter.ts';
import { defineRule, type Finding, type RepoView, type TreeEntry } from '../../src/types.ts';
import { CODEOWNERS_LOCATIONS, CODEOWNERS_MAX_BYTES, parseCodeowners } from '../../src/util/codeowners.ts';
import { globMatcher } from '../../src/util/glob.ts';
import { round } from '../../src/util/time.ts';

export const options = z.strictObject({
  target: z.number().int().min(1).default(2).describe('Truck factor to reach: how many people may leave before half the code is orphaned.'),
  mode: z.enum(['avl', 'avl-2016']).default('avl').describe('avl: .mailmap applied, minor authors pruned (the reference tool since 2018); avl-2016: raw identities, no pruning (the paper).'),
  excludeBots: z.boolean().default(true).describe('Leave bots out of authorship.'),
  bots: z
    .array(z.string())
    .default(['*[bot]', '*[bot]@*', 'dependabot*', 'renovate*', 'github-actions*', 'greenkeeper*', 'snyk-bot*', 'pre-commit-ci*'])
    .describe('Globs matched, case-insensitively, against author names and e-mails to recognise bots.'),
  exclude: z.array(z.string()).default([]).describe('Globs of files to leave out of authorship, on top of vendored, generated, documentation and data files.'),
  largestUnowned: z.number().int().min(0).default(5).describe('How many of the largest unowned folders to name in findings.'),
});
export type BusFactorOptions = z.infer<typeof options>;

interface MatrixRow {
  system: string;
  primary: string | null;
  secondary: string | null;
  documented: boolean;
  files: number;
  experts: number;
}

async function findCodeowners(repo: RepoView, files: readonly TreeEntry[]): Promise<{ path: string; text: string } | null> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const path of CODEOWNERS_LOCATIONS) {
    const entry = byPath.get(path);
    if (!entry || entry.kind !== 'file' || entry.size >= CODEOWNERS_MAX_BYTES) continue;
    const text = await repo.readText(path);
    if (text !== null && Buffer.byteLength(text) < CODEOWNERS_MAX_BYTES) return { path, text };
  }
  return null;
}

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** The systems of the key-person matrix: blueprint.yml's, else each top-level folder with code. */
function systemsOf(configured: Readonly<Record<string, readonly string[]>>, files: readonly string[]): Array<{ name: string; folder: string; matches: (path: string) => boolean }> {
  const names = Object.keys(configured);
  if (names.length) {
    return names.map((name) => {
      const globs = configured[name]!;
      const base = globs.length ? picomatch.scan(globs[0]!).base : '';
      return { name, folder: base, matches: globMatcher(globs) };
    });
  }
  const folders = [...new Set(files.map(topFolder))].filter((f) => f !== '.').sort();
  return folders.map((folder) => ({ name: folder, folder, matches: (path: string) => path.startsWith(`${folder}/`) }));
}

/** A README in the system's folder, or a doc named after it under docs/. */
function documented(system: { name: string; folder: string }, allPaths: readonly string[]): boolean {
  const readme = /^readme(\.[a-z]+)?$/i;
  const slug = system.name.toLowerCase();
  return allPaths.some((p) => {
    if (system.folder && p.startsWith(`${system.folder}/`) && readme.test(p.slice(system.folder.length + 1))) return true;
    const lower = p.toLowerCase();
    return lower === `docs/${slug}.md` || lower === `docs/${slug}.rst` || lower.startsWith(`docs/${slug}/`);
  });
}

/** A system's experts, most files authored first (ties: most commits, then name). */
function rankExperts(matches: (path: string) => boolean, authorship: ReadonlyMap<string, FileAuthorship>, devs: Developers, events: ReadonlyMap<number, number>): { files: number; ranked: Array<[number, number]> } {
  const counts = new Map<number, number>();
  let files = 0;
  for (const [path, file] of authorship) {
    if (!file.touched || !matches(path)) continue;
    files++;
    for (const dev of file.authors) counts.set(dev, (counts.get(dev) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (events.get(b[0]) ?? 0) - (events.get(a[0]) ?? 0) || (devs.list[a[0]]!.name < devs.list[b[0]]!.name ? -1 : 1));
  return { files, ranked };
}

function keyPersonMatrix(
  systems: ReturnType<typeof systemsOf>,
  authorship: ReadonlyMap<string, FileAuthorship>,
  devs: Developers,
  events: ReadonlyMap<number, number>,
  allPaths: readonly string[],
): MatrixRow[] {
  return systems.map((system) => {
    const { files, ranked } = rankExperts(system.matches, authorship, devs, events);
    return {
      system: system.name,
      primary: ranked[0] ? devs.list[ranked[0][0]]!.name : null,
      secondary: ranked[1] ? devs.list[ranked[1][0]]!.name : null,
      documented: documented(system, allPaths),
      files,
      experts: ranked.length,
    };
  });
}

/** Who authored each file, by degree of authorship, with bots left out as the options say. */
async function authorshipOf(repo: RepoView, entries: readonly TreeEntry[], options: BusFactorOptions) {
  const history = await repo.history();
  const patterns = options.bots.map((b) => picomatch(b, { nocase: true, dot: true }));
  const isBot = (name: string, email: string) => patterns.some((m) => m(name) || m(email));
  const devs = mergeDevelopers(history, options.mode, isBot);
  const skip = options.excludeBots ? (d: { bot: boolean }) => d.bot : () => false;
  const authorship = fileAuthors(history, authorshipFiles(entries, options.exclude), devs, skip);
  return { devs, authorship, events: eventsPerDeveloper(history, devs) };
}

/**
 * Each system (blueprint.yml's, else each top-level folder with code) with its experts, most
 * files authored first: what `blueprint scaffold codeowners` drafts CODEOWNERS from.
 */
export async function systemExperts(
  repo: RepoView,
  systems: Readonly<Record<string, readonly string[]>>,
  options: BusFactorOptions,
): Promise<Array<{ system: string; folder: string; globs: readonly string[]; experts: Array<{ name: string; email: string; files: number }> }>> {
  const entries = await repo.files();
  const { devs, authorship, events } = await authorshipOf(repo, entries, options);
  return systemsOf(systems, [...authorship.keys()]).map((system) => ({
    system: system.name,
    folder: system.folder,
    globs: systems[system.name] ?? [`${system.folder}/**`],
    experts: rankExperts(system.matches, authorship, devs, events).ranked.map(([id, files]) => ({ name: devs.list[id]!.name, email: devs.list[id]!.email, files })),
  }));
}

export default defineRule<BusFactorOptions>({
  meta: {
    id: 'bus-factor',
    pillar: 'shield',
    description: 'Every critical system has at least two experts: code owners cover the code and the truck factor reaches the target.',
    risk: 'high',
    needs: ['files', 'history'],
    options,
    remediation:
      'Add a CODEOWNERS file naming at least two owners for every critical path, pair people on the systems that have one expert, and write the missing system READMEs.',
    standard: (o) => `Every critical system has at least two experts (truck factor ${o.target} or more), CODEOWNERS names two owners for every critical path, and each system is documented.`,
    firstSteps: [
      'Publish the key-person matrix below and agree a secondary expert for every system with one.',
      'Pair the secondary experts on the next changes to those systems, and have them write the missing READMEs.',
      'Add CODEOWNERS with two owners per critical path (`blueprint scaffold codeowners` drafts it from the history).',
    ],
  },
  async evaluate({ repo, options, blueprint }) {
    const entries = await repo.files();
    const tracked = entries.filter((e) => e.kind !== 'submodule');
    const findings: Finding[] = [];

    // CODEOWNERS: coverage, single owners, critical paths.
    const file = await findCodeowners(repo, entries);
    const codeowners = file ? parseCodeowners(file.text) : null;
    for (const error of codeowners?.errors ?? []) findings.push({ severity: 'warning', message: `CODEOWNERS: ${error.message}.`, path: file!.path, line: error.line });
    // A team counts as its members when the forge knows them (a team of one is one owner), else as one.
    const teams = repo.capabilities.has('forge') ? ((await repo.forge())?.teams ?? {}) : {};
    const people = (owners: readonly string[]) => {
      const set = new Set<string>();
      for (const owner of owners) {
        const members = owner.includes('/') ? teams[owner.slice(1).toLowerCase()] : undefined;
        if (members) for (const login of members) set.add(`@${login.toLowerCase()}`);
        else set.add(owner.toLowerCase());
      }
      return set.size;
    };
    const ownerCount = new Map<string, number>(tracked.map((e) => [e.path, people(codeowners?.ownersOf(e.path) ?? [])]));
    const owned = [...ownerCount.values()].filter((n) => n > 0).length;
    const unowned = tracked.filter((e) => ownerCount.get(e.path) === 0);
    const singleOwner = tracked.filter((e) => ownerCount.get(e.path) === 1).length;
    const coverage = tracked.length ? owned / tracked.length : 0;
    if (!file) {
      findings.push({ severity: 'warning', message: 'No CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).', path: null, line: null });
    } else if (unowned.length && options.largestUnowned > 0) {
      const byFolder = new Map<string, number>();
      for (const e of unowned) byFolder.set(topFolder(e.path), (byFolder.get(topFolder(e.path)) ?? 0) + 1);
      const largest = [...byFolder].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.largestUnowned);
      for (const [folder, count] of largest) {
        findings.push({ severity: 'warning', message: `${count} file${count === 1 ? '' : 's'} in ${folder === '.' ? 'the top folder' : `${folder}/`} ha${count === 1 ? 's' : 've'} no code owner.`, path: folder === '.' ? file.path : folder, line: null });
      }
    }
    let criticalOk = 0;
    for (const glob of blueprint.criticalPaths) {
      const matches = globMatcher([glob]);
      const inPath = tracked.filter((e) => matches(e.path));
      const weak = inPath.filter((e) => ownerCount.get(e.path)! < 2);
      if (!inPath.length) findings.push({ severity: 'warning', message: `Critical path ${glob} matches no file.`, path: null, line: null });
      else if (weak.length) {
        findings.push({ severity: 'error', message: `Critical path ${glob}: ${weak.length} of ${inPath.length} files have fewer than two code owners.`, path: weak[0]!.path, line: null });
      } else criticalOk++;
    }

    // Truck factor and key-person matrix from the history.
    const { devs, authorship, events } = await authorshipOf(repo, entries, options);
    const tf = truckFactor(authorship, devs, events, options.mode);
    const matrix = keyPersonMatrix(systemsOf(blueprint.systems, [...authorship.keys()]), authorship, devs, events, entries.map((e) => e.path));

    const thin = matrix.filter((row) => row.files > 0 && row.experts < 2);
    if (thin.length) {
      const names = thin.map((row) => (row.primary ? `${row.system} (${row.primary})` : `${row.system} (nobody)`));
      findings.push({
        severity: 'warning',
        message: `${thin.length} of ${matrix.length} systems have fewer than two experts: ${names.join(', ')}.`,
        path: null,
        line: null,
      });
    }
    if (tf.truckFactor < options.target) {
      const who = tf.developers.map((d) => d.dev.name).join(', ');
      findings.unshift({
        severity: 'error',
        message: `Truck factor ${tf.truckFactor} (target ${options.target})${who ? `: losing ${who} would orphan more than half of the code` : ''}.`,
        path: null,
        line: null,
      });
    }

    const parts: Array<[number, number]> = [
      [coverage, 4],
      [Math.min(1, tf.truckFactor / options.target), 4],
    ];
    if (blueprint.criticalPaths.length) parts.push([criticalOk / blueprint.criticalPaths.length, 2]);
    const score = (10 * parts.reduce((s, [v, w]) => s + v * w, 0)) / parts.reduce((s, [, w]) => s + w, 0);
    return {
      score: round(score, 2),
      metrics: {
        codeowners: file?.path ?? null,
        coverage: round(coverage, 4),
        unownedFiles: unowned.length,
        singleOwnerFiles: singleOwner,
        invalidCodeownersLines: codeowners?.errors.length ?? 0,
        truckFactor: tf.truckFactor,
        truckFactorMode: options.mode,
        truckFactorDevelopers: tf.developers.map((d) => ({ name: d.dev.name, files: d.files })),
        authorshipFiles: tf.files,
        matrix,
      },
      findings,
    };
  },
});
