import {
  absentOutcome,
  daysAgo,
  findingsFrom,
  findRecords,
  forgeData,
  freshnessPoints,
  RECORD_MESSAGES,
  recordTimeline,
  round,
  weightedScore,
  whenAbsentOption,
  z,
} from '../../src/rule-kit/index.ts';
import { defineRule, type Finding } from '../../src/types.ts';

export const FOLDERS = [
  'docs/access-reviews',
  'docs/access-review',
  'docs/security/access-reviews',
  'docs/security/access-review',
  'security/access-reviews',
  'access-reviews',
];

export const options = z.strictObject({
  maxAgeDays: z.number().positive().default(90).describe('Days after which the next access review is due.'),
  maxAdmins: z.number().int().nonnegative().default(3).describe('Most people with admin rights on the repository (GitHub).'),
  paths: z.array(z.string()).default([]).describe('Globs of more files that are access-review records.'),
  whenAbsent: whenAbsentOption('access review records'),
});
export type AccessReviewOptions = z.infer<typeof options>;

const MESSAGES = {
  ...RECORD_MESSAGES,
  'review-overdue': 'The last access review was {when}; review every {maxAgeDays} days.',
  'unprotected-default-branch': 'The default branch ({branch}) is not protected.',
  'unprotected-unnamed-branch': 'The default branch is not protected.',
  'no-required-review': 'Branch protection does not require an approving review.',
  'too-many-admins': '{admins} people have admin rights ({logins}); keep it to {maxAdmins}.',
  'outside-collaborators': 'Outside collaborators: {logins}; check each still needs access.',
  'no-review-records': 'No access review records in the repository (docs/access-reviews/YYYY-MM-DD.md).',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<AccessReviewOptions>({
  meta: {
    id: 'access-review',
    pillar: 'shield',
    description: 'Every 90 days someone reviews who has access, and the default branch is protected by required reviews.',
    risk: 'high',
    scaffold: {
      practice: 'access-review',
      summary: 'a 90-day access review: who has admin, production and customer-data access',
      defaultName: 'access-review',
      path: ({ date }) => `${FOLDERS[0]}/${date}.md`,
      text: ({ date }) => `# Access review, ${date}

<!-- Every 90 days. Remove anything not actively needed: access is easy to grant again,
     a breach is not easy to undo. Former staff and finished contractors first. -->

Reviewer:

| system | who | access | still needed? | action |
|---|---|---|---|---|

## Removed
<!-- What was taken away, so the next review can check it stayed away. -->
`,
    },
    needs: ['files', 'history'],
    forgeFields: ['protection', 'collaborators'],
    options,
    messages: MESSAGES,
    remediation:
      'Every 90 days, review who has admin, production and customer-data access, remove what is not needed, and record it in docs/access-reviews/YYYY-MM-DD.md; protect the default branch with required reviews.',
    standard: (o) =>
      `Every ${o.maxAgeDays} days someone reviews who has admin, production and customer-data access and removes what is not needed; the default branch requires reviews; at most ${o.maxAdmins} admins.`,
    firstSteps: [
      'Put a recurring 90-day reminder in a calendar and name the owner of the access review.',
      'At the first review, list admin, production and customer-data access; remove what is not in use (`blueprint scaffold access-review`).',
      'Protect the default branch with required reviews, and keep the admin list short.',
    ],
  },
  async evaluate({ repo, options, now }) {
    const [records, forge] = await Promise.all([findRecords(repo, FOLDERS, options.paths), forgeData(repo)]);
    const { latest, daysSinceLast } = recordTimeline(records, now);
    const findings: Finding[] = [];
    const metrics: Record<string, unknown> = { reviews: records.length, latest: latest?.path ?? null, daysSinceLast };
    const parts: Array<{ score: number; weight: number }> = [];

    if (records.length) {
      const fresh = freshnessPoints(daysSinceLast, options.maxAgeDays, 10, 1);
      if (fresh < 10) {
        const when = daysAgo(daysSinceLast);
        findings.push(say.warning('review-overdue', { when, maxAgeDays: options.maxAgeDays }, latest!.path));
      }
      parts.push({ score: fresh, weight: 6 });
    }

    if (forge) {
      const protection = forge.protection;
      metrics.branchProtection = protection !== null;
      metrics.requiredReviews = protection?.requiredReviews ?? 0;
      let earned = 0;
      let weight = 7;
      if (protection) earned += 4;
      else if (forge.defaultBranch) findings.push(say.error('unprotected-default-branch', { branch: forge.defaultBranch }));
      else findings.push(say.error('unprotected-unnamed-branch'));
      if ((protection?.requiredReviews ?? 0) >= 1) earned += 3;
      else if (protection) findings.push(say.warning('no-required-review'));
      if (forge.collaborators) {
        const { admins, outside } = forge.collaborators;
        Object.assign(metrics, {
          admins: admins.length,
          adminLogins: admins,
          outsideCollaborators: outside.length,
          outsideLogins: outside,
        });
        weight += 3;
        if (admins.length <= options.maxAdmins) earned += 2;
        else
          findings.push(say.warning('too-many-admins', { admins: admins.length, logins: admins.join(', '), maxAdmins: options.maxAdmins }));
        if (!outside.length) earned += 1;
        else findings.push(say.info('outside-collaborators', { logins: outside.join(', ') }));
      } else {
        Object.assign(metrics, { admins: null, outsideCollaborators: null });
      }
      parts.push({ score: (10 * earned) / weight, weight: 4 });
    }

    if (!parts.length)
      return absentOutcome(
        options.whenAbsent,
        { what: 'access review records', where: 'docs/access-reviews/YYYY-MM-DD.md', scaffold: 'access-review' },
        metrics,
      );
    if (!records.length) findings.push(say.of(options.whenAbsent === 'fail' ? 'error' : 'info', 'no-review-records'));
    if (!records.length && options.whenAbsent === 'fail') parts.push({ score: 0, weight: 6 });
    return { score: round(weightedScore(parts), 2), metrics, findings };
  },
});
