import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const LOG_001_RETENTION: PolicyRule = {
  id: 'LOG-001',
  reason:
    'log groups expire their logs; retention comes from config (CKV_AWS_66; CKV_AWS_338 would want >= 365)',
  severity: 'error',
  appliesTo: ['aws_cloudwatch_log_group'],
  check: (a) => {
    const days = a.retention_in_days;
    return typeof days === 'number' && days > 0
      ? undefined
      : `retention_in_days is ${show(days)} (kept forever)`;
  },
};
