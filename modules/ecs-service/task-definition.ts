import type { Construct } from 'constructs';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { containerDefinition, scratchVolumes } from './container-definition';
import type { ResolvedEcsServiceProps } from './ecs-service';

/** What the task definition takes from the other parts of the service. */
export interface TaskDefinitionInputs {
  readonly logGroupName: string;
  readonly executionRoleArn: string;
  readonly taskRoleArn: string;
}

export function createTaskDefinition(
  scope: Construct,
  p: ResolvedEcsServiceProps,
  inputs: TaskDefinitionInputs,
): EcsTaskDefinition {
  const volumes = scratchVolumes(p.scratchPaths);
  return new EcsTaskDefinition(scope, 'task-definition', {
    family: p.baseName,
    // Tokens (image URL and tag, log group name, ARNs) are plain strings here; JSON.stringify keeps
    // them and cdktf turns them into interpolations inside the JSON string, so the plan shows real
    // JSON. Terraform substitutes values without JSON-escaping them: a token environment value must
    // therefore never contain a quote or backslash (names, hosts, ports and ARNs do not).
    containerDefinitions: JSON.stringify([containerDefinition(p, inputs.logGroupName, volumes)]),
    cpu: String(p.cpu),
    memory: String(p.memory),
    networkMode: 'awsvpc',
    requiresCompatibilities: [p.capacity.type === 'fargate' ? 'FARGATE' : 'EC2'],
    executionRoleArn: inputs.executionRoleArn,
    taskRoleArn: inputs.taskRoleArn,
    // Host-less volumes: task-scoped ephemeral storage on Fargate, a Docker-managed directory
    // on EC2; either way the data lives and dies with the task.
    volume: volumes.map((v) => ({ name: v.name })),
  });
}
