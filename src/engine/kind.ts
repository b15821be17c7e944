import type { ProjectKind, RepoView, TreeEntry } from '../types.ts';
import { basename, extname } from '../util/paths.ts';
import { isOutsideOwnCode } from '../util/project-paths.ts';

export interface DetectedKind {
  kind: ProjectKind | null;
  /** What the kind was told from, one short phrase each (paths named). */
  evidence: string[];
}

/** Files that put a running deployment of the project somewhere: a service. */
const DEPLOY_FILES =
  /^(Procfile|app\.ya?ml|fly\.toml|render\.ya?ml|vercel\.json|netlify\.toml|railway\.(json|toml)|app\.json|\.platform\.app\.yaml|skaffold\.ya?ml|tilt_config\.json|Tiltfile|appspec\.ya?ml|cloudbuild\.ya?ml|firebase\.json|wrangler\.toml|amplify\.ya?ml|now\.json|zeabur\.json|docker-compose(\.[\w-]+)?\.ya?ml|compose(\.[\w-]+)?\.ya?ml)$/;
const CONTAINER_FILE = /^(Dockerfile|Containerfile)(\.[\w-]+)?$|\.Dockerfile$/;
const IAC_FILE = /\.(tf|tofu|bicep)$|(^|\/)(Chart\.ya?ml|kustomization\.ya?ml|Pulumi\.ya?ml|cdk\.json|serverless\.ya?ml)$/;
const PROSE = new Set(['.md', '.markdown', '.mdx', '.rst', '.adoc', '.asciidoc', '.txt', '.textile', '.org']);
const DOCS_SITE =
  /^(book\.toml|mkdocs\.ya?ml|docusaurus\.config\.(js|ts|mjs)|_config\.yml|hugo\.(toml|ya?ml)|config\.toml|antora\.yml|conf\.py|\.vitepress|mint\.json|docs\.json)$/;
const CODE = new Set([
  '.rs',
  '.go',
  '.py',
  '.js',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.jsx',
  '.rb',
  '.java',
  '.kt',
  '.scala',
  '.c',
  '.h',
  '.cc',
  '.cpp',
  '.hpp',
  '.cs',
  '.fs',
  '.swift',
  '.m',
  '.php',
  '.ex',
  '.exs',
  '.erl',
  '.clj',
  '.cljs',
  '.hs',
  '.ml',
  '.lua',
  '.dart',
  '.vue',
  '.svelte',
  '.zig',
  '.nim',
  '.r',
  '.jl',
  '.pl',
  '.sh',
]);
/** Folders of a developer's machine or CI, not of a deployment. */
const DEV_ONLY = /(^|\/)(\.devcontainer|\.github|\.circleci|\.gitlab|\.vscode|cypress|playwright|dev-docs|\.buildkite)\//;
/** A hosting config that publishes documentation (a docs site), not the project running. */
const DOCS_DEPLOY = /(publish|base|outputDirectory|buildCommand|command)\s*["']?\s*[:=]\s*["'][^"'\n]*\b(docs?|website|site|book)\b/i;
const MANIFEST =
  /^(package\.json|Cargo\.toml|go\.mod|pyproject\.toml|setup\.py|setup\.cfg|[^/]+\.gemspec|Gemfile|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|build\.sbt|mix\.exs|composer\.json|[^/]+\.csproj|[^/]+\.sln|Package\.swift|pubspec\.yaml|deps\.edn|project\.clj|rebar\.config|stack\.yaml|[^/]+\.cabal|dune-project|Makefile|CMakeLists\.txt|meson\.build|configure(\.ac)?|BUILD(\.bazel)?|WORKSPACE)$/;

function top(entries: readonly TreeEntry[]): TreeEntry[] {
  return entries.filter((e) => !e.path.includes('/'));
}

/**
 * What kind of project the repository holds, from evidence in its files, so that rules that do
 * not apply (infrastructure as code for a library) are skipped rather than failed. In order:
 * - infrastructure: IaC files (Terraform, Helm charts, Kustomize, Pulumi, CDK, Bicep) make up at
 *   least half of the project's own non-prose files;
 * - docs: a documentation-site generator at the top and prose making up most files, or prose alone;
 * - service: files that deploy it somewhere (Procfile, fly.toml, vercel.json, compose files …) or a
 *   container file at the top, or IaC of its own beside the code;
 * - cli: a package manifest that installs a command (package.json `bin`, a Rust binary without a
 *   library, a Go `main` package at the top or under cmd/, Python console scripts);
 * - library: any other package manifest or build system;
 * - null when none of these holds: every rule then applies.
 * Test data, fixtures, examples and docs folders are not the project's own (see project-paths.ts).
 */
export async function detectKind(view: RepoView): Promise<DetectedKind> {
  const files = (await view.files()).filter((e) => e.kind === 'file');
  const own = files.filter((e) => !isOutsideOwnCode(e.path));
  const roots = top(files);
  const names = new Set(roots.map((e) => e.path));

  const prose = files.filter((e) => PROSE.has(extname(e.path)));
  const nonProse = own.filter((e) => !PROSE.has(extname(e.path)) && !basename(e.path).startsWith('.'));
  const iac = own.filter((e) => IAC_FILE.test(e.path) || /(^|\/)charts?\/[^/]+\/templates\//.test(e.path));
  if (iac.length >= 3 && iac.length * 2 >= nonProse.length) {
    return { kind: 'infrastructure', evidence: [`${iac.length} of ${nonProse.length} of its own files are infrastructure as code`] };
  }
  const site = roots.find((e) => DOCS_SITE.test(e.path));
  const ownCode = own.filter((e) => CODE.has(extname(e.path)));
  if ((site && prose.length >= ownCode.length) || (files.length >= 3 && prose.length * 10 >= files.length * 8)) {
    return {
      kind: 'docs',
      evidence: [
        site
          ? `${site.path}, and ${prose.length} prose files against ${ownCode.length} of code`
          : `${prose.length} of ${files.length} files are prose`,
      ],
    };
  }
  const shallow = (e: TreeEntry) => e.path.split('/').length <= 2 && !DEV_ONLY.test(e.path);
  const deploy: TreeEntry[] = [];
  for (const e of own.filter((x) => DEPLOY_FILES.test(basename(x.path)) && shallow(x))) {
    if (/^(netlify\.toml|vercel\.json|now\.json)$/.test(basename(e.path)) && DOCS_DEPLOY.test((await view.readText(e.path)) ?? ''))
      continue;
    deploy.push(e);
  }
  if (deploy.length) return { kind: 'service', evidence: deploy.slice(0, 3).map((e) => e.path) };
  if (iac.length) return { kind: 'service', evidence: [`infrastructure as code of its own (${iac[0]!.path})`] };
  // A command shipped as a container image too (terraform, prometheus) is still a command.
  const command = await commandEvidence(view, names, own);
  if (command) return { kind: 'cli', evidence: [command] };
  const container = own.filter((e) => CONTAINER_FILE.test(basename(e.path)) && !e.path.includes('/'));
  if (container.length) return { kind: 'service', evidence: container.slice(0, 3).map((e) => e.path) };
  const manifests = own.filter((e) => MANIFEST.test(basename(e.path)) && e.path.split('/').length <= 2);
  if (manifests.length) return { kind: 'library', evidence: manifests.slice(0, 3).map((e) => e.path) };
  return { kind: null, evidence: [] };
}

async function commandEvidence(view: RepoView, names: ReadonlySet<string>, own: readonly TreeEntry[]): Promise<string | null> {
  // A package that is also a library (package.json main/exports, a Rust lib, a Python package
  // whose console script is a convenience, as Flask's) is a library first.
  if (names.has('package.json')) {
    const text = await view.readText('package.json');
    if (text && /"bin"\s*:/.test(text) && !/"(main|exports|module)"\s*:/.test(text))
      return 'package.json declares a command (bin) and no library entry point';
  }
  if (names.has('Cargo.toml')) {
    const text = (await view.readText('Cargo.toml')) ?? '';
    const hasMain = /\[\[bin\]\]/.test(text) || own.some((e) => e.path === 'src/main.rs' || /^src\/bin\//.test(e.path));
    const hasLib = /^\[lib\]/m.test(text) || own.some((e) => e.path === 'src/lib.rs');
    if (hasMain && !hasLib) return 'a Rust binary crate';
  }
  if (names.has('go.mod')) {
    const main = own.find((e) => e.path === 'main.go' || /^cmd\/[^/]+\/main\.go$/.test(e.path));
    if (main) return `a Go command (${main.path})`;
  }
  for (const makefile of ['Makefile', 'src/Makefile']) {
    if (!(names.has(makefile) || own.some((e) => e.path === makefile))) continue;
    const text = (await view.readText(makefile)) ?? '';
    if (/^\s*(bindir|INSTALL_BIN)\s*[:?]?=/m.test(text)) return `${makefile} installs programs`;
  }
  if (names.has('CMakeLists.txt')) {
    const text = (await view.readText('CMakeLists.txt')) ?? '';
    if (/add_executable\s*\(/.test(text) && !/add_library\s*\(/.test(text)) return 'CMakeLists.txt builds programs (add_executable)';
  }
  return null;
}
