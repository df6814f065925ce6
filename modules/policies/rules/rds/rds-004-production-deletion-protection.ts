import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const RDS_004_PRODUCTION_DELETION_PROTECTION: PolicyRule = {
  id: 'RDS-004',
  reason: 'production Aurora has deletion protection (CKV_AWS_139 / AVD-AWS-0177)',
  severity: 'error',
  appliesTo: ['aws_rds_cluster'],
  check: (a, ctx) =>
    ctx.production && a.deletion_protection !== true
      ? `deletion_protection is ${show(a.deletion_protection)} in a production stack`
      : undefined,
};
