import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';
import { LOAD_BALANCERS } from './listeners';

export const ALB_001_DROP_INVALID_HEADERS: PolicyRule = {
  id: 'ALB-001',
  reason: 'ALBs drop invalid HTTP header fields (CKV_AWS_131 / AVD-AWS-0052)',
  severity: 'error',
  appliesTo: LOAD_BALANCERS,
  check: (a) =>
    (a.load_balancer_type ?? 'application') === 'application' && a.drop_invalid_header_fields !== true
      ? `drop_invalid_header_fields is ${show(a.drop_invalid_header_fields)}, expected true`
      : undefined,
};
