// ci-pipeline decides test, build and deploy from what the steps do (commands, actions, the make
// targets, package scripts and scripts they call) and when they run, never from job names.
import { describe, expect, it } from 'vitest';
import { findRule } from '../../rules/index.ts';
import { runRule } from '../../src/testing/index.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

async function ci(files: Record<string, string>) {
  const all = { 'README.md': '# x\n', ...files };
  const rule = await runRule(findRule('ci-pipeline')!, { commits: [{ date: '2026-06-01T00:00:00Z', files: all }] }, { now: NOW });
  return {
    ...rule,
    metrics: rule.metrics as {
      stages: { test: boolean; build: boolean; deploy: boolean };
      deploys: unknown[];
      notCounted: unknown[];
      manualGates: number;
      evidence: unknown;
    },
  };
}

/** A workflow with one job of the given steps (YAML list items, indented for `steps:`). */
function workflow(on: string, steps: string, extra = '') {
  return `on: ${on}\njobs:\n  work:\n    runs-on: ubuntu-latest\n${extra}    steps:\n      - uses: actions/checkout@v4\n${steps}`;
}
const TESTS = workflow('[push, pull_request]', '      - run: npm ci\n      - run: npm test\n');
const ON_TAG = '{push: {tags: ["v*"]}}';

describe('ci-pipeline reads what the steps do', () => {
  it('a job named "Generate release metadata" that uploads a file deploys nothing', async () => {
    const rule = await ci({
      '.github/workflows/test.yml': TESTS,
      '.github/workflows/build.yml':
        'on: {push: {branches: [main]}}\njobs:\n  generate-metadata-file:\n    name: "Generate release metadata"\n    runs-on: ubuntu-latest\n    steps:\n      - uses: hashicorp/actions-generate-metadata@v1\n      - uses: actions/upload-artifact@v4\n        with: {name: metadata.json, path: metadata.json}\n  release:\n    name: Release and deploy to production\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "nothing to see"\n',
    });
    expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
    expect(rule.metrics.deploys).toEqual([]);
  });

  it('an environment is not a deploy by itself: integration tests and PR bots use them', async () => {
    const rule = await ci({
      '.github/workflows/it.yml': workflow('[push]', '      - run: pytest tests/integration\n', '    environment: integration\n'),
      '.github/workflows/bot.yml': workflow(
        '[pull_request_target]',
        '      - uses: actions/github-script@v7\n        with: {script: "github.rest.issues.addLabels({})"}\n',
        '    environment: bots\n',
      ),
    });
    expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
  });

  it('uploading a coverage report is not building an artifact', async () => {
    const rule = await ci({
      '.github/workflows/ci.yml': workflow(
        '[push, pull_request]',
        '      - run: npm test -- --coverage\n      - name: Upload code coverage\n        uses: actions/upload-artifact@v4\n        with: {name: coverage, path: coverage}\n',
      ),
    });
    expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
    expect(rule.score).toBe(5);
  });

  it('kubectl apply into a Kind cluster made inside CI is a smoke test, not a deploy', async () => {
    const rule = await ci({
      '.github/workflows/maven.yml': workflow('[push, pull_request]', '      - run: ./mvnw -B package\n'),
      '.github/workflows/deploy-and-test-cluster.yml': workflow(
        '{push: {branches: [main]}, pull_request: {branches: [main]}}',
        '      - name: Create k8s Kind Cluster\n        uses: helm/kind-action@v1\n      - name: Deploy application\n        run: kubectl apply -f k8s/\n      - run: kubectl wait --for=condition=ready pod -l app=petclinic\n',
      ),
    });
    expect(rule.metrics.stages).toEqual({ test: true, build: true, deploy: false });
    expect(rule.metrics.notCounted).toEqual([
      expect.objectContaining({
        path: '.github/workflows/deploy-and-test-cluster.yml',
        via: 'kubectl apply',
        why: 'into a cluster created inside CI',
      }),
    ]);
    expect(rule.score).toBe(7);
  });

  it('kubectl apply against a real cluster on pushes to main is a deploy', async () => {
    const rule = await ci({
      '.github/workflows/ci.yml': TESTS,
      '.github/workflows/cd.yml': workflow(
        '{push: {branches: [main]}}',
        '      - uses: azure/k8s-set-context@v4\n        with: {kubeconfig: "${{ secrets.KUBECONFIG }}"}\n      - run: kubectl apply -f k8s/\n',
      ),
    });
    expect(rule.metrics.stages.deploy).toBe(true);
    expect(rule.metrics.deploys).toEqual([
      expect.objectContaining({ path: '.github/workflows/cd.yml', kind: 'cluster', via: 'kubectl apply', trigger: 'automatic' }),
    ]);
  });

  it('terraform apply followed by destroy in the same job is a test run', async () => {
    const rule = await ci({
      '.github/workflows/e2e.yml': workflow(
        '[push]',
        '      - run: terraform init && terraform apply -auto-approve\n      - run: ./check.sh\n      - run: terraform destroy -auto-approve\n',
      ),
    });
    expect(rule.metrics.stages.deploy).toBe(false);
  });

  it('an optional manual dry run to Test PyPI is not a manual gate; the tag publish is the release', async () => {
    const rule = await ci({
      '.github/workflows/tests.yml': workflow('[push, pull_request]', '      - run: pip install tox\n      - run: tox\n'),
      '.github/workflows/publish.yml':
        "on:\n  push: {tags: [\"v*\"]}\n  workflow_dispatch:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m build\n  publish:\n    if: startsWith(github.ref, 'refs/tags/')\n    needs: [build]\n    environment: publish\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n  publish-test-pypi:\n    name: Publish to Test PyPI\n    if: github.event_name == 'workflow_dispatch'\n    needs: [build]\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n        with:\n          repository-url: https://test.pypi.org/legacy/\n",
    });
    expect(rule.metrics).toMatchObject({ stages: { test: true, build: true, deploy: true }, manualGates: 0 });
    expect(rule.metrics.deploys).toEqual([
      expect.objectContaining({ job: 'publish', kind: 'package', via: 'pypa/gh-action-pypi-publish', trigger: 'automatic' }),
    ]);
    expect(rule.metrics.notCounted).toEqual([
      expect.objectContaining({ job: 'Publish to Test PyPI', why: 'a rehearsal (dry run or test registry)' }),
    ]);
    expect(rule.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(rule.score).toBe(10);
  });

  describe('tests run through make targets, package scripts, task runners and scripts', () => {
    it('a matrix-named job running `make richtest` runs the tests, and findings point at no unrelated file', async () => {
      const rule = await ci({
        Makefile:
          'default: all\n\nall: fmt test\n\nfmt:\n\tgofmt -l .\n\ntest: install_deps\n\tgo test -v ./...\n\nrichtest: install_deps\n\t$(info running tests with richgo)\n\trichgo test -v ./...\n\ninstall_deps:\n\tgo get -v ./...\n',
        '.github/workflows/labeler.yml':
          'on: [pull_request_target]\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n',
        '.github/workflows/test.yml':
          "on: [push, pull_request]\njobs:\n  test-unix:\n    strategy:\n      matrix:\n        platform: [ubuntu, macOS]\n        go: [21, 22]\n    name: '${{ matrix.platform }} | 1.${{ matrix.go }}.x'\n    runs-on: ${{ matrix.platform }}-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go install github.com/kyoh86/richgo@latest\n      - run: RICHGO_FORCE_COLOR=1 PATH=$HOME/go/bin/:$PATH make richtest\n",
      });
      expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
      expect(rule.findings.every((f) => f.path === null)).toBe(true);
      expect(rule.score).toBe(5);
    });

    it.each<[string, Record<string, string>, string]>([
      ['an npm script', { 'package.json': '{"scripts":{"ci":"npm run lint && jest --coverage","lint":"eslint ."}}' }, 'npm run ci'],
      ['a Makefile variable for the tool', { Makefile: 'GO ?= go\n\ncheck:\n\t$(GO) test ./...\n' }, 'make check'],
      ['make -C into a folder', { 'src/Makefile': 'test:\n\t./run-the-suite --all\n' }, 'make -C src test'],
      ['a repository script', { 'script/test': '#!/bin/sh\nset -e\nbundle exec rspec "$@"\n' }, 'script/test'],
      ['a script named as the test runner', { runtest: '#!/bin/sh\nexec tclsh tests/test_helper.tcl "$@"\n' }, './runtest --verbose'],
      ['a justfile recipe', { justfile: 'ci:\n    cargo nextest run\n' }, 'just ci'],
      [
        'a Rakefile default task',
        { Rakefile: 'require "rake/testtask"\nRake::TestTask.new(:test)\ntask default: :test\n' },
        'bundle exec rake',
      ],
      ['Gradle check', {}, './gradlew check'],
      ['mdbook test', {}, 'mdbook test'],
      ['helm unittest', {}, 'helm unittest charts/*'],
      ['cargo hack', {}, 'cargo hack test --feature-powerset'],
    ])('%s', async (_name, files, command) => {
      const rule = await ci({ ...files, '.github/workflows/ci.yml': workflow('[push]', `      - run: ${command}\n`) });
      expect(rule.metrics.stages.test).toBe(true);
    });

    it.each<[string, Record<string, string>, string]>([
      ['a tool called by its installed path', {}, 'BUILD_NUMBER="$GITHUB_RUN_NUMBER" ./node_modules/.bin/karma start karma.conf-sauce.js'],
      ['uv run with options that take values', {}, 'uv run --locked --no-default-groups --group dev tox run'],
      ['the tool a workflow variable names', {}, '${{ env.CARGO }} test --verbose --workspace'],
    ])('%s', async (_name, files, command) => {
      const rule = await ci({
        ...files,
        '.github/workflows/ci.yml': `on: [push]\nenv:\n  CARGO: cargo\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${command}\n`,
      });
      expect(rule.metrics.stages.test).toBe(true);
    });

    it('make with no target builds only when the default target builds: a first target that installs dependencies is not a build', async () => {
      const rule = await ci({
        Makefile:
          '.PHONY: docs\ninit:\n\tpython -m pip install -r requirements-dev.txt\n\nci:\n\tpython -m pytest tests\n\ncheck-docs:\n\t./check-docs.sh\n',
        '.github/workflows/ci.yml': workflow('[push]', '      - run: make\n      - run: make ci\n      - run: make check-docs\n'),
      });
      expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
      expect(rule.metrics.evidence).toMatchObject({ test: [expect.objectContaining({ via: 'pytest' })] });
    });

    it('a local composite action is read for its steps', async () => {
      const rule = await ci({
        '.github/actions/fabric-tests/action.yml':
          'name: tests\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: pytest -vv tests/modules\n',
        '.github/workflows/tests.yml': workflow('[push]', '      - uses: ./.github/actions/fabric-tests\n'),
      });
      expect(rule.metrics.stages.test).toBe(true);
    });

    it('lint, format and validate steps are not tests', async () => {
      const rule = await ci({
        '.github/workflows/pre-commit.yml': workflow(
          '[push, pull_request]',
          '      - uses: clowdhaus/terraform-composite-actions/pre-commit@v1\n        with: {args: "--all-files"}\n      - run: terraform validate && tflint && terraform fmt -check\n      - run: npm run lint\n',
        ),
      });
      expect(rule.metrics.stages.test).toBe(false);
    });
  });

  describe('deploys and publishes, by what runs and when', () => {
    it.each<[string, string, string, string]>([
      ['npm publish', '      - run: npm publish --provenance\n', 'package', 'npm publish'],
      ['cargo publish', '      - run: cargo publish\n', 'package', 'cargo publish'],
      ['twine upload', '      - run: twine upload dist/*\n', 'package', 'twine upload'],
      ['gem push', '      - run: gem push *.gem\n', 'package', 'gem push'],
      ['rubygems/release-gem', '      - uses: rubygems/release-gem@v1\n', 'package', 'rubygems/release-gem'],
      ['mvn deploy', '      - run: ./mvnw -B deploy -DskipTests\n', 'package', 'mvn deploy'],
      ['gradle publish', '      - run: ./gradlew clean publish --stacktrace\n', 'package', 'gradle publish'],
      ['docker push', '      - run: docker build -t ghcr.io/acme/app . && docker push ghcr.io/acme/app\n', 'image', 'docker push'],
      [
        'build-push-action with push',
        '      - uses: docker/build-push-action@v6\n        with: {push: true, tags: "ghcr.io/acme/app:latest"}\n',
        'image',
        'docker/build-push-action',
      ],
      ['goreleaser', '      - uses: goreleaser/goreleaser-action@v6\n        with: {args: release --clean}\n', 'release', 'goreleaser'],
      ['gh release', '      - run: gh release create "$GITHUB_REF_NAME" dist/*\n', 'release', 'gh release'],
      ['semantic-release', '      - run: npx semantic-release\n', 'release', 'semantic-release'],
      [
        'changesets publishing',
        '      - uses: changesets/action@v1\n        with: {publish: pnpm release}\n',
        'package',
        'changesets/action',
      ],
      ['chart-releaser', '      - uses: helm/chart-releaser-action@v1\n', 'package', 'helm/chart-releaser-action'],
      ['Pages', '      - uses: actions/deploy-pages@v4\n', 'pages', 'actions/deploy-pages'],
      [
        'a cloud deploy action',
        '      - uses: google-github-actions/deploy-cloudrun@v2\n        with: {service: app}\n',
        'cloud',
        'google-github-actions/deploy-cloudrun',
      ],
      ['an action named for publishing', '      - uses: prometheus/promci/publish_main@v0.4\n', 'other', 'prometheus/promci/publish_main'],
    ])('%s', async (_name, steps, kind, via) => {
      const rule = await ci({ '.github/workflows/ci.yml': TESTS, '.github/workflows/release.yml': workflow(ON_TAG, steps) });
      expect(rule.metrics.stages.deploy).toBe(true);
      expect(rule.metrics.deploys).toEqual([expect.objectContaining({ kind, via, trigger: 'automatic' })]);
    });

    it.each<[string, string]>([
      ['build-push-action without push', '      - uses: docker/build-push-action@v6\n        with: {tags: app:ci}\n'],
      ['npm publish --dry-run', '      - run: npm publish --dry-run\n'],
      ['cargo publish --dry-run', '      - run: cargo publish --dry-run\n'],
      ['goreleaser --snapshot', '      - run: goreleaser release --snapshot --clean\n'],
      ['a push to a registry on localhost', '      - run: docker push localhost:5000/app\n'],
      ['a release PR', '      - uses: vitejs/release-scripts/action/release-pr@v1\n'],
      ['release notes drafted', '      - uses: release-drafter/release-drafter@v6\n'],
      ['test results published', '      - uses: EnricoMi/publish-unit-test-result-action@v2\n'],
      ['a changesets version PR', '      - uses: changesets/action@v1\n'],
      ['echo of a command', '      - run: echo "run npm publish when ready"\n'],
    ])('%s is not a deploy', async (_name, steps) => {
      const rule = await ci({ '.github/workflows/ci.yml': TESTS, '.github/workflows/release.yml': workflow(ON_TAG, steps) });
      expect(rule.metrics.stages.deploy).toBe(false);
    });

    it('a script in another language is read for the commands it runs', async () => {
      const rule = await ci({
        'package.json': '{"scripts":{"release":"node scripts/release.js"}}',
        'scripts/release.js':
          'const { execSync } = require("child_process");\nfor (const p of PACKAGES) execSync(`yarn publish --tag ${tag}`, { cwd: p });\n',
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/release.yml': workflow(
          '{push: {branches: [release]}}',
          '      - run: yarn release --tag=next --non-interactive\n',
        ),
      });
      expect(rule.metrics.deploys).toEqual([expect.objectContaining({ kind: 'package', via: 'npm publish', trigger: 'automatic' })]);
    });

    it('pushing a release branch, or deleting a tag, is not a release; goreleaser only installed, or --skip-publish, publishes nothing', async () => {
      const rule = await ci({
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/proposal.yml': workflow(
          '[workflow_dispatch]',
          '      - run: |\n          BRANCH_NAME="release_proposal-$VERSION"\n          git checkout -b "$BRANCH_NAME"\n          git push origin "$BRANCH_NAME"\n      - run: git push --delete origin "v1.2.3"\n',
        ),
        '.github/workflows/local.yml': workflow(
          '[workflow_dispatch]',
          '      - uses: goreleaser/goreleaser-action@v6\n        with: {install-only: true}\n      - run: goreleaser release --clean --skip-publish\n',
        ),
      });
      expect(rule.metrics.stages.deploy).toBe(false);
      expect(rule.metrics.manualGates).toBe(0);
    });

    it('a command behind a script function or an unset guard variable still counts', async () => {
      const rule = await ci({
        'script/release': '#!/bin/bash\nannounce() { echo "$@"; "$@"; }\nannounce gh release create "$1" dist/*\n',
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/release.yml': workflow(
          ON_TAG,
          '      - run: script/release "$GITHUB_REF_NAME"\n      - run: ls dist | xargs $guard gh release upload "$GITHUB_REF_NAME" --\n',
        ),
      });
      expect(rule.metrics.deploys).toEqual([expect.objectContaining({ kind: 'release', via: 'gh release' })]);
    });

    it('publishing a package or an image builds it', async () => {
      const rule = await ci({
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/release.yml': workflow('{push: {branches: [main]}}', '      - uses: helm/chart-releaser-action@v1\n'),
      });
      expect(rule.metrics.stages).toEqual({ test: true, build: true, deploy: true });
    });

    it('a release through a reusable workflow of another repository counts, and is said to be unread', async () => {
      const rule = await ci({
        '.github/workflows/test.yml': workflow('[push]', '      - run: mvn -B clean test\n'),
        '.github/workflows/release.yml':
          'on:\n  workflow_dispatch:\n    inputs: {releaseVersion: {required: true}}\njobs:\n  call-release:\n    uses: clojure/build.ci/.github/workflows/release17.yml@master\n    secrets: inherit\n',
      });
      expect(rule.metrics).toMatchObject({ stages: { test: true, build: true, deploy: true }, manualGates: 1 });
      expect(rule.findings).toContainEqual(
        expect.objectContaining({ severity: 'info', message: expect.stringMatching(/another repository that is not read/) }),
      );
      expect(rule.score).toBe(8.5);
    });

    it('a deploy that runs only for pull requests is a preview, not a deploy', async () => {
      const rule = await ci({
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/preview.yml': workflow('[pull_request]', '      - run: npx netlify deploy --dir=dist\n'),
        '.github/workflows/image.yml': workflow(
          '[push, pull_request]',
          '      - run: docker push ghcr.io/acme/app:pr\n',
          "    if: github.event_name == 'pull_request'\n",
        ),
      });
      expect(rule.metrics.stages.deploy).toBe(false);
      expect(rule.metrics.notCounted).toEqual([
        expect.objectContaining({ path: '.github/workflows/image.yml', why: 'only for pull requests (a preview)' }),
        expect.objectContaining({ path: '.github/workflows/preview.yml', why: 'only for pull requests (a preview)' }),
      ]);
    });

    it('a local reusable workflow runs with the trigger of the workflow that calls it', async () => {
      const rule = await ci({
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/release.yml': `on: ${ON_TAG}\njobs:\n  call:\n    uses: ./.github/workflows/publish.yml\n    secrets: inherit\n`,
        '.github/workflows/publish.yml':
          'on: {workflow_call: {}}\njobs:\n  npm:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n',
        '.github/workflows/manual.yml': 'on: {workflow_dispatch: {}}\njobs:\n  call:\n    uses: ./.github/workflows/docker.yml\n',
        '.github/workflows/docker.yml':
          'on: {workflow_call: {}}\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker push ghcr.io/acme/app\n',
      });
      expect(rule.metrics.deploys).toEqual([
        expect.objectContaining({ path: '.github/workflows/docker.yml', trigger: 'manual' }),
        expect.objectContaining({ path: '.github/workflows/publish.yml', trigger: 'automatic' }),
      ]);
      expect(rule.metrics.manualGates).toBe(1);
    });

    it('pushing a version tag from a manual workflow is a gated release; a daily snapshot tag is not a release', async () => {
      const rule = await ci({
        '.github/workflows/tests.yml': workflow('[push]', '      - run: pytest\n'),
        '.github/workflows/release.yml':
          'on:\n  workflow_dispatch:\n    inputs: {version: {required: true}}\njobs:\n  release:\n    name: Release new version\n    runs-on: ubuntu-latest\n    steps:\n      - name: Tag and release\n        run: |\n          git tag ${GITHUB_EVENT_INPUTS_VERSION}\n          git push origin ${GITHUB_EVENT_INPUTS_VERSION}\n        env:\n          GITHUB_EVENT_INPUTS_VERSION: ${{ github.event.inputs.version }}\n',
        '.github/workflows/daily-tag.yml':
          'on:\n  schedule: [{cron: "0 2 * * *"}]\njobs:\n  daily-tag:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          TAG="daily-$(date +%Y.%m.%d)"\n          git tag $TAG\n          git push origin $TAG\n',
      });
      expect(rule.metrics).toMatchObject({ stages: { test: true, build: false, deploy: true }, manualGates: 1 });
      expect(rule.metrics.deploys).toEqual([
        expect.objectContaining({ path: '.github/workflows/release.yml', kind: 'tag', trigger: 'manual' }),
      ]);
      expect(rule.score).toBe(6.5);
    });

    it('for a library, publishing only its documentation site is not publishing the library', async () => {
      const rule = await ci({
        'package.json': '{"name":"lib","main":"index.js"}',
        '.github/workflows/ci.yml': TESTS,
        '.github/workflows/docs.yml': workflow(
          '{push: {branches: [main]}}',
          '      - run: npx vitepress build docs\n      - uses: actions/deploy-pages@v4\n',
        ),
      });
      expect(rule.metrics.stages.deploy).toBe(false);
      expect(rule.metrics).toMatchObject({ deployKinds: ['image', 'other', 'package', 'release', 'tag'] });
      expect(rule.findings).toContainEqual(
        expect.objectContaining({
          severity: 'warning',
          message:
            'The pipeline does not publish a package or release: for a library, publishing is its deploy (only its documentation site is deployed).',
        }),
      );
    });
  });

  describe('other CI systems are read the same way', () => {
    it('gitlab-ci: an environment alone is not a deploy, make targets are followed, merge-request-only deploys are previews', async () => {
      const rule = await ci({
        Makefile: 'test:\n\tpytest -q\n',
        '.gitlab-ci.yml':
          'stages: [test, deploy]\nunit:\n  stage: test\n  script: [make test]\nreview:\n  stage: deploy\n  environment: review/$CI_COMMIT_REF_NAME\n  script: [echo "review app"]\npreview:\n  stage: deploy\n  script: [npx netlify deploy]\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n',
      });
      expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
    });

    it('circleci: a job named deploy that only stores artifacts deploys and builds nothing', async () => {
      const rule = await ci({
        '.circleci/config.yml':
          'version: 2.1\njobs:\n  test:\n    steps: [checkout, {run: npm test}]\n  deploy:\n    steps:\n      - store_artifacts: {path: coverage}\nworkflows:\n  main:\n    jobs: [test, deploy]\n',
      });
      expect(rule.metrics.stages).toEqual({ test: true, build: false, deploy: false });
    });
  });
});
