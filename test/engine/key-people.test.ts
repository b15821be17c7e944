// Key people across an organisation: who two or more repositories depend on, with identities
// merged across repositories, ranked, shown in every human format and the plan, and recomputed
// by `blueprint merge` from shard reports. Four fixture repositories audited together.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type FixtureCommit, type FixtureSpec, type Person } from '../../fixtures/builder.ts';
import { audit, renderPlan, type KeyPerson, type Report } from '../../src/index.ts';
import { render } from '../../src/reporters/index.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();
const now = new Date(NOW);

const ADA: Person = { name: 'Ada Lovelace', email: 'ada@example.com' };
const GRACE: Person = { name: 'Grace Hopper', email: 'grace@example.com' };
const LINUS: Person = { name: 'Linus Torvalds', email: 'linus@example.com' };
const JANE: Person = { name: 'Jane Doe', email: 'jane@example.com' };
const JOHN: Person = { name: 'John Roe', email: 'john@example.com' };

const add = (author: string, date: string, folder: string, n: number): FixtureCommit => ({
  author,
  date: `${date}T10:00:00Z`,
  files: Object.fromEntries(Array.from({ length: n }, (_, i) => [`${folder}/${author}${i}.ts`, `export const ${author}${i} = ${i};\n`])),
});

/**
 * Every file is written by one person and never touched again, so each system's experts are
 * exactly who added its files. Jane Doe's commits are from 2014 and 2015: she has left everywhere.
 */
const ORG: Record<string, FixtureSpec> = {
  // Ada (4 files of 9) is the whole active truck factor: Jane's lib is orphaned already.
  ledger: {
    authors: { ada: ADA, grace: GRACE, jane: JANE, john: JOHN },
    commits: [
      add('jane', '2014-03-02', 'lib', 2),
      add('ada', '2026-03-01', 'core', 3),
      add('grace', '2026-04-01', 'api', 2),
      add('ada', '2026-04-02', 'api', 1),
      add('john', '2026-05-01', 'tools', 1),
    ],
  },
  // The same Ada by a name differing in case, at another address.
  shop: {
    authors: { ada: { name: 'ada lovelace', email: 'ada@corp.example' }, grace: GRACE, jane: JANE },
    commits: [add('jane', '2015-06-01', 'legacy', 2), add('ada', '2026-05-01', 'billing', 3), add('grace', '2026-05-02', 'cart', 2)],
  },
  // The same Ada by another name, at the first address in other case.
  payments: {
    authors: { ada: { name: 'A. Lovelace', email: 'ADA@Example.com' }, grace: GRACE, linus: LINUS },
    commits: [
      add('ada', '2026-06-01', 'gateway', 2),
      add('linus', '2026-06-02', 'fraud', 2),
      add('grace', '2026-06-03', 'ui', 2),
      add('linus', '2026-06-04', 'ui', 1),
      add('grace', '2026-06-05', 'ops', 1),
    ],
  },
  // Linus (4 files of 5) is the whole active truck factor.
  'docs-site': {
    authors: { linus: LINUS, ada: ADA, jane: JANE },
    commits: [
      add('jane', '2014-01-10', 'old', 1),
      add('linus', '2026-07-01', 'site', 2),
      add('linus', '2026-07-02', 'blog', 2),
      add('ada', '2026-07-03', 'style', 1),
    ],
  },
};
const TARGETS = Object.keys(ORG);

/** The expected key people, most depended on first. */
const EXPECTED: KeyPerson[] = [
  {
    person: { name: 'Ada Lovelace', emails: ['ada@corp.example', 'ada@example.com'] },
    repositories: ['docs-site', 'ledger', 'payments', 'shop'],
    systems: [
      { repository: 'docs-site', system: 'style' },
      { repository: 'ledger', system: 'core' },
      { repository: 'payments', system: 'gateway' },
      { repository: 'shop', system: 'billing' },
    ],
    soleTruckFactor: ['ledger', 'shop'],
    reason: 'Only active expert of 4 systems in 4 repositories; the one person the active truck factor counts in 2 repositories.',
  },
  {
    person: { name: 'Linus Torvalds', emails: ['linus@example.com'] },
    repositories: ['docs-site', 'payments'],
    systems: [
      { repository: 'docs-site', system: 'blog' },
      { repository: 'docs-site', system: 'site' },
      { repository: 'payments', system: 'fraud' },
    ],
    soleTruckFactor: ['docs-site'],
    reason: 'Only active expert of 3 systems in 2 repositories; the one person the active truck factor counts in 1 repository.',
  },
  {
    person: { name: 'Grace Hopper', emails: ['grace@example.com'] },
    repositories: ['payments', 'shop'],
    systems: [
      { repository: 'payments', system: 'ops' },
      { repository: 'shop', system: 'cart' },
    ],
    soleTruckFactor: [],
    reason: 'Only active expert of 2 systems in 2 repositories.',
  },
];

let org: string;
let report: Report;
beforeAll(async () => {
  org = fx.temp();
  for (const [name, spec] of Object.entries(ORG)) buildFixture(spec, join(org, name));
  buildFixture(
    { authors: { mary: { name: 'Mary Major', email: 'mary@example.com' } }, commits: [add('mary', '2026-08-01', 'app', 2)] },
    join(org, 'solo'),
  );
  report = await audit({ targets: TARGETS, cwd: org, now, rules: ['bus-factor'] });
});

describe('summary.keyPeople', () => {
  it('ranks who several repositories depend on, with identities merged across repositories; those who left and those one repository depends on are not listed', () => {
    expect(report.summary.keyPeople).toEqual(EXPECTED);
    // Jane Doe was the only expert of lib, legacy and old, but has left: the matrix says so instead.
    const ledger = report.repos.find((r) => r.target === 'ledger')!.rules[0]!;
    expect(ledger.metrics).toMatchObject({ activeTruckFactor: 1, activeTruckFactorDevelopers: [{ name: 'Ada Lovelace', files: 4 }] });
    expect(ledger.metrics.matrix).toContainEqual(
      expect.objectContaining({ system: 'lib', experts: 0, departed: [{ name: 'Jane Doe', lastCommit: '2014-03-02T10:00:00.000Z' }] }),
    );
    expect(ledger.metrics.identities).toContainEqual({ name: 'Ada Lovelace', names: ['Ada Lovelace'], emails: ['ada@example.com'] });
  });

  it('validates against docs/report.schema.json', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictTypes: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/report.schema.json'), 'utf8')));
    const json = JSON.parse(render('json', report));
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema describes the entries: a malformed one is refused.
    json.summary.keyPeople[0].systems = ['ledger/core'];
    expect(validate(json)).toBe(false);
    expect(validate({ ...json, summary: { ...json.summary, keyPeople: [{ ...EXPECTED[0], repositories: ['ledger'] }] } })).toBe(false);
  });

  it('is empty for one repository, and no format shows a key-people section for it', async () => {
    const one = await audit({ targets: ['ledger'], cwd: org, now, rules: ['bus-factor'] });
    expect(one.summary.keyPeople).toEqual([]);
    for (const format of ['text', 'markdown', 'html'] as const) expect(render(format, one)).not.toMatch(/key people/i);
    expect(renderPlan(one, { now })).not.toMatch(/key people/i);
  });

  it('two repositories list whom both depend on; two that share nobody say so', async () => {
    const two = await audit({ targets: ['shop', 'payments'], cwd: org, now, rules: ['bus-factor'] });
    // Ada goes by "ada lovelace <ada@corp.example>" in shop and "A. Lovelace <ADA@Example.com>" in
    // payments: nothing links the two without ledger or docs-site, where "Ada Lovelace <ada@example.com>" shares a name with one and an address with the other.
    expect(two.summary.keyPeople!.map((p) => [p.person.name, p.repositories])).toEqual([['Grace Hopper', ['payments', 'shop']]]);
    const none = await audit({ targets: ['solo', 'shop'], cwd: org, now, rules: ['bus-factor'] });
    expect(none.summary.keyPeople).toEqual([]);
    expect(render('text', none, { width: 200 })).toContain(
      '\n  Key people: none. Nobody is the only active expert of a system, or the one person counted by an active truck factor of 1, in two or more repositories.\n',
    );
    expect(render('markdown', none)).toContain('**Key people:** none.');
    expect(render('html', none)).toContain('<h2>Key people across repositories</h2>\n<p class="meta">Nobody is the only active expert');
    expect(renderPlan(none, { now })).toContain('## Key people across the organisation\n\nNobody is the only active expert');
  });
});

describe('every format shows the key people', () => {
  it('text: the summary lists them with their reason, systems and truck factors', () => {
    const text = render('text', report, { width: 100 });
    const section = text.slice(text.indexOf('Key people (3)'));
    expect(section).toContain(
      [
        'Key people (3): people whom two or more repositories each depend on, as the only active expert of',
        '    a system or as the one person counted by an active truck factor of 1.',
        '     1. Ada Lovelace <ada@corp.example, ada@example.com>',
        '        Only active expert of 4 systems in 4 repositories; the one person the active truck factor',
        '        counts in 2 repositories.',
        '        systems: docs-site: style; ledger: core; payments: gateway; shop: billing',
        '        active truck factor of 1: ledger, shop',
        '     2. Linus Torvalds <linus@example.com>',
      ].join('\n'),
    );
    expect(section.indexOf('2. Linus Torvalds')).toBeLessThan(section.indexOf('3. Grace Hopper'));
  });

  it("text, html and plan: the matrix shows each expert's last change and who has left", () => {
    const text = render('text', report);
    expect(text).toContain('        core             Ada Lovelace 2026-03-01  —                        no');
    expect(text).toMatch(/^ {8}lib {14}— {24}— {24}no\n {25}left: Jane Doe \(2014-03-02\)$/m);
    expect(text).toContain('        api              Grace Hopper 2026-04-01  Ada Lovelace 2026-04-02  no');
    const html = render('html', report);
    expect(html).toContain(
      '<td>ledger</td><td>lib</td><td>—</td><td>— (key-person risk)</td><td><span class="left">left</span> Jane Doe (2014-03-02)</td><td>no</td>',
    );
    expect(html).toContain('<td>Grace Hopper <span class="date">2026-04-01</span></td>');
    const plan = renderPlan(report, { now });
    expect(plan).toContain('| lib | — | — (key-person risk) | Jane Doe (2014-03-02) | missing |');
    expect(plan).toContain('| api | Grace Hopper (2026-04-01) | Ada Lovelace (2026-04-02) | — | missing |');
  });

  it('json, markdown and html', () => {
    expect(JSON.parse(render('json', report)).summary.keyPeople).toEqual(EXPECTED);
    const markdown = render('markdown', report);
    expect(markdown).toContain('| Person | Why | Systems (only active expert) | Active truck factor of 1 |');
    expect(markdown).toContain(
      '| Ada Lovelace (ada@corp.example, ada@example.com) | Only active expert of 4 systems in 4 repositories; the one person the active truck factor counts in 2 repositories. | docs-site: style; ledger: core; payments: gateway; shop: billing | ledger, shop |',
    );
    expect(markdown).toContain(
      '| Grace Hopper (grace@example.com) | Only active expert of 2 systems in 2 repositories. | payments: ops; shop: cart | — |',
    );
    const html = render('html', report);
    expect(html).toContain('<h2>Key people across repositories</h2>');
    expect(html).toContain(
      '<tr><td class="num">1</td><th scope="row">Ada Lovelace<br><span class="meta">ada@corp.example, ada@example.com</span></th>',
    );
  });

  it('plan: an organisation-wide section, the first five with "and K more"', () => {
    const plan = renderPlan(report, { now });
    expect(plan).toContain(
      [
        '## Key people across the organisation',
        '',
        'People whom two or more repositories each depend on, as the only active expert of a system or as the one person counted by an active truck factor of 1. Pair someone with each of them first: their holiday or resignation is felt in several places at once.',
        '',
        '1. **Ada Lovelace** (ada@corp.example, ada@example.com): Only active expert of 4 systems in 4 repositories; the one person the active truck factor counts in 2 repositories. Systems: docs-site: style; ledger: core; payments: gateway; shop: billing. Active truck factor of 1: ledger, shop.',
        '2. **Linus Torvalds** (linus@example.com): Only active expert of 3 systems in 2 repositories; the one person the active truck factor counts in 1 repository. Systems: docs-site: blog, site; payments: fraud. Active truck factor of 1: docs-site.',
        '3. **Grace Hopper** (grace@example.com): Only active expert of 2 systems in 2 repositories. Systems: payments: ops; shop: cart.',
        '',
        '## Key-person matrix',
      ].join('\n'),
    );
    const many: Report = { ...report, summary: { ...report.summary, keyPeople: [...EXPECTED, ...EXPECTED, ...EXPECTED] } };
    const long = renderPlan(many, { now });
    expect(long).toMatch(/^5\. \*\*Linus Torvalds\*\*/m);
    expect(long).not.toMatch(/^6\. /m);
    expect(long).toContain('… and 4 more (`summary.keyPeople` of `blueprint audit --format json`).');
  });
});

describe('blueprint merge', () => {
  it('recomputes keyPeople from shard reports: the same people as one audit of all', async () => {
    const dir = fx.temp();
    const shards = [
      ['ledger', 'docs-site'],
      ['shop', 'payments'],
    ];
    const files: string[] = [];
    for (const [i, targets] of shards.entries()) {
      const r = await cli(
        ['audit', ...targets!, '--rule', 'bus-factor', '--now', NOW, '--format', 'json', '-o', join(dir, `shard-${i}.json`)],
        { cwd: org },
      );
      expect(r.code, r.stderr).toBeLessThan(2);
      files.push(join(dir, `shard-${i}.json`));
    }
    // Neither shard alone sees Linus in two repositories, nor the first one Grace; the second cannot tell its two Adas are one.
    const names = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Report).summary.keyPeople!.map((p) => p.person.name);
    expect(files.map(names)).toEqual([['Ada Lovelace'], ['Grace Hopper']]);
    const merged = await cli(['merge', ...files, '--format', 'json']);
    expect(JSON.parse(merged.stdout).summary.keyPeople).toEqual(EXPECTED);
  });

  it('ties: most repositories, then systems, then truck factors of 1, then name ignoring case, then name', async () => {
    const dir = fx.temp();
    const row = (system: string, primary: string) => ({
      system,
      primary,
      secondary: null,
      primaryLastCommit: null,
      secondaryLastCommit: null,
      documented: false,
      files: 1,
      experts: 1,
      departed: [],
    });
    const base = report.repos[0]!;
    const repo = (target: string, matrix: unknown[], sole: string | null) => ({
      ...base,
      target,
      rules: [
        {
          ...base.rules[0]!,
          metrics: { activeTruckFactor: sole ? 1 : 2, activeTruckFactorDevelopers: sole ? [{ name: sole, files: 1 }] : [], matrix },
        },
      ],
    });
    const crafted: Report = {
      ...report,
      repos: [
        repo('r1', [row('a', 'Dave'), row('b', 'Zed'), row('c', 'amy'), row('d', 'Bob'), row('e', 'Carol'), row('g', 'eve')], 'Zed'),
        repo('r2', [row('a', 'dave'), row('b', 'zed'), row('c', 'amy'), row('d', 'Bob'), row('e', 'Carol'), row('f', 'dave')], null),
        repo('r3', [row('a', 'Eve')], null),
        repo('r4', [], 'Eve'),
      ],
    };
    writeFileSync(join(dir, 'crafted.json'), JSON.stringify(crafted));
    const merged = JSON.parse((await cli(['merge', join(dir, 'crafted.json'), '--format', 'json'])).stdout) as Report;
    // Eve: three repositories. Dave: three systems, beating Zed's truck factor of 1. Zed's truck
    // factor puts him before three equals, ordered by name ignoring case (amy before Bob). A name
    // seen in as many repositories as another spelling of it is shown in code-unit order ("Dave",
    // not "dave"); people merged by name alone (no identities in the report) have no e-mails.
    expect(
      merged.summary.keyPeople!.map((p) => [p.person.name, p.repositories.length, p.systems.length, p.soleTruckFactor.length]),
    ).toEqual([
      ['Eve', 3, 2, 1],
      ['Dave', 2, 3, 0],
      ['Zed', 2, 2, 1],
      ['amy', 2, 2, 0],
      ['Bob', 2, 2, 0],
      ['Carol', 2, 2, 0],
    ]);
    expect(merged.summary.keyPeople![0]).toEqual({
      person: { name: 'Eve', emails: [] },
      repositories: ['r1', 'r3', 'r4'],
      systems: [
        { repository: 'r1', system: 'g' },
        { repository: 'r3', system: 'a' },
      ],
      soleTruckFactor: ['r4'],
      reason: 'Only active expert of 2 systems in 2 repositories; the one person the active truck factor counts in 1 repository.',
    });
  });
});
