import { joinProblems, type PolicyRule } from '../../policy-rule';
import {
  PUBLIC_PORTS,
  SECURITY_GROUP_RULE_TYPES,
  WORLD_CIDRS,
  isSingleTcpPortIn,
  securityGroupRules,
} from './security-group-rules';

export const SG_001_NO_WORLD_INGRESS: PolicyRule = {
  id: 'SG-001',
  reason: `no ingress from 0.0.0.0/0 or ::/0 except TCP ${PUBLIC_PORTS.join('/')} (CKV_AWS_24/25/260/277 / AVD-AWS-0107)`,
  severity: 'error',
  appliesTo: SECURITY_GROUP_RULE_TYPES,
  check: (_a, _ctx, _stack, self) =>
    joinProblems(
      securityGroupRules(self)
        .filter((r) => r.direction === 'ingress' && r.cidrs.some((c) => WORLD_CIDRS.includes(c)))
        .filter((r) => !isSingleTcpPortIn(r, PUBLIC_PORTS))
        .map(
          (r) =>
            `${r.where} admits ${r.cidrs.filter((c) => WORLD_CIDRS.includes(c)).join(', ')} on protocol ` +
            `${r.protocol} ports ${r.fromPort ?? '?'}-${r.toPort ?? '?'}`,
        ),
    ),
};
