import type { FixtureSpec } from '../../fixtures/builder.ts';
import { bare, TERRAFORM, wellRun } from '../../fixtures/repos.ts';
import { audit, type Report } from '../../src/index.ts';
import { NOW, type fixtures } from '../helpers.ts';

/** wellRun with a manual deploy and committed Terraform state: warnings and errors with paths and lines. */
const troubled: FixtureSpec = {
  commits: [
    ...wellRun.commits,
    {
      date: '2026-11-10T10:00:00Z',
      files: {
        '.github/workflows/deploy.yml': 'on:\n  workflow_dispatch:\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n',
        '.github/workflows/ci.yml': 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n',
        'infra/terraform.tfstate': '{}',
        'infra/main.tf': `${TERRAFORM}# "quoted" <tags> & | pipes =cmd()\n`,
        'billing/invoice.ts': 'export const invoice = 1;\n',
      },
    },
  ],
};

/** Audits fixtures and gives them stable names, so every format can be compared with a golden file. */
export async function fixtureReport(fx: ReturnType<typeof fixtures>): Promise<Report> {
  const named: Record<string, string> = { shop: fx.build(wellRun), 'legacy=tool': fx.build(bare), 'payments|api': fx.build(troubled) };
  const targets = [...Object.values(named), '/no/such/repo'];
  const now = new Date(NOW);
  const baseline = await audit({ targets: [named.shop!], now });
  const report = await audit({ targets, now });
  const rename = (value: string) => Object.entries(named).reduce((v, [name, dir]) => v.replaceAll(dir, name), value);
  const stable = JSON.parse(rename(JSON.stringify(report))) as Report;
  // A baseline in which payments|api scored better, so regressions show.
  const base = JSON.parse(rename(JSON.stringify(baseline))) as Report;
  base.repos[0]!.target = 'payments|api';
  const { compareWithBaseline } = await import('../../src/engine/baseline.ts');
  const repo = stable.repos.find((r) => r.target === 'payments|api')!;
  repo.baseline = compareWithBaseline(base, repo, 4, 0);
  repo.gate.failures = repo.baseline!.regressions.map((r) => `${r.rule ?? 'overall score'} regressed from ${r.baseline} to ${r.current} (${r.delta})`);
  repo.gate.passed = false;
  stable.summary.passed = false;
  for (const r of stable.repos) r.path = r.path && `/work/${r.target}`;
  return stable;
}

