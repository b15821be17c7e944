/**
 * What a CI step does, from the commands it runs and the actions it calls: whether it runs tests,
 * builds an artifact, or deploys or publishes something (and what). Make targets, package
 * scripts, Rake, just and Task recipes, repository scripts and local composite actions are
 * followed into the files that define them; names of jobs and steps are never read.
 */
import { asArray, basename, extname, isRecord, parseYaml } from '../../src/rule-kit/index.ts';
import { step as makeStep, type CiStep } from './providers.ts';

/** What a deploy puts where. */
export type DeployKind = 'package' | 'image' | 'release' | 'tag' | 'pages' | 'cloud' | 'cluster' | 'other';

export interface Hit {
  stage: 'test' | 'build' | 'deploy';
  /** The command or action that does it, in a few words (`npm publish`, `docker/build-push-action`). */
  via: string;
  kind?: DeployKind;
  /** A dry run, or a push to a test registry or one on localhost. */
  rehearsal?: boolean;
  /** An extra condition the deploy runs under (build-push-action's `push: ${{ … }}`). */
  condition?: string;
  /** A preview deploy (a Netlify draft, a Firebase preview channel), not the real one. */
  preview?: boolean;
}

export interface StepReading {
  hits: Hit[];
  /** The step makes a throwaway Kubernetes cluster inside CI (Kind, minikube, k3d). */
  ephemeralCluster: boolean;
  /** The step tears down what Terraform or OpenTofu made (`terraform destroy`). */
  destroys: boolean;
  /** Tags made with `git tag` (shared by the steps of a job), so that pushing one is a tag push. */
  tags: Set<string>;
}

/** Reads a repository file as text (null when missing or unreadable). */
export type ReadFile = (path: string) => Promise<string | null>;

interface Context {
  read: ReadFile;
  cwd: string;
  env: Record<string, string>;
  depth: number;
  seen: Set<string>;
  out: StepReading;
}

const MAX_DEPTH = 4;

// --- Shell ------------------------------------------------------------------------------------

/** Drops a trailing `# comment` that is not inside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Splits a line into simple commands at `&&`, `||`, `;` and `|`, outside quotes and `$( )`. */
function splitCommands(line: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let depth = 0;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      current += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '$' && line[i + 1] === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0 && (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&'))) {
      out.push(current);
      current = '';
      if ((c === '|' || c === '&') && line[i + 1] === c) i++;
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.map((c) => c.trim()).filter(Boolean);
}

/** The simple commands of a shell script, in order. */
export function shellCommands(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .flatMap((line) => splitCommands(stripComment(line)));
}

const ASSIGNMENT = /^([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)\s*/;
const PREFIXES = [
  /^(if|then|else|elif|do|while|until|!|\{|\}|\(+|time|sudo(\s+-\w+)*|exec|nohup|command|builtin|eval)\s+/,
  /^env(\s+-\w+)*\s+/,
  /^xvfb-run(\s+-\S+)*\s+/,
  /^timeout(\s+-\S+)*\s+\S+\s+/,
  /^xargs(\s+-\S+)*\s+/,
  // An unset variable in front of a command is a wrapper ($guard gh release create, for a dry run).
  /^\$\{?\w+\}?\s+(?=(gh|npm|pnpm|yarn|git|docker|cargo|go|make|helm|kubectl|twine|gem|goreleaser)\s)/,
  /^(npx|bunx)(\s+-\S+)*\s+/,
  /^(pnpm|yarn)\s+(exec|dlx)(\s+-\S+)*\s+/,
  /^bundle\s+exec\s+/,
  /^(uv|poetry|pipenv|pdm|rye)\s+run(\s+(--(group|extra|with|with-requirements|python|package|project|directory|env-file|index|only-group|no-group)|-p)\s+\S+|\s+--?[\w-]+(=\S+)?)*\s+/,
  // A tool called by its installed path: node_modules/.bin/karma, vendor/bin/phpunit.
  /^(\.\/)?(node_modules\/\.bin|vendor\/bin)\//,
];
/** Words that do nothing we classify: output, tests of the shell, file juggling. */
const INERT =
  /^(echo|printf|cat|true|false|:|test|\[|\[\[|set|unset|shift|exit|return|local|declare|read|sleep|mkdir|rm|cp|mv|ls|chmod|chown|grep|sed|awk|tee|which|type|source|\.|fi|done|esac|\)|\}|trap|wait|pushd|popd|ln|touch|tar|unzip|curl|wget|git\s+(config|fetch|checkout|clone|status|diff|log|rev-parse|describe|add|commit)\b)(\s|$)/;

/** The command with its environment assignments and wrappers (sudo, npx, bundle exec …) taken off. */
function normalize(command: string, env: Record<string, string>): string {
  // `${{ env.CARGO }} test` and `$CARGO test` run what the variable holds, when the workflow says.
  let c = command
    .trim()
    .replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (whole, name: string) => env[name] ?? whole)
    .replace(/^\$\{?(\w+)\}?(?=\s|$)/, (whole, name: string) => env[name] ?? whole)
    .replace(/^\(+/, '')
    .replace(/\)+$/, '')
    .trim();
  for (let changed = true; changed; ) {
    changed = false;
    const assignment = ASSIGNMENT.exec(c);
    if (assignment && c.length > assignment[0].length) {
      c = c.slice(assignment[0].length);
      changed = true;
    }
    for (const prefix of PREFIXES) {
      const m = prefix.exec(c);
      if (m && c.length > m[0].length) {
        c = c.slice(m[0].length);
        changed = true;
      }
    }
  }
  // Remember VAR=value and export VAR=value, to read `git push origin $TAG` later.
  const bare = /^(?:export\s+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)$/.exec(c);
  if (bare) {
    env[bare[1]!] = bare[2]!.replace(/^["']|["']$/g, '');
    return '';
  }
  return c;
}

// --- Known tools --------------------------------------------------------------------------------

const REHEARSAL =
  /--dry-?run\b|\s--check\b|--snapshot\b|--skip[= ]?publish|--skip-publish|--no-publish|\btest\.pypi\.org|(--repository|-r)[= ](testpypi|test-pypi)\b|\blocalhost[:/]|\b127\.0\.0\.1\b/i;

type Rule = [RegExp, (m: RegExpExecArray, command: string) => Hit[]];
const test = (via: string): Hit[] => [{ stage: 'test', via }];
const build = (via: string): Hit[] => [{ stage: 'build', via }];
const deploy = (kind: DeployKind, via: string, command = ''): Hit[] => [
  { stage: 'deploy', kind, via, ...(REHEARSAL.test(command) ? { rehearsal: true } : {}) },
];

/** Maven goals: the lifecycle runs the tests (unless skipped) before package, install and deploy. */
function maven(_m: RegExpExecArray, command: string): Hit[] {
  const goals = command
    .split(/\s+/)
    .slice(1)
    .filter((w) => !w.startsWith('-'));
  const skip = /-DskipTests|-Dmaven\.test\.skip=true/.test(command);
  const hits: Hit[] = [];
  if (!skip && goals.some((g) => /^(test|verify|install|package|deploy|integration-test)$/.test(g))) hits.push(...test('mvn test'));
  if (goals.some((g) => /^(package|install|verify|deploy|jib:build|jib:dockerBuild|spring-boot:build-image)$/.test(g)))
    hits.push(...build('mvn package'));
  if (goals.some((g) => /^(deploy|release:perform|central-publishing:publish|nexus-staging:deploy|deploy:deploy)$/.test(g)))
    hits.push(...deploy('package', 'mvn deploy', command));
  if (goals.includes('jib:build')) hits.push(...deploy('image', 'jib', command));
  return hits;
}

/** Gradle tasks (`:module:task` counts as `task`): build runs check, which runs the tests. */
function gradle(_m: RegExpExecArray, command: string): Hit[] {
  const words = command.split(/\s+/).slice(1);
  const excluded = new Set(words.flatMap((w, i) => (w === '-x' || w === '--exclude-task' ? [words[i + 1]?.replace(/^.*:/, '')] : [])));
  const tasks = words
    .filter((w, i) => !w.startsWith('-') && words[i - 1] !== '-x' && words[i - 1] !== '--exclude-task')
    .map((w) => w.replace(/^.*:/, ''));
  const hits: Hit[] = [];
  if (!excluded.has('test') && tasks.some((t) => /^(test|check|build|allTests|\w+Tests?|connected\w*Check|\w*UnitTest)$/.test(t)))
    hits.push(...test('gradle test'));
  if (
    tasks.some(
      (t) =>
        /^(build|assemble\w*|jar|\w+Jar|bundle\w*|distZip|distTar|installDist|publish\w*|jibDockerBuild|bootBuildImage)$/.test(t) &&
        t !== 'publishToMavenLocal',
    )
  )
    hits.push(...build('gradle build'));
  if (
    tasks.some(
      (t) =>
        /^(publish\w*|uploadArchives|closeAndReleaseRepository|closeAndReleaseSonatypeStagingRepository|releaseRepository)$/.test(t) &&
        !/ToMavenLocal$/.test(t),
    )
  )
    hits.push(...deploy('package', 'gradle publish', command));
  if (tasks.includes('jib')) hits.push(...deploy('image', 'jib', command));
  return hits;
}

/** `goreleaser` releases unless told to build only, check, or make a snapshot. */
function goreleaser(command: string): Hit[] {
  const sub = command.split(/\s+/)[1] ?? '';
  if (/^(check|healthcheck|init|jsonschema|completion|man|--version|-v)$/.test(sub)) return [];
  if (sub === 'build') return build('goreleaser');
  return [...build('goreleaser'), ...deploy('release', 'goreleaser', command)];
}

/**
 * `git push` of a version tag: a literal version (v1.2.3, refs/tags/…), `--tags`, or a variable
 * whose name or value says it is a version. A date-stamped snapshot tag is not a release.
 */
function gitPush(command: string, env: Record<string, string>, tags: ReadonlySet<string>): Hit[] {
  const all = command.split(/\s+/).slice(2);
  if (all.some((a) => a === '--delete' || a === '-d' || a.startsWith(':'))) return [];
  const args = all.filter((a) => !a.startsWith('-') || a === '--tags' || a === '--follow-tags');
  if (args.includes('--tags') || args.includes('--follow-tags')) return deploy('tag', 'git push tag', command);
  // Only a ref that is a tag: one the job made with `git tag`, or spelled refs/tags/….
  const refs = args.slice(1).filter((r) => tags.has(r.replace(/^["']|["']$/g, '')) || /^["']?refs\/tags\//.test(r));
  const version = (value: string): boolean =>
    /^(refs\/tags\/)?v?\d+\.\d+/.test(value) || /\bversion\b|_VERSION\b|VERSION_|\bVERSION\b|inputs\.version|\.version\b/i.test(value);
  for (const quoted of refs) {
    const ref = quoted.replace(/^["']|["']$/g, '').replace(/^refs\/tags\//, '');
    const variable = /^\$\{?(\w+)\}?$/.exec(ref)?.[1];
    const value = variable ? (env[variable] ?? '') : ref;
    if (variable ? /version/i.test(variable) || version(value) : version(ref)) return deploy('tag', 'git push tag', command);
  }
  return [];
}

const TOOLS: Rule[] = [
  // Tests
  [/^(py\.test|pytest)\b|^python[\d.]*\s+-m\s+(pytest|unittest|nose2?)\b/, () => test('pytest')],
  [/^python[\d.]*\s+-m\s+(tox|nox)\b|^(tox|nox)\b/, () => test('tox')],
  [/^hatch\s+(test|run\s+\S*test)/, () => test('hatch test')],
  [
    /^(jest|vitest|mocha|jasmine|ava|tap|tape|uvu|c8|nyc|wdio|testcafe|cucumber(-js)?|rspec|minitest|phpunit|pest|codecept|behave|robot|bats|prove|ctest|gotestsum|ginkgo|testem|qunit|web-test-runner|wtr|karma|mocha-headless-chrome|mochify|zuul|airtap)\b/,
    (m) => test(m[1]!),
  ],
  [/^(bin\/)?(rspec|rails\s+(test|spec))\b|^ruby\b.*(-I\s*test\b|\btest\/\S+_test\.rb)/, () => test('rails test')],
  [/^playwright\s+test\b|^cypress\s+run\b|^node\s+(--test|\S*test\S*\.m?js)\b/, (m) => test(m[0].split(/\s+/)[0]!)],
  [/^(go|richgo)\s+test\b/, () => test('go test')],
  [
    /^cargo\s+(\+\S+\s+)?(test|nextest|miri\s+test|llvm-cov|tarpaulin)\b|^cargo\s+(\+\S+\s+)?hack\b.*\btest\b|^cross\s+test\b/,
    () => test('cargo test'),
  ],
  [/^(\.\/)?mvnw?(\.cmd)?\b/, maven],
  [/^(\.\/)?gradlew?(\.bat)?\b/, gradle],
  [/^sbt\b.*\b(test|testOnly|it:test)\b/, () => test('sbt test')],
  [/^lein\s+(test|midje|kaocha)\b|^(clojure|clj)\b.*-[XMA]:?[\w:-]*test/, () => test('clojure test')],
  [/^dotnet\s+test\b|^vstest/, () => test('dotnet test')],
  [
    /^(swift|mix|deno|bun|meson|flutter|dart|stack|cabal)\s+test\b|^zig\s+build\s+test\b|^(bazel|bazelisk)\s+test\b|^xcodebuild\b.*\btest\b/,
    (m) => test(`${m[0].split(/\s+/)[0]} test`),
  ],
  [/^mdbook\s+test\b/, () => test('mdbook test')],
  [/^helm\s+(unittest|test)\b|^ct\s+install\b/, () => test('helm test')],
  [/^(terraform|tofu)\s+(-chdir=\S+\s+)?test\b/, () => test('terraform test')],
  [/^R\s+CMD\s+check\b|^Rscript\b.*(testthat|test_check|devtools::test)/, () => test('R check')],
  [/^dune\s+(test|runtest)\b|^julia\b.*Pkg\.test/, (m) => test(m[0].split(/\s+/)[0]!)],
  [/^(turbo|nx|lerna)\s+(run(-many)?\s+|affected\s+)?(.*\s)?(-t\s+|--target[= ])?test\b/, (m) => test(`${m[1]} test`)],
  // Builds
  [/^go\s+build\b/, () => build('go build')],
  [
    /^cargo\s+(\+\S+\s+)?(build|package|zigbuild|dist|auditable\s+build)\b|^cross\s+build\b|^wasm-pack\s+build\b|^maturin\s+build\b|^cibuildwheel\b/,
    (m) => build(m[0].includes('cross') ? 'cross build' : 'cargo build'),
  ],
  [/^tsc\b(?!.*--noEmit)/, () => build('tsc')],
  [
    /^(webpack|rollup|esbuild|parcel|tsup|unbuild|ncc|microbundle|rspack|rolldown|electron-builder|pyinstaller|hugo|sphinx-build|ant)\b/,
    (m) => build(m[1]!),
  ],
  [
    /^(vite|vitepress|next|nuxt|ng|astro|gatsby|svelte-kit|remix|docusaurus|mdbook|jekyll|mkdocs|zola|swift|zig|flutter|nix|helm|cmake|meson|bazel|bazelisk|gem)\s+(build|compile|package)\b/,
    (m) => build(`${m[1]} build`),
  ],
  [/^cmake\b.*--build\b|^ninja\b|^(cc|gcc|g\+\+|clang|clang\+\+|\$\(CC\)|\$\{CC\}|\$CC|\$\(CXX\))\s/, () => build('compile')],
  [
    /^python[\d.]*\s+-m\s+build\b|^(uv|hatch|poetry|pdm|flit|rye)\s+build\b|^python[\d.]*\s+setup\.py\b.*\b(sdist|bdist_wheel|bdist|build)\b/,
    () => build('python build'),
  ],
  [/^(dotnet)\s+(build|publish|pack)\b|^msbuild\b/, () => build('dotnet build')],
  [
    /^sbt\b.*\b(package|assembly|publish\w*)\b/,
    (_m, c) => [
      ...build('sbt package'),
      ...(/\b(publish|publishSigned|ci-release|sonatypeBundleRelease)\b/.test(c) && !/publishLocal/.test(c)
        ? deploy('package', 'sbt publish', c)
        : []),
    ],
  ],
  [
    /^lein\s+(uberjar|jar|install|deploy)\b/,
    (m, c) => [...build('lein jar'), ...(m[1] === 'deploy' ? deploy('package', 'lein deploy', c) : [])],
  ],
  [/^mix\s+(compile|release|escript\.build)\b/, () => build('mix compile')],
  [/^xcodebuild\b(?!.*\btest\b)/, () => build('xcodebuild')],
  [/^npm\s+pack\b|^cr\s+package\b/, (m) => build(m[0])],
  [
    /^(docker|podman)\s+(buildx\s+)?(build|bake)\b|^buildah\s+(bud|build)\b|^(docker-compose|docker\s+compose)\b.*\bbuild\b|^(\/kaniko\/)?executor\b/,
    (m, c) => [
      ...build(m[0].startsWith('buildah') ? 'buildah build' : 'docker build'),
      ...(/\s--push\b/.test(c) || (/executor\b/.test(m[0]) && !/--no-push/.test(c)) ? deploy('image', 'docker push', c) : []),
    ],
  ],
  [
    /^ko\s+(build|publish|resolve|apply)\b/,
    (m, c) => [...build('ko build'), ...(/--local\b|\s-L\b|--push=false/.test(c) || m[1] === 'resolve' ? [] : deploy('image', 'ko', c))],
  ],
  [/^goreleaser\b/, (_m, c) => goreleaser(c)],
  // Publishes
  [
    /^(npm|pnpm|bun)\s+publish\b|^yarn\s+(npm\s+)?publish\b|^changeset\s+publish\b|^lerna\s+publish\b|^jsr\s+publish\b|^deno\s+publish\b/,
    (m, c) =>
      deploy('package', m[0].startsWith('changeset') ? 'changeset publish' : m[0].startsWith('lerna') ? 'lerna publish' : 'npm publish', c),
  ],
  [/^cargo\s+(\+\S+\s+)?publish\b|^cargo\s+release\b.*--execute/, (_m, c) => deploy('package', 'cargo publish', c)],
  [
    /^twine\s+upload\b|^(uv|poetry|hatch|flit|pdm|rye)\s+publish\b|^maturin\s+(publish|upload)\b/,
    (m, c) => deploy('package', m[0].startsWith('twine') ? 'twine upload' : `${m[0].split(/\s+/)[0]} publish`, c),
  ],
  [/^gem\s+push\b/, (_m, c) => deploy('package', 'gem push', c)],
  [/^(dotnet\s+)?nuget\s+push\b/, (_m, c) => deploy('package', 'nuget push', c)],
  [/^helm\s+push\b|^cr\s+upload\b/, (_m, c) => deploy('package', 'helm push', c)],
  [
    /^mix\s+hex\.publish\b|^(dart|flutter)\s+pub\s+publish\b|^(vsce|ovsx)\s+publish\b|^buf\s+push\b|^conan\s+upload\b|^jreleaser\s+(full-release|deploy|release|publish)\b/,
    (m, c) => deploy('package', m[0], c),
  ],
  [
    /^(docker|podman|buildah)\s+(image\s+)?push\b|^(docker-compose|docker\s+compose)\b.*\bpush\b|^(crane|gcrane)\s+(push|copy|cp|append)\b|^skopeo\s+copy\b|^oras\s+push\b/,
    (_m, c) => deploy('image', 'docker push', c),
  ],
  [/^(gh|hub)\s+release\s+(create|upload|edit\b.*--draft=false)\b|^ghr\b/, (_m, c) => deploy('release', 'gh release', c)],
  [/^semantic-release\b|^release-it\b|^auto\s+shipit\b/, (m, c) => deploy('release', m[0].split(/\s+/)[0]!, c)],
  [
    /^mkdocs\s+gh-deploy\b|^mike\s+deploy\b.*(--push|\s-p\b)|^gh-pages\b|^ghp-import\b.*(\s-p\b|--push)/,
    (m, c) => deploy('pages', m[0].split(/\s+/)[0]!, c),
  ],
  // Deploys to clusters and clouds
  [
    /^kubectl\s+((?:-\S+\s+)*)(apply|replace|set\s+image|rollout\s+restart|create\s+(?:-f|--filename))\b/,
    (m, c) => deploy('cluster', `kubectl ${m[2]!.split(/\s+/)[0]}`, c),
  ],
  [/^helm(file)?\s+((?:-\S+\s+)*)(upgrade|install|sync|apply)\b/, (m, c) => deploy('cluster', `helm ${m[3]}`, c)],
  [/^argocd\s+app\s+sync\b|^skaffold\s+(run|deploy)\b|^flux\s+reconcile\b/, (m, c) => deploy('cluster', m[0], c)],
  [
    /^(terraform|tofu|terragrunt)\s+(-chdir=\S+\s+)?(run-all\s+)?apply\b|^pulumi\s+up\b|^cdktf\s+deploy\b/,
    (m, c) => deploy('cloud', m[0].startsWith('pulumi') ? 'pulumi up' : 'terraform apply', c),
  ],
  // Netlify and Vercel make a preview unless told --prod.
  [
    /^(netlify|vercel)\b(.*\bdeploy\b|.*--prod\b)/,
    (m, c) =>
      /--prod\b/.test(c)
        ? deploy('cloud', `${m[1]} deploy`, c)
        : [{ stage: 'deploy', kind: 'cloud', via: `${m[1]} deploy`, preview: true }],
  ],
  [
    /^(cdk|sam|sls|serverless|firebase|fly|flyctl|eb|wrangler|copilot|kamal|railway|cap|mina|dokku|surge|zappa)\s+(.*\s)?(deploy|up|publish)\b|^heroku\s+(container:release|releases:)/,
    (m, c) => deploy('cloud', `${m[1] ?? 'heroku'} deploy`, c),
  ],
  [
    /^aws\s+(ecs\s+update-service|lambda\s+update-function-code|cloudformation\s+(deploy|update-stack|create-stack)|deploy\s+create-deployment|elasticbeanstalk\s+update-environment|s3\s+(sync|cp)\b.*\ss3:\/\/)/,
    (m, c) => deploy('cloud', `aws ${m[1]!.split(/\s+/)[0]}`, c),
  ],
  [
    /^gcloud\s+(run|app|functions)\s+deploy\b|^gcloud\s+run\s+services\s+update\b|^az\s+(webapp\s+(deploy|up)|containerapp\s+update|functionapp\s+deployment|deployment\s+group\s+create)\b|^nomad\s+(job\s+)?run\b|^ansible-playbook\b/,
    (m, c) => deploy('cloud', m[0].split(/\s+/).slice(0, 2).join(' '), c),
  ],
];

// --- Following make, package scripts, task runners and scripts -----------------------------------

/** Lower-case words of a name: publishCI → publish, ci; run-tests.sh → run, tests, sh. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.replace(/\d+$/, ''));
}
const TEST_WORD =
  /^(tests?|e2e|specs?|(unit|rich|ci|run|smoke|integ|integration|go|py|e2e|all|full|quick|race|acc|sys|func|functional|int)tests?)$/;
/** `make check` is GNU's name for running the test suite; check-docs and check-style are not tests. */
const isTestName = (name: string, checkToo = false) => words(name).some((w) => TEST_WORD.test(w)) || (checkToo && name === 'check');
const isDeployName = (name: string) => words(name).some((w) => w === 'deploy' || w === 'publish');
const isBuildName = (name: string) =>
  /^(all|install|release|static|default|bin|binaries)$/.test(name) || words(name).some((w) => /^(build|dist|compile|package)$/.test(w));

/** Hits an entry point gives by its name alone (`make test`, `script/deploy`, `npm run e2e`). */
function byName(name: string, via: string, checkToo = false): Hit[] {
  const hits: Hit[] = [];
  if (isTestName(name, checkToo)) hits.push(...test(via));
  if (isDeployName(name)) hits.push(...deploy('other', via));
  return hits;
}

/** A path inside the repository from a working folder, or null when it leaves the repository or uses a variable. */
function join(cwd: string, path: string): string | null {
  if (path.startsWith('/') || path.includes('$')) return null;
  const out: string[] = [];
  for (const part of `${cwd}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/') || '.';
}

interface MakeRule {
  deps: string[];
  recipe: string[];
}
interface Makefile {
  rules: Map<string, MakeRule>;
  vars: Map<string, string>;
  first: string | null;
}

function parseMakefile(source: string): Makefile {
  const rules = new Map<string, MakeRule>();
  const vars = new Map<string, string>([['MAKE', 'make']]);
  let first: string | null = null;
  let current: MakeRule[] = [];
  for (const line of source.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    if (line.startsWith('\t')) {
      const recipe = line.trim().replace(/^[@+-]+/, '');
      for (const rule of current) rule.recipe.push(recipe);
      continue;
    }
    const variable = /^\s*(?:export\s+|override\s+)?([A-Za-z_][\w.]*)\s*(\?|:|::|\+|!)?=\s*(.*)$/.exec(line);
    if (variable) {
      if (!vars.has(variable[1]!) || variable[2] !== '?') vars.set(variable[1]!, variable[3]!.trim());
      current = [];
      continue;
    }
    const rule = /^([^\s:#=][^:#=]*?)\s*::?(?!=)\s*([^;#]*)(?:;\s*(.*))?$/.exec(line);
    if (rule && !/^\s*(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|define|endef)\b/.test(line)) {
      const targets = rule[1]!.trim().split(/\s+/);
      const deps = rule[2]!.trim().split(/\s+/).filter(Boolean);
      current = targets.map((t) => {
        const existing = rules.get(t) ?? { deps: [], recipe: [] };
        existing.deps.push(...deps);
        if (rule[3]) existing.recipe.push(rule[3]);
        rules.set(t, existing);
        return existing;
      });
      first ??= targets.find((t) => !t.startsWith('.') && !t.includes('%') && !t.includes('$')) ?? null;
      continue;
    }
    if (line.trim() && !line.startsWith('#')) current = [];
  }
  return { rules, vars, first };
}

function expand(text: string, vars: Map<string, string>, target: string): string {
  let out = text.replace(/\$@/g, target);
  for (let i = 0; i < 3; i++) out = out.replace(/\$[({]([A-Za-z_][\w.]*)[)}]/g, (whole, name: string) => vars.get(name) ?? whole);
  return out;
}

async function followMake(args: string[], ctx: Context): Promise<Hit[]> {
  let dir = ctx.cwd;
  let file: string | null = null;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C' || a === '--directory') dir = join(dir, args[++i] ?? '') ?? dir;
    else if (a.startsWith('--directory=')) dir = join(dir, a.slice(12)) ?? dir;
    else if (/^-C\S/.test(a)) dir = join(dir, a.slice(2)) ?? dir;
    else if (a === '-f' || a === '--file') file = args[++i] ?? null;
    else if (a === '-j' || a === '-l' || a === '-o' || a === '-W') i++;
    else if (a.startsWith('-') || a.includes('=')) continue;
    else targets.push(a);
  }
  const hits: Hit[] = [];
  let makefile: Makefile | null = null;
  let makefileDir = dir;
  for (const name of file ? [file] : ['GNUmakefile', 'makefile', 'Makefile']) {
    const path = join(dir, name);
    const source = path ? await ctx.read(path) : null;
    if (source !== null) {
      makefile = parseMakefile(source);
      makefileDir = dir;
      break;
    }
  }
  const wanted = targets.length ? targets : [makefile?.first ?? 'all'];
  // all, build and install compile the project by every Makefile's convention, and so does the
  // default goal of a Makefile that is not in the repository (made by ./configure).
  if ((!targets.length && !makefile) || wanted.some((t) => isBuildName(t))) hits.push(...build('make'));
  for (const target of wanted) {
    hits.push(...byName(target, `make ${target}`, true));
    if (makefile) hits.push(...(await makeTarget(makefile, makefileDir, target, ctx, 0)));
  }
  return hits;
}

async function makeTarget(makefile: Makefile, dir: string, target: string, ctx: Context, level: number): Promise<Hit[]> {
  const key = `make:${dir}:${target}`;
  if (ctx.seen.has(key) || level > 6) return [];
  ctx.seen.add(key);
  const rule = makefile.rules.get(target) ?? makefile.rules.get('.DEFAULT') ?? null;
  if (!rule) return [];
  const hits: Hit[] = [];
  for (const dep of rule.deps) hits.push(...(await makeTarget(makefile, dir, expand(dep, makefile.vars, target), ctx, level + 1)));
  const recipe = rule.recipe.map((line) => expand(line, makefile.vars, target)).join('\n');
  hits.push(...(await classifyScript(recipe, { ...ctx, cwd: dir, depth: ctx.depth + 1 })));
  return hits;
}

const NPM_BUILTINS = new Set([
  'install',
  'i',
  'ci',
  'add',
  'remove',
  'rm',
  'uninstall',
  'update',
  'up',
  'upgrade',
  'audit',
  'outdated',
  'why',
  'list',
  'ls',
  'info',
  'view',
  'config',
  'set',
  'cache',
  'init',
  'create',
  'link',
  'unlink',
  'dedupe',
  'prune',
  'rebuild',
  'fetch',
  'store',
  'import',
  'patch',
  'licenses',
  'constraints',
  'plugin',
  'version',
  'bin',
  'global',
  'pm',
  'x',
  'env',
  'setup',
  'approve-builds',
  'login',
  'whoami',
  'exec',
  'dlx',
  'npm',
  'workspaces',
  'workspace',
  'install-test',
  'doctor',
  'help',
]);

/** npm, yarn, pnpm and bun: scripts from package.json, followed; `test` and `publish` by themselves. */
async function followPackageManager(tool: string, args: string[], ctx: Context, command: string): Promise<Hit[]> {
  let dir = ctx.cwd;
  const rest: string[] = [];
  let recursive = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--prefix' || a === '-C' || a === '--dir' || a === '--cwd') dir = join(dir, args[++i] ?? '') ?? dir;
    else if (/^--(prefix|dir|cwd)=/.test(a)) dir = join(dir, a.replace(/^--\w+=/, '')) ?? dir;
    else if (a === '--filter' || a === '-F' || a === '-w' || a === '--workspace') {
      i++;
      recursive = true;
    } else if (a === '-r' || a === '--recursive' || a === '--workspaces' || a === '-ws') recursive = true;
    else if (a.startsWith('-')) continue;
    else rest.push(a);
  }
  let [sub = '', script = ''] = rest;
  if (tool === 'yarn' && (sub === 'workspaces' || sub === 'workspace')) {
    recursive = true;
    const run = rest.indexOf('run');
    script = rest[run + 1] ?? rest[rest.length - 1] ?? '';
    sub = 'run';
  }
  if (sub === 'publish') return deploy('package', 'npm publish', command);
  if (sub === 'pack') return build('npm pack');
  if (tool === 'pnpm' && sub === 'deploy') return build('pnpm deploy');
  if (tool === 'bun' && sub === 'test') return test('bun test');
  if (tool === 'bun' && sub === 'build') return build('bun build');
  let name: string;
  if (sub === 'run' || sub === 'run-script') name = script;
  else if (['test', 't', 'tst'].includes(sub)) name = 'test';
  else if (sub === 'start' || sub === 'stop' || sub === 'restart') name = sub;
  else if (tool !== 'npm' && sub && !NPM_BUILTINS.has(sub)) name = sub;
  else return [];
  if (!name) return [];
  const hits: Hit[] = [];
  const via = `${tool} ${name === 'test' ? 'test' : `run ${name}`}`;
  const path = join(dir, 'package.json');
  const source = !recursive && path ? await ctx.read(path) : null;
  let body: string | null = null;
  if (source !== null) {
    try {
      const json = JSON.parse(source) as { scripts?: Record<string, unknown> };
      const value = json.scripts?.[name];
      body = typeof value === 'string' ? value : null;
    } catch {
      body = null;
    }
  }
  if (body !== null && !ctx.seen.has(`npm:${dir}:${name}`)) {
    ctx.seen.add(`npm:${dir}:${name}`);
    hits.push(...(await classifyScript(body, { ...ctx, cwd: dir, depth: ctx.depth + 1 })));
    if (isTestName(name) && !hits.some((h) => h.stage === 'test')) hits.push(...test(via));
  } else {
    hits.push(...byName(name, via));
    if (/^build(:|$)/.test(name)) hits.push(...build(via));
  }
  return hits;
}

/** `rake` and `bundle exec rake`: the named tasks, or the Rakefile's default task. */
async function followRake(args: string[], ctx: Context, command: string): Promise<Hit[]> {
  let tasks = args.filter((a) => !a.startsWith('-') && !a.includes('='));
  if (!tasks.length) {
    const source = (await ctx.read(join(ctx.cwd, 'Rakefile') ?? 'Rakefile')) ?? '';
    const m = /\btask\s*\(?\s*(?:default:|:default\s*=>)\s*(%[iw][[(]([^\])]*)[\])]|\[([^\]]*)\]|:?["']?([\w:]+)["']?)/.exec(source);
    tasks = m
      ? (m[2] ?? m[3] ?? m[4] ?? '')
          .split(/[\s,]+/)
          .map((t) => t.replace(/^:|["']/g, ''))
          .filter(Boolean)
      : [];
  }
  const hits: Hit[] = [];
  for (const task of tasks) {
    hits.push(...byName(task, `rake ${task}`));
    // Bundler's gem tasks: `rake build` packs the gem, `rake release` pushes it to RubyGems.
    if (/^(build|install)(:|$)/.test(task)) hits.push(...build(`rake ${task}`));
    if (/^(release|push)(:|$)/.test(task)) hits.push(...deploy('package', `rake ${task}`, command));
  }
  return hits;
}

/** `just <recipe>` and `task <name>` (go-task): the recipe's lines, or its name. */
async function followRecipe(tool: 'just' | 'task', name: string, ctx: Context): Promise<Hit[]> {
  const hits: Hit[] = byName(name, `${tool} ${name}`);
  const candidates = tool === 'just' ? ['justfile', 'Justfile', '.justfile'] : ['Taskfile.yml', 'Taskfile.yaml', 'taskfile.yml'];
  for (const file of candidates) {
    const path = join(ctx.cwd, file);
    const source = path ? await ctx.read(path) : null;
    if (source === null) continue;
    let body = '';
    if (tool === 'just') {
      const lines = source.split(/\r?\n/);
      const start = lines.findIndex((l) => new RegExp(`^@?${name.replace(/[^\w-]/g, '')}(\\s[^:]*)?:`).test(l));
      if (start >= 0)
        for (let i = start + 1; i < lines.length && /^\s+\S/.test(lines[i]!); i++) body += `${lines[i]!.trim().replace(/^@/, '')}\n`;
    } else {
      const doc = parseYaml(source).docs[0];
      const task = isRecord(doc) && isRecord(doc.tasks) ? doc.tasks[name] : undefined;
      body = asArray(isRecord(task) ? task.cmds : task)
        .map((c) => (typeof c === 'string' ? c : isRecord(c) && typeof c.cmd === 'string' ? c.cmd : ''))
        .join('\n');
    }
    hits.push(...(await classifyScript(body, { ...ctx, depth: ctx.depth + 1 })));
    break;
  }
  return hits;
}

const INTERPRETER = /^(bash|sh|zsh|dash|pwsh|powershell|python[\d.]*|node|ruby|perl|tclsh|tsx|ts-node|deno\s+run|bun(\s+run)?)\s+/;

/** A repository script run by path (`./runtest`, `script/test`, `bash ci/build.sh`). */
async function followScript(command: string, ctx: Context): Promise<Hit[] | null> {
  let rest = command;
  const interpreter = INTERPRETER.exec(rest);
  if (interpreter) rest = rest.slice(interpreter[0].length).replace(/^(-\S+\s+)*/, '');
  const target = rest.split(/\s+/)[0] ?? '';
  if (!(target.includes('/') || (interpreter && /\.\w+$/.test(target))) || /^(https?:|\$)/.test(target)) return null;
  const path = join(ctx.cwd, target);
  if (!path) return null;
  const name = basename(path).replace(/\.[^.]+$/, '');
  const hits: Hit[] = byName(name, target);
  if (ctx.seen.has(`script:${path}`)) return hits;
  ctx.seen.add(`script:${path}`);
  const source = await ctx.read(path);
  // A script that is not in the repository is judged by its name alone; a release script then
  // counts as a deploy too. One that is read is judged by what it runs.
  if (source === null)
    return words(name).includes('release') && !hits.some((h) => h.stage === 'deploy') ? [...hits, ...deploy('other', target)] : hits;
  const shell = ['', '.sh', '.bash'].includes(extname(path)) && (!/^#!/.test(source) || /^#!.*\b(ba|z|da)?sh\b/.test(source));
  if (shell) hits.push(...(await classifyScript(source, { ...ctx, cwd: ctx.cwd, depth: ctx.depth + 1 })));
  else {
    // A script in another language runs commands given as strings (execSync(`yarn publish --tag ${tag}`)).
    for (const literal of source.matchAll(
      /(["'`])((?:npm|pnpm|yarn|bun|npx|cargo|go|docker|twine|gem|gh|git|mvn|\.\/gradlew|gradle|helm|kubectl|pytest|python|make)\s[^"'`\n]*)\1/g,
    )) {
      hits.push(...(await classifyCommand(literal[2]!, { ...ctx, depth: ctx.depth + 1, env: { ...ctx.env } })));
    }
  }
  return hits;
}

/** Classifies one simple command, following what it calls. */
async function classifyCommand(raw: string, ctx: Context): Promise<Hit[]> {
  const command = normalize(raw, ctx.env);
  if (!command || INERT.test(command)) return [];
  const cd = /^cd\s+(\S+)$/.exec(command);
  if (cd) {
    ctx.cwd = join(ctx.cwd, cd[1]!.replace(/^["']|["']$/g, '')) ?? ctx.cwd;
    return [];
  }
  const out: Hit[] = [];
  if (/^(kind\s+create\s+cluster|minikube\s+start|k3d\s+cluster\s+create|ctlptl\s+create|microk8s\b)/.test(command))
    ctx.out.ephemeralCluster = true;
  if (/^(terraform|tofu|terragrunt)\s+(.*\s)?destroy\b|^pulumi\s+destroy\b/.test(command)) ctx.out.destroys = true;
  if (/^git\s+tag\b/.test(command)) {
    const args = command.split(/\s+/).slice(2);
    const name = args.find((a, i) => !a.startsWith('-') && !/^-[mFu]$|^--(message|file|local-user)$/.test(args[i - 1] ?? ''));
    if (name && !/^-(l|d|v)$|^--(list|delete|verify)$/.test(args[0] ?? '')) ctx.out.tags.add(name.replace(/^["']|["']$/g, ''));
    return [];
  }
  if (/^git\s+push\b/.test(command)) return gitPush(command, ctx.env, ctx.out.tags);
  for (const [pattern, hit] of TOOLS) {
    const m = pattern.exec(command);
    if (m) out.push(...hit(m, command));
  }
  if (out.length || ctx.depth >= MAX_DEPTH) return out;
  const argv = command.split(/\s+/);
  const head = argv[0]!;
  if (/^(make|gmake|\$\(MAKE\)|\$\{MAKE\})$/.test(head)) return followMake(argv.slice(1), ctx);
  if (/^(npm|yarn|pnpm|bun)$/.test(head)) return followPackageManager(head, argv.slice(1), ctx, command);
  if (/^(bin\/)?rake$/.test(head)) return followRake(argv.slice(1), ctx, command);
  if (head === 'just' || head === 'task') return argv[1] && !argv[1].startsWith('-') ? followRecipe(head, argv[1], ctx) : [];
  return (await followScript(command, ctx)) ?? [];
}

async function classifyScript(script: string, ctx: Context): Promise<Hit[]> {
  if (ctx.depth > MAX_DEPTH) return [];
  const local = { ...ctx, env: { ...ctx.env } };
  // The script's own functions (announce() { echo "$@"; "$@"; }) wrap the commands given to them.
  const functions = [...script.matchAll(/^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{?/gm)].map((m) => m[1]!);
  const wrapper = functions.length ? new RegExp(`^(${functions.map((f) => f.replace(/[^\w-]/g, '')).join('|')})\\s+`) : null;
  const hits: Hit[] = [];
  for (const command of shellCommands(script))
    hits.push(...(await classifyCommand(wrapper ? command.replace(wrapper, '') : command, local)));
  return hits;
}

// --- Actions, orbs, pipes, tasks and images --------------------------------------------------------

const truthy = (value: string | undefined) => value !== undefined && value !== '' && !/^(false|0|no)$/i.test(value.trim());
/** The expression inside `${{ … }}`, to use as a condition; null for a literal. */
const expression = (value: string | undefined) => /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(value ?? '')?.[1]?.trim() ?? null;

/** Push to a registry when the input says so; its condition when it is an expression. */
function pushInput(value: string | undefined, via: string, withs: Record<string, string>): Hit[] {
  if (!truthy(value)) return [];
  const condition = expression(value);
  const rehearsal = REHEARSAL.test(`${withs.tags ?? ''} ${withs.registry ?? ''}`);
  return [{ stage: 'deploy', kind: 'image', via, ...(rehearsal ? { rehearsal } : {}), ...(condition ? { condition } : {}) }];
}

type Known = (withs: Record<string, string>, ref: string) => Hit[] | Promise<Hit[]>;
const KNOWN: Array<[prefix: string, read: Known]> = [
  ['docker/build-push-action', (w) => [...build('docker/build-push-action'), ...pushInput(w.push, 'docker/build-push-action', w)]],
  ['docker/bake-action', (w) => [...build('docker/bake-action'), ...pushInput(w.push, 'docker/bake-action', w)]],
  [
    'mr-smithers-excellent/docker-build-push',
    (w) => [...build('docker build'), ...pushInput(w.pushImage ?? 'true', 'mr-smithers-excellent/docker-build-push', w)],
  ],
  ['redhat-actions/buildah-build', () => build('buildah build')],
  ['redhat-actions/push-to-registry', (_w, r) => deploy('image', r)],
  ['hashicorp/actions-go-build', () => build('hashicorp/actions-go-build')],
  ['hashicorp/actions-docker-build', () => build('hashicorp/actions-docker-build')],
  ['hashicorp/actions-packaging-linux', () => build('hashicorp/actions-packaging-linux')],
  ['pypa/cibuildwheel', () => build('cibuildwheel')],
  ['crazy-max/ghaction-xgo', () => build('xgo')],
  ['tauri-apps/tauri-action', (w, r) => [...build(r), ...(w.tagName || w.releaseId ? deploy('release', r) : [])]],
  ['pypa/gh-action-pypi-publish', (w, r) => deploy('package', r, `${w['repository-url'] ?? ''} ${w.repository_url ?? ''}`)],
  ['rubygems/release-gem', (_w, r) => deploy('package', r)],
  ['js-devtools/npm-publish', (w, r) => deploy('package', r, w.registry ?? '')],
  ['changesets/action', (w, r) => (w.publish ? deploy('package', r) : [])],
  ['googleapis/release-please-action', (_w, r) => deploy('release', r)],
  ['google-github-actions/release-please-action', (_w, r) => deploy('release', r)],
  ['cycjimmy/semantic-release-action', (w, r) => deploy('release', r, truthy(w.dry_run) ? '--dry-run' : '')],
  ['codfish/semantic-release-action', (w, r) => deploy('release', r, truthy(w['dry-run']) ? '--dry-run' : '')],
  ['softprops/action-gh-release', (_w, r) => deploy('release', r)],
  ['ncipollo/release-action', (_w, r) => deploy('release', r)],
  ['actions/create-release', (_w, r) => deploy('release', r)],
  ['actions/upload-release-asset', (_w, r) => deploy('release', r)],
  ['svenstaro/upload-release-action', (_w, r) => deploy('release', r)],
  ['marvinpinto/action-automatic-releases', (_w, r) => deploy('release', r)],
  ['goreleaser/goreleaser-action', (w) => (truthy(w['install-only']) ? [] : goreleaser(`goreleaser ${w.args ?? 'release'}`))],
  ['helm/chart-releaser-action', (_w, r) => deploy('package', r)],
  ['bufbuild/buf-push-action', (_w, r) => deploy('package', r)],
  ['mislav/bump-homebrew-formula-action', (_w, r) => deploy('release', r)],
  ['dawidd6/action-homebrew-bump-formula', (_w, r) => deploy('release', r)],
  ['actions/deploy-pages', (_w, r) => deploy('pages', r)],
  ['peaceiris/actions-gh-pages', (_w, r) => deploy('pages', r)],
  ['jamesives/github-pages-deploy-action', (_w, r) => deploy('pages', r)],
  ['crazy-max/ghaction-github-pages', (_w, r) => deploy('pages', r)],
  // Without channelId: live, Firebase deploys to a preview channel.
  [
    'firebaseextended/action-hosting-deploy',
    (w, r) => (w.channelId === 'live' ? deploy('cloud', r) : [{ stage: 'deploy', kind: 'cloud', via: r, preview: true }]),
  ],
  [
    'nwtgck/actions-netlify',
    (w, r) => (truthy(w['production-deploy']) ? deploy('cloud', r) : [{ stage: 'deploy', kind: 'cloud', via: r, preview: true }]),
  ],
  [
    'amondnet/vercel-action',
    (w, r) => (/--prod\b/.test(w['vercel-args'] ?? '') ? deploy('cloud', r) : [{ stage: 'deploy', kind: 'cloud', via: r, preview: true }]),
  ],
  // Azure Pipelines tasks (the version after @ is dropped).
  ...[
    'azurewebapp',
    'azurermwebappdeployment',
    'azurefunctionapp',
    'azurecontainerapps',
    'azurestaticwebapp',
    'azureresourcemanagertemplatedeployment',
    'sqlazuredacpacdeployment',
  ].map((prefix): [string, Known] => [prefix, (_w, r) => deploy('cloud', r)]),
  ['kubernetesmanifest', (w, r) => (!w.action || w.action === 'deploy' ? deploy('cluster', r) : [])],
  ['publishtestresults', () => test('PublishTestResults')],
  ['vstest', () => test('VSTest')],
  ...['publishbuildartifacts', 'publishpipelineartifact', 'publishcodecoverageresults'].map((prefix): [string, Known] => [
    prefix,
    () => [],
  ]),
  ['azure/k8s-deploy', (_w, r) => deploy('cluster', r)],
  ['pulumi/actions', (w, r) => (w.command === 'up' ? deploy('cloud', r) : [])],
  ['cloudflare/wrangler-action', (w, r) => (/\b(deploy|publish)\b/.test(w.command ?? 'deploy') ? deploy('cloud', r, w.command ?? '') : [])],
  ['superfly/flyctl-actions', (w, r) => (/\bdeploy\b/.test(w.args ?? '') ? deploy('cloud', r) : [])],
  ...[
    'aws-actions/amazon-ecs-deploy-task-definition',
    'aws-actions/aws-cloudformation-github-deploy',
    'aws-actions/aws-codebuild-run-build',
    'google-github-actions/deploy-cloudrun',
    'google-github-actions/deploy-appengine',
    'google-github-actions/deploy-cloud-functions',
    'azure/webapps-deploy',
    'azure/functions-action',
    'azure/container-apps-deploy-action',
    'azure/static-web-apps-deploy',
    'azure/arm-deploy',
    'cloudflare/pages-action',
    'akhileshns/heroku-deploy',
    'appleboy/ssh-action',
    'appleboy/scp-action',
    'easingthemes/ssh-deploy',
    'hashicorp/tfc-workflows-github/actions/apply-run',
  ].map((prefix): [string, Known] => [prefix, (_w, r) => deploy('cloud', r)]),
  // These publish or release nothing, whatever their names say.
  ...[
    'release-drafter/release-drafter',
    'enricomi/publish-unit-test-result-action',
    'actions/upload-artifact',
    'actions/upload-pages-artifact',
    'actions/cache',
    'peter-evans/create-pull-request',
    'mikepenz/release-changelog-builder-action',
  ].map((prefix): [string, Known] => [prefix, () => []]),
  // Systems' own markers (see providers.ts).
  ['circleci:store_test_results', () => test('store_test_results')],
  ['codebuild:reports', () => test('reports')],
  ['travis:default-test-script', () => test('default test script')],
  ['cloudbuild:images', () => [...build('images'), ...deploy('image', 'images')]],
  ['plugins/docker', (_w, r) => [...build(r), ...deploy('image', r)]],
  ['plugins/ecr', (_w, r) => [...build(r), ...deploy('image', r)]],
  ['plugins/gcr', (_w, r) => [...build(r), ...deploy('image', r)]],
  ['plugins/acr', (_w, r) => [...build(r), ...deploy('image', r)]],
  ['buildah', (_w, r) => [...build(r), ...deploy('image', r)]],
  ['kaniko', (_w, r) => [...build(r), ...deploy('image', r)]],
];
const EPHEMERAL_CLUSTER =
  /^(helm\/kind-action|engineerd\/setup-kind|container-tools\/kind-action|medyagh\/setup-minikube|manusa\/actions-setup-minikube|absaoss\/k3d-action|nolar\/setup-k3d-k3s|debianmaster\/actions-k3s|jupyterhub\/action-k3s-helm)\b/;
/** Words in an unknown unit's own name that mean it reports, drafts, proposes or sets up, not ships. */
const NOT_SHIPPING = new Set([
  'pr',
  'prs',
  'pull',
  'request',
  'proposal',
  'drafter',
  'draft',
  'notes',
  'changelog',
  'test',
  'tests',
  'result',
  'results',
  'report',
  'reports',
  'label',
  'labeler',
  'description',
  'setup',
  'install',
  'download',
  'check',
  'lint',
  'validate',
  'verify',
  'dry',
  'preview',
  'comment',
  'metadata',
  'coverage',
  'docs',
]);

/** A unit we do not know, judged by its own name (the last part of its path), never by the job's. */
function unknownUnit(ref: string): Hit[] {
  const path = ref.replace(/^docker:\/\//, '').replace(/[:@].*$/, '');
  const parts = path.split('/');
  const own = parts.length > 2 ? parts[parts.length - 1]! : (parts[1] ?? parts[0]!);
  const w = words(own.replace(/\.ya?ml$/, ''));
  const hits: Hit[] = [];
  if (w.some((x) => TEST_WORD.test(x)) && !w.some((x) => /^(results?|reports?|coverage|setup)$/.test(x))) hits.push(...test(ref));
  if (w.includes('build') && !w.includes('setup')) hits.push(...build(ref));
  if (w.some((x) => x === 'deploy' || x === 'publish' || x === 'release' || x === 'releases') && !w.some((x) => NOT_SHIPPING.has(x)))
    hits.push(...deploy('other', ref));
  return hits;
}

/** Inputs that hold a shell command line for the action to run (android-emulator-runner's `script`). */
const SHELL_INPUTS = ['run', 'script', 'command', 'commands', 'cmd', 'runCmd', 'shell-script'];

async function classifyUnit(ref: string, st: CiStep, ctx: Context): Promise<Hit[]> {
  const bare = ref.replace(/@[^@]*$/, '');
  const lower = bare.toLowerCase();
  if (EPHEMERAL_CLUSTER.test(lower)) ctx.out.ephemeralCluster = true;
  if (bare.startsWith('./') || bare.startsWith('../')) return classifyLocalAction(bare, st, ctx);
  const hits: Hit[] = [];
  for (const key of SHELL_INPUTS)
    if (st.with[key] && !lower.startsWith('actions/github-script')) hits.push(...(await classifyScript(st.with[key]!, ctx)));
  const known = KNOWN.find(([prefix]) => lower === prefix || lower.startsWith(`${prefix}/`) || lower.startsWith(`${prefix}@`));
  if (known) return [...hits, ...(await known[1](st.with, bare))];
  return [...hits, ...unknownUnit(bare)];
}

/** A composite action in the repository: its steps are the step's. */
async function classifyLocalAction(ref: string, st: CiStep, ctx: Context): Promise<Hit[]> {
  const dir = join('', ref);
  if (dir === null || ctx.depth >= MAX_DEPTH) return [];
  const key = `action:${dir}`;
  if (ctx.seen.has(key)) return [];
  ctx.seen.add(key);
  for (const file of ['action.yml', 'action.yaml']) {
    const source = await ctx.read(`${dir}/${file}`);
    if (source === null) continue;
    const doc = parseYaml(source).docs[0];
    const runs = isRecord(doc) && isRecord(doc.runs) ? doc.runs : {};
    if (runs.using !== 'composite') return unknownUnit(ref);
    const hits: Hit[] = [];
    for (const s of asArray(runs.steps).filter(isRecord)) {
      const inner = makeStep({
        run: typeof s.run === 'string' ? s.run : '',
        uses: typeof s.uses === 'string' ? s.uses : '',
        with: Object.fromEntries(Object.entries(isRecord(s.with) ? s.with : {}).map(([k, v]) => [k, String(v)])),
        env: st.env,
        cwd: typeof s['working-directory'] === 'string' ? s['working-directory'] : st.cwd,
      });
      hits.push(...(await classifyStepIn(inner, { ...ctx, depth: ctx.depth + 1 })));
    }
    return hits;
  }
  return unknownUnit(ref);
}

async function classifyStepIn(st: CiStep, ctx: Context): Promise<Hit[]> {
  const hits: Hit[] = [];
  if (st.run) hits.push(...(await classifyScript(st.run, { ...ctx, cwd: st.cwd || ctx.cwd, env: { ...st.env } })));
  if (st.uses) hits.push(...(await classifyUnit(st.uses, st, { ...ctx, env: { ...st.env } })));
  return hits;
}

/** What one step does, following the files it calls. */
export async function readStep(st: CiStep, read: ReadFile, tags = new Set<string>()): Promise<StepReading> {
  const out: StepReading = { hits: [], ephemeralCluster: false, destroys: false, tags };
  const ctx: Context = { read, cwd: st.cwd, env: { ...st.env }, depth: 0, seen: new Set(), out };
  out.hits = await classifyStepIn(st, ctx);
  return out;
}
