import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { StateBucket } from '../../modules/state-bucket';
import { dataSources, synthConstruct } from '../helpers';

describe('StateBucket', () => {
  const json = synthConstruct((scope) => new StateBucket(scope, 'state', { bucketName: 'webapp-tfstate' }));

  test('is protected against destroy and force-delete', () => {
    expect(json).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'webapp-tfstate',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('is versioned and encrypted by default', () => {
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
  });

  test('blocks all four kinds of public access', () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('denies every request not made over TLS', () => {
    const [policy] = dataSources(json, 'aws_iam_policy_document') as {
      statement: Record<string, unknown>[];
    }[];
    expect(policy.statement[0]).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  test('expires replaced state versions after 90 days', () => {
    expect(json).toContain('"noncurrent_days": 90');
  });
});
