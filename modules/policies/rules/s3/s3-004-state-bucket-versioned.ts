import { block, isTrue } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { attached, isStateBucket } from './bucket-parts';

export const S3_004_STATE_BUCKET_VERSIONED: PolicyRule = {
  id: 'S3-004',
  reason: 'the state bucket is versioned (CKV_AWS_21 / AVD-AWS-0090)',
  severity: 'error',
  appliesTo: ['aws_s3_bucket'],
  check: (a, ctx, stack, self) => {
    if (!isStateBucket(a, ctx.stateBucketName)) return undefined;
    const enabled =
      attached(stack, 'aws_s3_bucket_versioning', self).some(
        (v) => block(v.attrs.versioning_configuration)?.status === 'Enabled',
      ) || isTrue(block(a.versioning)?.enabled);
    return enabled ? undefined : 'no aws_s3_bucket_versioning with status "Enabled" for the state bucket';
  },
};
