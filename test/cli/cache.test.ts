import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

describe('blueprint cache', () => {
  it('info shows each section, clean empties it, and an audit fills it again', async () => {
    const home = fx.temp();
    const env = { XDG_CACHE_HOME: home, CI: 'true' };
    const dir = fx.build(wellRun);
    expect((await cli(['audit', dir, '--now', NOW, '-q'], { env })).code).not.toBe(2);

    const info = await cli(['cache', 'info', '--json'], { env });
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout) as { dir: string; exists: boolean; sections: Array<{ name: string; entries: number }> };
    expect(parsed.dir).toBe(join(home, 'blueprint'));
    expect(parsed.exists).toBe(true);
    expect(parsed.sections.find((s) => s.name === 'history')!.entries).toBeGreaterThan(0);

    const text = await cli(['cache', 'info'], { env });
    expect(text.stdout).toMatch(/^Cache: .*blueprint\n/);
    expect(text.stdout).toMatch(/^history +\d+ +[\d.]+ (KiB|MiB) +\d{4}-\d\d-\d\d +mined git history/m);

    const kept = await cli(['cache', 'clean', '--section', 'history', '--older-than', '30'], { env });
    expect(kept.stdout).toMatch(/^Removed 0 entries/);
    const clean = await cli(['cache', 'clean', '--section', 'history'], { env });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^Removed [1-9]\d* (entry|entries)/);
    const after = JSON.parse((await cli(['cache', 'info', '--json'], { env })).stdout) as typeof parsed;
    expect(after.sections.find((s) => s.name === 'history')!.entries).toBe(0);
  });

  it('an unknown section is a usage error that lists the sections', async () => {
    const home = fx.temp();
    const result = await cli(['cache', 'clean', '--section', 'histroy'], { env: { XDG_CACHE_HOME: home, CI: 'true' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown cache section 'histroy'/);
    expect(result.stderr).toMatch(/history, queries, repos, http, forge/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
