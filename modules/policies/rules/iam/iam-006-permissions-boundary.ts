import type { PolicyRule } from '../../policy-rule';

export const IAM_006_PERMISSIONS_BOUNDARY: PolicyRule = {
  id: 'IAM-006',
  reason:
    'in a stack CI applies, every role carries a permissions boundary (the workload boundary): the CI roles may create no role without it',
  severity: 'error',
  appliesTo: ['aws_iam_role'],
  check: (a, ctx) =>
    ctx.appliedByCi && (typeof a.permissions_boundary !== 'string' || a.permissions_boundary === '')
      ? 'has no permissions_boundary'
      : undefined,
};
