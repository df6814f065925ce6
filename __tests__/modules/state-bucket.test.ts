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

describe('StateBucket shared with environment accounts', () => {
  const json = synthConstruct(
    (scope) =>
      new StateBucket(scope, 'state', {
        bucketName: 'webapp-tfstate',
        crossAccountAccess: [
          {
            accountId: '222222222222',
            readWriteKeys: ['webapp/dev.tfstate*', 'webapp/dev-*'],
            readKeys: ['webapp/shared.tfstate'],
          },
        ],
      }),
  );
  const statements = (dataSources(json, 'aws_iam_policy_document')[0] as { statement: Record<string, any>[] })
    .statement;

  test('an environment account writes only its own states and reads only the shared one', () => {
    const write = statements.find((s) => s.sid === 'Account0WriteOwnState')!;
    expect(write.principals[0].identifiers[0]).toMatch(/:iam::222222222222:root$/);
    expect(write.resources).toEqual([
      expect.stringMatching(/^\$\{aws_s3_bucket\.state_store_bucket_\w+\.arn\}\/webapp\/dev\.tfstate\*$/),
      expect.stringMatching(/^\$\{aws_s3_bucket\.state_store_bucket_\w+\.arn\}\/webapp\/dev-\*$/),
    ]);
    const read = statements.find((s) => s.sid === 'Account0ReadSharedState')!;
    expect(read.actions).toEqual(['s3:GetObject']);
    expect(read.resources).toEqual([expect.stringMatching(/\.arn\}\/webapp\/shared\.tfstate$/)]);
  });

  test('listing is limited to those keys, and the TLS-only denial stays first', () => {
    expect(statements[0].sid).toBe('DenyInsecureTransport');
    expect(statements.find((s) => s.sid === 'Account0ListOwnKeys')!.condition).toEqual([
      {
        test: 'StringLike',
        variable: 's3:prefix',
        values: ['webapp/dev.tfstate*', 'webapp/dev-*', 'webapp/shared.tfstate'],
      },
    ]);
  });

  test('fails when an account ID is not 12 digits', () => {
    expect(() =>
      synthConstruct(
        (scope) =>
          new StateBucket(scope, 'state', {
            bucketName: 'b-b-b',
            crossAccountAccess: [{ accountId: 'dev', readWriteKeys: [], readKeys: [] }],
          }),
      ),
    ).toThrow(
      'state.crossAccountAccess[0].accountId: "dev" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    );
  });
});
