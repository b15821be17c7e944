import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { bare, DR_TEST, TERRAFORM, wellRun } from '../../fixtures/repos.ts';
import { openLocalRepo, type LocalRepo } from '../../src/sources/local.ts';
import { type Finding, type ForgeData, type Rule, placeholdersOf, RULES, renderMessage } from '../../src/index.ts';
import { fixtures } from '../helpers.ts';

const fx = fixtures();
const now = new Date('2026-11-24T12:00:00Z');

/** A repository that misses most practices in most ways, so that many kinds of finding show. */
const troubled: FixtureSpec = {
  commits: [
    {
      date: '2025-01-10T10:00:00Z',
      files: {
        'package.json': '{ "name": "x", "dependencies": { "launchdarkly-node-server-sdk": "1" } }\n',
        'src/index.ts': 'export const a = 1;\n',
        'src/b.ts': 'export const b = 1;\n',
        'infra/terraform.tfstate': '{}',
        'infra/main.tf': TERRAFORM,
        'infra/.terraform/terraform.tfstate': '{}',
        '.github/workflows/deploy.yml':
          'on:\n  workflow_dispatch:\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n',
        '.github/ISSUE_TEMPLATE/bug.md': '# Bug\n',
        '.github/CODEOWNERS': 'src/ @ada\nbad[ @\n',
        'STYLEGUIDE.md': '# Style\n\nShort.\n',
        'docs/access-reviews/2025-01-01.md': '# Access review\n',
        'docs/dr/2025-01-02.md': '# DR test\n\nWe tried.\n',
        'docs/process-reviews/2025-01-03.md': '# Process review\n\nNothing.\n',
        'docs/briefs/thing.md': '# Brief\n\n## Success metrics\n\n- user happiness\n- engagement\n- delight\n',
        'docs/experiments/2025-01-04-x.md': '# Spike\n\nWe tried a thing.\n',
        'docs/hypotheses/a.md': '# Hyp\n\n| What we think | What we know |\n|---|---|\n| users want x | |\n',
        'docs/hypotheses/b.md': '# Hyp\n\nNo table.\n',
        'docs/poc/a.md': '# PoC\n\nIt works.\n',
      },
    },
    { date: '2025-02-10T10:00:00Z', author: 'grace', files: { 'src/index.ts': 'export const a = 2;\n' }, tag: 'v1.0.0' },
    { date: '2026-10-01T10:00:00Z', branch: 'feature/old', files: { 'src/c.ts': 'export const c = 1;\n' } },
    { date: '2026-10-02T10:00:00Z', branch: 'spike/idea', files: { 'src/d.ts': 'export const d = 1;\n' } },
    { date: '2026-10-05T10:00:00Z', message: 'Revert "x"\n\nThis reverts commit 0000000.', files: { 'src/e.ts': '1\n' }, tag: 'v1.0.1' },
  ],
};

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
/** Records and configurations that say too much, or cannot be read. */
const sprawling: FixtureSpec = {
  commits: [
    {
      date: '2026-10-01T10:00:00Z',
      files: {
        'STYLEGUIDE.md': `# Style guide\n\n## Naming\n\n${words(3000)}\n`,
        '.gitlab-ci.yml': 'test: [unclosed\n',
        'docs/briefs/big.md': `# Brief\n\n## Goals\n\n${words(2000)}\n`,
        'docs/poc/wide.md': '# PoC\n\n## What we tested\n\nx\n\n## What we learned\n\ny\n\n## Next\n\nz\n\n## Extra\n\nq\n\n## More\n\nr\n',
        'docs/templates/hypothesis-template.md': '# Hypothesis template\n',
        'docs/mvp/none.md': '# MVP\n\nNo metrics here.\n',
        'vercel.json': '{}\n',
        'firebase.json': '{}\n',
        'src/app.ts': 'export {};\n',
      },
    },
  ],
};

const drOnly: FixtureSpec = { commits: [{ date: '2026-06-01T10:00:00Z', files: { 'docs/dr/2026-05-01.md': DR_TEST } }] };

const forge: ForgeData = {
  owner: 'acme',
  name: 'shop',
  defaultBranch: 'main',
  archived: false,
  protection: null,
  mergedPullRequests: [
    { number: 1, createdAt: '2026-11-01T00:00:00Z', mergedAt: '2026-11-02T00:00:00Z', baseRef: 'main', firstCommitAt: null },
  ],
  openPullRequests: [{ number: 2, createdAt: '2026-09-01T00:00:00Z', headRef: 'feature/old', firstCommitAt: null }],
  collaborators: { admins: ['a', 'b', 'c', 'd'], outside: ['e'] },
  teams: {},
  releases: [],
  deployments: [{ environment: 'production', createdAt: '2026-06-01T00:00:00Z', state: 'success' }],
  issues: [
    { number: 3, createdAt: '2026-08-01T00:00:00Z', closedAt: null, labels: ['feedback'], firstCommentAt: null },
    { number: 4, createdAt: '2026-10-01T00:00:00Z', closedAt: '2026-10-02T00:00:00Z', labels: ['incident'], firstCommentAt: null },
  ],
};
const protectedForge: ForgeData = {
  ...forge,
  defaultBranch: null,
  protection: { requiredReviews: 0, codeOwnerReviews: false, adminsEnforced: false },
};

const opened: LocalRepo[] = [];
const findings: Array<{ rule: Rule; finding: Finding }> = [];

async function evaluateAll(repo: LocalRepo, forgeData: ForgeData | null, overrides: Record<string, unknown>) {
  const view = forgeData
    ? { ...repo.view, capabilities: new Set([...repo.view.capabilities, 'forge' as const]), forge: async () => forgeData }
    : repo.view;
  for (const rule of RULES) {
    const options = rule.meta.options.safeParse(overrides);
    const parsed = options.success ? options.data : rule.meta.options.parse({});
    const systems = { payments: ['src/**'], infra: ['infra/**'] };
    try {
      const outcome = await rule.evaluate({
        repo: view,
        options: parsed,
        now,
        kind: null,
        blueprint: { criticalPaths: ['src/**'], systems },
      });
      for (const finding of outcome.findings) findings.push({ rule, finding });
    } catch {
      // A rule that cannot run on this repository is another test's concern.
    }
  }
}

beforeAll(async () => {
  for (const spec of [wellRun, bare, troubled, drOnly, sprawling]) {
    const repo = await openLocalRepo(fx.build(spec), { cacheDir: null });
    opened.push(repo);
    for (const [data, overrides] of [
      [null, {}],
      [null, { whenAbsent: 'fail' }],
      [forge, {}],
      [protectedForge, { whenAbsent: 'fail' }],
    ] as const)
      await evaluateAll(repo, data, overrides);
  }
}, 120_000);
afterAll(() => {
  for (const r of opened) r.close();
});

describe('finding codes', () => {
  it('every rule words its findings in meta.messages, with kebab-case codes and well-formed placeholders', () => {
    for (const rule of RULES) {
      const messages = rule.meta.messages ?? {};
      expect(Object.keys(messages).length, rule.meta.id).toBeGreaterThan(0);
      for (const [code, template] of Object.entries(messages)) {
        expect(code, rule.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        // Braces appear only as placeholders.
        expect(template.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, ''), `${rule.meta.id}/${code}`).not.toMatch(/[{}]/);
      }
    }
  });

  it('every finding carries a code of its rule, and its message is the template filled with its data', () => {
    expect(findings.length).toBeGreaterThan(60);
    for (const { rule, finding } of findings) {
      const where = `${rule.meta.id}: ${finding.message}`;
      expect(finding.code, where).toBeDefined();
      const template = rule.meta.messages?.[finding.code!];
      expect(template, where).toBeDefined();
      const names = placeholdersOf(template!);
      expect(Object.keys(finding.data ?? {}).sort(), where).toEqual([...names].sort());
      expect(renderMessage(template!, finding.data), where).toBe(finding.message);
    }
  });

  it('the audits above show findings of many codes', () => {
    const codes = new Set(findings.map(({ rule, finding }) => `${rule.meta.id}/${finding.code}`));
    expect(codes.size).toBeGreaterThan(60);
  });

  it('no rule writes a finding by hand: each is made from its messages (findingsFrom)', () => {
    const rulesDir = join(import.meta.dirname, '..', '..', 'rules');
    for (const dir of readdirSync(rulesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(join(rulesDir, dir.name)).filter((f) => f.endsWith('.ts'))) {
        const text = readFileSync(join(rulesDir, dir.name, file), 'utf8');
        expect(text.match(/\bseverity:\s*['"]/g) ?? [], `${dir.name}/${file}`).toEqual([]);
      }
    }
  });
});
