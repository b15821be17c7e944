import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from './helpers.ts';

const fx = fixtures();
const root = join(import.meta.dirname, '..');
const script = join(root, 'scripts', 'check-engines.js');
const check = (dir?: string) => spawnSync(process.execPath, [script, ...(dir ? [dir] : [])], { encoding: 'utf8' });

/** A project folder with package.json, a lock file and the installed packages it lists. */
function project(ours: string, installed: Record<string, string>): string {
  const dir = fx.temp();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', engines: { node: ours } }));
  const packages: Record<string, object> = { '': {} };
  for (const [name, range] of Object.entries(installed)) {
    const path = `node_modules/${name}`;
    packages[path] = { version: '1.0.0' };
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, 'package.json'), JSON.stringify({ name, version: '1.0.0', engines: { node: range } }));
  }
  packages['node_modules/not-for-this-platform'] = { version: '1.0.0', optional: true };
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  return dir;
}

describe('the Node.js versions dependencies support', () => {
  it('every installed dependency supports every Node.js version package.json declares', () => {
    const r = check();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/checked 20\.19\.0, 22\.12\.0, 23\.0\.0, 24\.0\.0/);
  });

  it('names a dependency that needs a newer Node than we declare, and one that stops short', () => {
    const r = check(
      project('^20.19.0 || >=22.12.0', {
        'needs-22': '>=22',
        'fine-a': '>= 18',
        'fine-b': '^18.17.0 || >=20.5.0',
        'stops-at-22': '^20.0.0 || ^22.0.0',
      }),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs-22@1\.0\.0 \(node_modules\/needs-22\) needs Node >=22, which leaves out 20\.19\.0\n/);
    expect(r.stderr).toMatch(/stops-at-22@1\.0\.0 .*leaves out 23\.0\.0, 24\.0\.0, 25\.0\.0/);
    expect(r.stderr).not.toMatch(/fine-/);
  });

  it('an exception that no longer applies fails too', () => {
    const r = check(project('^20.19.0 || >=22.12.0', { vitest: '>=20' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/vitest now supports every sampled version: remove it from EXCEPTIONS/);
  });
});
