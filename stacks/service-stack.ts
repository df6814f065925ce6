import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { resolveService, type ResolvedService } from '../envs/resolve';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { ServiceAlarms } from '../modules/alarms';
import { EcsService, type EcsServicePolicyStatement, type EcsServiceSecret } from '../modules/ecs-service';
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
  /** What the configuration makes of the service (envs/resolve.ts). */
  private readonly resolved: ResolvedService;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { project, env, serviceName, environment } = props;
    super(scope, id, {
      project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });

    this.resolved = resolveService(project, env, serviceName);
    const imageTag = this.addImageTagVariable(serviceName);
    const service = this.addService(props, imageTag);
    new ServiceAlarms(this, 'alarms', {
      ...this.resolved.alarms,
      clusterName: environment.cluster.clusterName,
      ecsServiceName: service.serviceName,
      topicArn: environment.alarmTopic.topicArn,
      targetGroup: service.targetGroupArnSuffix
        ? { arnSuffix: service.targetGroupArnSuffix, albArnSuffix: environment.loadBalancer.albArnSuffix }
        : undefined,
    });
    if (this.resolved.service.props.enableExec) {
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

  private addService(
    { project, env, serviceName, environment }: ServiceStackProps,
    imageTag: TerraformVariable,
  ): EcsService {
    const { service, repository, internal, readsDatabaseSecret } = this.resolved;
    const { capacity, loadBalancer, secretNames, taskPolicyStatements, ...settings } = service.props;
    const partition = new DataAwsPartition(this, 'partition');
    return new EcsService(this, 'service', {
      ...settings,
      clusterArn: environment.cluster.clusterArn,
      clusterName: environment.cluster.clusterName,
      subnetIds: environment.network.appSubnetIds,
      securityGroupId: environment.firewall.groupIds[serviceName],
      image: {
        repositoryUrl: `${project.sharedAccountId}.dkr.ecr.${project.region}.${partition.dnsSuffix}/${repository}`,
        repositoryArn: `arn:${partition.partition}:ecr:${project.region}:${project.sharedAccountId}:repository/${repository}`,
        tag: imageTag.stringValue,
      },
      capacity:
        capacity.type === 'ec2'
          ? { type: 'ec2', capacityProviderName: environment.cluster.ec2CapacityProviderName! }
          : capacity,
      environment: this.environmentVariables(environment),
      secrets: this.secrets(environment),
      taskPolicyStatements: [
        ...taskPolicyStatements,
        ...(readsDatabaseSecret ? [this.databaseSecretRead(environment)] : []),
      ],
      loadBalancer: loadBalancer && {
        ...loadBalancer,
        listenerArn: environment.loadBalancer.httpsListenerArn,
        vpcId: environment.network.vpcId,
        albArnSuffix: environment.loadBalancer.albArnSuffix,
      },
      serviceDiscovery: internal ? { namespaceId: environment.privateZone.namespaceId } : undefined,
      permissionsBoundaryArn: workloadBoundaryArn(partition.partition, env.accountId, project),
    });
  }

  /** The variables ECS fills from secrets, in the order and with the names validate() checked. */
  private secrets(environment: EnvironmentStack): EcsServiceSecret[] {
    return this.resolved.secrets.map((source) => {
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
  private environmentVariables(environment: EnvironmentStack): Record<string, string> {
    return {
      ...this.resolved.service.props.environment,
      ...Object.fromEntries(
        this.resolved.upstreams.map(({ name, variable, port }) => [
          variable,
          `http://${name}.${environment.privateZone.namespaceName}:${port}`,
        ]),
      ),
    };
  }
}
