import {
  deployPlatformRoleName,
  deployServicesRoleName,
  imagePublisherRoleName,
  planRoleName,
  platformGithubEnvironment,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
} from '../../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';
import type { Synthesized } from '../helpers';
import { documentToPolicy, type GithubJob, type PolicyDocument } from '../../scripts/oidc/trust';

/**
 * The GitHub roles the configuration calls for, each with the one job that must be able to assume
 * it and the jobs that must not: derived from the configuration, so a new environment or service
 * brings its own cases.
 */
export interface ExpectedRole {
  readonly stack: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly right: GithubJob;
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
  const environmentRole = (stack: string, accountId: string, roleName: string, environment: string) => ({
    stack,
    accountId,
    roleName,
    right: { repository: platform, environment, event: 'push' as const },
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
      { why: 'a push to main outside the environment', job: { repository: platform, branch: 'main' } },
      { why: 'a pull request', job: { repository: platform, event: 'pull_request' as const } },
      {
        why: 'another audience',
        job: { repository: platform, environment, audience: 'https://github.com/acme' },
      },
    ],
  });
  const planRole = (stack: string, accountId: string, roleName: string) => ({
    stack,
    accountId,
    roleName,
    right: { repository: platform, event: 'pull_request' as const },
    wrong: [
      ...otherRepositories(platform).map(({ why, repository }) => ({
        why: `${why}'s pull request`,
        job: { repository, event: 'pull_request' as const },
      })),
      { why: 'a push to main', job: { repository: platform, branch: 'main' } },
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
  const publishers = Object.entries(project.services).flatMap(([service, definition]) => {
    if (!definition.source) return [];
    const { repository } = definition.source;
    const branch = definition.source.branch ?? 'main';
    return [
      {
        stack: 'shared',
        accountId: project.sharedAccountId,
        roleName: imagePublisherRoleName(project, service),
        right: { repository, branch },
        wrong: [
          ...otherRepositories(repository).map(({ why, repository: other }) => ({
            why,
            job: { repository: other, branch },
          })),
          { why: 'the platform repository', job: { repository: platform, branch } },
          { why: 'another branch', job: { repository, branch: `feature/${branch}` } },
          { why: 'a branch whose name extends it', job: { repository, branch: `${branch}-old` } },
          { why: 'a pull request', job: { repository, branch, event: 'pull_request' as const } },
          { why: 'a GitHub Environment', job: { repository, branch, environment: allEnvironments[0] } },
          { why: 'another audience', job: { repository, branch, audience: 'https://github.com/acme' } },
        ],
      },
    ];
  });
  return [
    environmentRole(
      'shared',
      project.sharedAccountId,
      deployPlatformRoleName(project, 'shared'),
      SHARED_GITHUB_ENVIRONMENT,
    ),
    planRole('shared', project.sharedAccountId, planRoleName(project, 'shared')),
    ...publishers,
    ...environments.flatMap((env) => [
      environmentRole(
        env.name,
        env.accountId,
        deployPlatformRoleName(project, env.name),
        platformGithubEnvironment(env),
      ),
      environmentRole(
        env.name,
        env.accountId,
        deployServicesRoleName(project, env),
        servicesGithubEnvironment(env),
      ),
      planRole(env.name, env.accountId, planRoleName(project, env.name)),
    ]),
  ];
}

/** The GitHub OIDC provider's ARN in an account (partition `aws`). */
export const providerArn = (accountId: string) =>
  `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;

/** References in a synthesized policy, as Terraform would resolve them in `accountId` (partition `aws`). */
export function resolver(accountId: string): (value: string) => string {
  return (value) =>
    value
      .replace(/\$\{data\.aws_partition\.[^.}]+\.partition\}/g, 'aws')
      .replace(/^\$\{aws_iam_openid_connect_provider\.[^.}]+\.arn\}$/, providerArn(accountId));
}

/** Each role of a synthesized stack whose trust admits web identities, with its documents as IAM JSON. */
export function githubRolesOf(
  stack: Synthesized,
  accountId: string,
): { name: string; trust: PolicyDocument; permissions: PolicyDocument[] }[] {
  const documents = stack.data?.aws_iam_policy_document ?? {};
  const documentOf = (reference: unknown) => {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(String(reference));
    return match
      ? documentToPolicy(documents[match[1]] as { statement?: unknown }, resolver(accountId))
      : undefined;
  };
  const roles = Object.entries(stack.resource?.aws_iam_role ?? {});
  const policies = Object.values(stack.resource?.aws_iam_role_policy ?? {});
  return roles.flatMap(([address, role]) => {
    const trust = documentOf(role.assume_role_policy);
    const statements = trust ? [trust.Statement].flat() : [];
    if (!statements.some((s) => [s.Action ?? []].flat().includes('sts:AssumeRoleWithWebIdentity'))) return [];
    const permissions = policies
      .filter((p) => p.role === `\${aws_iam_role.${address}.id}`)
      .map((p) => documentOf(p.policy))
      .filter((d): d is PolicyDocument => d !== undefined);
    return [{ name: String(role.name), trust: trust!, permissions }];
  });
}
