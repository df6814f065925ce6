import { isObject } from '../../../core';
import { show } from '../../attributes';
import type { PolicyRule } from '../../policy-rule';
import { eachContainer } from './containers';

export const ECS_005_AWSLOGS: PolicyRule = {
  id: 'ECS-005',
  reason: 'every container logs through the awslogs driver (Security Hub ECS.9)',
  severity: 'error',
  appliesTo: ['aws_ecs_task_definition'],
  check: (a) =>
    eachContainer(a, (c) => {
      const driver = isObject(c.logConfiguration) ? c.logConfiguration.logDriver : undefined;
      return driver === 'awslogs' ? undefined : `logConfiguration.logDriver is ${show(driver)}`;
    }),
};
