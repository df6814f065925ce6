import { block, isTrue } from '../../../core';
import type { PolicyRule } from '../../policy-rule';

export const ECR_002_SCAN_ON_PUSH: PolicyRule = {
  id: 'ECR-002',
  reason: 'ECR scans images on push (CKV_AWS_163 / AVD-AWS-0030)',
  severity: 'error',
  appliesTo: ['aws_ecr_repository'],
  check: (a) =>
    isTrue(block(a.image_scanning_configuration)?.scan_on_push)
      ? undefined
      : 'image_scanning_configuration.scan_on_push is not true',
};
