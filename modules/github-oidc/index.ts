/**
 * Identities for GitHub Actions, with no keys: the account's OIDC identity provider, and roles
 * that jobs of one repository assume in one context (a branch, a GitHub Environment, pull
 * requests), each with what it may do (permissions.ts).
 */
export { GithubOidcProvider } from './provider';
export { GithubOidcRole, githubOidcRoleProblems, type GithubOidcRoleProps } from './role';
export * from './permissions';
export * from './validation';
export {
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  STS_AUDIENCE,
  githubSubject,
  parseGithubSubject,
  type GithubSubjectContext,
} from '../core/github-oidc';
