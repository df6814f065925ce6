import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { PrivateBucket } from '../core/private-bucket';
import { ACCOUNT_ID } from '../core/patterns';
import { check, isKnown, throwOnProblems } from '../core/validation';

const DEFAULT_NONCURRENT_VERSION_DAYS = 90;

/** What one other account's stacks may do in the bucket. */
export interface StateAccess {
  /** The account (its IAM principals still need S3 permissions of their own). */
  readonly accountId: string;
  /** Key patterns it writes (its own states and their lock files), for example `webapp/dev-*`. */
  readonly readWriteKeys: readonly string[];
  /** Key patterns it only reads through `terraform_remote_state`, for example `webapp/shared.tfstate`. */
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
   * @default [] (only the bucket's own account)
   */
  readonly crossAccountAccess?: readonly StateAccess[];
}

/**
 * The bucket behind every stack's S3 backend. Losing it loses the record of what Terraform
 * manages, so it is versioned and `prevent_destroy` is not configurable. Locks are lock files
 * next to the state (`use_lockfile`), so no DynamoDB table is needed. SSE-S3, not KMS: other
 * accounts read and write here, which an AWS-managed KMS key would refuse.
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const access = props.crossAccountAccess ?? [];
    throwOnProblems(
      this.node.path,
      access.flatMap((grant, i) =>
        check(
          !isKnown(grant.accountId) || ACCOUNT_ID.test(grant.accountId),
          `crossAccountAccess[${i}].accountId`,
          grant.accountId,
          'is not an AWS account ID',
          'exactly 12 digits, as a string',
        ),
      ),
    );
    const partition = access.length > 0 ? new DataAwsPartition(this, 'partition') : undefined;
    const bucket = new PrivateBucket(this, 'store', {
      bucketName: props.bucketName,
      versioned: true,
      preventDestroy: true,
      noncurrentVersionExpirationDays:
        props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
      policyStatements: (bucketArn) =>
        access.flatMap((grant, i) => accountStatements(grant, i, bucketArn, partition!.partition)),
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
  }
}

function accountStatements(
  grant: StateAccess,
  index: number,
  bucketArn: string,
  partition: string,
): DataAwsIamPolicyDocumentStatement[] {
  const principals = [{ type: 'AWS', identifiers: [`arn:${partition}:iam::${grant.accountId}:root`] }];
  const allKeys = [...grant.readWriteKeys, ...grant.readKeys];
  return [
    {
      sid: `Account${index}ListOwnKeys`,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      principals,
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: allKeys }],
    },
    {
      sid: `Account${index}WriteOwnState`,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: grant.readWriteKeys.map((key) => `${bucketArn}/${key}`),
      principals,
    },
    {
      sid: `Account${index}ReadSharedState`,
      actions: ['s3:GetObject'],
      resources: grant.readKeys.map((key) => `${bucketArn}/${key}`),
      principals,
    },
  ];
}
