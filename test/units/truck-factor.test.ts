// The greedy walk and the two modes, on authorship given directly (the algorithm of
// shared/blueprint/truck-factor.md), where hand-built histories would be unwieldy.
import { describe, expect, it } from 'vitest';
import { degreeOfAuthorship, truckFactor, type Developers, type FileAuthorship } from '../../src/history/authorship.ts';

function developers(names: string[]): Developers {
  return {
    list: names.map((name, id) => ({
      id,
      name,
      email: `${name}@x`,
      aliases: [],
      names: [name],
      emails: [`${name}@x`],
      commits: 1,
      bot: false,
      nonPerson: false,
      lastCommit: 0,
    })),
    ofIdentity: Int32Array.from(names.map((_, i) => i)),
  };
}

/** files: author lists by developer index. */
function authorship(files: number[][]): Map<string, FileAuthorship> {
  return new Map(files.map((authors, i) => [`f${i}`, { authors, touched: true }]));
}

describe('degree of authorship', () => {
  it('uses the published weights', () => {
    expect(degreeOfAuthorship(1, 0, 0)).toBeCloseTo(4.391, 3);
    expect(degreeOfAuthorship(0, 10, 0)).toBeCloseTo(4.933, 3);
    expect(degreeOfAuthorship(0, 1, 11)).toBeCloseTo(3.293 + 0.164 - 0.321 * Math.log(12), 6);
  });
});

describe('greedy truck factor', () => {
  // Top alone authors 100 files; each of D01..D15 alone authors 9 (N = 235).
  // Remove Top: 135/235 = 57% still covered, go on. Remove D01: 126/235 = 54%, go on.
  // Remove D02: 117/235 = 49.8% < 50%, stop. Removed: Top, D01, D02.
  const names = ['Top', ...Array.from({ length: 15 }, (_, i) => `D${String(i + 1).padStart(2, '0')}`)];
  const devs = developers(names);
  const files = [...Array.from({ length: 100 }, () => [0]), ...names.slice(1).flatMap((_, d) => Array.from({ length: 9 }, () => [d + 1]))];

  it('avl-2016 counts every developer removed until fewer than half the files have an author', () => {
    const result = truckFactor(authorship(files), devs, new Map(), 'avl-2016');
    expect(result.removed.map((r) => [r.dev.name, r.files])).toEqual([
      ['Top', 100],
      ['D01', 9],
      ['D02', 9],
    ]);
    expect(result.truckFactor).toBe(3);
    expect(result.files).toBe(235);
  });

  it("avl keeps only removed developers who author at least 10% of the top one's files", () => {
    const result = truckFactor(authorship(files), devs, new Map(), 'avl');
    expect(result.removed).toHaveLength(3);
    expect(result.developers.map((d) => d.dev.name)).toEqual(['Top']); // 9 < 10% of 100
    expect(result.truckFactor).toBe(1);
  });

  it('a shared file stays covered while any of its authors remains', () => {
    const pair = developers(['Ada', 'Grace']);
    expect(truckFactor(authorship([[0, 1], [0, 1], [0]]), pair, new Map(), 'avl-2016').truckFactor).toBe(2);
  });

  it('breaks ties by events, then by name', () => {
    const two = developers(['Zed', 'Amy']);
    const even = authorship([[0], [1]]);
    expect(truckFactor(even, two, new Map(), 'avl-2016').removed[0]!.dev.name).toBe('Amy');
    expect(
      truckFactor(
        even,
        two,
        new Map([
          [0, 5],
          [1, 2],
        ]),
        'avl-2016',
      ).removed[0]!.dev.name,
    ).toBe('Zed');
  });

  it('developers already gone (left, or not people) orphan their files from the start and are never removed', () => {
    const three = developers(['Gone', 'Ada', 'Grace']);
    // Gone alone authors 4 files, Ada 3, Grace 3, and Gone shares one more with Grace.
    const files = authorship([[0], [0], [0], [0], [1], [1], [1], [2], [2], [2], [0, 2]]);
    const all = truckFactor(files, three, new Map(), 'avl-2016');
    expect(all.removed.map((r) => r.dev.name)).toEqual(['Gone', 'Grace']);
    const active = truckFactor(files, three, new Map(), 'avl-2016', (d) => d.name === 'Gone');
    // 7 of 11 files covered at the start (the shared one through Grace); removing Grace leaves 3.
    expect(active.removed.map((r) => [r.dev.name, r.files])).toEqual([['Grace', 4]]);
    expect(active).toMatchObject({ truckFactor: 1, files: 11 });
    expect(truckFactor(files, three, new Map(), 'avl', () => true)).toMatchObject({ truckFactor: 0, removed: [] });
  });

  it('is 0 when fewer than half the files have an author to begin with, or there are no files', () => {
    expect(truckFactor(authorship([[], [], [0]]), developers(['A']), new Map(), 'avl').truckFactor).toBe(0);
    expect(truckFactor(new Map(), developers([]), new Map(), 'avl').truckFactor).toBe(0);
  });
});
