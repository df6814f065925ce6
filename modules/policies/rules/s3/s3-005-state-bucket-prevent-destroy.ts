import { block } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { isStateBucket } from './bucket-parts';

export const S3_005_STATE_BUCKET_PREVENT_DESTROY: PolicyRule = {
  id: 'S3-005',
  reason: "the state bucket has lifecycle.prevent_destroy (losing it loses every stack's state)",
  severity: 'error',
  appliesTo: ['aws_s3_bucket'],
  check: (a, ctx) =>
    isStateBucket(a, ctx.stateBucketName) && block(a.lifecycle)?.prevent_destroy !== true
      ? 'lifecycle.prevent_destroy is not true on the state bucket'
      : undefined,
};
