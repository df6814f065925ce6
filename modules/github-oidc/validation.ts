import {
  GITHUB_ENVIRONMENT,
  GITHUB_REPOSITORY,
  check,
  integerIn,
  isBranchName,
  isKnown,
  under,
  type GithubSubjectContext,
  type Problem,
} from '../core';
import type { GithubOidcRoleProps } from './github-oidc-role';
import { PLATFORM_GRANT_TYPES } from './platform-grants';

/** A repository whose workflows may assume a role, and in which context. */
export interface GithubTrust {
  /** `owner/name`, exactly: no wildcard can be written here. */
  readonly repository: string;
  /** One branch (pushes to it), one GitHub Environment (jobs that name it) or pull requests. */
  readonly context: GithubSubjectContext;
}

/** Where an application's images are built, and the branch whose pushes publish them. */
export interface ImageSource {
  /** GitHub repository of the application, `owner/name` (for example `acme/webapp-frontend`). */
  readonly repository: string;
  /**
   * The branch whose pushes build and push images (the repository's default branch); no other
   * branch's workflows can assume the publisher role.
   * @default 'main'
   */
  readonly branch?: string;
}

export const DEFAULT_IMAGE_BRANCH = 'main';

export function repositoryProblems(path: string, value: string): Problem[] {
  return check(
    !isKnown(value) || (typeof value === 'string' && GITHUB_REPOSITORY.test(value)),
    path,
    value,
    'is not one GitHub repository',
    'owner/name as GitHub spells it, such as "acme/webapp-platform", with no wildcard',
  );
}

export function branchProblems(path: string, value: string): Problem[] {
  return check(
    !isKnown(value) || (typeof value === 'string' && isBranchName(value)),
    path,
    value,
    'is not one branch name',
    'a branch such as "main" or "release/v2": no wildcard, space, "..", leading "-" or "refs/"',
  );
}

export function imageSourceProblems(source: ImageSource): Problem[] {
  return [
    ...repositoryProblems('repository', source.repository),
    ...(source.branch === undefined ? [] : branchProblems('branch', source.branch)),
  ];
}

/** Problems of one trusted repository and context, relative to it (`repository`, `context.branch`, ...). */
export function trustProblems(trust: GithubTrust): Problem[] {
  const { context } = trust;
  return [
    ...repositoryProblems('repository', trust.repository),
    ...(context.kind === 'branch' ? branchProblems('context.branch', context.branch) : []),
    ...(context.kind === 'environment'
      ? check(
          !isKnown(context.environment) || GITHUB_ENVIRONMENT.test(context.environment),
          'context.environment',
          context.environment,
          'is not one GitHub Environment name',
          'letters, digits, ".", "_" and "-", starting with a letter or digit, no wildcard',
        )
      : []),
  ];
}

/** Every problem of a role's props: who may assume it, what it may do, how long a session lasts. */
export function githubOidcRoleProblems(props: GithubOidcRoleProps): Problem[] {
  return [
    ...check(
      props.trustedBy.length > 0,
      'trustedBy',
      props.trustedBy,
      'is empty',
      'at least one repository and context',
    ),
    ...props.trustedBy.flatMap((trust, i) => under(`trustedBy[${i}]`, trustProblems(trust))),
    ...check(
      props.statements.length > 0,
      'statements',
      props.statements,
      'is empty',
      'at least one statement',
    ),
    ...(props.maxSessionDurationSeconds === undefined
      ? []
      : integerIn('maxSessionDurationSeconds', props.maxSessionDurationSeconds, 3600, 43200, 'seconds')),
  ];
}

/** The resource types a deploy-platform role has no grant for: a new kind of resource needs one. */
export function platformGrantProblems(resourceTypes: readonly string[]): Problem[] {
  return [...new Set(resourceTypes)]
    .filter((type) => !PLATFORM_GRANT_TYPES.includes(type))
    .flatMap((type) =>
      check(
        false,
        'resourceTypes',
        type,
        'has no deploy-platform grant',
        `a type listed in modules/github-oidc/platform-grants.ts (GRANTS_BY_TYPE): ${PLATFORM_GRANT_TYPES.length} are`,
      ),
    );
}
