import { describe, expect, it } from 'vitest';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

async function auditWith(blueprint: string) {
  const dir = fx.build({ commits: [{ date: '2026-10-01T00:00:00Z', files: { 'a.js': '1', 'blueprint.yml': blueprint } }] });
  return cli(['audit', dir, '--now', NOW, '--format', 'json']);
}

describe('records, scopes and teams in blueprint.yml', () => {
  it.each([
    [
      'records:\n  - self\n  - repo: ../handbook\n    practices: [dr-tests]\n',
      /blueprint\.yml:4:\d+: records\.1: 'dr-tests' is not a record practice/,
      /record practices: access-review, disaster-recovery/,
    ],
    ['records:\n  - repo: ../handbook\n    paht: engineering/\n', /blueprint\.yml:3:5: unknown key 'paht'/, /blueprint\.example\.yml/],
    [
      'records:\n  - issues: { practices: [disaster-recovery] }\n',
      /records\.0: an issues source needs a label or a title/,
      /add label: or title:/,
    ],
    [
      'records:\n  - discussions: { repo: github:acme/handbook }\n',
      /records\.0: a discussions source needs a category or a title/,
      /add category:/,
    ],
    ['records:\n  - issues: { title: "DR (test" }\n', /records\.0: 'DR \(test' is not a regular expression/, /title:/],
    [
      'rules:\n  ci-pipeline: { scope: organisation }\n',
      /blueprint\.yml:2:\d+: rules\.ci-pipeline\.scope: ci-pipeline is not a record practice/,
      /record practices only/,
    ],
    ['rules:\n  access-review: { scope: company }\n', /rules\.access-review\.scope: .*"repository"\|"team"\|"organisation"/, /./],
    ['teams:\n  payments: { repos: [api] }\n', /blueprint\.yml:2:\d+: unknown key 'repos'/, /./],
    [
      'teams:\n  payments: { records: [self] }\n',
      /blueprint\.yml:2:\d+: teams\.payments: a team needs repositories or a github team/,
      /github: <team slug>/,
    ],
  ])('%s is a configuration error with the line and what to do (exit 2)', async (blueprint, message, hint) => {
    const r = await auditWith(blueprint);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('organization is accepted for organisation; a valid file audits', async () => {
    const r = await auditWith(
      'records:\n  - self\n  - wiki: https://git.example.invalid/acme/shop.wiki.git\n    practices: [process-reviews]\nteams:\n  payments:\n    repositories: [api, "billing-*"]\nrules:\n  access-review: { scope: organization }\n',
    );
    const report = JSON.parse(r.stdout);
    expect(report.repos[0].status).toBe('ok');
    const reviews = report.repos[0].rules.find((x: { id: string }) => x.id === 'process-reviews');
    expect(reviews.recordSources).toEqual(['self', 'https://git.example.invalid/acme/shop.wiki.git']);
    expect(report.repos[0].incomplete).toContainEqual(
      expect.stringMatching(/^process-reviews: records could not be read from https:\/\/git\.example\.invalid/),
    );
    expect(r.code).toBe(3);
  });
});
