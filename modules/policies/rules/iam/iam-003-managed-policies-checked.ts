import { referencedElement, show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';

const MANAGED_POLICY_ATTACHMENTS = [
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
];

export const IAM_003_MANAGED_POLICIES_CHECKED: PolicyRule = {
  id: 'IAM-003',
  reason:
    'managed policies not defined in the same stack are attached only with a written reason: their statements are not in this repository, so IAM-001/002 cannot check them (CKV_AWS_274 / AVD-AWS-0057)',
  severity: 'error',
  appliesTo: MANAGED_POLICY_ATTACHMENTS,
  check: (a, _ctx, stack) =>
    referencedElement(a.policy_arn, stack)?.type === 'aws_iam_policy'
      ? undefined
      : `attaches managed policy ${show(a.policy_arn)}, whose statements cannot be checked here`,
};
