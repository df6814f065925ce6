import { reference, referencing } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const VPC_001_FLOW_LOG: PolicyRule = {
  id: 'VPC-001',
  reason: 'every VPC has a flow log in the same stack (CKV2_AWS_11 / AVD-AWS-0178)',
  severity: 'error',
  appliesTo: ['aws_vpc'],
  check: (_a, _ctx, stack, self) =>
    referencing(stack, 'aws_flow_log', 'vpc_id', self, ['id']).length > 0
      ? undefined
      : `no aws_flow_log has vpc_id = "${reference(self, 'id')}"`,
};
