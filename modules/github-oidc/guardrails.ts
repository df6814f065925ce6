import type { AwsScope, Statement } from './statements';

/**
 * The IAM rules every deploy role lives by (docs/delivery.md, "Who may change what"): it creates and
 * changes only workload roles (assumed by AWS services), only with the account's boundary on them,
 * passes each only to its own service, and never touches what an administrator owns (the roles
 * below the administered path, the OIDC provider, the boundary itself). Explicit Denies, so that no
 * Allow added later can reopen them.
 */

/** What CI may know about the account's identities. */
export interface IdentityScope extends AwsScope {
  /** The workload boundary's ARN (administrator stack). */
  readonly boundaryArn: string;
  /** IAM path of the roles the administrator stack owns, `/delivery/`. */
  readonly administeredPath: string;
}

/** The workload roles one CI role manages. */
export interface WorkloadRoles {
  /**
   * Role names or patterns under path `/` (`webapp-dev-*`, `webapp-dev-backend-task`): created,
   * changed and deleted only with the boundary on them.
   */
  readonly names: readonly string[];
  /** Each role (exact name) and the one service it may be passed to (`iam:PassedToService`). */
  readonly passedTo: Readonly<Record<string, string>>;
  /** Managed policies it may attach, as ARNs (`iam:PolicyARN`). @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** Instance profiles it manages, named like their roles. @default false */
  readonly instanceProfiles?: boolean;
}

const iamArn = (s: AwsScope, resource: string) => `arn:${s.partition}:iam::${s.accountId}:${resource}`;
const withBoundary = (s: IdentityScope) => ({
  test: 'StringEquals',
  variable: 'iam:PermissionsBoundary',
  values: [s.boundaryArn],
});

/** IAM writes that take the role's boundary as `iam:PermissionsBoundary` (IAM service reference). */
const BOUNDED_ROLE_WRITES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

/** Creating, changing and passing the workload roles, each write conditioned on the boundary. */
export function workloadRoleStatements(s: IdentityScope, roles: WorkloadRoles): Statement[] {
  const roleArns = roles.names.map((name) => iamArn(s, `role/${name}`));
  const statements: Statement[] = [
    {
      sid: 'WorkloadRolesWithBoundaryOnly',
      actions: [...BOUNDED_ROLE_WRITES],
      resources: roleArns,
      condition: [withBoundary(s)],
    },
    {
      // Reading and tagging take no boundary key; they change no permission.
      sid: 'WorkloadRoles',
      actions: [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      resources: roleArns,
    },
    ...Object.entries(groupByService(roles.passedTo)).map(([service, names]) => ({
      sid: `PassTo${serviceLabel(service)}`,
      actions: ['iam:PassRole'],
      resources: names.map((name) => iamArn(s, `role/${name}`)),
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [service] }],
    })),
  ];
  const managed = roles.managedPolicyArns ?? [];
  if (managed.length > 0) {
    statements.push({
      sid: 'AttachOnlyTheModulesManagedPolicies',
      actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      resources: roleArns,
      condition: [withBoundary(s), { test: 'ArnEquals', variable: 'iam:PolicyARN', values: [...managed] }],
    });
  }
  if (roles.instanceProfiles) {
    statements.push({
      // Adding a role to a profile is also a pass of the role (PassTo* above), to EC2.
      sid: 'WorkloadInstanceProfiles',
      actions: [
        'iam:AddRoleToInstanceProfile',
        'iam:CreateInstanceProfile',
        'iam:DeleteInstanceProfile',
        'iam:GetInstanceProfile',
        'iam:ListInstanceProfileTags',
        'iam:RemoveRoleFromInstanceProfile',
        'iam:TagInstanceProfile',
        'iam:UntagInstanceProfile',
      ],
      resources: roles.names.map((name) => iamArn(s, `instance-profile/${name}`)),
    });
  }
  return statements;
}

/**
 * What no CI role may do, whatever else it is allowed: remove or replace a boundary, write IAM on
 * (or pass, or assume) the administered roles, change the boundary's versions, or touch the
 * account's GitHub identity provider. Every deploy role carries these; the plan, image-publishing
 * and DNS roles need none, since none of them is allowed any IAM write to begin with (the
 * escalation test holds every CI role to that).
 */
export function guardrailStatements(s: IdentityScope): Statement[] {
  const administered = iamArn(s, `role${s.administeredPath}*`);
  return [
    {
      sid: 'NeverRemoveABoundary',
      effect: 'Deny',
      actions: ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'],
      resources: ['*'],
    },
    {
      sid: 'NeverAnotherBoundary',
      effect: 'Deny',
      actions: ['iam:PutRolePermissionsBoundary', 'iam:CreateRole'],
      resources: ['*'],
      condition: [{ test: 'StringNotEquals', variable: 'iam:PermissionsBoundary', values: [s.boundaryArn] }],
    },
    {
      sid: 'NeverTheAdministeredRoles',
      effect: 'Deny',
      actions: [
        'iam:AddRoleToInstanceProfile',
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PassRole',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'sts:AssumeRole',
      ],
      resources: [administered],
    },
    {
      sid: 'NeverTheBoundaryOrIdentityProviders',
      effect: 'Deny',
      actions: [
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:CreateOpenIDConnectProvider',
        'iam:CreatePolicyVersion',
        'iam:DeleteOpenIDConnectProvider',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:SetDefaultPolicyVersion',
        'iam:TagOpenIDConnectProvider',
        'iam:TagPolicy',
        'iam:UntagOpenIDConnectProvider',
        'iam:UntagPolicy',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ],
      resources: [s.boundaryArn, iamArn(s, 'oidc-provider/*')],
    },
  ];
}

function groupByService(passedTo: Readonly<Record<string, string>>): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [name, service] of Object.entries(passedTo).sort()) (groups[service] ??= []).push(name);
  return groups;
}

/** `ecs-tasks.amazonaws.com` -> `EcsTasks`, for a Sid. */
function serviceLabel(service: string): string {
  return service
    .replace(/\.amazonaws\.com$/, '')
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
