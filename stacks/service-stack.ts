import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { ServiceAlarms } from '../modules/alarms';
import { EcsService, type EcsServiceSecret } from '../modules/ecs-service';
import { suppress } from '../modules/policies';
import { DB_PARAMETERS, type EnvironmentStack } from './environment-stack';
import { PlatformStack } from './platform-stack';
import type { SharedStack } from './shared-stack';

export interface ServiceStackProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  /** Name of the service in the catalogue and in `env.services`. */
  readonly serviceName: string;
  readonly environment: EnvironmentStack;
  readonly shared: SharedStack;
}

/** Name of the Terraform variable that selects the image; deploys pass it (README, "Deploying"). */
export const IMAGE_TAG_VARIABLE = 'image_tag';

/**
 * One service in one environment: task definition, roles, log group, ECS service, its place on
 * the load balancer or in Cloud Map, and autoscaling. Deployed often; everything long-lived comes
 * from the environment and shared stacks as cross-stack references.
 */
export class ServiceStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { project, env, serviceName, environment, shared } = props;
    super(scope, id, {
      project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });
    const definition = project.services[serviceName];
    const config = env.services[serviceName];

    // A new image is a new value of this variable, not a code change.
    const imageTag = new TerraformVariable(this, IMAGE_TAG_VARIABLE, {
      type: 'string',
      description: `Tag of the ${serviceName} image to run, for example release-1.4.0 or sha-3f2a1c9`,
      validation: [
        {
          condition: `\${can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.${IMAGE_TAG_VARIABLE})) && var.${IMAGE_TAG_VARIABLE} != "latest"}`,
          errorMessage:
            'image_tag must be an ECR image tag other than "latest" (repositories are immutable).',
        },
      ],
    });
    const repository = shared.repositories[serviceName];
    const parameters = environment.parameters;
    const ssm = (path: string, variable: string): EcsServiceSecret => ({
      name: variable,
      valueFrom: parameters.arn(path),
      grant: { kind: 'ssm-parameter', arn: parameters.arn(path) },
    });

    const secrets: EcsServiceSecret[] = [
      ...Object.keys(config.parameters).map((path) => ssm(`${serviceName}/${path}`, toVariableName(path))),
      ...config.secureParameters.map((path) => ssm(`${serviceName}/${path}`, toVariableName(path))),
    ];
    if (definition.usesDatabase) {
      const secretArn = environment.database.masterUserSecretArn;
      secrets.push(
        ssm(DB_PARAMETERS.host, 'DB_HOST'),
        ssm(DB_PARAMETERS.port, 'DB_PORT'),
        ssm(DB_PARAMETERS.name, 'DB_NAME'),
        ssm(DB_PARAMETERS.username, 'DB_USER'),
        // RDS keeps the password in this secret; the task reads its "password" key at start.
        {
          name: 'DB_PASSWORD',
          valueFrom: `${secretArn}:password::`,
          grant: { kind: 'secretsmanager-secret', arn: secretArn },
        },
      );
    }

    // Each internal service this one calls is announced as <NAME>_URL, by its Cloud Map name.
    const upstreams = Object.entries(project.services).filter(
      ([name, other]) =>
        other.exposure === 'internal' && name in env.services && other.clients?.includes(serviceName),
    );
    const environmentVariables: Record<string, string> = {
      ...config.environment,
      ...Object.fromEntries(
        upstreams.map(([name, other]) => [
          `${toVariableName(name)}_URL`,
          `http://${name}.${environment.privateZone.namespaceName}:${other.port}`,
        ]),
      ),
    };

    const rule = config.listenerRule;
    const service = new EcsService(this, 'service', {
      serviceName,
      namePrefix: this.namePrefix,
      region: project.region,
      clusterArn: environment.cluster.clusterArn,
      clusterName: environment.cluster.clusterName,
      subnetIds: environment.network.appSubnetIds,
      securityGroupId: environment.firewall.groupIds[serviceName],
      image: {
        repositoryUrl: repository.repositoryUrl,
        repositoryArn: repository.repositoryArn,
        tag: imageTag.stringValue,
      },
      port: definition.port,
      cpu: config.cpu,
      memory: config.memory,
      capacity:
        config.capacity.type === 'ec2'
          ? { type: 'ec2', capacityProviderName: environment.cluster.ec2CapacityProviderName! }
          : config.capacity,
      desiredCount: config.desiredCount,
      minCount: config.minCount,
      maxCount: config.maxCount,
      cpuTargetPercent: config.cpuTargetPercent,
      deployment: config.deployment,
      enableExec: config.enableExec,
      environment: environmentVariables,
      secrets,
      healthCheckPath: definition.healthCheckPath,
      // The ECS Exec agent writes to the root filesystem, so exec and a read-only root exclude
      // each other (AWS: "ECS Exec ... readonlyRootFilesystem ... isn't supported").
      readonlyRootFilesystem: !config.enableExec,
      scratchPaths: config.scratchPaths,
      logRetentionDays: env.logRetentionDays,
      taskPolicyStatements: config.taskPolicyStatements.map((s) => ({
        actions: [...s.actions],
        resources: [...s.resources],
      })),
      loadBalancer:
        definition.exposure === 'public' && rule
          ? {
              listenerArn: environment.loadBalancer.httpsListenerArn,
              priority: rule.priority,
              pathPatterns: rule.pathPatterns,
              hostHeaders: rule.hostHeaders,
              vpcId: environment.network.vpcId,
              albArnSuffix: environment.loadBalancer.albArnSuffix,
              requestsPerTarget: config.requestsPerTarget,
            }
          : undefined,
      serviceDiscovery:
        definition.exposure === 'internal' ? { namespaceId: environment.privateZone.namespaceId } : undefined,
    });
    new ServiceAlarms(this, 'alarms', {
      namePrefix: this.namePrefix,
      serviceName,
      clusterName: environment.cluster.clusterName,
      ecsServiceName: service.serviceName,
      topicArn: environment.alarmTopic.topicArn,
      thresholds: {
        cpuPercent: env.alarms.serviceCpuPercent,
        memoryPercent: env.alarms.serviceMemoryPercent,
        targetResponseTimeSeconds: env.alarms.targetResponseTimeSeconds,
      },
      targetGroup: service.targetGroupArnSuffix
        ? { arnSuffix: service.targetGroupArnSuffix, albArnSuffix: environment.loadBalancer.albArnSuffix }
        : undefined,
    });

    if (config.enableExec) {
      suppress(
        service.taskDefinition,
        'ECS-003',
        `ECS Exec is on for ${serviceName} in ${env.name}: its agent must write to the root filesystem, ` +
          'which AWS does not support read-only. Environments that turn exec off run read-only.',
      );
    }
    new TerraformOutput(this, 'task-definition', { value: service.taskDefinitionArn });
  }
}

/** `feature-flags` -> `FEATURE_FLAGS`, `api/base-url` -> `API_BASE_URL`. */
export function toVariableName(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}
