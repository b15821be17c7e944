import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/util/yaml.ts';

const TEXTS = [
  'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  'a: &x {k: [1, 2, {z: 3}]}\nb: *x\n__proto__: {p: 1}\nc:\n  <<: *x\n  d: -0\n  e: .nan\n  g: !!binary aGVsbG8=\n  h: !!set {a, b}\n---\n- x\n',
  'key: [unclosed\n',
  'a: 1\na: 2\n',
  '{"json": true, "n": [1, 2.5, null]}',
  '',
];

/** What a caller can see of a parse: the data (with its prototypes and shared parts), the error, positions. */
function seen(text: string) {
  const parsed = parseYaml(text);
  return {
    parsed,
    docs: parsed.docs,
    error: parsed.error,
    at: parsed.locate(['jobs', 'test', 'steps', 0]),
    key: parsed.locate(['c'], { key: true }),
  };
}

describe('parseYaml reuses a recent parse', () => {
  it('gives what a first parse gives, every time, as a copy of its own', () => {
    for (const text of TEXTS) {
      const first = seen(text);
      const again = seen(text);
      expect(again.docs).toStrictEqual(first.docs);
      expect(again.error).toEqual(first.error);
      expect([again.at, again.key]).toEqual([first.at, first.key]);
      expect(again.docs).not.toBe(first.docs);
    }
    const withAlias = seen(TEXTS[1]!).docs[0] as Record<string, unknown>;
    expect(withAlias.a).toBe(withAlias.b);
    expect(Buffer.isBuffer((withAlias.c as Record<string, unknown>).g)).toBe(true);
    expect(Object.getOwnPropertyNames(withAlias)).toContain('__proto__');
  });

  it("a caller changing its data changes no other caller's", () => {
    const text = 'steps:\n  - run: a\n  - run: b\n';
    const mine = parseYaml(text).docs[0] as { steps: Array<{ run: string }> };
    mine.steps.push({ run: 'c' });
    mine.steps[0]!.run = 'changed';
    expect(parseYaml(text).docs[0]).toEqual({ steps: [{ run: 'a' }, { run: 'b' }] });
  });
});
