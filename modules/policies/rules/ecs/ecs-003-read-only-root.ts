import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';
import { eachContainer } from './containers';

export const ECS_003_READ_ONLY_ROOT: PolicyRule = {
  id: 'ECS-003',
  reason: 'every container has a read-only root filesystem (CKV_AWS_336 / Security Hub ECS.5)',
  severity: 'error',
  appliesTo: ['aws_ecs_task_definition'],
  check: (a) =>
    eachContainer(a, (c) =>
      c.readonlyRootFilesystem === true
        ? undefined
        : `readonlyRootFilesystem is ${show(c.readonlyRootFilesystem)}`,
    ),
};
