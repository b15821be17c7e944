import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, gitIn } from '../../fixtures/builder.ts';
import { cli, fixtures, NOW } from '../helpers.ts';
import { startGitDaemon, type GitDaemon } from '../servers/git-daemon.ts';

const fx = fixtures();
let daemon: GitDaemon;
let local: string;

const inline = 'pub fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn f() {}\n}\n';

beforeAll(async () => {
  const base = fx.temp();
  const files = {
    'Cargo.toml': '[package]\nname = "crate"\n',
    'src/lib.rs': inline,
    'src/a.rs': inline,
    'src/b.rs': 'pub fn b() {}\n',
    'src/c.rs': 'pub fn c() {}\n',
  };
  local = buildFixture({ commits: [{ date: '2026-11-01T00:00:00Z', files }], bare: true }, join(base, 'crate.git'));
  gitIn(local, ['config', 'uploadpack.allowFilter', 'true']);
  gitIn(local, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  daemon = await startGitDaemon(base);
});
afterAll(() => daemon?.stop());

async function metrics(target: string) {
  const r = await cli(['audit', target, '--now', NOW, '--format', 'json', '--rule', 'automated-tests'], {
    env: { CI: 'true', XDG_CACHE_HOME: fx.temp() },
  });
  return JSON.parse(r.stdout).repos[0].rules[0].metrics;
}

describe('automated-tests in a blobless clone', () => {
  it('reads Rust sources for their inline tests, as it does locally', async () => {
    const remote = await metrics(daemon.url('crate.git'));
    expect(remote).toMatchObject({ testFiles: 2, sourceFiles: 4, inlineTestFiles: 2 });
    expect(remote).toEqual(await metrics(local));
  });
});
