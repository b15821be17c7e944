import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.ts';
import { presetsMarkdown } from '../../src/config/presets-doc.ts';
import { blueprintJsonSchema } from '../../src/config/schema.ts';

const load = (text: string) => parseConfigText(text, 'blueprint.yml');

describe('presets', () => {
  it('startup, scaleup and enterprise set their thresholds, weights, severities and gates', () => {
    const startup = load('extends: startup\n');
    expect(startup.failUnder).toBeNull();
    expect(startup.rules.get('automated-tests')).toMatchObject({
      severity: 'error',
      weight: 1,
      options: { minRatio: 0.3, requireE2e: false },
    });
    expect(startup.rules.get('bus-factor')).toMatchObject({ weight: 1.5, options: { target: 2 } });
    expect(startup.rules.get('iac')!.severity).toBe('warn');
    const enterprise = load('extends: enterprise\n');
    expect(enterprise.failUnder).toBe(70);
    expect(enterprise.rules.get('bus-factor')!.options).toMatchObject({ target: 3 });
    expect(enterprise.rules.get('disaster-recovery')).toMatchObject({
      severity: 'error',
      weight: 1.5,
      options: { perYear: 2, whenAbsent: 'fail' },
    });
    expect(load('extends: scaleup\n')).toMatchObject({ failUnder: 50 });
  });

  it('the file wins option by option, and its fail-under (even null) over the preset', () => {
    const config = load(
      'extends: startup\nfail-under: null\nrules:\n  automated-tests:\n    options: { requireE2e: true }\n  bus-factor: warn\n',
    );
    expect(config.rules.get('automated-tests')!.options).toMatchObject({ minRatio: 0.3, requireE2e: true });
    expect(config.rules.get('bus-factor')).toMatchObject({ severity: 'warn', weight: 1.5 });
    expect(load('extends: enterprise\nfail-under: null\n').failUnder).toBeNull();
    expect(load('extends: enterprise\nfail-under: 40\n').failUnder).toBe(40);
  });

  it('an unknown preset is a config error that lists them', () => {
    expect(() => load('extends: small\n')).toThrow(/extends/);
    expect(JSON.stringify(blueprintJsonSchema())).toContain('"enum":["recommended","startup","scaleup","enterprise","none"]');
  });

  it('docs/presets.md is what the presets generate (run `npm run schema`)', () => {
    expect(readFileSync(join(import.meta.dirname, '../../docs/presets.md'), 'utf8')).toBe(presetsMarkdown());
  });
});
