import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import {
  EcsService as AwsEcsService,
  type EcsServiceCapacityProviderStrategy,
} from '@cdktf/provider-aws/lib/ecs-service';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { attachToListener, type ListenerAttachment } from './load-balancing';
import { withDefaults, type EcsServiceCapacity, type EcsServiceProps } from './props';
import { createTaskRoles } from './roles';
import { addAutoscaling } from './scaling';
import { createTaskDefinition } from './task-definition';
import { throwOnProblems } from '../core/validation';
import { checkInput, ecsServiceProblems, ecsServiceWiringProblems } from './validation';

export { fargateSizeProblem, FARGATE_CPU_SIZES } from './fargate-sizes';
export { taskRoleNames } from './roles';
export * from './validation';
export { DEFAULT_DEREGISTRATION_DELAY_SECONDS, DEFAULT_READONLY_ROOT_FILESYSTEM } from './props';
export type {
  EcsServiceCapacity,
  EcsServiceDeployment,
  EcsServiceDiscovery,
  EcsServiceEc2Capacity,
  EcsServiceFargateCapacity,
  EcsServiceImage,
  EcsServiceLoadBalancer,
  EcsServicePolicyStatement,
  EcsServiceProps,
  EcsServiceSecret,
  EcsServiceSecretGrant,
} from './props';

function capacityProviderStrategy(capacity: EcsServiceCapacity): EcsServiceCapacityProviderStrategy[] {
  if (capacity.type === 'ec2') {
    return [{ capacityProvider: capacity.capacityProviderName, weight: 1 }];
  }
  // Both entries are always written so that changing a weight to or from 0 changes a weight, not
  // the strategy's shape (an empty strategy on either side is a replacement in any case). Base 1
  // keeps one task off spot interruptions.
  return [
    { capacityProvider: 'FARGATE', weight: capacity.fargateWeight, base: capacity.fargateWeight > 0 ? 1 : 0 },
    { capacityProvider: 'FARGATE_SPOT', weight: capacity.spotWeight, base: 0 },
  ];
}

/**
 * One containerised service in one environment: log group, task definition with its two roles,
 * the ECS service, autoscaling, and optionally an ALB target group + listener rule and a Cloud Map
 * registration. Security groups are the environment's business; this module creates none.
 */
export class EcsService extends Construct {
  /** Name of the ECS service (`<namePrefix>-<serviceName>`). */
  public readonly serviceName: string;
  /** ARN of the task definition revision the service runs. */
  public readonly taskDefinitionArn: string;
  /** The task definition itself, for callers that annotate it (policy suppressions). */
  public readonly taskDefinition: EcsTaskDefinition;
  public readonly logGroupName: string;
  public readonly executionRoleArn: string;
  public readonly taskRoleArn: string;
  /** ARN of the service's target group, when it is behind the ALB. */
  public readonly targetGroupArn?: string;
  /** CloudWatch dimension of the target group (`targetgroup/<name>/<id>`), when behind the ALB. */
  public readonly targetGroupArnSuffix?: string;

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    const p = withDefaults(props);
    throwOnProblems(this.node.path, [...ecsServiceProblems(checkInput(p)), ...ecsServiceWiringProblems(p)]);

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/ecs/${p.namePrefix}/${p.serviceName}`,
      retentionInDays: p.logRetentionDays,
    });
    const roles = createTaskRoles(this, p, logGroup.arn);
    const taskDefinition = createTaskDefinition(this, p, {
      logGroupName: logGroup.name,
      executionRoleArn: roles.executionRole.arn,
      taskRoleArn: roles.taskRole.arn,
    });

    const lb = p.loadBalancer;
    const attachment: ListenerAttachment | undefined =
      lb === undefined ? undefined : attachToListener(this, p, lb);

    const discovery =
      p.serviceDiscovery === undefined
        ? undefined
        : new ServiceDiscoveryService(this, 'discovery', {
            name: p.serviceName,
            dnsConfig: {
              namespaceId: p.serviceDiscovery.namespaceId,
              routingPolicy: 'MULTIVALUE',
              // Short TTL: task IPs change on every deployment.
              dnsRecords: [{ type: 'A', ttl: 10 }],
            },
            // ECS reports task health to Cloud Map itself.
            healthCheckCustomConfig: { failureThreshold: 1 },
          });

    const service = new AwsEcsService(this, 'service', {
      name: p.baseName,
      cluster: p.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: p.desiredCount,
      capacityProviderStrategy: capacityProviderStrategy(p.capacity),
      // ECS changes a service's capacity provider strategy only with a new deployment, and the
      // pinned AWS provider (5.100) plans any strategy change as a replacement (destroy, then
      // create: every task stops) unless this is set; with it, the change is an in-place
      // UpdateService that rolls the tasks like a release (hashicorp/terraform-provider-aws#43533
      // made the flag mandatory for this in 6.x). Every other update rolls the tasks too, which a
      // release, the usual update, does anyway.
      forceNewDeployment: true,
      networkConfiguration: {
        subnets: p.subnetIds,
        securityGroups: [p.securityGroupId],
        assignPublicIp: false,
      },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: p.deployment.minimumHealthyPercent,
      deploymentMaximumPercent: p.deployment.maximumPercent,
      // ECS rejects a grace period on a service without a load balancer.
      healthCheckGracePeriodSeconds: attachment ? p.deployment.healthCheckGracePeriodSeconds : undefined,
      loadBalancer: attachment
        ? [
            {
              targetGroupArn: attachment.targetGroup.arn,
              containerName: p.serviceName,
              containerPort: p.port,
            },
          ]
        : undefined,
      serviceRegistries: discovery ? { registryArn: discovery.arn } : undefined,
      enableExecuteCommand: p.enableExec,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      // Deploys change only the image tag; waiting would hold the pipeline for the whole rollout,
      // and the circuit breaker rolls back failures anyway.
      waitForSteadyState: false,
      // Autoscaling owns the running count after creation.
      lifecycle: { ignoreChanges: ['desired_count'] },
      // Without the policies the first tasks cannot pull or log, and would trip the circuit
      // breaker; without the rule the target group is not attached to the ALB and ECS refuses it.
      dependsOn: [...roles.policies, ...(attachment ? [attachment.listenerRule] : [])],
    });

    addAutoscaling(
      this,
      p,
      service.name,
      lb?.requestsPerTarget !== undefined && attachment
        ? {
            resourceLabel: `${lb.albArnSuffix}/${attachment.targetGroup.arnSuffix}`,
            requestsPerTarget: lb.requestsPerTarget,
            dependsOn: [attachment.listenerRule],
          }
        : undefined,
    );

    this.serviceName = service.name;
    this.taskDefinitionArn = taskDefinition.arn;
    this.taskDefinition = taskDefinition;
    this.logGroupName = logGroup.name;
    this.executionRoleArn = roles.executionRole.arn;
    this.taskRoleArn = roles.taskRole.arn;
    this.targetGroupArn = attachment?.targetGroup.arn;
    this.targetGroupArnSuffix = attachment?.targetGroup.arnSuffix;
  }
}
