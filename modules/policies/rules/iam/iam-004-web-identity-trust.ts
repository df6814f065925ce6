import { joinProblems, type PolicyRule } from '../../policy-rule';
import { webIdentityTrustProblems } from './web-identity';

export const IAM_004_WEB_IDENTITY_TRUST: PolicyRule = {
  id: 'IAM-004',
  reason:
    'roles for web identities pin the audience and the exact subject: for GitHub, aud "sts.amazonaws.com" and one repository in one branch, environment or pull_request, no wildcard (CKV_AWS_358)',
  severity: 'error',
  appliesTo: ['aws_iam_role'],
  check: (_a, _ctx, stack, self) => joinProblems(webIdentityTrustProblems(self, stack)),
};
