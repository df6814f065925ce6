import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';
import { LISTENERS } from './listeners';

const TLS13_POLICY_PREFIX = 'ELBSecurityPolicy-TLS13-';

export const ALB_002_TLS13_POLICY: PolicyRule = {
  id: 'ALB-002',
  reason: `HTTPS/TLS listeners use a TLS 1.3 policy, ${TLS13_POLICY_PREFIX}* (CKV_AWS_103 / AVD-AWS-0047)`,
  severity: 'error',
  appliesTo: LISTENERS,
  check: (a) =>
    (a.protocol === 'HTTPS' || a.protocol === 'TLS') &&
    !(typeof a.ssl_policy === 'string' && a.ssl_policy.startsWith(TLS13_POLICY_PREFIX))
      ? `ssl_policy is ${show(a.ssl_policy)}`
      : undefined,
};
