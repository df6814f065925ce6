import { actionsUnscoped } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { IAM_POLICY_TYPES } from '../../policy-statements';
import { allowProblems } from './allow-statements';

export const IAM_002_SCOPED_RESOURCES: PolicyRule = {
  id: 'IAM-002',
  reason: 'Resource "*" only for actions that have no resource type (CKV_AWS_355/356 / AVD-AWS-0057)',
  severity: 'error',
  appliesTo: IAM_POLICY_TYPES,
  check: (_a, _ctx, _stack, self) =>
    allowProblems(self, (s) => {
      if (s.notResources.length > 0) return `allows NotResource ${s.notResources.join(', ')}`;
      const scopable = actionsUnscoped(s.actions, s.resources);
      return scopable.length > 0 ? `allows ${scopable.join(', ')} on Resource "*"` : undefined;
    }),
};
