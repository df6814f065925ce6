import { blocks } from '../../../core';
import { reference, referencing } from '../../attributes';
import { joinProblems, type PolicyRule } from '../../policy-rule';

export const VPC_002_DEFAULT_SECURITY_GROUP_CLOSED: PolicyRule = {
  id: 'VPC-002',
  reason: "every VPC's default security group is adopted with no rules (CKV2_AWS_12 / AVD-AWS-0173)",
  severity: 'error',
  appliesTo: ['aws_vpc'],
  check: (_a, _ctx, stack, self) => {
    const groups = referencing(stack, 'aws_default_security_group', 'vpc_id', self, ['id']);
    if (groups.length === 0) return `no aws_default_security_group has vpc_id = "${reference(self, 'id')}"`;
    return joinProblems(
      groups
        .filter((g) => blocks(g.attrs.ingress).length > 0 || blocks(g.attrs.egress).length > 0)
        .map((g) => `${g.address} keeps ingress or egress rules`),
    );
  },
};
