/**
 * Which files count for authorship: source code, as GitHub Linguist counts it for language
 * statistics. Vendored, generated, documentation, data, prose and binary files are left out,
 * as are symlinks and submodules. The lists follow Linguist's vendor.yml, documentation.yml and
 * generated-file rules in spirit; they are ours, kept short and fast.
 */
import type { TreeEntry } from '../types.ts';
import { globMatcher } from '../util/glob.ts';
import { basename, extname } from '../util/paths.ts';

export type ExclusionReason = 'vendored' | 'generated' | 'documentation' | 'data' | 'prose' | 'binary' | 'link' | 'configured';

const VENDORED = [
  /(^|\/)(node_modules|bower_components|jspm_packages|vendor|vendors|third[-_]?party|3rd[-_]?party|external|externals|Godeps|Pods|Carthage|\.yarn|\.pnpm-store|deps|extern)\//,
  /(^|\/)(cache|\.cache|\.venv|venv|site-packages|__pycache__)\//,
  /\.min\.(js|css|mjs)$/,
  /(^|\/)(jquery|bootstrap|d3|angular|react|vue|lodash|underscore|moment)([.-][\d.]+)?(\.min)?\.js$/,
  /(^|\/)(gradlew|gradlew\.bat|mvnw|mvnw\.cmd)$/,
  /(^|\/)gradle\/wrapper\//,
];

const GENERATED = [
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb|Cargo\.lock|Gemfile\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|go\.sum|mix\.lock|pubspec\.lock|packages\.lock\.json|flake\.lock|uv\.lock)$/,
  /\.(pb\.go|pb\.cc|pb\.h|pb\.swift|pb\.dart)$|_pb2(_grpc)?\.pyi?$|\.pb\.(js|ts)$|_grpc_pb\.(js|d\.ts)$/,
  /(^|\/)(dist|build|out|target|coverage|\.next|\.nuxt|__generated__|generated)\//,
  /\.(generated|g|designer)\.(cs|ts|js|go|dart|vb)$/,
  /\.(js|css)\.map$/,
  /(^|\/)(\.pnp\.c?js|\.pnp\.loader\.mjs)$/,
];

const DOCUMENTATION = [
  /^(docs?|documentation|javadoc|man|examples?|samples?|demos?)\//i,
  /(^|\/)(docs?|documentation)\//i,
  /(^|\/)(README|CHANGELOG|CHANGES|HISTORY|NEWS|LICEN[CS]E|COPYING|CONTRIBUTING|CONTRIBUTORS|AUTHORS|NOTICE|CODE_OF_CONDUCT|SECURITY|SUPPORT|MAINTAINERS|CITATION)(\.[^/]*)?$/i,
];

/** Files without a telling extension that Linguist classes as data or configuration. */
const DATA_NAMES = /(^|\/)(CODEOWNERS|OWNERS|OWNERS_ALIASES|\.mailmap|Procfile|Brewfile\.lock\.json|go\.mod|go\.work|requirements[^/]*\.txt|Pipfile|\.tool-versions)$/;

const DATA_EXTENSIONS = new Set([
  '.json', '.jsonc', '.json5', '.yml', '.yaml', '.toml', '.xml', '.csv', '.tsv', '.ini', '.cfg', '.conf', '.properties',
  '.lock', '.plist', '.svg', '.geojson', '.topojson', '.ndjson', '.jsonl', '.env', '.editorconfig', '.gitignore',
  '.gitattributes', '.npmrc', '.nvmrc', '.babelrc', '.prettierrc', '.eslintrc', '.snap', '.sum',
]);

const PROSE_EXTENSIONS = new Set(['.md', '.markdown', '.mdx', '.txt', '.text', '.rst', '.adoc', '.asciidoc', '.textile', '.org', '.rdoc', '.pod', '.wiki']);

const BINARY_EXTENSIONS = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.tif', '.tiff', '.psd', '.ai', '.sketch', '.fig',
  '.pdf', '.doc', '.docx', '.xls', '.xlsx', '.ppt', '.pptx', '.odt', '.ods',
  '.zip', '.gz', '.tgz', '.bz2', '.xz', '.7z', '.rar', '.tar', '.jar', '.war', '.ear', '.whl', '.egg', '.nupkg', '.gem',
  '.class', '.pyc', '.pyo', '.o', '.obj', '.a', '.lib', '.so', '.dll', '.dylib', '.exe', '.bin', '.dat', '.wasm',
  '.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp3', '.mp4', '.wav', '.ogg', '.flac', '.mov', '.avi', '.mkv', '.webm',
  '.db', '.sqlite', '.sqlite3', '.keystore', '.jks', '.p12', '.pfx', '.der', '.glb', '.fbx', '.blend',
]);

/** Why a file does not count for authorship, or null when it does. */
export function exclusionReason(entry: TreeEntry, configured: (path: string) => boolean = () => false): ExclusionReason | null {
  if (entry.kind !== 'file') return 'link';
  const path = entry.path;
  if (configured(path)) return 'configured';
  if (VENDORED.some((re) => re.test(path))) return 'vendored';
  if (GENERATED.some((re) => re.test(path))) return 'generated';
  if (DOCUMENTATION.some((re) => re.test(path))) return 'documentation';
  const ext = extname(path);
  const name = basename(path);
  if (BINARY_EXTENSIONS.has(ext)) return 'binary';
  if (PROSE_EXTENSIONS.has(ext)) return 'prose';
  if (DATA_EXTENSIONS.has(ext) || DATA_NAMES.test(path) || (name.startsWith('.') && ext === '')) return 'data';
  return null;
}

/** The files that count for authorship, with `exclude` globs (from blueprint.yml) on top. */
export function authorshipFiles(entries: readonly TreeEntry[], exclude: readonly string[]): string[] {
  const configured = globMatcher(exclude);
  return entries.filter((e) => exclusionReason(e, configured) === null).map((e) => e.path);
}
