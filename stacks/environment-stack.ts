import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ADMINISTERED_ROLE_PATH, DB_PARAMETERS, dnsRecordsRoleName, partitionOf } from '../envs/derive';
import { resolveEnvironment, type ResolvedEnvironment } from '../envs/resolve';
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
  /** What the configuration makes of each module (envs/resolve.ts). */
  private readonly resolved: ResolvedEnvironment;
  private readonly boundaryArn: string;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { project, env } = props;
    super(scope, id, {
      project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });

    this.resolved = resolveEnvironment(project, env);
    const partition = new DataAwsPartition(this, 'partition').partition;
    // The account's workload boundary, which every role of this stack carries.
    this.boundaryArn = workloadBoundaryArn(partition, env.accountId, project);
    this.network = new Network(this, 'network', {
      ...this.resolved.network.props,
      permissionsBoundaryArn: this.boundaryArn,
    });
    this.privateZone = new PrivateZone(this, 'private-zone', {
      ...this.resolved.privateZone,
      vpcId: this.network.vpcId,
    });
    this.loadBalancer = this.addLoadBalancer(props);
    this.cluster = this.addCluster();
    this.firewall = this.addFirewall();
    this.database = this.addDatabase();
    this.parameters = this.addParameters();
    this.alarmTopic = this.addAlarms();
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
      assumeRole: [{ roleArn: dnsRole.stringValue, sessionName: `${this.resolved.namePrefix}-dns-records` }],
      defaultTags: [{ tags: this.defaultTags }],
    });
    const certificate = new Certificate(this, 'certificate', {
      ...this.resolved.certificate.props,
      zoneId: zone.zoneId,
      zoneProvider,
    });
    const settings = this.resolved.loadBalancer.props;
    return new LoadBalancer(this, 'load-balancer', {
      ...settings,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnetIds,
      certificateArn: certificate.certificateArn,
      dns: { ...settings.dns, zoneId: zone.zoneId, provider: zoneProvider },
    });
  }

  private addCluster(): EcsCluster {
    return new EcsCluster(this, 'cluster', {
      ...this.resolved.cluster.props,
      vpcId: this.network.vpcId,
      appSubnetIds: this.network.appSubnetIds,
      endpointAccess: { vpcCidr: this.network.vpcCidr, s3PrefixListId: this.network.s3PrefixListId },
      permissionsBoundaryArn: this.boundaryArn,
    });
  }

  /** One security group per service with every rule between them, the ALB and the endpoints. */
  private addFirewall(): ServiceSecurityGroups {
    return new ServiceSecurityGroups(this, 'service-security-groups', {
      ...this.resolved.firewall,
      vpcId: this.network.vpcId,
      loadBalancerSecurityGroupId: this.loadBalancer.securityGroupId,
      endpointAccess: {
        endpointSecurityGroupId: this.network.endpointSecurityGroupId,
        s3PrefixListId: this.network.s3PrefixListId,
      },
    });
  }

  private addDatabase(): Database {
    const database = new Database(this, 'database', {
      ...this.resolved.database.props,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dbSubnetIds,
      availabilityZones: this.network.dbSubnetZones,
      privateZone: { zoneId: this.privateZone.zoneId, recordName: `db.${this.privateZone.domainName}` },
    });
    this.firewall.allowServicesTo(
      this.resolved.databaseClients,
      'database',
      database.securityGroupId,
      database.port,
    );
    return database;
  }

  /** The database's connection facts and every service's settings, under `/<project>/<env>`. */
  private addParameters(): Parameters {
    const { values, ...names } = this.resolved.parameters.props;
    return new Parameters(this, 'parameters', {
      ...names,
      values: {
        [DB_PARAMETERS.host]: this.database.hostName,
        [DB_PARAMETERS.port]: String(this.database.port),
        [DB_PARAMETERS.name]: this.database.databaseName,
        [DB_PARAMETERS.username]: this.database.masterUsername,
        [DB_PARAMETERS.secretArn]: this.database.masterUserSecretArn,
        ...values,
      },
    });
  }

  private addAlarms(): AlarmTopic {
    const topic = new AlarmTopic(this, 'alarm-topic', {
      ...this.resolved.alarmTopic,
      clusterArn: this.cluster.clusterArn,
    });
    new LoadBalancerAlarms(this, 'load-balancer-alarms', {
      ...this.resolved.loadBalancerAlarms,
      albArnSuffix: this.loadBalancer.albArnSuffix,
      topicArn: topic.topicArn,
    });
    new DatabaseAlarms(this, 'database-alarms', {
      ...this.resolved.databaseAlarms,
      clusterIdentifier: this.database.clusterIdentifier,
      topicArn: topic.topicArn,
    });
    return topic;
  }
}
