import type { PolicyRule } from '../../policy-rule';
import { policyStatements, type Statement } from '../../policy-statements';
import { attached } from './bucket-parts';

export const S3_003_TLS_ONLY: PolicyRule = {
  id: 'S3-003',
  reason: 'bucket policies deny s3:* when aws:SecureTransport is false (Security Hub S3.5)',
  severity: 'error',
  appliesTo: ['aws_s3_bucket'],
  check: (_a, _ctx, stack, self) => {
    const policies = attached(stack, 'aws_s3_bucket_policy', self);
    const tlsOnly = policies.some((p) =>
      (policyStatements(p.attrs.policy, stack) ?? []).some(deniesInsecureTransport),
    );
    if (tlsOnly) return undefined;
    return policies.length === 0
      ? 'no aws_s3_bucket_policy for this bucket'
      : 'its bucket policy has no Deny of s3:* with Bool aws:SecureTransport = false';
  },
};

function deniesInsecureTransport(s: Statement): boolean {
  return (
    s.effect === 'Deny' &&
    s.actions.some((action) => action === '*' || action.toLowerCase() === 's3:*') &&
    s.conditions.some(
      (c) =>
        c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.map(String).includes('false'),
    )
  );
}
