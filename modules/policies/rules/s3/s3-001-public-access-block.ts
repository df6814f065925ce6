import type { PolicyRule } from '../../policy-rule';
import { attached } from './bucket-parts';

const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

export const S3_001_PUBLIC_ACCESS_BLOCK: PolicyRule = {
  id: 'S3-001',
  reason:
    'buckets have a public access block with all four flags (CKV_AWS_53-56, CKV2_AWS_6 / AVD-AWS-0086/87/91/93/94)',
  severity: 'error',
  appliesTo: ['aws_s3_bucket'],
  check: (_a, _ctx, stack, self) => {
    const blocksFound = attached(stack, 'aws_s3_bucket_public_access_block', self);
    if (blocksFound.some((b) => PUBLIC_ACCESS_FLAGS.every((f) => b.attrs[f] === true))) return undefined;
    return blocksFound.length === 0
      ? 'no aws_s3_bucket_public_access_block for this bucket'
      : `its public access block does not set all of ${PUBLIC_ACCESS_FLAGS.join(', ')} to true`;
  },
};
