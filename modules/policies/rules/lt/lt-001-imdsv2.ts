import { block } from '../../../core';
import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const LT_001_IMDSV2: PolicyRule = {
  id: 'LT-001',
  reason: 'launch templates require IMDSv2 tokens (CKV_AWS_79 / AVD-AWS-0130)',
  severity: 'error',
  appliesTo: ['aws_launch_template'],
  check: (a) => {
    const tokens = block(a.metadata_options)?.http_tokens;
    return tokens === 'required'
      ? undefined
      : `metadata_options.http_tokens is ${show(tokens)}, expected "required"`;
  },
};
