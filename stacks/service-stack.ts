import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { repositoryName, serviceSecrets, upstreams, upstreamVariable } from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { ServiceAlarms } from '../modules/alarms';
import {
  EcsService,
  type EcsServiceLoadBalancer,
  type EcsServicePolicyStatement,
  type EcsServiceSecret,
} from '../modules/ecs-service';
import { suppress } from '../modules/policies';
import type { EnvironmentStack } from './environment-stack';
import { workloadBoundaryArn } from './administrator-stack';
import { PlatformStack } from './platform-stack';

export interface ServiceStackProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  /** Name of the service in the catalogue and in `env.services`. */
  readonly serviceName: string;
  readonly environment: EnvironmentStack;
}

/** Name of the Terraform variable that selects the image; deploys pass it (docs/deploying.md). */
export const IMAGE_TAG_VARIABLE = 'image_tag';
/** Name of the output that reports the tag a service stack last deployed. */
export const IMAGE_TAG_OUTPUT = 'image-tag';

/**
 * One service in one environment: task definition, roles, log group, ECS service, its place on
 * the load balancer or in Cloud Map, and autoscaling. Deployed often; everything long-lived comes
 * from the environment stack as cross-stack references. The image repository is named by the
 * configuration instead of read from the shared stack's state: that state is written by a role that
 * prod's reviewers do not gate, and a repository URL rewritten there would make the next release
 * run another image.
 */
export class ServiceStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { env, serviceName, environment } = props;
    super(scope, id, {
      project: props.project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });

    const imageTag = this.addImageTagVariable(serviceName);
    const service = this.addService(props, imageTag);
    new ServiceAlarms(this, 'alarms', {
      namePrefix: this.namePrefix,
      serviceName,
      clusterName: environment.cluster.clusterName,
      ecsServiceName: service.serviceName,
      topicArn: environment.alarmTopic.topicArn,
      thresholds: env.alarms.services,
      targetGroup: service.targetGroupArnSuffix
        ? { arnSuffix: service.targetGroupArnSuffix, albArnSuffix: environment.loadBalancer.albArnSuffix }
        : undefined,
    });
    if (env.services[serviceName].enableExec) {
      suppress(
        service.taskDefinition,
        'ECS-003',
        `ECS Exec is on for ${serviceName} in ${env.name}: its agent must write to the root filesystem, ` +
          'which AWS does not support read-only. Environments that turn exec off run read-only.',
      );
    }
    new TerraformOutput(this, 'task-definition', { value: service.taskDefinitionArn });
    // The tag running now: a platform deploy re-applies the stack with it, so only a release
    // (docs/delivery.md) changes which image runs.
    new TerraformOutput(this, IMAGE_TAG_OUTPUT, { value: imageTag.stringValue });
  }

  /** A new image is a new value of this variable, not a code change. */
  private addImageTagVariable(serviceName: string): TerraformVariable {
    return new TerraformVariable(this, IMAGE_TAG_VARIABLE, {
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
  }

  private addService(props: ServiceStackProps, imageTag: TerraformVariable): EcsService {
    const { project, env, serviceName, environment } = props;
    const definition = project.services[serviceName];
    const {
      capacity,
      listenerRule,
      requestsPerTarget,
      parameters,
      secureParameters,
      taskPolicyStatements,
      ...settings
    } = env.services[serviceName];
    const partition = new DataAwsPartition(this, 'partition');
    const repository = repositoryName(project, serviceName);
    return new EcsService(this, 'service', {
      ...settings,
      serviceName,
      namePrefix: this.namePrefix,
      region: project.region,
      clusterArn: environment.cluster.clusterArn,
      clusterName: environment.cluster.clusterName,
      subnetIds: environment.network.appSubnetIds,
      securityGroupId: environment.firewall.groupIds[serviceName],
      image: {
        repositoryUrl: `${project.sharedAccountId}.dkr.ecr.${project.region}.${partition.dnsSuffix}/${repository}`,
        repositoryArn: `arn:${partition.partition}:ecr:${project.region}:${project.sharedAccountId}:repository/${repository}`,
        tag: imageTag.stringValue,
      },
      port: definition.port,
      capacity:
        capacity.type === 'ec2'
          ? { type: 'ec2', capacityProviderName: environment.cluster.ec2CapacityProviderName! }
          : capacity,
      environment: this.environmentVariables(props),
      secrets: this.secrets(props),
      taskPolicyStatements: [
        ...(taskPolicyStatements ?? []),
        ...(definition.usesDatabase ? [this.databaseSecretRead(environment)] : []),
      ],
      healthCheckPath: definition.healthCheckPath,
      // The ECS Exec agent writes to the root filesystem, so exec and a read-only root exclude
      // each other (AWS: "ECS Exec ... readonlyRootFilesystem ... isn't supported").
      readonlyRootFilesystem: !settings.enableExec,
      logRetentionDays: env.logRetentionDays,
      loadBalancer:
        definition.exposure === 'public' && listenerRule
          ? this.listenerAttachment(environment, listenerRule, requestsPerTarget)
          : undefined,
      serviceDiscovery:
        definition.exposure === 'internal' ? { namespaceId: environment.privateZone.namespaceId } : undefined,
      permissionsBoundaryArn: workloadBoundaryArn(partition.partition, env.accountId, project),
    });
  }

  /** The variables ECS fills from secrets, in the order and with the names validate() checked. */
  private secrets({ project, env, serviceName, environment }: ServiceStackProps): EcsServiceSecret[] {
    return serviceSecrets(project, env, serviceName).map((source) => {
      if (source.kind === 'parameter') {
        const arn = environment.parameters.arn(source.parameterPath);
        return { name: source.name, valueFrom: arn, grant: { kind: 'ssm-parameter', arn } };
      }
      // RDS keeps the password in this secret; the task reads its "password" key at start.
      const secretArn = environment.database.masterUserSecretArn;
      return {
        name: source.name,
        valueFrom: `${secretArn}:password::`,
        grant: { kind: 'secretsmanager-secret', arn: secretArn },
      };
    });
  }

  /**
   * The application's own read of the database secret: RDS rotates the password (every 7 days by
   * default), ECS puts the value of a task's start into DB_PASSWORD and never updates it, so after
   * a rotation the application must fetch the current one (from DB_SECRET_ARN) to open new
   * connections. The secret is encrypted with the AWS managed key of Secrets Manager, whose key
   * policy lets the account's principals decrypt through Secrets Manager: no KMS grant is needed.
   */
  private databaseSecretRead(environment: EnvironmentStack): EcsServicePolicyStatement {
    return {
      actions: ['secretsmanager:GetSecretValue'],
      resources: [environment.database.masterUserSecretArn],
    };
  }

  /** The config's variables, and each internal service this one calls as <NAME>_URL, by its Cloud Map name. */
  private environmentVariables({
    project,
    env,
    serviceName,
    environment,
  }: ServiceStackProps): Record<string, string> {
    return {
      ...env.services[serviceName].environment,
      ...Object.fromEntries(
        upstreams(project, env, serviceName).map((name) => [
          upstreamVariable(name),
          `http://${name}.${environment.privateZone.namespaceName}:${project.services[name].port}`,
        ]),
      ),
    };
  }

  private listenerAttachment(
    environment: EnvironmentStack,
    rule: NonNullable<EnvironmentConfig['services'][string]['listenerRule']>,
    requestsPerTarget: number | undefined,
  ): EcsServiceLoadBalancer {
    return {
      ...rule,
      listenerArn: environment.loadBalancer.httpsListenerArn,
      vpcId: environment.network.vpcId,
      albArnSuffix: environment.loadBalancer.albArnSuffix,
      requestsPerTarget,
    };
  }
}
