import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

/** A statement with literal lists, as the delivery roles' builders write it (an aws_iam_policy_document statement). */
export interface Statement extends DataAwsIamPolicyDocumentStatement {
  /**
   * The statement's ID; mergeStatements merges statements that share one and their conditions.
   * @default - `Statement<n>`, its position, when merged
   */
  readonly sid?: string;
  /**
   * Whether the statement allows or denies.
   * @default 'Allow'
   */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources: string[];
  /**
   * Conditions, all of which must hold.
   * @default - none
   */
  readonly condition?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/** Where a role acts. `partition` is `data.aws_partition`'s value, so no ARN is written for one partition. */
export interface AwsScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const arn = (s: AwsScope, service: string, resource: string) =>
  `arn:${s.partition}:${service}:${s.region}:${s.accountId}:${resource}`;
export const globalArn = (s: AwsScope, service: string, resource: string) =>
  `arn:${s.partition}:${service}::${s.accountId}:${resource}`;

/** The Terraform states a role works on, in the state bucket. Keys may end in a `*` pattern. */
export interface StateAccess {
  readonly bucketName: string;
  /** States the role writes (and their lock files, `<key>.tflock`). */
  readonly writeKeys: readonly string[];
  /** States it only reads (`terraform_remote_state`, or a plan). */
  readonly readKeys: readonly string[];
}

/**
 * The prefix under which the S3 backend keeps the states of workspaces other than `default`
 * (`workspace_key_prefix`); `terraform init` lists it to learn which workspaces exist, and finds
 * none: the stacks use the default workspace only.
 */
const WORKSPACE_PREFIX = 'env:/';

/**
 * Reading and writing Terraform state with S3 lock files: the state objects, the lock files next
 * to them (Terraform deletes a lock file to release it), and listing the keys it works on.
 */
export function stateStatements(partition: string, access: StateAccess): Statement[] {
  const bucket = `arn:${partition}:s3:::${access.bucketName}`;
  const locks = access.writeKeys.map((key) => `${key}.tflock`);
  const statements: Statement[] = [
    {
      sid: 'ListOwnStateKeys',
      actions: ['s3:ListBucket'],
      resources: [bucket],
      condition: [
        {
          test: 'StringLike',
          variable: 's3:prefix',
          values: [...access.writeKeys, ...access.readKeys, WORKSPACE_PREFIX],
        },
      ],
    },
  ];
  if (access.writeKeys.length > 0) {
    statements.push(
      {
        sid: 'WriteOwnStates',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [...access.writeKeys, ...locks].map((key) => `${bucket}/${key}`),
      },
      {
        sid: 'ReleaseOwnLocks',
        actions: ['s3:DeleteObject'],
        resources: locks.map((key) => `${bucket}/${key}`),
      },
    );
  }
  if (access.readKeys.length > 0) {
    statements.push({
      sid: 'ReadOtherStates',
      actions: ['s3:GetObject'],
      resources: access.readKeys.map((key) => `${bucket}/${key}`),
    });
  }
  return statements;
}

/**
 * One statement per Sid and condition: grants repeat account-wide actions and service-linked roles,
 * and an inline role policy has 10,240 characters in all (IAM quotas). Only statements with the
 * same effect and the same conditions are merged (their union grants exactly what they grant
 * apart); a statement whose Sid is taken with other conditions keeps its own, numbered Sid.
 */
export function mergeStatements(statements: readonly Statement[]): Statement[] {
  const merged = new Map<string, { readonly key: string; readonly statement: Statement }>();
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
  statements.forEach((statement, i) => {
    const sid = statement.sid ?? `Statement${i + 1}`;
    const key = JSON.stringify([statement.effect ?? 'Allow', sortedConditions(statement.condition)]);
    let name = sid;
    for (let n = 2; merged.has(name) && merged.get(name)!.key !== key; n++) name = `${sid}${n}`;
    const previous = merged.get(name)?.statement;
    merged.set(name, {
      key,
      statement: previous
        ? {
            ...previous,
            actions: union(previous.actions, statement.actions),
            resources: union(previous.resources, statement.resources),
          }
        : { ...statement, sid: name },
    });
  });
  return [...merged.values()].map((entry) => entry.statement);
}

function sortedConditions(condition: Statement['condition']): unknown {
  return [...(condition ?? [])]
    .map((c) => [c.test, c.variable, [...c.values].sort()])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
