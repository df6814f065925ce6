import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';

export interface PrivateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Keep every version of every object.
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Refuse `terraform destroy` of the bucket (lifecycle `prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Delete current objects this many days after creation.
   * @default - objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Delete non-current versions this many days after they are replaced (versioned buckets).
   * @default - non-current versions are kept
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Statements added to the bucket policy next to the TLS-only denial, given the bucket's ARN.
   * @default - none
   */
  readonly policyStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
}

/**
 * An S3 bucket that cannot become public: all four public-access blocks, ACLs disabled,
 * SSE-S3 by default, and a policy that refuses any request not made over TLS.
 *
 * SSE-S3 rather than SSE-KMS: ALB access logs accept nothing else, and the state bucket is read
 * from environment accounts, which an AWS-managed KMS key would not allow.
 */
export class PrivateBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** The bucket policy; whatever relies on it (an ALB writing logs) should depend on it. */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? false;
    const preventDestroy = props.preventDestroy ?? false;

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const publicAccess = this.blockPublicAccess();
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    if (versioned) {
      new S3BucketVersioningA(this, 'versioning', {
        bucket: this.bucket.id,
        versioningConfiguration: { status: 'Enabled' },
      });
    }
    const rules = lifecycleRules(props);
    if (rules.length > 0) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', { bucket: this.bucket.id, rule: rules });
    }
    this.policy = this.addPolicy(publicAccess, props.policyStatements?.(this.bucket.arn) ?? []);
  }

  /** Object ownership enforced (no ACLs) and all four public-access blocks. */
  private blockPublicAccess(): S3BucketPublicAccessBlock {
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    return new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }

  /** The TLS-only denial, followed by the caller's statements. */
  private addPolicy(
    publicAccess: S3BucketPublicAccessBlock,
    statements: DataAwsIamPolicyDocumentStatement[],
  ): S3BucketPolicy {
    const policy = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        ...statements,
      ],
    });
    // After the public-access block: S3 rejects some policies while the block is being applied.
    return new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policy.json,
      dependsOn: [publicAccess],
    });
  }
}

/** Expiry rules from the props, plus aborting stale multipart uploads whenever anything expires. */
function lifecycleRules(props: PrivateBucketProps): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [];
  if (props.expirationDays !== undefined) {
    rules.push({
      id: 'expire-objects',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ days: props.expirationDays }],
    });
  }
  if (props.noncurrentVersionExpirationDays !== undefined) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
    });
  }
  if (rules.length > 0) {
    rules.push({
      id: 'abort-incomplete-uploads',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    });
  }
  return rules;
}
