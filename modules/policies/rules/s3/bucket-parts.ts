import { isExpression, type Attributes, type SynthesizedElement } from '../../../core';
import { referencing } from '../../attributes';
import type { StackResources } from '../../policy-rule';

/** Bucket sub-resources (`aws_s3_bucket_*`) whose `bucket` names this bucket by reference or literally. */
export function attached(
  stack: StackResources,
  type: string,
  bucket: SynthesizedElement,
): SynthesizedElement[] {
  const name = bucket.attrs.bucket;
  const byName =
    typeof name === 'string' && !isExpression(name)
      ? stack.ofType(type).filter((e) => e.attrs.bucket === name)
      : [];
  return [...referencing(stack, type, 'bucket', bucket, ['id', 'bucket']), ...byName];
}

export function isStateBucket(a: Attributes, stateBucketName: string | undefined): boolean {
  return stateBucketName !== undefined && a.bucket === stateBucketName;
}
