import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const RDS_002_IAM_AUTHENTICATION: PolicyRule = {
  id: 'RDS-002',
  reason: 'Aurora has IAM database authentication enabled (CKV_AWS_162 / AVD-AWS-0176)',
  severity: 'error',
  appliesTo: ['aws_rds_cluster'],
  check: (a) =>
    a.iam_database_authentication_enabled === true
      ? undefined
      : `iam_database_authentication_enabled is ${show(a.iam_database_authentication_enabled)}`,
};
