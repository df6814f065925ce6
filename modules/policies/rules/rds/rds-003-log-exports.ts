import { strings } from '../../../core';
import type { PolicyRule } from '../../policy-rule';

export const RDS_003_LOG_EXPORTS: PolicyRule = {
  id: 'RDS-003',
  reason: 'Aurora exports its logs to CloudWatch (CKV_AWS_324)',
  severity: 'error',
  appliesTo: ['aws_rds_cluster'],
  check: (a) =>
    strings(a.enabled_cloudwatch_logs_exports).length > 0
      ? undefined
      : 'enabled_cloudwatch_logs_exports is empty',
};
