/**
 * The project's one IAM evaluator: @cloud-copilot/iam-simulate (docs/adr/0002-iam-simulate.md),
 * which evaluates identity policies, permissions boundaries, resource and trust policies and every
 * condition operator as IAM documents them. The tests (trust, escalation, boundaries) and the
 * deploy tier (every request a CI role made) ask it the same way, through here.
 */
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';

/** An IAM policy document (JSON form). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[] | PolicyStatement;
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export type Decision = 'allowed' | 'explicitly denied' | 'implicitly denied';

/** Who asks: a role (its ARN without session), with the policies IAM gives it. */
export interface Caller {
  /** `arn:aws:iam::<account>:role/<path><name>`. */
  readonly roleArn: string;
  readonly policies: readonly PolicyDocument[];
  /** Its permissions boundary, if it has one. */
  readonly boundary?: PolicyDocument;
}

/** One authorization IAM makes: an action on a resource, with the request's condition keys. */
export interface Authorization {
  readonly action: string;
  /** Resource ARN, or `*` for actions without a resource type. */
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface Evaluation {
  readonly decision: Decision;
  /** Context keys the IAM reference does not list for this action, which IAM would not see either. */
  readonly ignoredContextKeys: readonly string[];
  /** Why the simulator could not evaluate the request (an unknown action, a resource of no type). */
  readonly error?: string;
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/** The global keys IAM sets on every request of a role session (IAM User Guide, "AWS global condition context keys"). */
function globalContext(caller: Caller): Record<string, string> {
  return {
    'aws:PrincipalArn': caller.roleArn,
    'aws:PrincipalAccount': accountOf(caller.roleArn),
    'aws:PrincipalType': 'AssumedRole',
    'aws:SecureTransport': 'true',
  };
}

/**
 * How IAM decides one request of a role session: identity policies within the boundary, and for a
 * resource with a policy (a bucket, a key, a role's trust) that policy too, across accounts as IAM
 * requires (`resourceAccount` other than the caller's).
 */
export async function evaluate(
  caller: Caller,
  authorization: Authorization,
  resource: { readonly policy?: PolicyDocument; readonly account?: string } = {},
): Promise<Evaluation> {
  const result = await runSimulation(
    {
      identityPolicies: caller.policies.map((policy, i) => ({ name: `policy-${i + 1}`, policy })),
      permissionBoundaryPolicies: caller.boundary
        ? [{ name: 'boundary', policy: caller.boundary }]
        : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resource.policy,
      request: {
        principal: caller.roleArn,
        action: authorization.action,
        resource: {
          resource: authorization.resource,
          accountId: resource.account ?? resourceAccount(authorization.resource, caller),
        },
        contextVariables: {
          ...globalContext(caller),
          ...(authorization.context as Record<string, string | string[]> | undefined),
        },
      },
    },
    {},
  );
  if (result.resultType === 'error') {
    return { decision: 'implicitly denied', ignoredContextKeys: [], error: JSON.stringify(result.errors) };
  }
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return { decision: decisionOf(result.overallResult), ignoredContextKeys: ignored };
}

/** The resource's account: in its ARN where the service writes one, else the caller's. */
function resourceAccount(resource: string, caller: Caller): string {
  const account = accountOf(resource);
  return /^\d{12}$/.test(account) ? account : accountOf(caller.roleArn);
}

function decisionOf(result: string): Decision {
  if (result === 'Allowed') return 'allowed';
  if (result === 'ExplicitlyDenied') return 'explicitly denied';
  return 'implicitly denied';
}

/**
 * Whether a role's trust policy lets a web identity (an OIDC provider's token, with these claims as
 * `<issuer host>:<claim>` keys) assume it. The simulator's safe mode would drop claim keys the IAM
 * reference does not list for sts:AssumeRoleWithWebIdentity (GitHub's are not), so this runs its
 * unvalidated mode: the action and role ARN are fixed here and need no checking.
 */
export function evaluateWebIdentityTrust(
  trust: PolicyDocument,
  roleArn: string,
  providerArn: string,
  claims: Readonly<Record<string, string>>,
): Decision {
  const result = runUnsafeSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trust,
      request: {
        principal: providerArn,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: { resource: roleArn, accountId: accountOf(roleArn) },
        contextVariables: { ...claims },
      },
    },
    {},
  );
  return decisionOf(result);
}
