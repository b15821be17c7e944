import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixture } from '../../fixtures/builder.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { COMMIT_DATE, recordFiles } from './fixtures.ts';

const fx = fixtures();

function workspace() {
  const root = fx.temp();
  buildFixture({ commits: [{ date: COMMIT_DATE, files: recordFiles('engineering/') }] }, join(root, 'handbook'));
  const blueprint =
    'records:\n  - self\n  - repo: ../handbook\n    path: engineering/\n    practices: [disaster-recovery, process-reviews, access-review]\n';
  const app = buildFixture({ commits: [{ date: COMMIT_DATE, files: { 'a.js': '1', 'blueprint.yml': blueprint } }] }, join(root, 'app'));
  return { root, app };
}

describe('scaffold --into and plan, with records in a handbook', () => {
  it('scaffold --into writes the starter where the audit finds it: the source folder, the practice folder without docs/', async () => {
    const { root, app } = workspace();
    const r = await cli(['scaffold', 'dr-test', '.', '--into', '../handbook', '--now', '2026-11-20'], { cwd: app });
    expect(r.stderr).toBe(
      'Wrote ../handbook/engineering/dr/2026-11-20-restore-test.md: fill it in and commit it.\n'.replace(
        '2026-11-20-restore-test',
        r.stderr.match(/dr\/([^:]+)\.md/)![1]!,
      ),
    );
    const written = r.stderr.match(/Wrote \.\.\/handbook\/(\S+):/)![1]!;
    expect(written).toMatch(/^engineering\/dr\/2026-11-20/);
    expect(readFileSync(join(root, 'handbook', written), 'utf8')).toMatch(/^# /);
    expect(existsSync(join(app, 'docs'))).toBe(false);
    // A clone's folder given instead of the source as written takes the same folder.
    const again = await cli(['scaffold', 'process-review', 'app', '--into', 'handbook', '--now', '2026-11-20'], { cwd: root });
    expect(again.stderr).toMatch(/^Wrote handbook\/engineering\/process-reviews\/2026-11-20\.md: /);
    const notARecord = await cli(['scaffold', 'style-guide', '.', '--into', '../handbook'], { cwd: app });
    expect(notARecord.code).toBe(2);
    expect(notARecord.stderr).toMatch(/^error: --into writes records, and style-guide is not a record/);
  });

  it('plan says where each record lives', async () => {
    const { app } = workspace();
    const r = await cli(['plan', app, '--now', NOW, '--pillar', 'shield'], {});
    expect(r.stdout).toContain('Records are kept in: self; ../handbook (engineering/).');
    expect(r.stdout).toMatch(
      /Found: \.\.\/handbook:engineering\/dr\/2026-03-10-database-restore\.md \(2026-03-10\), \.\.\/handbook:engineering\/dr\/2026-09-15-region-failover\.md \(2026-09-15\)\./,
    );
  });
});
