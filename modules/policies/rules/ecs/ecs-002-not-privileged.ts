import type { PolicyRule } from '../../policy-rule';
import { eachContainer } from './containers';

export const ECS_002_NOT_PRIVILEGED: PolicyRule = {
  id: 'ECS-002',
  reason: 'no container is privileged (CKV_AWS_334 / Security Hub ECS.4)',
  severity: 'error',
  appliesTo: ['aws_ecs_task_definition'],
  check: (a) => eachContainer(a, (c) => (c.privileged === true ? 'privileged is true' : undefined)),
};
