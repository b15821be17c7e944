/**
 * Classes of paths rules leave out of what they judge: vendored code, test data, examples. Each
 * class is a folder name list, so a new rule reuses the lists rather than writing its own.
 */
import { posix } from 'node:path';
import { basename, dirname } from '../util/paths.ts';
import { isOutsideOwnCode } from '../util/project-paths.ts';

export { basename, dirname, extname } from '../util/paths.ts';
export { isOutsideOwnCode } from '../util/project-paths.ts';

/** Folders of other people's code that a package manager or a copy put in the repository. */
export const DEPENDENCY_FOLDERS = ['node_modules', 'vendor', 'third[_-]party'] as const;
/** Folders of bundled third-party code in any of its usual names. */
export const BUNDLED_FOLDERS = [
  'node_modules',
  'vendor',
  'vendored',
  'third[_-]?party',
  '3rd[_-]?party',
  'bower_components',
  '\\.yarn',
  'deps',
  'external',
  'extern',
] as const;
/** Folders of tests' inputs. */
export const TEST_DATA_FOLDERS = ['testdata', 'test-data', 'test_data', 'tests?', 'fixtures?', '__fixtures__'] as const;
/** Folders of examples, book listings, snippets, demos and web sites: code that teaches. */
export const EXAMPLE_FOLDERS = ['examples?', 'listings', 'snippets', 'samples?', 'demos?', 'website'] as const;

/** A path with a folder named by one of `names` (regular-expression fragments) at any depth. */
export function inFolderNamed(names: readonly string[], flags = ''): RegExp {
  return new RegExp(String.raw`(^|\/)(${names.join('|')})\/`, flags);
}

/** Dependencies and Yarn's own folder (case as written). */
export const VENDORED = inFolderNamed([...DEPENDENCY_FOLDERS, '\\.yarn']);
/** Bundled third-party code (case as written): a config file there is its upstream's, not the project's. */
export const BUNDLED = inFolderNamed(BUNDLED_FOLDERS);
/** Examples and third-party code, any case: tests there teach, they do not guard the project. */
export const EXAMPLES = inFolderNamed([...EXAMPLE_FOLDERS, 'third[_-]party'], 'i');
/** Someone else's files (dependencies, vendored code) or a test's input, any case. */
export const NOT_THE_PROJECTS = inFolderNamed([...DEPENDENCY_FOLDERS, ...TEST_DATA_FOLDERS], 'i');

/** Folder names that make a `test` (or `demo`, `integration` …) folder beside them an environment. */
const ENVIRONMENT = /^(prod|production|staging|stage|stg|dev|development|qa|uat|preprod|pre-prod|live|perf|sandbox)$/i;
/** Test-looking folder names that infrastructure code also uses for an environment of its own. */
const ENVIRONMENT_LIKE = /^(test|tests|testing|integration|demo|e2e)$/i;

/**
 * Which paths hold test data, fixtures, examples, docs or vendored code rather than the project's
 * own infrastructure (isOutsideOwnCode), given every file path of the repository. A folder named
 * `test` beside `prod` or `staging` is an environment (`envs/test/main.tf`), so its state is the
 * project's.
 */
export function infrastructureTestData(paths: readonly string[]): (path: string) => boolean {
  const children = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const path of paths) {
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
      const folder = path.slice(0, i);
      if (seen.has(folder)) continue;
      seen.add(folder);
      const parent = dirname(folder);
      const list = children.get(parent);
      if (list) list.push(basename(folder));
      else children.set(parent, [basename(folder)]);
    }
  }
  const environment = (parent: string, name: string) =>
    ENVIRONMENT_LIKE.test(name) && (children.get(parent) ?? []).some((sibling) => ENVIRONMENT.test(sibling));
  const memo = new Map<string, boolean>();
  return (path) => {
    const folder = dirname(path);
    const known = memo.get(folder);
    if (known !== undefined) return known;
    let outside = false;
    if (isOutsideOwnCode(path)) {
      const segments = folder.split('/');
      outside = segments.some((name, i) => isOutsideOwnCode(`${name}/x`) && !environment(segments.slice(0, i).join('/'), name));
    }
    memo.set(folder, outside);
    return outside;
  };
}

/** POSIX path arithmetic for repository paths (forward slashes whatever the platform). */
export function normalizePath(path: string): string {
  return posix.normalize(path);
}

export function joinPath(...parts: string[]): string {
  return posix.join(...parts);
}
