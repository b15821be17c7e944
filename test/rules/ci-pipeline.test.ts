import { describe, expect, it } from 'vitest';
import type { FixtureSpec } from '../../fixtures/builder.ts';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

async function ciMetrics(files: Record<string, string>) {
  const spec: FixtureSpec = { commits: [{ date: '2026-06-01T00:00:00Z', files: { 'README.md': '# x\n', ...files } }] };
  const rule = await runRule(findRule('ci-pipeline')!, spec, { now: NOW });
  return rule;
}

type Case = [
  name: string,
  files: Record<string, string>,
  expected: { providers: string[]; stages: { test: boolean; build: boolean; deploy: boolean }; manualGates: number; score: number },
];

const ALL = { test: true, build: true, deploy: true };

const CASES: Case[] = [
  [
    'github-actions: deploy only on workflow_dispatch is a manual gate',
    {
      '.github/workflows/ci.yml':
        'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n      - run: npm run build\n',
      '.github/workflows/deploy.yaml':
        'on:\n  workflow_dispatch:\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n',
    },
    { providers: ['github-actions'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'gitlab-ci: when: manual deploy',
    {
      '.gitlab-ci.yml':
        'stages: [test, build, deploy]\nunit:\n  stage: test\n  script: [pytest]\npackage:\n  stage: build\n  script:\n    - python -m build\ndeploy_prod:\n  stage: deploy\n  environment: production\n  script: [./deploy.sh]\n  when: manual\n.template:\n  script: [echo hidden]\n',
    },
    { providers: ['gitlab-ci'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'circleci: approval job before deploy',
    {
      '.circleci/config.yml':
        'version: 2.1\njobs:\n  test:\n    docker: [{image: cimg/node:20.0}]\n    steps:\n      - checkout\n      - run: npm test\n  build:\n    steps:\n      - run:\n          name: Build\n          command: npm run build\n      - store_artifacts:\n          path: dist\n  deploy:\n    steps:\n      - run: npx netlify deploy --prod\nworkflows:\n  main:\n    jobs:\n      - test\n      - build\n      - hold:\n          type: approval\n          requires: [build]\n      - deploy:\n          requires: [hold]\n',
    },
    { providers: ['circleci'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'jenkins: stage names, and an input step in the deploy stage',
    {
      Jenkinsfile:
        "pipeline {\n  agent any\n  stages {\n    stage('Build') { steps { sh 'make' } }\n    stage('Test') { steps { sh 'make check' } }\n    // stage('Deploy old') { }\n    stage('Deploy') {\n      steps {\n        input message: 'Ship it?'\n        sh './deploy.sh'\n      }\n    }\n  }\n}\n",
    },
    { providers: ['jenkins'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'azure-pipelines: deployment job, automated',
    {
      'azure-pipelines.yml':
        'trigger: [main]\nstages:\n  - stage: Build\n    jobs:\n      - job: build\n        steps:\n          - script: dotnet build\n          - task: DotNetCoreCLI@2\n            inputs:\n              command: test\n  - stage: Prod\n    jobs:\n      - deployment: web\n        environment: prod\n        strategy:\n          runOnce:\n            deploy:\n              steps:\n                - script: echo deploying\n',
    },
    { providers: ['azure-pipelines'], stages: ALL, manualGates: 0, score: 10 },
  ],
  [
    'azure-pipelines: ManualValidation gates the stage',
    {
      'azure-pipelines.yml':
        'stages:\n  - stage: Test\n    jobs:\n      - job: t\n        steps:\n          - script: npm test\n          - script: npm run build\n  - stage: Release\n    jobs:\n      - job: wait\n        pool: server\n        steps:\n          - task: ManualValidation@1\n      - deployment: ship\n        environment: prod\n',
    },
    { providers: ['azure-pipelines'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'travis: default test script from the language, and a deploy provider',
    { '.travis.yml': 'language: node_js\nnode_js: [20]\ndeploy:\n  provider: npm\n  on:\n    tags: true\n' },
    { providers: ['travis'], stages: { test: true, build: false, deploy: true }, manualGates: 0, score: 8 },
  ],
  [
    'bitbucket-pipelines: manual trigger and custom pipelines',
    {
      'bitbucket-pipelines.yml':
        'pipelines:\n  default:\n    - step:\n        name: Test\n        script: [npm test]\n    - parallel:\n        - step:\n            name: Build\n            script: [npm run build]\n  branches:\n    main:\n      - step:\n          name: Ship\n          deployment: production\n          trigger: manual\n          script:\n            - pipe: atlassian/aws-s3-deploy:1.1.0\n  custom:\n    hotfix:\n      - step:\n          name: Deploy hotfix\n          script: [./deploy.sh]\n',
    },
    { providers: ['bitbucket-pipelines'], stages: ALL, manualGates: 2, score: 8.5 },
  ],
  [
    'buildkite: a block step before the deploy',
    {
      '.buildkite/pipeline.yml':
        'steps:\n  - label: ":test_tube: tests"\n    command: go test ./...\n  - label: build\n    command: go build ./...\n  - block: "Release?"\n  - label: deploy\n    command: ./deploy.sh\n',
    },
    { providers: ['buildkite'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'drone: steps, automated deploy on push',
    {
      '.drone.yml':
        'kind: pipeline\ntype: docker\nname: default\nsteps:\n  - name: test\n    image: golang:1.22\n    commands: [go test ./...]\n  - name: publish\n    image: plugins/docker\n    settings: {repo: acme/app}\n  - name: deploy\n    image: alpine\n    commands: [kubectl apply -f k8s/]\n---\nkind: secret\nname: token\n',
    },
    { providers: ['drone'], stages: ALL, manualGates: 0, score: 10 },
  ],
  [
    'woodpecker: steps map, deploy on manual event',
    {
      '.woodpecker/ci.yml':
        'steps:\n  test:\n    image: node:20\n    commands: [npm ci, npm test]\n  build:\n    image: node:20\n    commands: [npm run build]\n  deploy:\n    image: alpine\n    commands: [./deploy.sh]\n    when:\n      - event: manual\n',
    },
    { providers: ['woodpecker'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
  [
    'tekton: a Pipeline in .tekton/',
    {
      '.tekton/pipeline.yaml':
        'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: ci}\nspec:\n  tasks:\n    - name: unit-tests\n      taskRef: {name: golang-test}\n    - name: build-image\n      taskRef: {name: buildah}\n    - name: deploy\n      taskRef: {name: kubernetes-actions}\n',
    },
    { providers: ['tekton'], stages: ALL, manualGates: 0, score: 10 },
  ],
  [
    'aws-codebuild: buildspec phases and artifacts',
    {
      'buildspec.yml':
        'version: 0.2\nphases:\n  install:\n    commands: [npm ci]\n  build:\n    commands:\n      - npm test\n      - npm run build\nartifacts:\n  files: ["dist/**/*"]\n',
    },
    { providers: ['aws-codebuild'], stages: { test: true, build: true, deploy: false }, manualGates: 0, score: 7 },
  ],
  [
    'google-cloud-build: docker build and gcloud run deploy',
    {
      'cloudbuild.yaml':
        "steps:\n  - name: node:20\n    entrypoint: npm\n    args: ['test']\n  - name: gcr.io/cloud-builders/docker\n    args: ['build', '-t', 'gcr.io/p/app', '.']\n  - name: gcr.io/google.com/cloudsdktool/cloud-sdk\n    entrypoint: gcloud\n    args: ['run', 'deploy', 'app', '--image', 'gcr.io/p/app']\nimages: ['gcr.io/p/app']\n",
    },
    { providers: ['google-cloud-build'], stages: ALL, manualGates: 0, score: 10 },
  ],
  [
    'teamcity: a deployment build type without triggers is manual',
    {
      '.teamcity/settings.kts':
        'import jetbrains.buildServer.configs.kotlin.*\nproject {\n  buildType(Build)\n  buildType(Deploy)\n}\nobject Build : BuildType({\n  name = "Build and test"\n  steps { gradle { tasks = "clean build test" } }\n  triggers { vcs { } }\n})\nobject Deploy : BuildType({\n  name = "Deploy"\n  type = BuildTypeSettings.Type.DEPLOYMENT\n  steps { script { scriptContent = "./deploy.sh" } }\n})\n',
    },
    { providers: ['teamcity'], stages: ALL, manualGates: 1, score: 8.5 },
  ],
];

describe('ci-pipeline', () => {
  it.each(CASES)('%s', async (_name, files, expected) => {
    const rule = await ciMetrics(files);
    expect(rule.metrics).toMatchObject({ providers: expected.providers, stages: expected.stages, manualGates: expected.manualGates });
    expect(rule.score).toBe(expected.score);
  });

  it('covers every provider of the report contract', () => {
    const covered = new Set(CASES.flatMap(([, , e]) => e.providers));
    expect([...covered].sort()).toEqual([
      'aws-codebuild',
      'azure-pipelines',
      'bitbucket-pipelines',
      'buildkite',
      'circleci',
      'drone',
      'github-actions',
      'gitlab-ci',
      'google-cloud-build',
      'jenkins',
      'teamcity',
      'tekton',
      'travis',
      'woodpecker',
    ]);
  });

  it('no CI scores 0 with an error finding', async () => {
    const rule = await ciMetrics({ 'docs/ci.md': 'We use GitHub Actions and run npm test and deploy.\n' });
    expect(rule).toMatchObject({ score: 0, status: 'fail', metrics: { providers: [], manualGates: 0 } });
    expect(rule.findings[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/No CI configuration/) });
  });

  it('is found at canonical locations only, never by words elsewhere', async () => {
    const rule = await ciMetrics({
      'examples/.gitlab-ci.yml': 'test:\n  script: [pytest]\n',
      'ci/Jenkinsfile': "stage('Test') {}\n",
      '.github/workflows/nested/ci.yml': 'jobs: {}\n',
    });
    expect(rule.metrics.providers).toEqual([]);
  });

  it('CI without tests scores low', async () => {
    const rule = await ciMetrics({
      '.github/workflows/lint.yml': 'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n',
    });
    expect(rule.metrics.stages).toEqual({ test: false, build: false, deploy: false });
    expect(rule.score).toBe(2);
    expect(rule.status).toBe('fail');
  });

  it('cargo build --release is a build, not a release', async () => {
    const rule = await ciMetrics({
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo build --release\n      - run: cargo test\n',
    });
    expect(rule.metrics.stages).toEqual({ test: true, build: true, deploy: false });
    expect(rule.score).toBe(7);
  });

  it('requireDeploy: false scores test + build as complete', async () => {
    const repo = {
      commits: [
        {
          date: '2026-06-01T00:00:00Z',
          files: {
            'blueprint.yml': 'rules:\n  ci-pipeline:\n    options: { requireDeploy: false }\n',
            '.gitlab-ci.yml': 'test:\n  script: [make test]\nbuild:\n  script: [make]\n',
          },
        },
      ],
    };
    expect(await runRule(findRule('ci-pipeline')!, repo, { now: NOW })).toMatchObject({ score: 10, status: 'pass' });
  });

  it('reports a config it cannot parse, with its line', async () => {
    const rule = await ciMetrics({ '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    steps: [\n' });
    expect(rule.findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        path: '.github/workflows/ci.yml',
        line: expect.any(Number),
        message: expect.stringMatching(/Cannot parse github-actions config/),
      }),
    );
  });
});
