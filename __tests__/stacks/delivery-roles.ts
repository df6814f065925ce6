import {
  accountsOf,
  administratorStackId,
  deployPlatformRoleName,
  deployServicesRoleName,
  imagePublisherRoleName,
  MAIN_BRANCH,
  planRoleName,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
} from '../../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';
import type { GithubJob } from '../../testbed/oidc/trust';
import {
  synthesizedRoles,
  type StackDocuments,
  type SynthesizedRole,
} from '../../testbed/iam/synthesized-roles';

/**
 * The GitHub roles the configuration calls for, each with the jobs that must be able to assume it
 * and the jobs that must not: derived from the configuration, so a new environment or service
 * brings its own cases. Every one lives in the administrator stack of its account.
 */
export interface ExpectedRole {
  /** The administrator stack that holds it. */
  readonly stack: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly right: readonly GithubJob[];
  readonly wrong: readonly { readonly why: string; readonly job: GithubJob }[];
}

/** Every GitHub Environment the workflows use. */
export function githubEnvironments(environments: readonly EnvironmentConfig[]): string[] {
  return [
    SHARED_GITHUB_ENVIRONMENT,
    ...environments.flatMap((env) => [platformGithubEnvironment(env), servicesGithubEnvironment(env)]),
  ];
}

/** Repositories that are not `repository` but look like it. */
function otherRepositories(repository: string): { why: string; repository: string }[] {
  const [owner, name] = repository.split('/');
  return [
    { why: 'a fork under another owner', repository: `${owner}-fork/${name}` },
    { why: 'another repository of the same owner', repository: `${owner}/${name}-other` },
    { why: 'a repository whose name extends this one', repository: `${owner}/${name}2` },
  ];
}

export function expectedRoles(
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): ExpectedRole[] {
  const platform = project.repository;
  const allEnvironments = githubEnvironments(environments);
  const admin = administratorStackId;
  const environmentRole = (accountId: string, roleName: string, environment: string): ExpectedRole => ({
    stack: admin(accountId),
    accountId,
    roleName,
    right: [{ repository: platform, environment, event: 'push' }],
    wrong: [
      ...otherRepositories(platform).map(({ why, repository }) => ({
        why,
        job: { repository, environment },
      })),
      ...allEnvironments
        .filter((other) => other !== environment)
        .map((other) => ({
          why: `GitHub Environment ${other}`,
          job: { repository: platform, environment: other },
        })),
      { why: 'a push to main outside the environment', job: { repository: platform, branch: MAIN_BRANCH } },
      { why: 'a pull request', job: { repository: platform, event: 'pull_request' } },
      {
        why: 'another audience',
        job: { repository: platform, environment, audience: 'https://github.com/acme' },
      },
    ],
  });
  // Plans run on pull requests and, before each apply, on main: never in a GitHub Environment.
  const planRole = (accountId: string, roleName: string): ExpectedRole => ({
    stack: admin(accountId),
    accountId,
    roleName,
    right: [
      { repository: platform, event: 'pull_request' },
      { repository: platform, branch: MAIN_BRANCH },
    ],
    wrong: [
      ...otherRepositories(platform).flatMap(({ why, repository }) => [
        { why: `${why}'s pull request`, job: { repository, event: 'pull_request' as const } },
        { why: `${why}'s main`, job: { repository, branch: MAIN_BRANCH } },
      ]),
      { why: 'a push to another branch', job: { repository: platform, branch: 'feature/x' } },
      ...allEnvironments.map((environment) => ({
        why: `GitHub Environment ${environment}`,
        job: { repository: platform, environment },
      })),
      {
        why: 'another audience',
        job: { repository: platform, event: 'pull_request' as const, audience: 'https://github.com/acme' },
      },
    ],
  });
  const publishers = Object.entries(project.services).flatMap(([service, definition]): ExpectedRole[] => {
    if (!definition.source) return [];
    const { repository } = definition.source;
    const branch = definition.source.branch ?? 'main';
    return [
      {
        stack: admin(project.sharedAccountId),
        accountId: project.sharedAccountId,
        roleName: imagePublisherRoleName(project, service),
        right: [{ repository, branch }],
        wrong: [
          ...otherRepositories(repository).map(({ why, repository: other }) => ({
            why,
            job: { repository: other, branch },
          })),
          { why: 'the platform repository', job: { repository: platform, branch } },
          { why: 'another branch', job: { repository, branch: `feature/${branch}` } },
          { why: 'a branch whose name extends it', job: { repository, branch: `${branch}-old` } },
          { why: 'a pull request', job: { repository, branch, event: 'pull_request' } },
          { why: 'a GitHub Environment', job: { repository, branch, environment: allEnvironments[0] } },
          { why: 'another audience', job: { repository, branch, audience: 'https://github.com/acme' } },
        ],
      },
    ];
  });
  return [
    environmentRole(
      project.sharedAccountId,
      deployPlatformRoleName(project, 'shared'),
      SHARED_GITHUB_ENVIRONMENT,
    ),
    planRole(project.sharedAccountId, planRoleName(project, 'shared')),
    ...publishers,
    ...environments.flatMap((env) => [
      environmentRole(
        env.accountId,
        deployPlatformRoleName(project, env.name),
        platformGithubEnvironment(env),
      ),
      environmentRole(env.accountId, deployServicesRoleName(project, env), servicesGithubEnvironment(env)),
      planRole(env.accountId, planRoleName(project, env.name)),
    ]),
  ];
}

/** The GitHub OIDC provider's ARN in an account (partition `aws`). */
export const providerArn = (accountId: string) =>
  `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;

/** The roles of a synthesized stack whose trust admits web identities. */
export function githubRolesOf(stack: StackDocuments, accountId: string, region: string): SynthesizedRole[] {
  return synthesizedRoles(stack, accountId, region).filter((role) =>
    [role.trust.Statement]
      .flat()
      .some((s) => [s.Action ?? []].flat().includes('sts:AssumeRoleWithWebIdentity')),
  );
}

/** Each account's administrator stack, by account ID. */
export function administratorStacks(project: ProjectConfig, environments: readonly EnvironmentConfig[]) {
  return accountsOf(project, environments).map((accountId) => ({
    accountId,
    stack: administratorStackId(accountId),
  }));
}
