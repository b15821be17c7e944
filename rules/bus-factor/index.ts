import {
  accountMatcher,
  authorshipFiles,
  CODEOWNERS_LOCATIONS,
  CODEOWNERS_MAX_BYTES,
  DEFAULT_BOTS,
  DEFAULT_NON_PEOPLE,
  eventsPerDeveloper,
  fileAuthors,
  findingsFrom,
  forgeData,
  globBase,
  globMatcher,
  latestChanges,
  mergeDevelopers,
  noun,
  parseCodeowners,
  plural,
  pointsScore,
  round,
  truckFactor,
  z,
  type Developer,
  type Developers,
  type FileAuthorship,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type ForgeData, type RepoView, type TreeEntry } from '../../src/types.ts';

export const options = z.strictObject({
  target: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Active truck factor to reach: how many of the people still here may leave before half the code is orphaned.'),
  mode: z
    .enum(['avl', 'avl-2016'])
    .default('avl')
    .describe(
      'avl: .mailmap applied, minor authors pruned (the reference tool since 2018); avl-2016: raw identities, no pruning (the paper).',
    ),
  excludeBots: z.boolean().default(true).describe('Leave bots out of authorship.'),
  bots: z
    .array(z.string())
    .default([...DEFAULT_BOTS])
    .describe(
      'Patterns of bot accounts, whose commits are left out of authorship. `*` matches any run of characters and `?` one; everything else, brackets included, is literal; case is ignored. A pattern with an @ is matched against e-mails, one without against names and the part of e-mails before the @. Setting it replaces the default list.',
    ),
  nonPeople: z
    .array(z.string())
    .default([...DEFAULT_NON_PEOPLE])
    .describe(
      'Patterns (as for bots) of team, service and CI accounts: their commits count, but they are never experts and never count toward a truck factor. Setting it replaces the default list.',
    ),
  activeDays: z
    .number()
    .int()
    .min(1)
    .default(365)
    .describe(
      "An expert with no commit in the repository for this many days (before the audit's reference time) has left: they are not counted as an expert, nor toward the active truck factor.",
    ),
  exclude: z
    .array(z.string())
    .default([])
    .describe('Globs of files to leave out of authorship, on top of vendored, generated, documentation and data files.'),
  largestUnowned: z.number().int().min(0).default(5).describe('How many of the largest unowned folders to name in findings.'),
});
export type BusFactorOptions = z.infer<typeof options>;

interface MatrixRow {
  system: string;
  /** The active expert who authors most of the system's files, and the next one. */
  primary: string | null;
  secondary: string | null;
  /** Author date (ISO 8601) of their newest change to the system's files. */
  primaryLastCommit: string | null;
  secondaryLastCommit: string | null;
  documented: boolean;
  files: number;
  /** How many active people author files of the system. */
  experts: number;
  /** Experts who have left and ranked ahead of the secondary (at most 5), with their last change here. */
  departed: Array<{ name: string; lastCommit: string | null }>;
}

/**
 * The CODEOWNERS file in use, and those of 3 MB or more that GitHub ignores. It is read up to that
 * size, whatever the audit's read cap: a large generated CODEOWNERS is still a CODEOWNERS.
 */
async function findCodeowners(
  repo: RepoView,
  files: readonly TreeEntry[],
): Promise<{ file: { path: string; text: string } | null; tooLarge: Array<{ path: string; bytes: number }> }> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const tooLarge: Array<{ path: string; bytes: number }> = [];
  for (const path of CODEOWNERS_LOCATIONS) {
    const entry = byPath.get(path);
    if (!entry || entry.kind !== 'file') continue;
    if (entry.size >= CODEOWNERS_MAX_BYTES) {
      tooLarge.push({ path, bytes: entry.size });
      continue;
    }
    const read = await repo.readFile(path, { maxBytes: CODEOWNERS_MAX_BYTES });
    if (read.why === 'too-large') tooLarge.push({ path, bytes: read.size });
    if (read.text === null) continue;
    // The tree's size when known: decoding can change the length of a file that is not UTF-8.
    const bytes = entry.size > 0 ? entry.size : Buffer.byteLength(read.text);
    if (bytes < CODEOWNERS_MAX_BYTES) return { file: { path, text: read.text }, tooLarge };
    tooLarge.push({ path, bytes });
  }
  return { file: null, tooLarge };
}

const megabytes = (bytes: number) => (bytes < 0 ? '3 MB or more' : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

function topFolder(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

interface System {
  name: string;
  folder: string;
  matches: (path: string) => boolean;
  /** The system is its top-level folder, every file in it (the default systems). */
  wholeFolder?: boolean;
}

/** The systems of the key-person matrix: blueprint.yml's, else each top-level folder with code. */
function systemsOf(configured: Readonly<Record<string, readonly string[]>>, files: readonly string[]): System[] {
  const names = Object.keys(configured);
  if (names.length) {
    return names.map((name) => {
      const globs = configured[name]!;
      const base = globs.length ? globBase(globs[0]!) : '';
      return { name, folder: base, matches: globMatcher(globs) };
    });
  }
  const folders = [...new Set(files.map(topFolder))].filter((f) => f !== '.').sort();
  return folders.map((folder) => ({ name: folder, folder, matches: (path: string) => path.startsWith(`${folder}/`), wholeFolder: true }));
}

/** A README in the system's folder, or a doc named after it under docs/. */
function documented(system: { name: string; folder: string }, allPaths: readonly string[], lowerPaths: readonly string[]): boolean {
  const readme = /^readme(\.[a-z]+)?$/i;
  const slug = system.name.toLowerCase();
  return allPaths.some((p, i) => {
    if (system.folder && p.startsWith(`${system.folder}/`) && readme.test(p.slice(system.folder.length + 1))) return true;
    const lower = lowerPaths[i]!;
    return lower === `docs/${slug}.md` || lower === `docs/${slug}.rst` || lower.startsWith(`docs/${slug}/`);
  });
}

/** Who authored what, and who among them has left or is not a person at all. */
interface Authorship {
  devs: Developers;
  authorship: ReadonlyMap<string, FileAuthorship>;
  events: ReadonlyMap<number, number>;
  /** When developers last changed some files. */
  lastChange: ReturnType<typeof latestChanges>;
  /** A person with no commit in the repository within `activeDays`. */
  left: (dev: Developer) => boolean;
  /** Developers the forge links, through a commit e-mail, to an account that is not a person's, by id. */
  forgeAccounts: ReadonlyMap<number, ForgeAccount>;
  /** How many commit e-mails the forge linked to an account; null without forge data (account types unchecked). */
  forgeLinkedEmails: number | null;
}

interface ForgeAccount {
  login: string;
  type: string;
}

/**
 * GitHub's account types that are not a person's: a `Bot` is a bot (as if it matched `bots`), an
 * `Organization` an account that is not a person (as if it matched `nonPeople`). Any other type
 * (`User`, or `Mannequin`, which stands for a person of an imported repository) leaves the
 * judgement to the patterns: many service accounts are `User` accounts.
 */
const NOT_PEOPLE_TYPES: Readonly<Record<string, 'bot' | 'nonPerson'>> = { Bot: 'bot', Organization: 'nonPerson' };

/**
 * The developers whose commit e-mail (as committed, or as .mailmap gives it) GitHub links to an
 * account of a type that is not a person's, and the developers with them marked as such.
 */
function withForgeAccounts(
  history: Awaited<ReturnType<RepoView['history']>>,
  devs: Developers,
  authors: NonNullable<ForgeData['commitAuthors']>,
): { devs: Developers; accounts: Map<number, ForgeAccount> } {
  const byEmail = new Map(authors.filter((a) => NOT_PEOPLE_TYPES[a.type]).map((a) => [a.email.toLowerCase(), a]));
  const accounts = new Map<number, ForgeAccount>();
  if (!byEmail.size) return { devs, accounts };
  history.identities.forEach((identity, i) => {
    const account = byEmail.get(identity.rawEmail.toLowerCase()) ?? byEmail.get(identity.email.toLowerCase());
    const dev = devs.ofIdentity[i]!;
    if (account && !accounts.has(dev)) accounts.set(dev, { login: account.login, type: account.type });
  });
  const list = devs.list.map((dev) => {
    const account = accounts.get(dev.id);
    const kind = account && NOT_PEOPLE_TYPES[account.type];
    if (!kind) return dev;
    return kind === 'bot' ? { ...dev, bot: true } : { ...dev, nonPerson: true };
  });
  return { devs: { list, ofIdentity: devs.ofIdentity }, accounts };
}

interface SystemExpert {
  dev: Developer;
  files: number;
  /** Author date, in seconds, of their newest change to the system's files. */
  lastCommit: number;
}

const MAX_DEPARTED = 5;

/**
 * A system's experts, most files authored first (ties: most commits, then name): the active
 * people, and those who have left and ranked ahead of the second active one. Accounts that are
 * not people are never experts.
 */
function systemExpertsOf(
  files: ReadonlyArray<[string, FileAuthorship]>,
  a: Authorship,
): { files: number; active: SystemExpert[]; departed: SystemExpert[] } {
  const counts = new Map<number, number>();
  const paths: string[] = [];
  for (const [path, file] of files) {
    paths.push(path);
    for (const dev of file.authors) counts.set(dev, (counts.get(dev) ?? 0) + 1);
  }
  const { devs, events } = a;
  const ranked = [...counts]
    .filter(([dev]) => !devs.list[dev]!.nonPerson)
    .sort(
      (x, y) =>
        y[1] - x[1] || (events.get(y[0]) ?? 0) - (events.get(x[0]) ?? 0) || (devs.list[x[0]]!.name < devs.list[y[0]]!.name ? -1 : 1),
    );
  const active = ranked.filter(([dev]) => !a.left(devs.list[dev]!));
  const secondary = active[1]?.[0];
  const departed: Array<[number, number]> = [];
  for (const entry of ranked) {
    if (entry[0] === secondary) break;
    if (a.left(devs.list[entry[0]]!) && departed.length < MAX_DEPARTED) departed.push(entry);
  }
  const last = a.lastChange(paths, new Set(ranked.map(([dev]) => dev)));
  const expert = ([dev, files]: [number, number]): SystemExpert => ({
    dev: devs.list[dev]!,
    files,
    lastCommit: last.get(dev) ?? devs.list[dev]!.lastCommit,
  });
  return { files: paths.length, active: active.map(expert), departed: departed.map(expert) };
}

/**
 * Each system's measured files (with an author event), in the order of `a.authorship`. A system
 * that is a whole top-level folder takes its files from one grouping of the tree by folder,
 * instead of testing every file against every system.
 */
function filesOfSystems(systems: readonly System[], a: Authorship): Array<Array<[string, FileAuthorship]>> {
  const touched = [...a.authorship].filter(([, file]) => file.touched);
  const byFolder = new Map<string, Array<[string, FileAuthorship]>>();
  if (systems.some((s) => s.wholeFolder)) {
    for (const entry of touched) {
      const folder = topFolder(entry[0]);
      const list = byFolder.get(folder);
      if (list) list.push(entry);
      else byFolder.set(folder, [entry]);
    }
  }
  return systems.map((system) =>
    system.wholeFolder ? (byFolder.get(system.folder) ?? []) : touched.filter(([path]) => system.matches(path)),
  );
}

/** People who author at least one measured file and have left. */
function departedAuthors(a: Authorship): number {
  const authors = new Set<number>();
  for (const file of a.authorship.values()) for (const dev of file.authors) authors.add(dev);
  return [...authors].filter((dev) => a.left(a.devs.list[dev]!)).length;
}

/** A git time (seconds) as ISO 8601; null for a time git could not give (a malformed date). */
const isoDate = (seconds: number): string | null => (Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null);

function keyPersonMatrix(systems: readonly System[], a: Authorship, allPaths: readonly string[]): MatrixRow[] {
  const filesOf = filesOfSystems(systems, a);
  const lowerPaths = allPaths.map((p) => p.toLowerCase());
  return systems.map((system, i) => {
    const { files, active, departed } = systemExpertsOf(filesOf[i]!, a);
    const [primary, secondary] = active;
    return {
      system: system.name,
      primary: primary?.dev.name ?? null,
      secondary: secondary?.dev.name ?? null,
      primaryLastCommit: primary ? isoDate(primary.lastCommit) : null,
      secondaryLastCommit: secondary ? isoDate(secondary.lastCommit) : null,
      documented: documented(system, allPaths, lowerPaths),
      files,
      experts: active.length,
      departed: departed.map((d) => ({ name: d.dev.name, lastCommit: isoDate(d.lastCommit) })),
    };
  });
}

/**
 * Every name and e-mail address of each person the matrix and the truck factors name, by the name
 * shown (unique in a repository, since identities sharing a name are one developer): what the
 * report's summary merges people across repositories with, as identities are merged within one.
 */
function identitiesOf(
  devs: Developers,
  matrix: readonly MatrixRow[],
  truckFactors: ReadonlyArray<ReadonlyArray<{ dev: Developer }>>,
): Array<{ name: string; names: string[]; emails: string[] }> {
  const named = new Set<string>();
  for (const row of matrix)
    for (const name of [row.primary, row.secondary, ...row.departed.map((d) => d.name)]) if (name !== null) named.add(name);
  for (const list of truckFactors) for (const { dev } of list) named.add(dev.name);
  return devs.list
    .filter((d) => named.has(d.name) && !d.nonPerson)
    .map((d) => ({ name: d.name, names: d.names, emails: d.emails }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const MESSAGES = {
  'codeowners-too-large':
    '{path} is {size}: GitHub ignores a CODEOWNERS file of 3 MB or more, so {used} is the one used; cover folders with one pattern each instead of listing files to bring it under 3 MB.',
  'codeowners-too-large-none-used':
    '{path} is {size}: GitHub ignores a CODEOWNERS file of 3 MB or more, so no file has code owners; cover folders with one pattern each instead of listing files to bring it under 3 MB.',
  'codeowners-error': 'CODEOWNERS: {error}.',
  'no-codeowners': 'No CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).',
  'unowned-files': '{files} in {folder} {have} no code owner.',
  'critical-path-unmatched': 'Critical path {glob} matches no file.',
  'critical-path-under-owned': 'Critical path {glob}: {weak} of {files} files have fewer than two code owners.',
  'systems-without-two-experts': '{thin} of {systems} systems have fewer than two experts: {names}.',
  'only-active-expert': '{system}: {expert} is its only active expert; {departures}.',
  'only-expert-left': '{system}: its only expert, {expert}, last committed here on {date}.',
  'all-experts-left': '{system}: its experts have all left: {expert} last committed here on {date}, {others}.',
  // {consequence}: who the loss would be, or that the authors have left, after a colon; or nothing.
  'truck-factor-below-target': 'Truck factor {truckFactor} (target {target}){consequence}.',
  'active-truck-factor-below-target':
    'Truck factor {active} counting only people active in the last {activeDays} days ({truckFactor} with those who have left; target {target}){consequence}.',
  'forge-accounts-not-people': 'Left out as accounts that GitHub says are not people: {accounts}.',
} as const;
const say = findingsFrom(MESSAGES);

/** The finding naming who left a system that has fewer than two active experts, and when. */
function departureFinding(row: MatrixRow, folder: string): Finding | null {
  if (!row.departed.length || row.experts >= 2) return null;
  const when = (d: { lastCommit: string | null }) => d.lastCommit?.slice(0, 10) ?? 'an unknown date';
  const [first, ...others] = row.departed;
  const at = folder || null;
  if (row.experts === 1) {
    const departures = row.departed.map((d) => `${d.name} last committed here on ${when(d)}`).join(', ');
    return say.warning('only-active-expert', { system: row.system, expert: String(row.primary), departures }, at);
  }
  if (!others.length) return say.warning('only-expert-left', { system: row.system, expert: first!.name, date: when(first!) }, at);
  return say.warning(
    'all-experts-left',
    { system: row.system, expert: first!.name, date: when(first!), others: others.map((d) => `${d.name} on ${when(d)}`).join(', ') },
    at,
  );
}

/** What authorshipOf keeps between audits of a commit (see RepoView.derive): plain data only. */
interface AuthorshipTables {
  devs: Developers;
  authorship: Map<string, FileAuthorship>;
  events: Map<number, number>;
  forgeAccounts: Map<number, ForgeAccount>;
  /**
   * Per identity ("name\0email"): 1 when it matches `bots`, 2 when `nonPeople`. A function of the
   * patterns alone, so an audit after a push takes them from the audit before it.
   */
  verdicts: Map<string, number>;
}

/** Bumped when what the tables hold or how they are computed changes: older kept tables are then ignored. */
const TABLES_VERSION = 1;

/** Who authored each file, by degree of authorship, with bots left out as the options say. */
async function authorshipOf(repo: RepoView, entries: readonly TreeEntry[], options: BusFactorOptions, now: Date): Promise<Authorship> {
  // The files' classification reads blobs while git mines the history.
  const [history, files, forge] = await Promise.all([repo.history(), authorshipFiles(repo, entries, options.exclude), forgeData(repo)]);
  const linked = forge?.commitAuthors ?? null;
  const derivation = {
    name: `bus-factor/authorship@${TABLES_VERSION}`,
    context: JSON.stringify([options.mode, options.bots, options.nonPeople, options.excludeBots, linked, files]),
    derive: (previous: AuthorshipTables | undefined): AuthorshipTables => {
      const isBot = accountMatcher(options.bots);
      const isNonPerson = accountMatcher(options.nonPeople, { personNamesWin: true });
      const known = previous?.verdicts instanceof Map ? previous.verdicts : new Map<string, number>();
      const verdicts = new Map<string, number>();
      const verdict = (name: string, email: string) => {
        const key = `${name}\0${email}`;
        let v = verdicts.get(key) ?? known.get(key);
        if (v === undefined) v = (isBot(name, email) ? 1 : 0) | (isNonPerson(name, email) ? 2 : 0);
        verdicts.set(key, v);
        return v;
      };
      const merged = mergeDevelopers(
        history,
        options.mode,
        (name, email) => (verdict(name, email) & 1) !== 0,
        (name, email) => (verdict(name, email) & 2) !== 0,
      );
      const { devs, accounts } = withForgeAccounts(history, merged, linked ?? []);
      const skip = options.excludeBots ? (d: { bot: boolean }) => d.bot : () => false;
      return {
        devs,
        authorship: fileAuthors(history, files, devs, skip),
        events: eventsPerDeveloper(history, devs),
        forgeAccounts: accounts,
        verdicts,
      };
    },
  };
  const tables = repo.derive ? await repo.derive(derivation) : derivation.derive(undefined);
  const { devs } = tables;
  const cutoff = now.getTime() / 1000 - options.activeDays * 86_400;
  return {
    devs,
    authorship: tables.authorship,
    events: tables.events,
    lastChange: latestChanges(history, devs),
    left: (dev) => !dev.nonPerson && dev.lastCommit < cutoff,
    forgeAccounts: tables.forgeAccounts,
    forgeLinkedEmails: linked && linked.length,
  };
}

type LeftOutReason = 'github-account-type' | 'bot-pattern' | 'non-person-pattern';

/** Every developer left out of the matrix and the truck factors as not a person, and why, by name. */
function nonPeopleOf(
  a: Authorship,
  excludeBots: boolean,
): Array<{ name: string; reason: LeftOutReason; login: string | null; type: string | null }> {
  return a.devs.list
    .filter((d) => (d.bot && excludeBots) || d.nonPerson)
    .map((d) => {
      const account = a.forgeAccounts.get(d.id);
      const reason: LeftOutReason = account ? 'github-account-type' : d.bot && excludeBots ? 'bot-pattern' : 'non-person-pattern';
      return { name: d.name, reason, login: account?.login ?? null, type: account?.type ?? null };
    })
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/**
 * Each system (blueprint.yml's, else each top-level folder with code) with its active experts,
 * most files authored first, and those who have left: what `blueprint scaffold codeowners`
 * drafts CODEOWNERS from. `now` is the reference time for who has left.
 */
export async function systemExperts(
  repo: RepoView,
  systems: Readonly<Record<string, readonly string[]>>,
  options: BusFactorOptions,
  now: Date,
): Promise<
  Array<{
    system: string;
    folder: string;
    globs: readonly string[];
    experts: Array<{ name: string; email: string; files: number }>;
    departed: Array<{ name: string; email: string; files: number; lastCommit: string | null }>;
  }>
> {
  const entries = await repo.files();
  const a = await authorshipOf(repo, entries, options, now);
  const list = systemsOf(systems, [...a.authorship.keys()]);
  const filesOf = filesOfSystems(list, a);
  return list.map((system, i) => {
    const { active, departed } = systemExpertsOf(filesOf[i]!, a);
    return {
      system: system.name,
      folder: system.folder,
      globs: systems[system.name] ?? [`${system.folder}/**`],
      experts: active.map((e) => ({ name: e.dev.name, email: e.dev.email, files: e.files })),
      departed: departed.map((e) => ({ name: e.dev.name, email: e.dev.email, files: e.files, lastCommit: isoDate(e.lastCommit) })),
    };
  });
}

export default defineRule<BusFactorOptions>({
  meta: {
    id: 'bus-factor',
    pillar: 'shield',
    description: 'Every critical system has at least two experts: code owners cover the code and the truck factor reaches the target.',
    risk: 'high',
    scaffold: {
      practice: 'codeowners',
      summary: 'CODEOWNERS drafted from the history: the top two experts of each system',
      defaultName: 'codeowners',
      path: () => CODEOWNERS_LOCATIONS[0],
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation:
      'Add a CODEOWNERS file naming at least two owners for every critical path, pair people on the systems that have one expert, and write the missing system READMEs.',
    standard: (o) =>
      `Every critical system has at least two experts (truck factor ${o.target} or more), CODEOWNERS names two owners for every critical path, and each system is documented.`,
    firstSteps: [
      'Publish the key-person matrix below and agree a secondary expert for every system with one.',
      'Pair the secondary experts on the next changes to those systems, and have them write the missing READMEs.',
      'Add CODEOWNERS with two owners per critical path (`blueprint scaffold codeowners` drafts it from the history).',
    ],
  },
  async evaluate({ repo, options, blueprint, now }) {
    const entries = await repo.files();
    const tracked = entries.filter((e) => e.kind !== 'submodule');
    const findings: Finding[] = [];

    // CODEOWNERS: coverage, single owners, critical paths.
    const { file, tooLarge } = await findCodeowners(repo, entries);
    for (const big of tooLarge) {
      const size = megabytes(big.bytes);
      findings.push(
        file
          ? say.warning('codeowners-too-large', { path: big.path, size, used: file.path }, big.path)
          : say.warning('codeowners-too-large-none-used', { path: big.path, size }, big.path),
      );
    }
    const codeowners = file ? parseCodeowners(file.text) : null;
    for (const error of codeowners?.errors ?? [])
      findings.push(say.warning('codeowners-error', { error: error.message }, { path: file!.path, line: error.line }));
    // A team counts as its members when the forge knows them (a team of one is one owner), else as one.
    const teams = (await forgeData(repo))?.teams ?? {};
    // Rules share their owners array, so each is counted once, not once per file.
    const counted = new Map<readonly string[], number>();
    const people = (owners: readonly string[]) => {
      const known = counted.get(owners);
      if (known !== undefined) return known;
      const set = new Set<string>();
      for (const owner of owners) {
        const members = owner.includes('/') ? teams[owner.slice(1).toLowerCase()] : undefined;
        if (members) for (const login of members) set.add(`@${login.toLowerCase()}`);
        else set.add(owner.toLowerCase());
      }
      counted.set(owners, set.size);
      return set.size;
    };
    const noOwners: readonly string[] = [];
    const ownerCount = new Map<string, number>(tracked.map((e) => [e.path, people(codeowners?.ownersOf(e.path) ?? noOwners)]));
    const owned = [...ownerCount.values()].filter((n) => n > 0).length;
    const unowned = tracked.filter((e) => ownerCount.get(e.path) === 0);
    const singleOwner = tracked.filter((e) => ownerCount.get(e.path) === 1).length;
    const coverage = tracked.length ? owned / tracked.length : 0;
    if (!file) {
      if (!tooLarge.length) findings.push(say.warning('no-codeowners'));
    } else if (unowned.length && options.largestUnowned > 0) {
      const byFolder = new Map<string, number>();
      for (const e of unowned) byFolder.set(topFolder(e.path), (byFolder.get(topFolder(e.path)) ?? 0) + 1);
      const largest = [...byFolder].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.largestUnowned);
      for (const [folder, count] of largest) {
        findings.push(
          say.warning(
            'unowned-files',
            { files: plural(count, 'file'), folder: folder === '.' ? 'the top folder' : `${folder}/`, have: noun(count, 'has', 'have') },
            folder === '.' ? file.path : folder,
          ),
        );
      }
    }
    let criticalOk = 0;
    for (const glob of blueprint.criticalPaths) {
      const matches = globMatcher([glob]);
      const inPath = tracked.filter((e) => matches(e.path));
      const weak = inPath.filter((e) => ownerCount.get(e.path)! < 2);
      if (!inPath.length) findings.push(say.warning('critical-path-unmatched', { glob }));
      else if (weak.length) {
        findings.push(say.error('critical-path-under-owned', { glob, weak: weak.length, files: inPath.length }, weak[0]!.path));
      } else criticalOk++;
    }

    // Truck factor and key-person matrix from the history.
    const a = await authorshipOf(repo, entries, options, now);
    const { devs, authorship, events } = a;
    // Accounts that are not people never count; the active truck factor also counts the people
    // who have left as gone already, and it is the one scored: it is what the team can rely on now.
    const tf = truckFactor(authorship, devs, events, options.mode, (d) => d.nonPerson);
    const activeTf = truckFactor(authorship, devs, events, options.mode, (d) => d.nonPerson || a.left(d));
    const systems = systemsOf(blueprint.systems, [...authorship.keys()]);
    const matrix = keyPersonMatrix(
      systems,
      a,
      entries.map((e) => e.path),
    );

    const thin = matrix.filter((row) => row.files > 0 && row.experts < 2);
    if (thin.length) {
      const names = thin.map((row) => `${row.system} (${row.primary ?? (row.departed.length ? 'nobody active' : 'nobody')})`);
      findings.push(say.warning('systems-without-two-experts', { thin: thin.length, systems: matrix.length, names: names.join(', ') }));
    }
    matrix.forEach((row, i) => {
      const finding = row.files > 0 ? departureFinding(row, systems[i]!.folder) : null;
      if (finding) findings.push(finding);
    });
    const nonPeople = nonPeopleOf(a, options.excludeBots);
    const typed = nonPeople.filter((p) => p.reason === 'github-account-type');
    if (typed.length) {
      const accounts = typed.map((p) => `${p.name} (GitHub account ${p.login}, type ${p.type})`).join(', ');
      findings.push(say.info('forge-accounts-not-people', { accounts }));
    }
    if (activeTf.truckFactor < options.target) {
      const who = activeTf.developers.map((d) => d.dev.name).join(', ');
      const consequence = who
        ? `: losing ${who} would orphan more than half of the code`
        : tf.truckFactor > 0
          ? ': the authors of more than half of the code have left'
          : '';
      const counts = { truckFactor: tf.truckFactor, target: options.target, consequence };
      findings.unshift(
        activeTf.truckFactor === tf.truckFactor
          ? say.error('truck-factor-below-target', counts)
          : say.error('active-truck-factor-below-target', { ...counts, active: activeTf.truckFactor, activeDays: options.activeDays }),
      );
    }

    // Each part earns its share of its points.
    const part = (share: number, outOf: number) => ({ points: share * outOf, outOf });
    const parts = [part(coverage, 4), part(Math.min(1, activeTf.truckFactor / options.target), 4)];
    if (blueprint.criticalPaths.length) parts.push(part(criticalOk / blueprint.criticalPaths.length, 2));
    const score = pointsScore(parts);
    return {
      score: round(score, 2),
      metrics: {
        codeowners: file?.path ?? null,
        coverage: round(coverage, 4),
        unownedFiles: unowned.length,
        singleOwnerFiles: singleOwner,
        invalidCodeownersLines: codeowners?.errors.length ?? 0,
        truckFactor: tf.truckFactor,
        activeTruckFactor: activeTf.truckFactor,
        truckFactorMode: options.mode,
        truckFactorDevelopers: tf.developers.map((d) => ({ name: d.dev.name, files: d.files })),
        activeTruckFactorDevelopers: activeTf.developers.map((d) => ({ name: d.dev.name, files: d.files })),
        authorshipFiles: tf.files,
        departedAuthors: departedAuthors(a),
        botAccounts: devs.list
          .filter((d) => d.bot)
          .map((d) => d.name)
          .sort(),
        nonPersonAccounts: devs.list
          .filter((d) => d.nonPerson && !(d.bot && options.excludeBots))
          .map((d) => d.name)
          .sort(),
        nonPeople,
        forgeLinkedEmails: a.forgeLinkedEmails,
        matrix,
        identities: identitiesOf(devs, matrix, [tf.developers, activeTf.developers]),
      },
      findings,
    };
  },
});
