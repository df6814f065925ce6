import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import {
  EcsService as AwsEcsService,
  type EcsServiceCapacityProviderStrategy,
} from '@cdktf/provider-aws/lib/ecs-service';
import { ServiceDiscoveryService } from '@cdktf/provider-aws/lib/service-discovery-service';
import { throwOnProblems } from '../core';
import { addAutoscaling } from './autoscaling';
import { attachToListener, type ListenerAttachment } from './load-balancing';
import { createTaskDefinition } from './task-definition';
import { createTaskRoles, type TaskRoles } from './task-roles';
import { checkInput, ecsServiceProblems, ecsServiceWiringProblems } from './validation';

/** Container image of the service: one ECR repository and the tag to run. */
export interface EcsServiceImage {
  /** Repository URL without tag, e.g. `123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/backend`. */
  readonly repositoryUrl: string;
  /** Repository ARN; the execution role may pull from this repository only. */
  readonly repositoryArn: string;
  /** Image tag to run; usually a Terraform variable token so deploys change only the tag. */
  readonly tag: string;
}

/** Tasks run on the cluster's EC2 capacity provider. */
export interface EcsServiceEc2Capacity {
  /** Discriminant. */
  readonly type: 'ec2';
  /** Name of the cluster's EC2 capacity provider. */
  readonly capacityProviderName: string;
}

/** Tasks run on Fargate, split between on-demand and spot by weight. */
export interface EcsServiceFargateCapacity {
  /** Discriminant. */
  readonly type: 'fargate';
  /** Relative weight of on-demand FARGATE, 0-1000; when above 0, the first task is always on-demand. */
  readonly fargateWeight: number;
  /** Relative weight of FARGATE_SPOT, 0-1000. */
  readonly spotWeight: number;
}

/** Where the tasks run. */
export type EcsServiceCapacity = EcsServiceEc2Capacity | EcsServiceFargateCapacity;

/** How ECS replaces tasks during a deployment. */
export interface EcsServiceDeployment {
  /** Lower bound of running tasks during a deployment, percent of desired count, 0-100. */
  readonly minimumHealthyPercent: number;
  /** Upper bound of running tasks during a deployment, percent of desired count, 100-200. */
  readonly maximumPercent: number;
  /** Seconds a new task may fail load balancer health checks while it boots; also the container health check start period (capped at 300). */
  readonly healthCheckGracePeriodSeconds: number;
}

/** What the execution role must be allowed to read for one secret. */
export interface EcsServiceSecretGrant {
  /** Kind of the resource, which decides the IAM action. */
  readonly kind: 'ssm-parameter' | 'secretsmanager-secret';
  /** ARN of the SSM parameter or Secrets Manager secret (without a JSON-key suffix). */
  readonly arn: string;
}

/** One secret injected as an environment variable by ECS at task start. */
export interface EcsServiceSecret {
  /** Environment variable name inside the container. */
  readonly name: string;
  /** What ECS reads: an SSM parameter ARN, or `${secretArn}:password::` for one JSON key of a secret. */
  readonly valueFrom: string;
  /** The resource the execution role may read to resolve `valueFrom`. */
  readonly grant: EcsServiceSecretGrant;
}

/** One extra statement of the task role (what the application itself may call). */
export interface EcsServicePolicyStatement {
  /** IAM actions, e.g. `s3:GetObject`. */
  readonly actions: string[];
  /** Resource ARNs the actions apply to. */
  readonly resources: string[];
}

/** Attachment to an existing ALB listener. */
export interface EcsServiceLoadBalancer {
  /** ARN of the listener (usually HTTPS) that gets the rule. */
  readonly listenerArn: string;
  /** Rule priority on the listener, 1-50000, unique per listener. */
  readonly priority: number;
  /**
   * Path patterns the rule matches, e.g. `/api/*`.
   * @default [] (at least one path pattern or host header is required)
   */
  readonly pathPatterns?: readonly string[];
  /**
   * Host headers the rule matches, e.g. `app.example.com`.
   * @default [] (at least one path pattern or host header is required)
   */
  readonly hostHeaders?: readonly string[];
  /** VPC of the target group. */
  readonly vpcId: string;
  /** ARN suffix of the ALB (`app/<name>/<id>`), for the request-count scaling metric. */
  readonly albArnSuffix: string;
  /**
   * Target of requests per task per minute; adds an ALBRequestCountPerTarget scaling policy.
   * @default - no request-count scaling, CPU only
   */
  readonly requestsPerTarget?: number;
  /**
   * Seconds the ALB drains a deregistering task, 0-3600.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
}

/** Registration in a Cloud Map private DNS namespace. */
export interface EcsServiceDiscovery {
  /** ID of the Cloud Map namespace; the service registers as `<serviceName>.<namespace>`. */
  readonly namespaceId: string;
}

export interface EcsServiceProps {
  /** Short name of the service, e.g. `backend`; also the container name and the Cloud Map name. */
  readonly serviceName: string;
  /** Prefix of resource names, e.g. `webapp-dev`; resources are named `<namePrefix>-<serviceName>`. */
  readonly namePrefix: string;
  /** Region of the service, for the awslogs driver. */
  readonly region: string;
  /** ARN of the ECS cluster. */
  readonly clusterArn: string;
  /** Name of the ECS cluster, for the autoscaling resource ID. */
  readonly clusterName: string;
  /** Private-app subnets the tasks are placed in. */
  readonly subnetIds: string[];
  /** The service's own security group, created with its rules by the environment stack. */
  readonly securityGroupId: string;
  /** Image to run. */
  readonly image: EcsServiceImage;
  /** Container port the application listens on, 1-65535. */
  readonly port: number;
  /** Task CPU units; on Fargate one of the Fargate sizes. */
  readonly cpu: number;
  /** Task memory, MiB; on Fargate a value Fargate accepts with `cpu`. */
  readonly memory: number;
  /** Where the tasks run: EC2 capacity provider or Fargate/Fargate Spot. */
  readonly capacity: EcsServiceCapacity;
  /** Tasks at creation; afterwards autoscaling owns the count. */
  readonly desiredCount: number;
  /** Lower bound of autoscaling. */
  readonly minCount: number;
  /** Upper bound of autoscaling. */
  readonly maxCount: number;
  /** Average CPU utilisation autoscaling aims for, percent, 1-100. */
  readonly cpuTargetPercent: number;
  /** Rolling deployment settings. */
  readonly deployment: EcsServiceDeployment;
  /** Whether ECS Exec (interactive shell into tasks) is allowed. */
  readonly enableExec: boolean;
  /** Plain environment variables of the container (no secrets here). */
  readonly environment: Record<string, string>;
  /** Secrets injected from SSM Parameter Store or Secrets Manager. */
  readonly secrets: readonly EcsServiceSecret[];
  /**
   * Customer-managed KMS keys the secrets are encrypted with; the execution role may decrypt with them.
   * @default []
   */
  readonly secretKmsKeyArns?: readonly string[];
  /** HTTP path answered with 2xx/3xx when the app is healthy, e.g. `/health`. */
  readonly healthCheckPath: string;
  /**
   * Mount the container's root filesystem read-only (must be false with `enableExec`: the ECS Exec agent writes to it).
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Absolute paths the app may write to (e.g. `/tmp`); each becomes a task-scoped volume.
   * @default []
   */
  readonly scratchPaths?: readonly string[];
  /** Retention of the service's log group, days (a value CloudWatch Logs accepts). */
  readonly logRetentionDays: number;
  /**
   * Extra statements of the task role.
   * @default []
   */
  readonly taskPolicyStatements?: readonly EcsServicePolicyStatement[];
  /**
   * Attach the service to an ALB listener through its own target group and rule.
   * @default - not behind a load balancer
   */
  readonly loadBalancer?: EcsServiceLoadBalancer;
  /**
   * Register the tasks in Cloud Map.
   * @default - no service discovery
   */
  readonly serviceDiscovery?: EcsServiceDiscovery;
  /**
   * Permissions boundary of the task and execution roles: the account's workload boundary, which
   * caps whatever `taskPolicyStatements` grant.
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

export const DEFAULT_READONLY_ROOT_FILESYSTEM = true;
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;

/** A load balancer attachment with its defaults applied. */
export interface ResolvedLoadBalancer extends EcsServiceLoadBalancer {
  readonly pathPatterns: readonly string[];
  readonly hostHeaders: readonly string[];
  readonly deregistrationDelaySeconds: number;
}

/** Props with every default applied; what the rest of the module works from. */
export interface ResolvedEcsServiceProps extends EcsServiceProps {
  readonly secretKmsKeyArns: readonly string[];
  readonly readonlyRootFilesystem: boolean;
  readonly scratchPaths: readonly string[];
  readonly taskPolicyStatements: readonly EcsServicePolicyStatement[];
  /**
   * The load balancer attachment, its defaults applied.
   * @default - not behind a load balancer
   */
  readonly loadBalancer?: ResolvedLoadBalancer;
  /** `<namePrefix>-<serviceName>`: family, service, target group and role name stem. */
  readonly baseName: string;
}

/** The one place where defaults are applied. */
export function withDefaults(props: EcsServiceProps): ResolvedEcsServiceProps {
  const lb = props.loadBalancer;
  return {
    ...props,
    secretKmsKeyArns: props.secretKmsKeyArns ?? [],
    readonlyRootFilesystem: props.readonlyRootFilesystem ?? DEFAULT_READONLY_ROOT_FILESYSTEM,
    scratchPaths: props.scratchPaths ?? [],
    taskPolicyStatements: props.taskPolicyStatements ?? [],
    loadBalancer:
      lb === undefined
        ? undefined
        : {
            ...lb,
            pathPatterns: lb.pathPatterns ?? [],
            hostHeaders: lb.hostHeaders ?? [],
            deregistrationDelaySeconds: lb.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS,
          },
    baseName: `${props.namePrefix}-${props.serviceName}`,
  };
}

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
    const attachment = lb === undefined ? undefined : attachToListener(this, p, lb);
    const discovery =
      p.serviceDiscovery === undefined ? undefined : this.addDiscovery(p.serviceName, p.serviceDiscovery);
    const service = this.addService(p, { taskDefinition, roles, attachment, discovery });
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

  /** The Cloud Map service the tasks register in; ECS keeps its records. */
  private addDiscovery(serviceName: string, discovery: EcsServiceDiscovery): ServiceDiscoveryService {
    return new ServiceDiscoveryService(this, 'discovery', {
      name: serviceName,
      dnsConfig: {
        namespaceId: discovery.namespaceId,
        routingPolicy: 'MULTIVALUE',
        // Short TTL: task IPs change on every deployment.
        dnsRecords: [{ type: 'A', ttl: 10 }],
      },
      // ECS reports task health to Cloud Map itself.
      healthCheckCustomConfig: { failureThreshold: 1 },
    });
  }

  private addService(p: ResolvedEcsServiceProps, parts: ServiceParts): AwsEcsService {
    const { attachment, discovery } = parts;
    return new AwsEcsService(this, 'service', {
      name: p.baseName,
      cluster: p.clusterArn,
      taskDefinition: parts.taskDefinition.arn,
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
      dependsOn: [...parts.roles.policies, ...(attachment ? [attachment.listenerRule] : [])],
    });
  }
}

/** What the ECS service is built on, created before it. */
interface ServiceParts {
  readonly taskDefinition: EcsTaskDefinition;
  /** The task's roles; the service waits for their policies. */
  readonly roles: TaskRoles;
  /**
   * The target group and listener rule.
   * @default - not behind the load balancer
   */
  readonly attachment?: ListenerAttachment;
  /**
   * The Cloud Map service.
   * @default - no service discovery
   */
  readonly discovery?: ServiceDiscoveryService;
}
