import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function rule(files: Record<string, string>, blueprint?: string) {
  const all = blueprint ? { ...files, 'blueprint.yml': blueprint } : files;
  return runRule(findRule('automated-tests')!, { commits: [{ date: '2026-11-20T00:00:00Z', files: all }] }, { now });
}

const code = (paths: string[]) => Object.fromEntries(paths.map((p) => [p, '1\n']));

describe('automated-tests', () => {
  it("finds tests by every ecosystem's convention, and leaves vendored code and tooling out of the source", async () => {
    const r = await rule(
      code([
        'web/src/cart.ts',
        'web/src/cart.test.ts',
        'web/src/__tests__/basket.tsx',
        'web/vite.config.ts',
        'web/node_modules/x/index.js',
        'api/orders.py',
        'api/tests/test_orders.py',
        'api/test_payments.py',
        'svc/main.go',
        'svc/main_test.go',
        'jvm/src/main/java/Shop.java',
        'jvm/src/test/java/ShopTest.java',
        'rb/lib/cart.rb',
        'rb/spec/cart_spec.rb',
        'scripts/release.sh',
        'dist/bundle.js',
      ]),
    );
    expect(r.metrics).toMatchObject({ testFiles: 7, sourceFiles: 5, e2e: false, integration: false });
    expect(r.findings.map((f) => f.message)).toEqual([
      'No end-to-end suite (Playwright, Cypress, WebdriverIO, or an e2e/ folder) for the critical user journeys.',
    ]);
    expect(r.score).toBe(7.14); // 5 of 7: no e2e, no critical paths
  });

  it('an end-to-end suite and covered critical paths make 10; an uncovered one is an error', async () => {
    const files = code([
      'src/auth/login.ts',
      'src/auth/session.ts',
      'src/pay/charge.ts',
      'test/auth/login.test.ts',
      'test/charge.spec.ts',
      'e2e/checkout.spec.ts',
      'playwright.config.ts',
    ]);
    const good = await rule(files, 'critical-paths: [src/auth/**, src/pay]\n');
    expect(good).toMatchObject({
      score: 10,
      metrics: { e2e: true, e2eTools: ['playwright'], criticalPaths: 2, criticalPathsUncovered: [] },
    });
    const bad = await rule(
      { ...files, 'src/billing/invoice.ts': '1\n' },
      'critical-paths: [src/auth/**, src/billing/**, src/nowhere/**]\n',
    );
    expect(bad.metrics.criticalPathsUncovered).toEqual(['src/billing/**']);
    expect(bad.findings.map((f) => f.message)).toEqual([
      'The critical path src/billing/** (1 files) has no tests of its own.',
      'The critical path src/nowhere/** matches no source file; check blueprint.yml.',
    ]);
    expect(bad.score).toBe(8.5); // 5 (ratio) + 2 (e2e) + 3 × 1/2 (auth covered, billing not)
  });

  it('no tests is a failure; no code at all is skipped', async () => {
    const none = await rule(code(['src/a.py', 'src/b.py']));
    expect(none).toMatchObject({ score: 0, status: 'fail' });
    expect(none.findings[0]!.message).toBe('No test files among 2 source files.');
    expect(await rule({ 'README.md': '# docs only\n' })).toMatchObject({ status: 'skip', reason: 'No source code to test.' });
  });

  it('requireE2e: false leaves the end-to-end part out', async () => {
    const r = await rule(code(['lib/a.ts', 'lib/a.test.ts']), 'rules:\n  automated-tests:\n    options: { requireE2e: false }\n');
    expect(r).toMatchObject({ score: 10, findings: [] });
  });
});
