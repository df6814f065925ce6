import type { PolicyRule } from '../../policy-rule';
import { containers } from './containers';

export const ECS_001_LITERAL_CONTAINER_DEFINITIONS: PolicyRule = {
  id: 'ECS-001',
  reason: 'container_definitions is literal JSON, so ECS-002 to ECS-005 can see every container',
  severity: 'error',
  appliesTo: ['aws_ecs_task_definition'],
  check: (a) =>
    containers(a)
      ? undefined
      : 'container_definitions is not a literal JSON array (an expression or invalid JSON)',
};
