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
        '.github/workflows/deploy.yml':
          'on:\n  workflow_dispatch:\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n',
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
  // Sorted by the names given here, not by the random folders they replace.
  const { keyPeople } = await import('../../src/engine/key-people.ts');
  stable.summary.keyPeople = keyPeople(stable.repos);
  // A baseline in which payments|api scored better, so regressions show.
  const base = JSON.parse(rename(JSON.stringify(baseline))) as Report;
  base.repos[0]!.target = 'payments|api';
  const { compareWithBaseline } = await import('../../src/engine/baseline.ts');
  const repo = stable.repos.find((r) => r.target === 'payments|api')!;
  repo.baseline = compareWithBaseline(base, repo, 4, 0);
  repo.gate.failures = repo.baseline!.regressions.map(
    (r) => `${r.rule ?? 'overall score'} regressed from ${r.baseline} to ${r.current} (${r.delta})`,
  );
  repo.gate.passed = false;
  stable.summary.passed = false;
  for (const r of stable.repos) r.path = r.path && `/work/${r.target}`;
  // Named as their folders would be (the fixtures' folders are temporary).
  for (const r of [...stable.repos, ...stable.summary.ranking]) if (r.status === 'ok') r.name = r.target;
  markIncomplete(stable);
  plantHostileText(stable);
  return stable;
}

/**
 * legacy=tool audited incompletely, the others completely, set here rather than left to the
 * audit so every format's golden file shows an incomplete repository whatever the fixtures are.
 */
function markIncomplete(report: Report): void {
  for (const r of report.repos) {
    r.complete = r.status === 'ok' && r.target !== 'legacy=tool';
    r.incomplete = r.status === 'error' ? ['the repository could not be audited'] : [];
  }
  const legacy = report.repos.find((r) => r.target === 'legacy=tool')!;
  legacy.incomplete = [
    'The clone is shallow: history-based rules saw one commit.',
    'bus-factor: could not read docs/\u202eevil.md (object missing from a partial clone).',
  ];
  report.summary.incomplete = 1;
}

/** Control sequences, C1 and bidi characters where repositories put text: names, paths, messages, notes. */
export const HOSTILE = {
  /** A system (top folder) that clears the screen. */
  system: 'evil\u001b[2Jdir',
  /** An author name that is an OSC 8 hyperlink, and sets the window title. */
  person: '\u001b]8;;https://evil.example/\u001b\\Mallory\u001b]8;;\u001b\\ \u001b]0;owned\u0007',
  /** A finding quoting a file whose name reverses the text after it, with a C1 CSI and a DEL. */
  message: 'Secret in \u202eexe.txt\u202c: \u009b31mred\u007f',
  path: 'infra/\u2066evil\u2069\u001b[31m.tf',
  /** A note whose carriage return would overwrite the line. */
  note: 'Fetched from a mirror\rOVERWRITTEN',
} as const;

function plantHostileText(report: Report): void {
  const repo = report.repos.find((r) => r.target === 'payments|api')!;
  const busFactor = repo.rules.find((r) => r.id === 'bus-factor')!;
  (busFactor.metrics.matrix as unknown[]).push({
    system: HOSTILE.system,
    primary: HOSTILE.person,
    secondary: null,
    documented: false,
    files: 1,
    experts: 1,
    departed: [{ name: HOSTILE.person, lastCommit: '2014-03-02T10:00:00.000Z' }],
  });
  // As if the same person were the only expert of a system of that name in shop too: ahead of Ada, with two systems.
  report.summary.keyPeople!.unshift({
    person: { name: HOSTILE.person, emails: ['mallory\u202e@evil.example'] },
    repositories: ['payments|api', 'shop'],
    systems: [
      { repository: 'payments|api', system: HOSTILE.system },
      { repository: 'shop', system: HOSTILE.system },
    ],
    soleTruckFactor: [],
    reason: 'Only active expert of 2 systems in 2 repositories.',
  });
  repo.rules.find((r) => r.id === 'iac')!.findings.push({ severity: 'error', message: HOSTILE.message, path: HOSTILE.path, line: 3 });
  repo.notes.push(HOSTILE.note);
}
