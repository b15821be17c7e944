import { z } from 'zod';
import { defineRule, type Finding } from '../../src/types.ts';
import { PROVIDERS, providerFor, type CiJob, type ParsedConfig } from './providers.ts';

// Job and stage names: broad words are fine, a stage called "Release" is a deploy.
const TEST_NAME = /\b(test|tests|testing|spec|specs|e2e|qa|verify|check|checks)\b/i;
const BUILD_NAME = /\b(build|builds|compile|package|packaging|artifacts?|bundle|images?|assemble)\b/i;
const DEPLOY_NAME = /\b(deploy|deploys|deployment|release|releases|publish|rollout|ship|promote|production|prod)\b/i;

// Commands: stricter, so `cargo build --release` is not a release and `--no-tests` not a test.
const TEST_COMMAND =
  /(?<![-\w])(test|tests|pytest|jest|vitest|mocha|jasmine|karma|ava|rspec|phpunit|pest|unittest|nose2?|tox|nox|ctest|e2e|playwright|cypress|test results|default test script)(?![-\w])|\b(go|cargo|dotnet|swift|mix|deno|bun) test\b|\bcargo nextest\b|\bmvnw?\b[^\n]*\b(test|verify)\b|\bgradlew?\b[^\n]*\b(test|check)\b/i;
const BUILD_COMMAND =
  /(?<![-\w])(build|compile|assemble|bundle|dist|upload-artifact|build-push-action|goreleaser|webpack|rollup|esbuild|tsc|make|cmake|bazel|jib|docker push|sdist|bdist_wheel|kaniko|buildah|plugins\/(docker|ecr|gcr|acr))(?![-\w])|\bmvnw?\b[^\n]*\b(package|install)\b|\bsbt\b[^\n]*\b(package|assembly)\b|\bdotnet publish\b|\bpython -m build\b/i;
const DEPLOY_COMMAND =
  /(?<![-\w])(deploy|deploy-pages|publish|semantic-release|rollout)(?![-\w])|\bkubectl (apply|rollout|set image|replace)\b|\bhelm(file)? (upgrade|install|sync|apply)\b|\b(terraform|tofu|terragrunt) apply\b|\bpulumi up\b|\b(cdk|sam|sls|serverless|firebase|netlify|fly|flyctl|eb|wrangler) deploy\b|\bnpm publish\b|\btwine upload\b|\bgem push\b|\bgh release\b|\bgoreleaser release\b|\bvercel\b|\bheroku\b|\bansible-playbook\b|\bargocd app sync\b|\bskaffold run\b|\baws (ecs update-service|lambda update-function-code|cloudformation deploy|s3 sync)\b|\bgcloud (run|app|functions) deploy\b|\baz webapp (deploy|up)\b|\bactions-gh-pages\b|\bgithub-pages-deploy-action\b|\baction-gh-release\b|\bgh-action-pypi-publish\b/i;

export interface StageFlags {
  test: boolean;
  build: boolean;
  deploy: boolean;
}

export function classify(j: CiJob): StageFlags {
  const name = j.name;
  const commands = [...j.commands, ...j.uses].join('\n');
  return {
    test: TEST_NAME.test(name) || TEST_COMMAND.test(commands),
    build: BUILD_NAME.test(name) || BUILD_COMMAND.test(commands),
    deploy: j.deployment || DEPLOY_NAME.test(name) || DEPLOY_COMMAND.test(commands),
  };
}

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

export default defineRule<CiPipelineOptions>({
  meta: {
    id: 'ci-pipeline',
    pillar: 'speed',
    description: 'A CI pipeline runs the tests, builds the artifacts and deploys with no manual step.',
    risk: 'high',
    needs: ['files'],
    options,
    remediation:
      'Pick one CI system and add a pipeline that runs the tests on every push, builds the artifact and deploys it automatically once the tests pass, with no button to press.',
    standard: (o) => `Every push runs the tests and builds the artifact; ${o.requireDeploy ? 'passing builds deploy with no manual step' : 'passing builds are published with no manual step'}.`,
    firstSteps: [
      'Pick one CI system and add a pipeline that runs the tests on every push and pull request.',
      'Build the deployable artifact in the same pipeline and keep it as the release candidate.',
      'Replace every manual deploy step (button, SSH, script on a laptop) with an automated deploy after the tests pass.',
    ],
  },
  async evaluate({ repo, options }) {
    const configs: ParsedConfig[] = [];
    const findings: Finding[] = [];
    for (const entry of await repo.files()) {
      const spec = providerFor(entry.path);
      if (!spec) continue;
      const source = await repo.readText(entry.path);
      if (source === null) {
        findings.push({ severity: 'warning', message: `Could not read ${spec.id} config (binary, too large, or a link out of the repository).`, path: entry.path, line: null });
        configs.push({ provider: spec.id, path: entry.path, jobs: [], error: null, notes: [] });
        continue;
      }
      configs.push({ provider: spec.id, path: entry.path, ...spec.parse(source, entry.path) });
    }

    // The report contract lists ids sorted, not in detection order.
    const providers = PROVIDERS.filter((p) => configs.some((c) => c.provider === p)).sort();
    const stages: StageFlags = { test: false, build: false, deploy: false };
    let automatedDeploy = false;
    let manualGates = 0;
    for (const config of configs) {
      if (config.error) {
        findings.push({ severity: 'error', message: `Cannot parse ${config.provider} config: ${config.error.message}`, path: config.path, line: config.error.line });
      }
      for (const note of config.notes) findings.push({ severity: 'info', message: `The ${config.provider} config ${note}.`, path: config.path, line: null });
      for (const j of config.jobs) {
        const flags = classify(j);
        stages.test ||= flags.test;
        stages.build ||= flags.build;
        stages.deploy ||= flags.deploy;
        if (flags.deploy && j.manual) {
          manualGates++;
          findings.push({ severity: 'warning', message: `Deploy "${j.name}" needs a person to start or approve it; automate it behind the tests.`, path: config.path, line: j.line });
        } else if (flags.deploy) {
          automatedDeploy = true;
        }
      }
    }

    if (!providers.length) {
      findings.unshift({ severity: 'error', message: 'No CI configuration found at any of the fourteen supported locations.', path: null, line: null });
      return { score: 0, metrics: { providers, stages, manualGates, files: [] }, findings };
    }
    if (!stages.test) findings.unshift({ severity: 'error', message: 'The pipeline does not run tests.', path: configs[0]?.path ?? null, line: null });
    if (!stages.build) findings.push({ severity: 'warning', message: 'The pipeline does not build an artifact.', path: configs[0]?.path ?? null, line: null });
    if (!stages.deploy && options.requireDeploy) findings.push({ severity: 'warning', message: 'The pipeline does not deploy or publish.', path: configs[0]?.path ?? null, line: null });

    return {
      score: pipelineScore(stages, automatedDeploy, options.requireDeploy),
      metrics: { providers, stages, manualGates, files: configs.map((c) => c.path) },
      findings,
    };
  },
});
