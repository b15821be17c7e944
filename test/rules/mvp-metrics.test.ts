import { describe, expect, it } from 'vitest';
import { successMetrics } from '../../rules/mvp-metrics/index.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const now = new Date('2026-11-24T12:00:00Z');

async function mvp(files: Record<string, string>) {
  return runRule(findRule('mvp-metrics')!, { commits: [{ date: '2026-11-20T00:00:00Z', files }] }, { now });
}

describe('mvp-metrics: inline lists', () => {
  it('a one-line list of seven metrics is seven metrics, too many, and its feelings are named', async () => {
    const r = await mvp({
      'docs/briefs/shop.md': '# Brief\n## Metrics\nRevenue, engagement, satisfaction, retention, NPS, conversion, latency.\n',
    });
    expect(r.metrics).toEqual({ briefs: 1, focused: 0, tooMany: 1, none: 0, vague: 2 });
    expect(r.findings.map((f) => f.message)).toEqual([
      '7 success metrics; an MVP needs 2 at most, or it is a full product.',
      '"engagement" is hard to measure; name a number you can read off a dashboard.',
      '"satisfaction" is hard to measure; name a number you can read off a dashboard.',
    ]);
    expect(r.score).toBe(0);
  });

  it.each([
    ['Weekly active buyers and repeat purchase rate', ['Weekly active buyers', 'repeat purchase rate']],
    ['Time to first order and time to reorder.', ['Time to first order', 'time to reorder']],
    ['conversion; retention; NPS', ['conversion', 'retention', 'NPS']],
    ['engagement / retention', ['engagement', 'retention']],
    ['We will track: signups, activations and paid plans.', ['signups', 'activations', 'paid plans']],
    ['DAU/MAU ratio', ['DAU/MAU ratio']],
    [
      'Reorders reach 15% of orders within a quarter, measured weekly.',
      ['Reorders reach 15% of orders within a quarter, measured weekly.'],
    ],
    ['Orders (web, app and phone) per day', ['Orders (web, app and phone) per day']],
    ['More than 10,000 orders a month', ['More than 10,000 orders a month']],
    ['Time to first photo share under 30 seconds', ['Time to first photo share under 30 seconds']],
  ])('"%s" holds %j', (line, expected) => {
    expect(successMetrics(`# Brief\n## Success metrics\n${line}\n`)).toEqual(expected);
  });

  it('a list item naming two metrics is two', () => {
    expect(successMetrics('# Brief\n## KPIs\n- conversion +2%, retention 40%\n- NPS 50\n')).toEqual([
      'conversion +2%',
      'retention 40%',
      'NPS 50',
    ]);
    expect(successMetrics('# Brief\n## KPIs\n- Time to first order under 2 minutes, measured at the median\n')).toEqual([
      'Time to first order under 2 minutes, measured at the median',
    ]);
  });
});
