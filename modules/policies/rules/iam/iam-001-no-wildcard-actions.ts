import { wildcardActions } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { IAM_POLICY_TYPES } from '../../policy-statements';
import { allowProblems } from './allow-statements';

export const IAM_001_NO_WILDCARD_ACTIONS: PolicyRule = {
  id: 'IAM-001',
  reason: 'no Allow of "*", "<service>:*" or NotAction (CKV_AWS_1/49/62/63 / AVD-AWS-0057)',
  severity: 'error',
  appliesTo: IAM_POLICY_TYPES,
  check: (_a, _ctx, _stack, self) =>
    allowProblems(self, (s) => {
      const wild = wildcardActions(s.actions);
      if (wild.length > 0) return `allows ${wild.join(', ')}`;
      return s.notActions.length > 0 ? `allows NotAction ${s.notActions.join(', ')}` : undefined;
    }),
};
