import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { PrivateBucket, throwOnProblems } from '../core';
import { accountKeyPrefix } from './keys';
import { stateAccessProblems } from './validation';

const DEFAULT_NONCURRENT_VERSION_DAYS = 90;

/**
 * `${aws:PrincipalAccount}` as `aws_iam_policy_document` takes a policy variable (`&{...}`, so that
 * Terraform does not read it as an interpolation): S3 replaces it with the account of the caller.
 */
const CALLER_ACCOUNT = '&{aws:PrincipalAccount}';

/** Which other accounts keep state in the bucket. */
export interface StateAccess {
  /** The accounts, each once (their IAM principals still need S3 permissions of their own). */
  readonly accountIds: readonly string[];
  /**
   * Each account reads and writes keys under `<keyPrefix>/<its own account ID>/` (see
   * `accountKeyPrefix`) and nothing else, for example `webapp` for `webapp/222222222222/dev.tfstate`.
   */
  readonly keyPrefix: string;
  /** Keys every listed account may also read, for example the shared stack's state. */
  readonly readKeys: readonly string[];
}

export interface StateBucketProps {
  /** Globally unique name of the bucket that holds every stack's state. */
  readonly bucketName: string;
  /**
   * Days a replaced state version is kept, to roll back a bad apply.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Other accounts whose stacks keep state here, each limited to its own keys.
   * @default - only the bucket's own account
   */
  readonly crossAccountAccess?: StateAccess;
}

/**
 * The bucket behind every stack's S3 backend. Losing it loses the record of what Terraform
 * manages, so it is versioned and `prevent_destroy` is not configurable. Locks are lock files
 * next to the state (`use_lockfile`), so no DynamoDB table is needed. SSE-S3, not KMS: other
 * accounts read and write here, which an AWS-managed KMS key would refuse.
 *
 * Other accounts get four statements however many they are (S3 refuses a bucket policy over
 * 20 KB): each names every account as a principal, and the keys through the policy variable
 * `${aws:PrincipalAccount}`, which S3 fills in with the caller's account. So an account reaches its
 * own prefix and no other account's, and one more account costs its ID in four principal lists.
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const access = props.crossAccountAccess;
    throwOnProblems(this.node.path, access ? stateAccessProblems(access) : []);
    const partition = access ? new DataAwsPartition(this, 'partition') : undefined;
    const bucket = new PrivateBucket(this, 'store', {
      bucketName: props.bucketName,
      versioned: true,
      preventDestroy: true,
      noncurrentVersionExpirationDays:
        props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
      policyStatements: (bucketArn) =>
        access && access.accountIds.length > 0
          ? accountStatements(access, bucketArn, partition!.partition)
          : [],
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
  }
}

/** Where Terraform's S3 backend keeps (and lists) workspaces other than `default`. */
const WORKSPACE_PREFIX = 'env:/';

/**
 * Terraform's S3 backend needs, on its own keys: ListBucket (of its own prefix, and of `env:/`,
 * which it lists for workspaces),
 * GetObject and PutObject on states and lock files, and DeleteObject on lock files only (it never
 * deletes a state of the default workspace). Remote-state reads of the shared stack need GetObject.
 */
function accountStatements(
  access: StateAccess,
  bucketArn: string,
  partition: string,
): DataAwsIamPolicyDocumentStatement[] {
  const principals = [
    { type: 'AWS', identifiers: access.accountIds.map((account) => `arn:${partition}:iam::${account}:root`) },
  ];
  const own = accountKeyPrefix(access.keyPrefix, CALLER_ACCOUNT);
  return [
    {
      sid: 'AccountsListOwnKeys',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      principals,
      // `env:/` is where the backend looks for other workspaces at init: none exist, and a refusal
      // would be tolerated (Terraform >= 1.7), but a CI role's requests must all be allowed.
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${own}/*`, WORKSPACE_PREFIX] }],
    },
    {
      sid: 'AccountsReadWriteOwnKeys',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [`${bucketArn}/${own}/*`],
      principals,
    },
    {
      sid: 'AccountsDeleteOwnLockFiles',
      actions: ['s3:DeleteObject'],
      resources: [`${bucketArn}/${own}/*.tflock`],
      principals,
    },
    ...(access.readKeys.length > 0
      ? [
          {
            sid: 'AccountsReadSharedKeys',
            actions: ['s3:GetObject'],
            resources: access.readKeys.map((key) => `${bucketArn}/${key}`),
            principals,
          },
        ]
      : []),
  ];
}
