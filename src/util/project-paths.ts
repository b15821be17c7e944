/**
 * Paths that hold a project's test data, fixtures, examples and documentation rather than what
 * the project itself runs: a Terraform state file under `testdata/` is a test's input, not the
 * project's state; a Kubernetes manifest under `examples/` deploys nothing of the project's.
 */
const NOT_OWN =
  /(^|\/)(testdata|test-data|test_data|tests?|__tests__|spec|specs|fixtures?|__fixtures__|examples?|samples?|demos?|docs?|website|testing|e2e|integration-tests?|benchmarks?|listings|snippets|third[_-]party|vendor|node_modules)(\/|$)/i;

/** Whether the path lies in a folder of test data, fixtures, examples, docs or vendored code. */
export function isOutsideOwnCode(path: string): boolean {
  return NOT_OWN.test(path.slice(0, path.lastIndexOf('/') + 1));
}
