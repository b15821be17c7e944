/**
 * The template rule: copy this folder to rules/<id>/, set `id` below to the folder's name, and run
 * `npm run regen` (CONTRIBUTING.md, "Add a rule"). Folders whose name starts with `_` are not
 * rules, so this one runs only once copied. As it stands it is a working rule, `changelog`.
 */
import { findingsFrom, z } from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

const PLACES = ['CHANGELOG.md', 'CHANGES.md', 'HISTORY.md', 'docs/CHANGELOG.md'];
/** A release heading: "## 1.2.0", "## [1.2.0] - 2026-11-01", "## v2 (2026-11-01)". */
const RELEASE_HEADING = /^##\s+\[?v?\d+(\.\d+)*/gm;
const DAY_MS = 86_400_000;

export const options = z.strictObject({
  maxAgeDays: z.number().int().positive().default(90).describe('Days the changelog may go without a change.'),
  paths: z.array(z.string()).default([]).describe('More places the changelog may be, looked at first.'),
});
export type ChangelogOptions = z.infer<typeof options>;

/** The wording of each kind of finding, by code; `{name}` is filled from the finding's data. */
const MESSAGES = {
  missing: 'No changelog found ({places}).',
  stale: '{path} has not changed for {days} days; keep it within {maxAgeDays}.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<ChangelogOptions>({
  meta: {
    id: 'changelog',
    pillar: 'speed',
    description: 'A changelog records each release and is kept up to date.',
    risk: 'low',
    defaultSeverity: 'warn',
    scaffold: {
      practice: 'changelog',
      summary: 'a changelog with one section per release, newest first',
      defaultName: 'changelog',
      path: () => PLACES[0]!,
      text: ({ date }) => `# Changelog

<!-- One section per release, newest first: what changed for the people who use it, not the
     commit log. Write the next section as you merge, not on release day. -->

## Unreleased
<!-- Started ${date}. -->
`,
    },
    needs: ['files', 'history'],
    options,
    messages: MESSAGES,
    remediation: 'Keep a CHANGELOG.md with one section per release, newest first, and add to it with every change users notice.',
    standard: (o) => `A changelog with one section per release, changed at least every ${o.maxAgeDays} days.`,
    firstSteps: [
      'Write CHANGELOG.md with a section for the latest release (`blueprint scaffold changelog`).',
      'Add a line to its "Unreleased" section in every pull request users would notice.',
      'Rename "Unreleased" to the version at each release.',
    ],
  },
  async evaluate({ repo, options, now }) {
    let path: string | null = null;
    for (const place of [...options.paths, ...PLACES]) {
      if (await repo.has(place)) {
        path = place;
        break;
      }
    }
    if (!path) {
      return {
        score: 0,
        metrics: { path: null, releases: 0, daysSinceChange: null },
        findings: [say.error('missing', { places: PLACES.join(', ') })],
      };
    }
    const text = (await repo.readText(path)) ?? '';
    const releases = text.match(RELEASE_HEADING)?.length ?? 0;
    const changed = await repo.lastChanged(path);
    const daysSinceChange = changed ? Math.floor((now.getTime() - changed.getTime()) / DAY_MS) : null;
    const findings: Finding[] = [];
    const fresh = daysSinceChange !== null && daysSinceChange <= options.maxAgeDays;
    if (!fresh && daysSinceChange !== null)
      findings.push(say.warning('stale', { path, days: daysSinceChange, maxAgeDays: options.maxAgeDays }, path));
    const score = 4 + (releases > 0 ? 2 : 0) + (fresh ? 4 : 0);
    return { score, metrics: { path, releases, daysSinceChange }, findings };
  },
});
