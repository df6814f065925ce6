import { joinProblems, type PolicyRule } from '../../policy-rule';
import { SECURITY_GROUP_RULE_TYPES, securityGroupRules } from './security-group-rules';

export const SG_002_DESCRIPTIONS: PolicyRule = {
  id: 'SG-002',
  reason: 'security groups and every rule have a description (CKV_AWS_23 / AVD-AWS-0099, AVD-AWS-0124)',
  severity: 'error',
  appliesTo: SECURITY_GROUP_RULE_TYPES,
  check: (a, _ctx, _stack, self) =>
    joinProblems([
      // The provider fills in "Managed by Terraform" when the group's description is omitted.
      ...(self.type === 'aws_security_group' && !hasText(a.description)
        ? ['the group has no description']
        : []),
      ...securityGroupRules(self)
        .filter((r) => !hasText(r.description))
        .map((r) => `${r.where} has no description`),
    ]),
};

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '' && value !== 'Managed by Terraform';
}
