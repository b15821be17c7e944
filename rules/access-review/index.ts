import { z } from 'zod';
import { defineRule, type Finding } from '../../src/types.ts';
import { absentOutcome, findRecords, recordTimeline, whenAbsentOption } from '../../src/util/records.ts';
import { round } from '../../src/util/time.ts';

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
    options,
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
    const [records, forge] = await Promise.all([findRecords(repo, FOLDERS, options.paths), repo.forge()]);
    const { latest, daysSinceLast } = recordTimeline(records, now);
    const findings: Finding[] = [];
    const metrics: Record<string, unknown> = { reviews: records.length, latest: latest?.path ?? null, daysSinceLast };
    const parts: Array<{ earned: number; weight: number }> = [];

    if (records.length) {
      let fresh = 1;
      if (daysSinceLast !== null && daysSinceLast <= options.maxAgeDays) fresh = 10;
      else if (daysSinceLast !== null && daysSinceLast <= options.maxAgeDays * 2) fresh = 5;
      if (fresh < 10)
        findings.push({
          severity: 'warning',
          message: `The last access review was ${daysSinceLast === null ? 'at an unknown date' : `${Math.floor(daysSinceLast)} days ago`}; review every ${options.maxAgeDays} days.`,
          path: latest!.path,
          line: null,
        });
      parts.push({ earned: fresh, weight: 6 });
    }

    if (forge) {
      const protection = forge.protection;
      metrics.branchProtection = protection !== null;
      metrics.requiredReviews = protection?.requiredReviews ?? 0;
      let earned = 0;
      let weight = 7;
      if (protection) earned += 4;
      else
        findings.push({
          severity: 'error',
          message: `The default branch${forge.defaultBranch ? ` (${forge.defaultBranch})` : ''} is not protected.`,
          path: null,
          line: null,
        });
      if ((protection?.requiredReviews ?? 0) >= 1) earned += 3;
      else if (protection)
        findings.push({ severity: 'warning', message: 'Branch protection does not require an approving review.', path: null, line: null });
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
          findings.push({
            severity: 'warning',
            message: `${admins.length} people have admin rights (${admins.join(', ')}); keep it to ${options.maxAdmins}.`,
            path: null,
            line: null,
          });
        if (!outside.length) earned += 1;
        else
          findings.push({
            severity: 'info',
            message: `Outside collaborators: ${outside.join(', ')}; check each still needs access.`,
            path: null,
            line: null,
          });
      } else {
        Object.assign(metrics, { admins: null, outsideCollaborators: null });
      }
      parts.push({ earned: (10 * earned) / weight, weight: 4 });
    }

    if (!parts.length)
      return absentOutcome(
        options.whenAbsent,
        { what: 'access review records', where: 'docs/access-reviews/YYYY-MM-DD.md', scaffold: 'access-review' },
        metrics,
      );
    if (!records.length)
      findings.push({
        severity: options.whenAbsent === 'fail' ? 'error' : 'info',
        message: 'No access review records in the repository (docs/access-reviews/YYYY-MM-DD.md).',
        path: null,
        line: null,
      });
    if (!records.length && options.whenAbsent === 'fail') parts.push({ earned: 0, weight: 6 });
    const total = parts.reduce((sum, p) => sum + p.weight, 0);
    return { score: round(parts.reduce((sum, p) => sum + p.earned * p.weight, 0) / total, 2), metrics, findings };
  },
});
