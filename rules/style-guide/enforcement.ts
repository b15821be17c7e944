/**
 * What enforces a style: formatter and linter configurations the project keeps, build plugins
 * that check formatting, and formatters and linters its CI runs, directly or through make
 * targets, package scripts and scripts of the repository.
 */
import { basename, BUNDLED, isRecord, parseYaml } from '../../src/rule-kit/index.ts';
import type { RepoView, TreeEntry } from '../../src/types.ts';

interface ConfigTool {
  id: string;
  files: RegExp;
  /** For shared manifests, the tool counts only when this appears in the file. */
  content?: RegExp;
  /** The path must match too (a config.edn counts only under .clj-kondo/). */
  path?: RegExp;
}

/** Formatter and linter configurations, by file name. */
const CONFIGS: ConfigTool[] = [
  { id: 'editorconfig', files: /^\.editorconfig$/ },
  { id: 'eslint', files: /^(\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|cts|mts))$/ },
  { id: 'eslint', files: /^package\.json$/, content: /"eslintConfig"\s*:/ },
  { id: 'prettier', files: /^(\.prettierrc(\.(json|ya?ml|json5|js|cjs|mjs|toml))?|prettier\.config\.(js|cjs|mjs|ts))$/ },
  { id: 'prettier', files: /^package\.json$/, content: /"prettier"\s*:\s*[{"]/ },
  { id: 'standard', files: /^package\.json$/, content: /"standard"\s*:\s*\{/ },
  { id: 'xo', files: /^package\.json$/, content: /"xo"\s*:\s*\{/ },
  { id: 'biome', files: /^biome\.jsonc?$|^rome\.json$/ },
  { id: 'dprint', files: /^\.?dprint\.jsonc?$/ },
  { id: 'oxfmt', files: /^\.oxfmtrc\.jsonc?$/ },
  { id: 'oxlint', files: /^(\.oxlintrc\.jsonc?|oxlint\.jsonc?)$/ },
  { id: 'deno', files: /^deno\.jsonc?$/, content: /"(fmt|lint)"\s*:/ },
  { id: 'jshint', files: /^\.jshintrc$/ },
  { id: 'jscs', files: /^\.jscsrc$/ },
  { id: 'tslint', files: /^tslint\.json$/ },
  { id: 'stylelint', files: /^(\.stylelintrc(\.(json|ya?ml|js|cjs|mjs))?|stylelint\.config\.(js|cjs|mjs))$/ },
  { id: 'markdownlint', files: /^\.markdownlint(-cli2)?\.(jsonc?|ya?ml|cjs|mjs)$|^\.markdownlintrc$/ },
  { id: 'remark-lint', files: /^\.remarkrc(\.(json|ya?ml|js|cjs|mjs))?$/ },
  { id: 'textlint', files: /^\.textlintrc(\.(json|ya?ml|js|cjs))?$/ },
  { id: 'vale', files: /^\.vale\.ini$/ },
  { id: 'ruff', files: /^\.?ruff\.toml$/ },
  { id: 'ruff', files: /^pyproject\.toml$/, content: /^\[tool\.ruff[\].]/m },
  { id: 'black', files: /^pyproject\.toml$/, content: /^\[tool\.black\]/m },
  { id: 'isort', files: /^(\.isort\.cfg)$/ },
  { id: 'isort', files: /^pyproject\.toml$/, content: /^\[tool\.isort\]/m },
  { id: 'yapf', files: /^\.style\.yapf$/ },
  { id: 'yapf', files: /^pyproject\.toml$/, content: /^\[tool\.yapf\]/m },
  { id: 'yapf', files: /^setup\.cfg$/, content: /^\[yapf\]/m },
  { id: 'flake8', files: /^\.flake8$/ },
  { id: 'flake8', files: /^(setup\.cfg|tox\.ini)$/, content: /^\[flake8\]/m },
  { id: 'pycodestyle', files: /^(setup\.cfg|tox\.ini)$/, content: /^\[pycodestyle\]/m },
  { id: 'pylint', files: /^\.?pylintrc$/ },
  { id: 'pylint', files: /^pyproject\.toml$/, content: /^\[tool\.pylint/m },
  { id: 'rubocop', files: /^\.rubocop(_todo)?\.ya?ml$/ },
  { id: 'standardrb', files: /^\.standard\.ya?ml$/ },
  { id: 'golangci-lint', files: /^\.golangci\.(ya?ml|toml|json)$/ },
  { id: 'staticcheck', files: /^staticcheck\.conf$/ },
  { id: 'revive', files: /^revive\.toml$/ },
  { id: 'rustfmt', files: /^\.?rustfmt\.toml$/ },
  { id: 'clippy', files: /^\.?clippy\.toml$/ },
  { id: 'taplo', files: /^\.?taplo\.toml$/ },
  { id: 'clang-format', files: /^[._]clang-format$/ },
  { id: 'clang-tidy', files: /^\.clang-tidy$/ },
  { id: 'checkstyle', files: /^checkstyle[^/]*\.xml$/, path: /(^|\/)(config\/checkstyle\/)?checkstyle/ },
  { id: 'checkstyle', files: /^pom\.xml$/, content: /maven-checkstyle-plugin/ },
  { id: 'checkstyle', files: /^build\.gradle(\.kts)?$/, content: /\bid\s*\(?\s*["']checkstyle["']|apply\s+plugin:\s*["']checkstyle["']/ },
  { id: 'spring-javaformat', files: /^(pom\.xml|build\.gradle(\.kts)?)$/, content: /spring-javaformat|io\.spring\.javaformat/ },
  { id: 'google-java-format', files: /^(pom\.xml|build\.gradle(\.kts)?)$/, content: /fmt-maven-plugin|google-java-format/ },
  { id: 'pmd', files: /^(pom\.xml|build\.gradle(\.kts)?)$/, content: /maven-pmd-plugin|\bid\s*\(?\s*["']pmd["']/ },
  { id: 'spotless', files: /^(build\.gradle(\.kts)?|pom\.xml|settings\.gradle(\.kts)?)$/, content: /spotless/ },
  { id: 'ktlint', files: /^\.editorconfig$/, content: /ktlint_/ },
  { id: 'ktlint', files: /^build\.gradle(\.kts)?$/, content: /ktlint/ },
  { id: 'detekt', files: /^detekt[^/]*\.ya?ml$/ },
  { id: 'swiftlint', files: /^\.swiftlint\.ya?ml$/ },
  { id: 'swiftformat', files: /^\.swiftformat$/ },
  { id: 'swift-format', files: /^\.swift-format$/ },
  { id: 'scalafmt', files: /^\.scalafmt\.conf$/ },
  { id: 'php-cs-fixer', files: /^\.php-cs-fixer(\.dist)?\.php$/ },
  { id: 'phpcs', files: /^\.?phpcs\.xml(\.dist)?$/ },
  { id: 'mix-format', files: /^\.formatter\.exs$/ },
  { id: 'credo', files: /^\.credo\.exs$/ },
  { id: 'dart-analyzer', files: /^analysis_options\.ya?ml$/ },
  { id: 'clj-kondo', files: /^config\.edn$/, path: /(^|\/)\.clj-kondo\/config\.edn$/ },
  { id: 'cljfmt', files: /^\.?cljfmt\.edn$/ },
  { id: 'stylua', files: /^\.?stylua\.toml$/ },
  { id: 'luacheck', files: /^\.luacheckrc$/ },
  { id: 'perltidy', files: /^\.perltidyrc$/ },
  { id: 'perlcritic', files: /^\.perlcriticrc$/ },
  { id: 'sqlfluff', files: /^\.sqlfluff$/ },
  { id: 'shellcheck', files: /^\.shellcheckrc$/ },
  { id: 'hadolint', files: /^\.hadolint\.ya?ml$/ },
  { id: 'tflint', files: /^\.tflint\.hcl$/ },
  { id: 'yamllint', files: /^\.yamllint(\.ya?ml)?$/ },
  { id: 'pre-commit', files: /^\.pre-commit-config\.ya?ml$/ },
];

/** Every tool's file names in one expression: most files of a tree are no tool's, and one test says so. */
const ANY_CONFIG = new RegExp(CONFIGS.map((tool) => `(?:${tool.files.source})`).join('|'));

/** Formatters and linters by the command that runs them (or the CI action that does). */
const COMMANDS: Array<{ id: string; command: RegExp }> = [
  { id: 'gofmt', command: /\bgofmt\b|\bgo fmt\b|\bgofumpt\b/ },
  { id: 'goimports', command: /\bgoimports\b/ },
  { id: 'go-vet', command: /\bgo vet\b/ },
  { id: 'staticcheck', command: /\bstaticcheck\b/ },
  { id: 'golangci-lint', command: /\bgolangci-lint\b|golangci\/golangci-lint-action/ },
  { id: 'rustfmt', command: /\bcargo\s+(\+\S+\s+)?fmt\b|\brustfmt\b/ },
  { id: 'clippy', command: /\bcargo\s+(\+\S+\s+)?clippy\b|clippy-check|clippy-action/ },
  { id: 'black', command: /\bblack\s+(--check|--diff|\.|[\w./-]+\/)|python3? -m black\b|psf\/black\b/ },
  { id: 'ruff', command: /\bruff\b/ },
  { id: 'flake8', command: /\bflake8\b/ },
  { id: 'pylint', command: /\bpylint\b/ },
  { id: 'isort', command: /\bisort\b/ },
  { id: 'yapf', command: /\byapf\b/ },
  { id: 'pycodestyle', command: /\bpycodestyle\b/ },
  { id: 'rubocop', command: /\brubocop\b/ },
  { id: 'standardrb', command: /\bstandardrb\b/ },
  { id: 'eslint', command: /\beslint\b/ },
  { id: 'prettier', command: /\bprettier\b/ },
  { id: 'biome', command: /\bbiome\s+(ci|check|lint|format)\b|setup-biome/ },
  { id: 'oxlint', command: /\boxlint\b/ },
  { id: 'oxfmt', command: /\boxfmt\b/ },
  { id: 'dprint', command: /\bdprint\s+(check|fmt)\b|dprint\/check/ },
  { id: 'stylelint', command: /\bstylelint\b/ },
  { id: 'markdownlint', command: /\bmarkdownlint(-cli2?)?\b/ },
  { id: 'clang-format', command: /\bclang-format\b/ },
  { id: 'clang-tidy', command: /\bclang-tidy\b/ },
  { id: 'ktlint', command: /\bktlint/ },
  { id: 'detekt', command: /\bdetekt\b/ },
  { id: 'spotless', command: /\bspotless(Check|Apply|:check|:apply)\b/ },
  { id: 'checkstyle', command: /\bcheckstyle(Main|Test|:check)\b/ },
  { id: 'spring-javaformat', command: /spring-javaformat:(validate|apply)/ },
  { id: 'shellcheck', command: /\bshellcheck\b/ },
  { id: 'hadolint', command: /\bhadolint\b/ },
  { id: 'tflint', command: /\btflint\b/ },
  { id: 'terraform-fmt', command: /\b(terraform|tofu) fmt\b/ },
  { id: 'yamllint', command: /\byamllint\b/ },
  { id: 'chart-testing', command: /\bct lint\b/ },
  { id: 'helm-lint', command: /\bhelm lint\b/ },
  { id: 'swiftlint', command: /\bswiftlint\b/ },
  { id: 'swiftformat', command: /\bswiftformat\b/ },
  { id: 'scalafmt', command: /\bscalafmt/ },
  { id: 'php-cs-fixer', command: /php-cs-fixer/ },
  { id: 'phpcs', command: /\bphpcs\b/ },
  { id: 'mix-format', command: /\bmix format\b/ },
  { id: 'credo', command: /\bmix credo\b/ },
  { id: 'dart-analyzer', command: /\bdart (format|analyze)\b|\bflutter analyze\b/ },
  { id: 'deno', command: /\bdeno (fmt|lint)\b/ },
  { id: 'zig-fmt', command: /\bzig fmt\b/ },
  { id: 'stylua', command: /\bstylua\b/ },
  { id: 'vale', command: /\bvale\b/ },
];

/** CI configurations, at the places each system reads them. */
const CI_FILES =
  /^(\.github\/workflows\/[^/]+\.ya?ml|\.github\/actions\/.+\/action\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab\/ci\/.+\.ya?ml|\.circleci\/config\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|\.azure-pipelines\/.+\.ya?ml|bitbucket-pipelines\.ya?ml|\.buildkite\/.+\.ya?ml|\.drone\.ya?ml|\.woodpecker(\.ya?ml|\/.+\.ya?ml)|appveyor\.ya?ml|\.appveyor\.ya?ml|\.cirrus\.ya?ml|cloudbuild\.ya?ml|buildspec\.ya?ml|Jenkinsfile)$/;

/** Keys whose values describe rather than run (a step called "Run ESLint" runs nothing by itself). */
const NOT_RUN = new Set(['name', 'description', 'if', 'needs', 'runs-on', 'on', 'branches', 'paths', 'timeout-minutes', 'cron', 'types']);

function yamlCommands(value: unknown, out: string[], key = ''): void {
  if (NOT_RUN.has(key)) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) yamlCommands(item, out, key);
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) yamlCommands(v, out, k);
}

/** Shell text without its comment lines (a `# run gofmt` comment runs nothing). */
const uncommented = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');

interface Expander {
  repo: RepoView;
  byPath: ReadonlySet<string>;
  reads: number;
  seen: Set<string>;
  scripts: Record<string, string> | null;
}

const MAX_READS = 60;

async function read(ex: Expander, path: string): Promise<string | null> {
  if (ex.reads >= MAX_READS || !ex.byPath.has(path)) return null;
  ex.reads++;
  return ex.repo.readText(path);
}

/** Recipes of make targets (and, one level at a time, of their prerequisites). */
function makeRecipes(makefile: string, targets: readonly string[]): string[] {
  const rules = new Map<string, { prereqs: string[]; recipe: string[] }>();
  let current: { prereqs: string[]; recipe: string[] }[] = [];
  let first: string | null = null;
  for (const line of makefile.split('\n')) {
    if (line.startsWith('\t')) {
      for (const rule of current) rule.recipe.push(line.slice(1));
      continue;
    }
    const m = /^([\w.%/-]+(?:[ \t]+[\w.%/-]+)*)[ \t]*::?(?![=])[ \t]*([^=#;]*)/.exec(line);
    if (!m) {
      if (line.trim() && !/^\s*#/.test(line)) current = [];
      continue;
    }
    const names = m[1]!.split(/\s+/);
    current = names.map((name) => {
      const rule = rules.get(name) ?? { prereqs: [], recipe: [] };
      rule.prereqs.push(...m[2]!.trim().split(/\s+/).filter(Boolean));
      rules.set(name, rule);
      if (first === null && !name.startsWith('.')) first = name;
      return rule;
    });
  }
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, depth: number) => {
    const rule = rules.get(name);
    if (!rule || done.has(name) || depth > 3) return;
    done.add(name);
    out.push(...rule.recipe);
    for (const p of rule.prereqs) visit(p, depth + 1);
  };
  for (const t of targets.length ? targets : first ? [first] : []) visit(t, 0);
  return out;
}

/** The commands a command line stands for: itself, plus what its make targets, package scripts and repository scripts run. */
async function expand(ex: Expander, text: string, depth: number): Promise<string> {
  const parts = [text];
  if (depth >= 4) return text;
  for (const m of text.matchAll(/(?:^|[\s;&|(])(?:\$\(MAKE\)|\$\{MAKE\}|g?make)((?:[ \t]+[^\s;&|)]+)*)/g)) {
    const tokens = m[1]!.trim().split(/\s+/).filter(Boolean);
    let dir = '';
    const targets: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t === '-C' || t === '-f' || t === '--directory') dir = tokens[++i] ?? '';
      else if (t.startsWith('-') || t.includes('=')) continue;
      else if (/^[\w.%/-]+$/.test(t)) targets.push(t);
    }
    const folder = dir.replace(/^\.\/?/, '').replace(/\/$/, '');
    const key = `make:${folder}:${targets.join(' ')}`;
    if (ex.seen.has(key)) continue;
    ex.seen.add(key);
    for (const name of ['Makefile', 'makefile', 'GNUmakefile']) {
      const makefile = await read(ex, folder ? `${folder}/${name}` : name);
      if (makefile === null) continue;
      parts.push(await expand(ex, uncommented(makeRecipes(makefile, targets).join('\n')), depth + 1));
      break;
    }
  }
  for (const m of text.matchAll(/\b(?:npm|pnpm|bun)\s+(?:run(?:-script)?\s+)?([\w:.-]+)|\byarn\s+(?:run\s+)?([\w:.-]+)/g)) {
    const name = m[1] ?? m[2]!;
    if (ex.seen.has(`script:${name}`)) continue;
    ex.seen.add(`script:${name}`);
    if (ex.scripts === null) {
      const manifest = await read(ex, 'package.json');
      try {
        const parsed: unknown = manifest ? JSON.parse(manifest) : null;
        ex.scripts = isRecord(parsed) && isRecord(parsed.scripts) ? (parsed.scripts as Record<string, string>) : {};
      } catch {
        ex.scripts = {};
      }
    }
    const script = ex.scripts[name];
    if (typeof script === 'string') parts.push(await expand(ex, script, depth + 1));
  }
  for (const m of text.matchAll(
    /(?:^|[\s"'=(;&|])(?:\$\(CURDIR\)\/|\$\{?[A-Za-z_]+\}?\/|\.\/)?((?:[\w.-]+\/)*[\w.-]+\.(?:sh|bash|py|rb|js|mjs|ts|pl)|(?:script|scripts|bin|hack|tools?|ci)\/[\w.-]+)(?=$|[\s"';)&|])/gm,
  )) {
    const path = m[1]!;
    if (ex.seen.has(`file:${path}`)) continue;
    ex.seen.add(`file:${path}`);
    const body = await read(ex, path);
    if (body !== null) parts.push(await expand(ex, uncommented(body), depth + 1));
  }
  return parts.join('\n');
}

function toolsIn(text: string): string[] {
  return COMMANDS.filter((c) => c.command.test(text)).map((c) => c.id);
}

export interface Enforcement {
  /** Sorted ids of every tool found: configurations, build plugins, pre-commit hooks and CI commands. */
  tools: string[];
  /** Sorted ids of the tools CI runs. */
  inCi: string[];
}

/** What enforces the project's style (files in bundled third-party folders left out). */
export async function findEnforcement(repo: RepoView, files: readonly TreeEntry[]): Promise<Enforcement> {
  const found = new Set<string>();
  const own = files.filter((e) => e.kind !== 'submodule' && !BUNDLED.test(e.path));
  for (const entry of own) {
    const name = basename(entry.path);
    if (!ANY_CONFIG.test(name)) continue;
    for (const tool of CONFIGS) {
      if (found.has(tool.id) || !tool.files.test(name) || (tool.path && !tool.path.test(entry.path))) continue;
      if (tool.content) {
        const text = await repo.readText(entry.path);
        if (text === null || !tool.content.test(text)) continue;
      }
      found.add(tool.id);
    }
  }
  // pre-commit hooks name the formatters they run (ruff, black, terraform_fmt, tflint …)
  for (const entry of own.filter((e) => /^\.pre-commit-config\.ya?ml$/.test(e.path))) {
    const text = (await repo.readText(entry.path)) ?? '';
    const ids = [...text.matchAll(/^\s*-?\s*id:\s*["']?([\w.-]+)/gm)].map((m) => m[1]!.replace(/[_-]/g, ' '));
    for (const id of toolsIn(ids.join('\n'))) found.add(id);
    for (const id of ids) if (COMMANDS.some((c) => c.id === id)) found.add(id);
  }
  const ex: Expander = { repo, byPath: new Set(files.map((e) => e.path)), reads: 0, seen: new Set(), scripts: null };
  const inCi = new Set<string>();
  for (const entry of own.filter((e) => CI_FILES.test(e.path))) {
    const text = await repo.readText(entry.path);
    if (text === null) continue;
    const commands: string[] = [];
    if (/Jenkinsfile$/.test(entry.path)) commands.push(text);
    else {
      const parsed = parseYaml(text);
      for (const doc of parsed.docs) yamlCommands(doc, commands);
    }
    const expanded = await expand(ex, commands.join('\n'), 0);
    for (const id of toolsIn(expanded)) inCi.add(id);
  }
  for (const id of inCi) found.add(id);
  return { tools: [...found].sort(), inCi: [...inCi].sort() };
}
