import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

export const ECR_001_IMMUTABLE_TAGS: PolicyRule = {
  id: 'ECR-001',
  reason: 'ECR image tags are immutable (CKV_AWS_51 / AVD-AWS-0031)',
  severity: 'error',
  appliesTo: ['aws_ecr_repository'],
  check: (a) =>
    a.image_tag_mutability === 'IMMUTABLE'
      ? undefined
      : `image_tag_mutability is ${show(a.image_tag_mutability)} (the provider default is MUTABLE)`,
};
