import { Construct } from 'constructs';
import { PrivateBucket } from '../core/private-bucket';

const DEFAULT_NONCURRENT_VERSION_DAYS = 90;

export interface StateBucketProps {
  /** Globally unique name of the bucket that holds every stack's state. */
  readonly bucketName: string;
  /**
   * Days a replaced state version is kept, to roll back a bad apply.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * The bucket behind every stack's S3 backend. Losing it loses the record of what Terraform
 * manages, so it is versioned and `prevent_destroy` is not configurable. Locks are lock files
 * next to the state (`use_lockfile`), so no DynamoDB table is needed.
 */
export class StateBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const bucket = new PrivateBucket(this, 'store', {
      bucketName: props.bucketName,
      versioned: true,
      preventDestroy: true,
      noncurrentVersionExpirationDays:
        props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
  }
}
