import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { StateBucket, type StateAccess } from '../../modules/state-bucket';
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
  const shared = (accountIds: string[]) => {
    const json = synthConstruct(
      (scope) =>
        new StateBucket(scope, 'state', {
          bucketName: 'webapp-tfstate',
          crossAccountAccess: {
            accountIds,
            keyPrefix: 'webapp',
            readKeys: ['webapp/111111111111/shared.tfstate'],
          },
        }),
    );
    return (dataSources(json, 'aws_iam_policy_document')[0] as { statement: Record<string, any>[] })
      .statement;
  };
  const statements = shared(['222222222222', '333333333333']);
  const sid = (id: string) => statements.find((s) => s.sid === id)!;
  const BUCKET_ARN = /^\$\{aws_s3_bucket\.state_store_bucket_\w+\.arn\}/;
  const afterBucket = (resource: string) => resource.replace(BUCKET_ARN, '<bucket>');

  test("each account reads and writes only keys under its own account's prefix, which S3 fills in", () => {
    const readWrite = sid('AccountsReadWriteOwnKeys');
    expect(readWrite.actions).toEqual(['s3:GetObject', 's3:PutObject']);
    // `&{...}` is how aws_iam_policy_document takes a policy variable; it renders `${aws:PrincipalAccount}`.
    expect(readWrite.resources.map(afterBucket)).toEqual(['<bucket>/webapp/&{aws:PrincipalAccount}/*']);
    expect(readWrite.principals).toEqual([
      {
        type: 'AWS',
        identifiers: [
          expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::222222222222:root$/),
          expect.stringMatching(/:iam::333333333333:root$/),
        ],
      },
    ]);
  });

  test('lock files are the only keys an account may delete', () => {
    const deletes = statements.filter((s) => s.actions.includes('s3:DeleteObject'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0].resources.map(afterBucket)).toEqual([
      '<bucket>/webapp/&{aws:PrincipalAccount}/*.tflock',
    ]);
  });

  test("listing is limited to the caller's own prefix and the workspace prefix, and the TLS-only denial stays first", () => {
    expect(statements[0].sid).toBe('DenyInsecureTransport');
    const list = sid('AccountsListOwnKeys');
    expect(list.resources.map(afterBucket)).toEqual(['<bucket>']);
    // (`terraform init` lists `env:/` for workspaces; none exist)
    expect(list.condition).toEqual([
      { test: 'StringLike', variable: 's3:prefix', values: ['webapp/&{aws:PrincipalAccount}/*', 'env:/'] },
    ]);
  });

  test("every account reads the shared keys, and nothing else of other accounts' prefixes", () => {
    const read = sid('AccountsReadSharedKeys');
    expect(read.actions).toEqual(['s3:GetObject']);
    expect(read.resources.map(afterBucket)).toEqual(['<bucket>/webapp/111111111111/shared.tfstate']);
    // No grant names a literal account's prefix: only the caller's.
    const resources = statements.slice(1).flatMap((s) => s.resources.map(afterBucket));
    expect(resources.filter((r: string) => /webapp\/\d{12}\/\*/.test(r))).toEqual([]);
  });

  test('one more account adds its ID to the principal lists, not statements', () => {
    const more = shared(['222222222222', '333333333333', '444444444444']);
    expect(more.map((s) => s.sid)).toEqual(statements.map((s) => s.sid));
    for (const s of more.slice(1)) expect(s.principals[0].identifiers).toHaveLength(3);
  });

  const refused = (access: Partial<StateAccess>) => () =>
    synthConstruct(
      (scope) =>
        new StateBucket(scope, 'state', {
          bucketName: 'b-b-b',
          crossAccountAccess: { accountIds: [], keyPrefix: 'webapp', readKeys: [], ...access },
        }),
    );

  test('fails when an account ID is not 12 digits', () => {
    expect(refused({ accountIds: ['dev'] })).toThrow(
      'state.crossAccountAccess.accountIds[0]: "dev" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
    );
  });

  test('fails when an account is listed twice', () => {
    expect(refused({ accountIds: ['222222222222', '222222222222'] })).toThrow(
      'state.crossAccountAccess.accountIds[1]: "222222222222" is listed twice (accepted: each account once)',
    );
  });

  test('fails when the key prefix has a wildcard, which would widen every grant', () => {
    expect(refused({ keyPrefix: 'webapp/*' })).toThrow(
      'state.crossAccountAccess.keyPrefix: "webapp/*" is not a key prefix without wildcards',
    );
  });
});
