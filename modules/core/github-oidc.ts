/**
 * GitHub Actions' OpenID Connect tokens, as AWS sees them: the issuer, the audience
 * `aws-actions/configure-aws-credentials` asks for, and the grammar of the `sub` claim. The
 * github-oidc module builds trust policies from these, and the security rules (modules/policies)
 * refuse trust policies that do not pin them, so both read the same definitions.
 *
 * GitHub sets `sub` from the job's context (docs.github.com, "About security hardening with OpenID
 * Connect", example subject claims):
 * - a job that names a GitHub Environment: `repo:<owner>/<repo>:environment:<environment>`;
 * - otherwise, a pull request:             `repo:<owner>/<repo>:pull_request`;
 * - otherwise, a branch or tag:            `repo:<owner>/<repo>:ref:refs/heads/<branch>`.
 */

/** Host of GitHub's token issuer; also the prefix of its IAM condition keys. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** URL of the issuer, as the IAM OIDC provider records it. */
export const GITHUB_OIDC_URL = `https://${GITHUB_OIDC_HOST}`;
/** The audience `aws-actions/configure-aws-credentials` requests; the only one a role may accept. */
export const STS_AUDIENCE = 'sts.amazonaws.com';
/** IAM condition keys of the token's claims. */
export const GITHUB_AUD_KEY = `${GITHUB_OIDC_HOST}:aud`;
export const GITHUB_SUB_KEY = `${GITHUB_OIDC_HOST}:sub`;

/**
 * `owner/name` as GitHub allows it: an owner of 1-39 letters, digits and single hyphens, a
 * repository of 1-100 letters, digits, `.`, `_` and `-` (not `.` or `..`). No wildcard can match.
 */
export const GITHUB_REPOSITORY =
  /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/**
 * A branch name git accepts (git check-ref-format) and that names exactly one branch: no
 * wildcard (`*`, `?`, `[`), no space, no `..`, no `@{`, not starting with `-` or `/`, not ending
 * with `/`, `.` or `.lock`, and not a full ref (`refs/...`; the subject adds `refs/heads/`).
 */
export function isBranchName(value: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,200}$/.test(value) &&
    !/^[-/.]|\/\/|\.\.|\/\.|[/.]$|\.lock$|@\{/.test(value) &&
    !value.startsWith('refs/')
  );
}

/** A GitHub Environment name usable in a subject: what this repository names environments. */
export const GITHUB_ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

/** The context a subject admits: one branch, one GitHub Environment, or pull requests. */
export type GithubSubjectContext =
  | { readonly kind: 'branch'; readonly branch: string }
  | { readonly kind: 'environment'; readonly environment: string }
  | { readonly kind: 'pull_request' };

export interface GithubSubject {
  readonly repository: string;
  readonly context: GithubSubjectContext;
}

/** The exact `sub` claim of jobs in `repository` running in `context`. */
export function githubSubject(repository: string, context: GithubSubjectContext): string {
  switch (context.kind) {
    case 'branch':
      return `repo:${repository}:ref:refs/heads/${context.branch}`;
    case 'environment':
      return `repo:${repository}:environment:${context.environment}`;
    case 'pull_request':
      return `repo:${repository}:pull_request`;
  }
}

/**
 * The repository and context of an exact subject, or undefined when the value is not one: a
 * wildcard anywhere (`*`, `?`), a repository GitHub would not name, a tag or other ref, or any
 * other shape. What this returns admits exactly one repository and one branch, environment or
 * pull requests.
 */
export function parseGithubSubject(value: string): GithubSubject | undefined {
  if (/[*?]/.test(value)) return undefined;
  const match = /^repo:([^:]+):(.*)$/.exec(value);
  if (!match || !GITHUB_REPOSITORY.test(match[1])) return undefined;
  const [, repository, rest] = match;
  if (rest === 'pull_request') return { repository, context: { kind: 'pull_request' } };
  const environment = /^environment:(.+)$/.exec(rest);
  if (environment && GITHUB_ENVIRONMENT.test(environment[1])) {
    return { repository, context: { kind: 'environment', environment: environment[1] } };
  }
  const branch = /^ref:refs\/heads\/(.+)$/.exec(rest);
  if (branch && isBranchName(branch[1]))
    return { repository, context: { kind: 'branch', branch: branch[1] } };
  return undefined;
}

/** What an exact subject looks like, for messages. */
export const GITHUB_SUBJECT_ACCEPTED =
  'repo:<owner>/<repo>:ref:refs/heads/<branch>, repo:<owner>/<repo>:environment:<name> or repo:<owner>/<repo>:pull_request, with no wildcard';
