import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  accessLogBucketName,
  ADMINISTERED_ROLE_PATH,
  DB_PARAMETERS,
  dnsRecordsRoleName,
  partitionOf,
  serviceParameters,
  serviceSecureParameters,
} from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { AlarmTopic, DatabaseAlarms, LoadBalancerAlarms } from '../modules/alarms';
import { Certificate } from '../modules/certificate';
import { Database } from '../modules/database';
import { PrivateZone, type PublicZone } from '../modules/dns';
import { EcsCluster } from '../modules/ecs-cluster';
import { LoadBalancer } from '../modules/load-balancer';
import { Network } from '../modules/network';
import { Parameters } from '../modules/parameters';
import { ServiceSecurityGroups } from '../modules/service-security-groups';
import { workloadBoundaryArn } from './administrator-stack';
import { PlatformStack } from './platform-stack';

export interface EnvironmentStackProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  /** The public zone (the shared account's administrator stack), where the environment's records go. */
  readonly zone: PublicZone;
}

/**
 * The Terraform variable naming the role the `aws.dns` provider assumes. It is ephemeral (kept in
 * no plan file, given again on apply), so a plan made with the zone reader of `dnsPlanRoleName`
 * (pull requests, and the plan an apply job then applies) is applied with the writer, its default.
 */
export const DNS_ROLE_VARIABLE = 'dns_role_arn';

/**
 * One environment's long-lived infrastructure: network, internal names, certificate and load
 * balancer, ECS cluster and capacity, the services' security groups, database and parameters.
 * Service stacks (deployed often) attach to what this stack exposes.
 */
export class EnvironmentStack extends PlatformStack {
  public readonly network: Network;
  public readonly privateZone: PrivateZone;
  public readonly loadBalancer: LoadBalancer;
  public readonly cluster: EcsCluster;
  public readonly firewall: ServiceSecurityGroups;
  public readonly database: Database;
  public readonly parameters: Parameters;
  /** SNS topic every alarm and ECS event of the environment goes to. */
  public readonly alarmTopic: AlarmTopic;
  private readonly boundaryArn: string;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { project, env } = props;
    super(scope, id, {
      project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });

    const partition = new DataAwsPartition(this, 'partition').partition;
    // The account's workload boundary, which every role of this stack carries.
    this.boundaryArn = workloadBoundaryArn(partition, env.accountId, project);
    this.network = new Network(this, 'network', {
      namePrefix: this.namePrefix,
      region: project.region,
      ...env.network,
      flowLogRetentionDays: env.logRetentionDays,
      permissionsBoundaryArn: this.boundaryArn,
    });
    this.privateZone = new PrivateZone(this, 'private-zone', {
      domainName: `${env.name}.internal`,
      vpcId: this.network.vpcId,
    });
    this.loadBalancer = this.addLoadBalancer(props);
    this.cluster = this.addCluster(env);
    this.firewall = this.addFirewall(props);
    this.database = this.addDatabase(props);
    this.parameters = this.addParameters(props);
    this.alarmTopic = this.addAlarms(env);
  }

  /**
   * The ALB with its certificate and alias record. Records go into the shared zone (a cross-stack
   * reference, never a copied zone ID), written through a role in the zone's account that lets this
   * environment touch only its own names.
   */
  private addLoadBalancer({ project, env, zone }: EnvironmentStackProps): LoadBalancer {
    const writer = `arn:${partitionOf(project.region)}:iam::${project.sharedAccountId}:role${ADMINISTERED_ROLE_PATH}${dnsRecordsRoleName(project, env)}`;
    const dnsRole = new TerraformVariable(this, DNS_ROLE_VARIABLE, {
      type: 'string',
      description:
        'Role the DNS provider assumes in the shared account: the record writer, or for a plan the zone reader',
      default: writer,
    });
    // Ephemeral: the value is not written into a saved plan, so its apply names the writer again.
    dnsRole.addOverride('ephemeral', true);
    const zoneProvider = new AwsProvider(this, 'aws-dns', {
      alias: 'dns',
      region: project.region,
      allowedAccountIds: [project.sharedAccountId],
      assumeRole: [{ roleArn: dnsRole.stringValue, sessionName: `${this.namePrefix}-dns-records` }],
      defaultTags: [{ tags: this.defaultTags }],
    });
    const certificate = new Certificate(this, 'certificate', {
      domainName: env.domain,
      zoneId: zone.zoneId,
      zoneProvider,
    });
    const { accessLogs, ...settings } = env.loadBalancer;
    return new LoadBalancer(this, 'load-balancer', {
      ...settings,
      namePrefix: this.namePrefix,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnetIds,
      certificateArn: certificate.certificateArn,
      accessLogs: accessLogs.enabled
        ? {
            bucketName: accessLogBucketName(project, env),
            retentionDays: accessLogs.retentionDays,
            preventDestroy: env.protectData,
          }
        : undefined,
      dns: { zoneId: zone.zoneId, recordName: env.domain, provider: zoneProvider },
    });
  }

  private addCluster(env: EnvironmentConfig): EcsCluster {
    return new EcsCluster(this, 'cluster', {
      namePrefix: this.namePrefix,
      vpcId: this.network.vpcId,
      appSubnetIds: this.network.appSubnetIds,
      endpointAccess: { vpcCidr: this.network.vpcCidr, s3PrefixListId: this.network.s3PrefixListId },
      defaultCapacity: env.cluster.defaultCapacity,
      // Instances cost money while idle: only when a service of this environment runs on EC2.
      ec2: Object.values(env.services).some((s) => s.capacity.type === 'ec2') ? env.cluster.ec2 : undefined,
      permissionsBoundaryArn: this.boundaryArn,
    });
  }

  /** One security group per service with every rule between them, the ALB and the endpoints. */
  private addFirewall({ project, env }: EnvironmentStackProps): ServiceSecurityGroups {
    return new ServiceSecurityGroups(this, 'service-security-groups', {
      namePrefix: this.namePrefix,
      vpcId: this.network.vpcId,
      loadBalancerSecurityGroupId: this.loadBalancer.securityGroupId,
      endpointAccess: {
        endpointSecurityGroupId: this.network.endpointSecurityGroupId,
        s3PrefixListId: this.network.s3PrefixListId,
      },
      services: Object.keys(env.services).map((name) => {
        const definition = project.services[name];
        return {
          name,
          port: definition.port,
          behindLoadBalancer: definition.exposure === 'public',
          clients: (definition.clients ?? []).filter((client) => client in env.services),
        };
      }),
    });
  }

  private addDatabase({ project, env }: EnvironmentStackProps): Database {
    const database = new Database(this, 'database', {
      ...env.database,
      namePrefix: this.namePrefix,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dbSubnetIds,
      availabilityZones: this.network.dbSubnetZones,
      deletionProtection: env.protectData,
      preventDestroy: env.protectData,
      logRetentionDays: env.logRetentionDays,
      privateZone: { zoneId: this.privateZone.zoneId, recordName: `db.${this.privateZone.domainName}` },
    });
    this.firewall.allowServicesTo(
      Object.keys(env.services).filter((name) => project.services[name].usesDatabase),
      'database',
      database.securityGroupId,
      database.port,
    );
    return database;
  }

  /** The database's connection facts and every service's settings, under `/<project>/<env>`. */
  private addParameters({ project, env }: EnvironmentStackProps): Parameters {
    return new Parameters(this, 'parameters', {
      prefix: `/${project.name}/${env.name}`,
      values: {
        [DB_PARAMETERS.host]: this.database.hostName,
        [DB_PARAMETERS.port]: String(this.database.port),
        [DB_PARAMETERS.name]: this.database.databaseName,
        [DB_PARAMETERS.username]: this.database.masterUsername,
        [DB_PARAMETERS.secretArn]: this.database.masterUserSecretArn,
        ...Object.fromEntries(serviceParameters(env).map((p) => [p.path, p.value])),
      },
      secureNames: serviceSecureParameters(env).map((p) => p.path),
    });
  }

  private addAlarms(env: EnvironmentConfig): AlarmTopic {
    const topic = new AlarmTopic(this, 'alarm-topic', {
      namePrefix: this.namePrefix,
      accountId: env.accountId,
      emails: env.alarms.emails,
      clusterArn: this.cluster.clusterArn,
    });
    new LoadBalancerAlarms(this, 'load-balancer-alarms', {
      namePrefix: this.namePrefix,
      albArnSuffix: this.loadBalancer.albArnSuffix,
      topicArn: topic.topicArn,
      thresholds: env.alarms.loadBalancer,
    });
    new DatabaseAlarms(this, 'database-alarms', {
      namePrefix: this.namePrefix,
      clusterIdentifier: this.database.clusterIdentifier,
      topicArn: topic.topicArn,
      thresholds: env.alarms.database,
    });
    return topic;
  }
}
