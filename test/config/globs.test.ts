// Globs in blueprint.yml that blueprint cannot match are refused when the file loads, at their line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wellRun } from '../../fixtures/repos.ts';
import { cli, fixtures, NOW } from '../helpers.ts';

const fx = fixtures();

async function auditWith(config: string) {
  const dir = fx.temp();
  writeFileSync(join(dir, 'blueprint.yml'), config);
  return cli(['audit', fx.build(wellRun), '--now', NOW, '--config', 'blueprint.yml'], { cwd: dir });
}

describe('configuration errors: globs', () => {
  it.each([
    [
      'critical-paths: ["src/**", "src/@(auth|billing)/**"]\n',
      "blueprint.yml:1:28: critical-paths.1: the glob 'src/@(auth|billing)/**' uses a ( ) group or extglob, which blueprint does not support",
    ],
    [
      'systems:\n  api: "(api|gateway)/**"\n',
      "blueprint.yml:2:8: systems.api: the glob '(api|gateway)/**' uses a ( ) group or extglob, which blueprint does not support",
    ],
    [
      'systems:\n  web:\n    - web/**\n    - "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}/**"\n',
      "blueprint.yml:4:7: systems.web.1: the glob '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}/**' expands to more than 1,000 patterns",
    ],
  ])('%j', async (config, error) => {
    const r = await auditWith(config);
    expect(r.code).toBe(2);
    const [first, second, ...rest] = r.stderr.trimEnd().split('\n');
    expect(first).toBe(`error: ${error}`);
    expect(second).toMatch(/^hint: (write alternatives as \{a,b\}|use fewer or shorter)/);
    expect(rest).toEqual([]);
  });

  it('globs with many stars, braces and classes load and audit', async () => {
    const r = await auditWith('critical-paths: ["*a*a*a*a*a*a*a*b", "src/{a,b}/**", "app/[slug]/**"]\nsystems:\n  app: "{src,lib}/**"\n');
    expect(r.stderr).not.toMatch(/^error:/m);
    expect([0, 1]).toContain(r.code);
  });
});
