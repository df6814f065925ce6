/**
 * Identities for GitHub Actions, with no keys: the account's OIDC identity provider, and roles
 * that jobs of one repository assume in one context (a branch, a GitHub Environment, pull
 * requests), each with what it may do (permissions.ts, platform-grants.ts).
 */
export {
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  STS_AUDIENCE,
  githubSubject,
  parseGithubSubject,
  type GithubSubjectContext,
} from '../core';
export * from './github-oidc-provider';
export * from './github-oidc-role';
export * from './guardrails';
export * from './permissions';
export * from './platform-grants';
export * from './statements';
export * from './validation';
