import type { PolicyRule } from '../../policy-rule';
import { githubProviderProblem } from './web-identity';

export const IAM_005_GITHUB_AUDIENCE: PolicyRule = {
  id: 'IAM-005',
  reason: 'the GitHub Actions identity provider accepts only the audience "sts.amazonaws.com"',
  severity: 'error',
  appliesTo: ['aws_iam_openid_connect_provider'],
  check: (a) => githubProviderProblem(a),
};
