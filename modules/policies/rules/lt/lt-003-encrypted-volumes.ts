import { block, blocks, isTrue } from '../../../core';
import { show } from '../../attributes';
import { joinProblems, type PolicyRule } from '../../policy-rule';

export const LT_003_ENCRYPTED_VOLUMES: PolicyRule = {
  id: 'LT-003',
  reason: 'launch template EBS volumes are encrypted (CKV_AWS_8 / AVD-AWS-0008 for launch configurations)',
  severity: 'error',
  appliesTo: ['aws_launch_template'],
  check: (a) =>
    joinProblems(
      blocks(a.block_device_mappings)
        .filter((m) => block(m.ebs) && !isTrue(block(m.ebs)?.encrypted))
        .map(
          (m) =>
            `block_device_mappings ${show(m.device_name)} has ebs.encrypted ${show(block(m.ebs)?.encrypted)}`,
        ),
    ),
};
