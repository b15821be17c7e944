import { findingsFrom, z } from '../../src/rule-kit/index.ts';
import { defineRule, type Finding, type ProjectKind } from '../../src/types.ts';
import { PROVIDERS, providerFor, type CiJob, type ParsedConfig } from './providers.ts';
import { readStep, type DeployKind, type Hit } from './steps.ts';

/** Which stages the pipeline has. */
export interface StageFlags {
  test: boolean;
  build: boolean;
  deploy: boolean;
}

/** GitHub events a person causes: a deploy that only they start waits for that person. */
const MANUAL_EVENTS = new Set([
  'workflow_dispatch',
  'issue_comment',
  'issues',
  'pull_request_review',
  'pull_request_review_comment',
  'discussion',
  'discussion_comment',
  'label',
  'watch',
]);
/** Events of a proposed change: what runs only there is a check or a preview, never the release. */
const PREVIEW_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

type Trigger = 'automatic' | 'manual' | 'preview' | 'never';

const eventName = (e: string) => e.replace(/:closed$/, '');

/** The events a GitHub condition lets through (`github.event_name == 'push'`, `startsWith(github.ref, 'refs/tags/')` …). */
export function narrowEvents(events: readonly string[], condition: string): string[] {
  const c = condition.replace(/\$\{\{|\}\}/g, ' ');
  if (!c.trim()) return [...events];
  if (c.includes('||')) {
    const alternatives = c.split('||').map((a) => /github\.event_name\s*==\s*['"]([\w]+)['"]/.exec(a)?.[1] ?? null);
    return alternatives.every(Boolean) ? events.filter((e) => alternatives.includes(eventName(e))) : [...events];
  }
  let out = [...events];
  for (const m of c.matchAll(/github\.event_name\s*==\s*['"](\w+)['"]/g)) out = out.filter((e) => eventName(e) === m[1]);
  for (const m of c.matchAll(/github\.event_name\s*!=\s*['"](\w+)['"]/g)) out = out.filter((e) => eventName(e) !== m[1]);
  // A tag, a branch ref or a merged pull request is never a change still being proposed.
  if (
    /startsWith\(\s*github\.ref\s*,\s*['"]refs\/tags\/|github\.ref\s*==\s*['"]refs\/(heads|tags)\/|github\.ref_type\s*==\s*['"]tag['"]|github\.event\.pull_request\.merged\s*==\s*true/.test(
      c,
    )
  ) {
    out = out.filter((e) => !PREVIEW_EVENTS.has(e));
  }
  return out;
}

function triggerOf(events: readonly string[]): Trigger {
  if (!events.length) return 'never';
  if (events.some((e) => !MANUAL_EVENTS.has(e) && !PREVIEW_EVENTS.has(e))) return 'automatic';
  return events.some((e) => MANUAL_EVENTS.has(e)) ? 'manual' : 'preview';
}

/** What ships a library or a command-line program: a package, an image, a release or a version tag, not only its docs site. */
const SHIPS_SOFTWARE: ReadonlySet<DeployKind> = new Set(['package', 'image', 'release', 'tag', 'other']);
const publishesItself = (kind: ProjectKind | null) => kind === 'library' || kind === 'cli';

/** A deploy that counts, where it is and what starts it. */
export interface Deploy {
  path: string;
  job: string;
  line: number | null;
  kind: DeployKind;
  via: string;
  trigger: 'automatic' | 'manual';
}

/** Something that looks like a deploy but is not one, and why. */
export interface NotCounted {
  path: string;
  job: string;
  via: string;
  why: string;
}

interface Evidence {
  path: string;
  job: string;
  via: string;
}

const byPlace = <T extends { path: string; job: string; via: string }>(a: T, b: T) =>
  a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.job !== b.job ? (a.job < b.job ? -1 : 1) : a.via < b.via ? -1 : a.via > b.via ? 1 : 0;
const MAX_EVIDENCE = 5;
const REMOTE_WORKFLOW = /^[\w.-]+\/[\w.-]+\/\.github\/workflows\//;
/** Scripts, Makefiles and actions over this size are generated: they are not followed. */
const MAX_FOLLOWED_BYTES = 256 * 1024;

export const options = z.strictObject({
  requireDeploy: z
    .boolean()
    .default(true)
    .describe('Whether the pipeline must deploy (or publish). Set false for repositories that only ship through another one.'),
});
export type CiPipelineOptions = z.infer<typeof options>;

/** Test 5, build 2, automated deploy 3; a deploy that needs a person scores half its share. */
export function pipelineScore(stages: StageFlags, automatedDeploy: boolean, requireDeploy: boolean): number {
  if (!stages.test) return 2 + (stages.build ? 1 : 0) + (stages.deploy ? 1 : 0);
  if (!requireDeploy) return stages.build ? 10 : 7;
  return 5 + (stages.build ? 2 : 0) + (automatedDeploy ? 3 : stages.deploy ? 1.5 : 0);
}

const MESSAGES = {
  'config-unreadable': 'Could not read {provider} config (binary, too large, or a link out of the repository).',
  'config-unparsable': 'Cannot parse {provider} config: {error}',
  'config-note': 'The {provider} config {note}.',
  'remote-release-workflow':
    '"{job}" ships through {via}, a workflow of another repository that is not read: what it builds and publishes is taken from its name.',
  'manual-deploy': 'Deploy "{job}" needs a person to start or approve it; automate it behind the tests.',
  'no-ci': 'No CI configuration found at any of the fourteen supported locations.',
  'no-tests': 'The pipeline does not run tests.',
  'no-build': 'The pipeline does not build an artifact.',
  'no-publish': 'The pipeline does not publish a package or release: for a {kind}, publishing is its deploy.',
  'only-docs-published':
    'The pipeline does not publish a package or release: for a {kind}, publishing is its deploy (only its documentation site is deployed).',
  'no-deploy': 'The pipeline does not deploy.',
  'no-deploy-or-publish': 'The pipeline does not deploy or publish.',
} as const;
const say = findingsFrom(MESSAGES);

export default defineRule<CiPipelineOptions>({
  meta: {
    id: 'ci-pipeline',
    pillar: 'speed',
    description: 'A CI pipeline runs the tests, builds the artifacts and deploys with no manual step.',
    risk: 'high',
    needs: ['files'],
    options,
    messages: MESSAGES,
    remediation:
      'Pick one CI system and add a pipeline that runs the tests on every push, builds the artifact and deploys it automatically once the tests pass, with no button to press.',
    standard: (o) =>
      `Every push runs the tests and builds the artifact; ${o.requireDeploy ? 'passing builds deploy with no manual step' : 'passing builds are published with no manual step'}.`,
    firstSteps: [
      'Pick one CI system and add a pipeline that runs the tests on every push and pull request.',
      'Build the deployable artifact in the same pipeline and keep it as the release candidate.',
      'Replace every manual deploy step (button, SSH, script on a laptop) with an automated deploy after the tests pass.',
    ],
  },
  async evaluate({ repo, options, kind }) {
    const configs: ParsedConfig[] = [];
    const findings: Finding[] = [];
    const tree = await repo.files();
    const sizes = new Map(tree.filter((e) => e.kind !== 'submodule').map((e) => [e.path, e.size]));
    for (const entry of tree) {
      const spec = providerFor(entry.path);
      if (!spec) continue;
      const source = await repo.readText(entry.path);
      if (source === null) {
        findings.push(say.warning('config-unreadable', { provider: spec.id }, entry.path));
        configs.push({ provider: spec.id, path: entry.path, jobs: [], error: null, notes: [] });
        continue;
      }
      configs.push({ provider: spec.id, path: entry.path, ...spec.parse(source, entry.path) });
    }
    // Only files the tree holds, and not huge ones, are followed: a missing script is not an error.
    const read = async (path: string) => {
      const size = sizes.get(path);
      return size === undefined || size > MAX_FOLLOWED_BYTES ? null : repo.readText(path);
    };

    // A local reusable workflow runs when its callers run: it takes their events.
    const events = new Map<string, string[] | null>();
    for (const config of configs) for (const j of config.jobs) events.set(`${config.path}#${j.id}`, j.events);
    for (let pass = 0; pass < 3; pass++) {
      const callers = new Map<string, string[]>();
      for (const config of configs) {
        for (const j of config.jobs) {
          if (!j.calls) continue;
          const own = narrowEvents(events.get(`${config.path}#${j.id}`) ?? [], j.condition);
          callers.set(j.calls, [...(callers.get(j.calls) ?? []), ...own]);
        }
      }
      for (const config of configs) {
        for (const j of config.jobs) {
          if (!j.events?.includes('workflow_call')) continue;
          const from = callers.get(config.path);
          events.set(`${config.path}#${j.id}`, [
            ...new Set([...j.events.filter((e) => e !== 'workflow_call'), ...(from ?? ['workflow_call'])]),
          ]);
        }
      }
    }

    const providers = PROVIDERS.filter((p) => configs.some((c) => c.provider === p)).sort();
    const testEvidence: Evidence[] = [];
    const buildEvidence: Evidence[] = [];
    const deploys: Deploy[] = [];
    const notCounted: NotCounted[] = [];
    let manualGates = 0;
    for (const config of configs) {
      if (config.error) {
        findings.push(
          say.error(
            'config-unparsable',
            { provider: config.provider, error: config.error.message },
            { path: config.path, line: config.error.line },
          ),
        );
      }
      for (const note of config.notes) findings.push(say.info('config-note', { provider: config.provider, note }, config.path));
      for (const j of config.jobs) {
        const jobEvents = events.get(`${config.path}#${j.id}`) ?? null;
        const place = { path: config.path, job: j.name };
        const hits: Array<Hit & { trigger: Trigger }> = [];
        let ephemeralCluster = false;
        let destroys = false;
        const tags = new Set<string>();
        for (const st of j.steps) {
          const reading = await readStep(st, read, tags);
          ephemeralCluster ||= reading.ephemeralCluster;
          destroys ||= reading.destroys;
          for (const hit of reading.hits) {
            let trigger: Trigger;
            if (jobEvents)
              trigger = triggerOf(narrowEvents(narrowEvents(narrowEvents(jobEvents, j.condition), st.if), hit.condition ?? ''));
            else trigger = j.manual ? 'manual' : j.previewOnly ? 'preview' : 'automatic';
            if (jobEvents && j.manual && trigger !== 'never') trigger = 'manual';
            hits.push({ ...hit, trigger });
          }
        }
        if (j.deployment && !hits.some((h) => h.stage === 'deploy')) {
          hits.push({
            stage: 'deploy',
            kind: 'other',
            via: 'deployment job',
            trigger: j.manual ? 'manual' : j.previewOnly ? 'preview' : 'automatic',
          });
        }
        const jobDeploys: Deploy[] = [];
        for (const hit of hits) {
          if (hit.trigger === 'never') continue;
          if (hit.stage === 'test') testEvidence.push({ ...place, via: hit.via });
          else if (hit.stage === 'build') buildEvidence.push({ ...place, via: hit.via });
          else {
            const why = hit.rehearsal
              ? 'a rehearsal (dry run or test registry)'
              : hit.kind === 'cluster' && ephemeralCluster
                ? 'into a cluster created inside CI'
                : hit.kind === 'cloud' && destroys
                  ? 'torn down in the same job (a test run)'
                  : hit.preview || hit.trigger === 'preview'
                    ? 'only for pull requests (a preview)'
                    : null;
            if (why) notCounted.push({ ...place, via: hit.via, why });
            else
              jobDeploys.push({
                ...place,
                line: j.line,
                kind: hit.kind ?? 'other',
                via: hit.via,
                trigger: hit.trigger === 'manual' ? 'manual' : 'automatic',
              });
          }
        }
        deploys.push(...jobDeploys);
        // A package or an image is an artifact: publishing one builds it (npm publish packs, gradle publish
        // assembles). A release workflow of another repository cannot be read; it builds what it ships.
        for (const d of jobDeploys) {
          if (d.kind === 'package' || d.kind === 'image') buildEvidence.push({ ...place, via: `${d.via} (publishing builds it)` });
          else if (REMOTE_WORKFLOW.test(d.via)) {
            buildEvidence.push({ ...place, via: `${d.via} (a release workflow of another repository)` });
            findings.push(say.info('remote-release-workflow', { job: j.name, via: d.via }, { path: config.path, line: j.line }));
          }
        }
        const shipping = jobDeploys.filter((d) => !publishesItself(kind) || SHIPS_SOFTWARE.has(d.kind));
        if (shipping.length && shipping.every((d) => d.trigger === 'manual')) {
          manualGates++;
          findings.push(say.warning('manual-deploy', { job: j.name }, { path: config.path, line: j.line }));
        }
      }
    }

    const unique = <T extends { path: string; job: string; via: string }>(list: T[], extra: (t: T) => string = () => '') => {
      const seen = new Map<string, T>();
      for (const item of list) seen.set(`${item.path}\0${item.job}\0${item.via}\0${extra(item)}`, item);
      return [...seen.values()].sort(byPlace);
    };
    const counted = unique(deploys, (d) => `${d.kind}\0${d.trigger}`);
    const shipping = counted.filter((d) => !publishesItself(kind) || SHIPS_SOFTWARE.has(d.kind));
    const stages: StageFlags = { test: testEvidence.length > 0, build: buildEvidence.length > 0, deploy: shipping.length > 0 };
    const automatedDeploy = shipping.some((d) => d.trigger === 'automatic');
    const metrics = {
      providers,
      stages,
      manualGates,
      files: configs.map((c) => c.path),
      // What counts as this project's deploy: for a library or a CLI, publishing it.
      deployKinds: publishesItself(kind)
        ? [...SHIPS_SOFTWARE].sort()
        : ['cloud', 'cluster', 'image', 'other', 'package', 'pages', 'release', 'tag'],
      deploys: counted,
      notCounted: unique(notCounted, (n) => n.why),
      evidence: { test: unique(testEvidence).slice(0, MAX_EVIDENCE), build: unique(buildEvidence).slice(0, MAX_EVIDENCE) },
    };

    if (!providers.length) {
      findings.unshift(say.error('no-ci'));
      return { score: 0, metrics, findings };
    }
    // A finding about the whole pipeline points at its file only when there is one.
    const where = configs.length === 1 ? configs[0]!.path : null;
    if (!stages.test) findings.unshift(say.error('no-tests', {}, where));
    if (!stages.build) findings.push(say.warning('no-build', {}, where));
    if (!stages.deploy && options.requireDeploy) {
      const software = { kind: kind === 'cli' ? 'command-line program' : 'library' };
      findings.push(
        publishesItself(kind)
          ? say.warning(counted.length > 0 ? 'only-docs-published' : 'no-publish', software, where)
          : say.warning(kind === 'service' ? 'no-deploy' : 'no-deploy-or-publish', {}, where),
      );
    }

    return { score: pipelineScore(stages, automatedDeploy, options.requireDeploy), metrics, findings };
  },
});
