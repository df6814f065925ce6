import { block } from '../../../core';
import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const ECR_003_KMS_ENCRYPTION: PolicyRule = {
  id: 'ECR-003',
  reason: 'ECR encrypts images with KMS (CKV_AWS_136; AVD-AWS-0033 also wants a customer key)',
  severity: 'error',
  appliesTo: ['aws_ecr_repository'],
  check: (a) => {
    const type = block(a.encryption_configuration)?.encryption_type;
    return type === 'KMS'
      ? undefined
      : `encryption_configuration.encryption_type is ${show(type)}, expected KMS`;
  },
};
