/** The options of `audit()` that GitHub reads. */
export interface GitHubOptions {
  /** Read `owner/name` targets as GitHub repositories. */
  github?: boolean;
  /** GitHub Enterprise Server URL (default: github.com). */
  githubUrl?: string;
  /** GitHub token (default: GITHUB_TOKEN, else GH_TOKEN). Never printed. */
  token?: string | null;
}
