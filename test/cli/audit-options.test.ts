import { describe, expect, it, vi } from 'vitest';
import type { AuditOptions } from '../../src/engine/audit.ts';
import { cli } from '../helpers.ts';

const seen: AuditOptions[] = [];

// The audit is not run: this file checks only what the flags become.
vi.mock('../../src/engine/audit.ts', async () => {
  const { assembleReport } = await import('../../src/engine/summary.ts');
  return {
    audit: async (options: AuditOptions) => {
      seen.push(options);
      return assembleReport([], options.now ?? new Date(0));
    },
  };
});

describe('audit flags are the options they set', () => {
  it('each flag reaches AuditOptions under the option name, in its unit', async () => {
    seen.length = 0;
    const r = await cli(
      [
        'audit',
        'a',
        'b',
        '--config',
        'bp.yml',
        '--now',
        '2026-11-24',
        '--ref',
        'v1',
        '--rule',
        'iac,ci-pipeline',
        '--rule',
        'delivery',
        '--fail-under',
        '70',
        '--baseline',
        'base.json',
        '--tolerance',
        '2',
        '--no-cache',
        '--concurrency',
        '3',
        '--github',
        '--org',
        'acme',
        '--include',
        '{api,web}-*',
        '--exclude',
        'sandbox-*',
        '--topic',
        'x,y',
        '--include-archived',
        '--include-forks',
        '--github-url',
        'https://ghe.example.com',
        '--clone-timeout',
        '5',
        '--shard',
        '2/4',
        '--format',
        'json',
      ],
      { cwd: '/somewhere', env: { CI: 'true', XDG_CACHE_HOME: '/cache', GH_TOKEN: 't0ken' } },
    );
    expect(r.stderr).toBe('');
    expect(seen).toHaveLength(1);
    const { onWarning, onProgress, ...options } = seen[0]!;
    expect(typeof onWarning).toBe('function');
    expect(typeof onProgress).toBe('function');
    expect(options).toEqual({
      targets: ['a', 'b'],
      cwd: '/somewhere',
      config: 'bp.yml',
      now: new Date('2026-11-24'),
      ref: 'v1',
      rules: ['iac', 'ci-pipeline', 'delivery'],
      failUnder: 70,
      baseline: 'base.json',
      tolerance: 2,
      cache: false,
      cacheDir: '/cache/blueprint',
      concurrency: 3,
      github: true,
      org: 'acme',
      include: ['{api,web}-*'],
      exclude: ['sandbox-*'],
      topics: ['x', 'y'],
      includeArchived: true,
      includeForks: true,
      githubUrl: 'https://ghe.example.com',
      cloneTimeoutMs: 5000,
      shard: { index: 2, count: 4 },
      token: 't0ken',
    });
  });

  it('without flags: the defaults the help states, and nothing the user did not say', async () => {
    seen.length = 0;
    await cli(['audit', '--format', 'json'], { cwd: '/here', env: { CI: 'true', XDG_CACHE_HOME: '/cache' } });
    const { onWarning, onProgress, ...options } = seen[0]!;
    expect(options).toEqual({
      targets: ['.'],
      cwd: '/here',
      rules: [],
      tolerance: 0,
      cache: true,
      cacheDir: '/cache/blueprint',
      concurrency: 8,
      include: [],
      exclude: [],
      topics: [],
      cloneTimeoutMs: 600_000,
      token: null,
    });
  });
});
