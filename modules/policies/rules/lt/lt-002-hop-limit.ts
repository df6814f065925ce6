import { block } from '../../../core';
import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const LT_002_HOP_LIMIT: PolicyRule = {
  id: 'LT-002',
  reason: 'launch templates keep the IMDS hop limit at 1, out of reach of containers (CKV_AWS_341)',
  severity: 'error',
  appliesTo: ['aws_launch_template'],
  check: (a) => {
    const hops = block(a.metadata_options)?.http_put_response_hop_limit;
    return hops === 1
      ? undefined
      : `metadata_options.http_put_response_hop_limit is ${show(hops)}, expected 1`;
  },
};
