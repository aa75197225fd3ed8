// Which files are GitHub Actions workflows or composite actions. Kept apart from workflows.ts so the
// walk can route files without loading the YAML library until a workflow is actually met.

const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION_FILE = /(^|\/)action\.ya?ml$/;

/** `.github/workflows/*.yml|yaml` (anywhere, e.g. in a vendored repo) and `action.yml|yaml` anywhere. */
export function isWorkflowPath(path: string): boolean {
  const p = path.replaceAll("\\", "/");
  return WORKFLOW.test(p) || ACTION_FILE.test(p);
}
