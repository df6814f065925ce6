import { block } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { attached } from './bucket-parts';

export const S3_002_DEFAULT_ENCRYPTION: PolicyRule = {
  id: 'S3-002',
  reason: 'buckets have default encryption (CKV_AWS_19 / AVD-AWS-0088; CKV_AWS_145 would want SSE-KMS)',
  severity: 'error',
  appliesTo: ['aws_s3_bucket'],
  check: (a, _ctx, stack, self) =>
    attached(stack, 'aws_s3_bucket_server_side_encryption_configuration', self).length > 0 ||
    block(a.server_side_encryption_configuration)
      ? undefined
      : 'no aws_s3_bucket_server_side_encryption_configuration for this bucket',
};
