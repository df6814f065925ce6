import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { AlarmTopic, DatabaseAlarms, LoadBalancerAlarms } from '../modules/alarms';
import { Certificate } from '../modules/certificate';
import { Database } from '../modules/database';
import { PrivateZone } from '../modules/dns';
import { EcsCluster } from '../modules/ecs-cluster';
import { LoadBalancer } from '../modules/load-balancer';
import { Network } from '../modules/network';
import { Parameters } from '../modules/parameters';
import { ServiceSecurityGroups } from '../modules/service-security-groups';
import { PlatformStack } from './platform-stack';
import type { SharedStack } from './shared-stack';

export interface EnvironmentStackProps {
  readonly project: ProjectConfig;
  readonly env: EnvironmentConfig;
  readonly shared: SharedStack;
}

/** SSM paths (relative to `/<project>/<env>`) of the database connection facts. */
export const DB_PARAMETERS = {
  host: 'db/host',
  port: 'db/port',
  name: 'db/name',
  username: 'db/username',
  secretArn: 'db/master-secret-arn',
} as const;

/**
 * One environment's long-lived infrastructure: network, internal names, certificate and load
 * balancer, ECS cluster and capacity, the services' security groups, database and parameters.
 * Service stacks (deployed often) attach to what this stack exposes.
 */
export class EnvironmentStack extends PlatformStack {
  public readonly env: EnvironmentConfig;
  public readonly network: Network;
  public readonly privateZone: PrivateZone;
  public readonly loadBalancer: LoadBalancer;
  public readonly cluster: EcsCluster;
  public readonly firewall: ServiceSecurityGroups;
  public readonly database: Database;
  public readonly parameters: Parameters;
  /** SNS topic every alarm and ECS event of the environment goes to. */
  public readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { project, env, shared } = props;
    super(scope, id, {
      project,
      environment: env.name,
      accountId: env.accountId,
      production: env.production,
    });
    this.env = env;
    const namePrefix = this.namePrefix;

    this.network = new Network(this, 'network', {
      namePrefix,
      region: project.region,
      cidr: env.network.cidr,
      availabilityZones: env.network.availabilityZones,
      nat: env.network.nat,
      interfaceEndpoints: env.network.interfaceEndpoints,
      flowLogRetentionDays: env.logRetentionDays,
    });
    const endpointAccess = { vpcCidr: this.network.vpcCidr, s3PrefixListId: this.network.s3PrefixListId };

    this.privateZone = new PrivateZone(this, 'private-zone', {
      domainName: `${env.name}.internal`,
      vpcId: this.network.vpcId,
    });

    // Records go into the shared zone (a cross-stack reference, never a copied zone ID), written
    // through a role in the zone's account that lets this environment touch only its own names.
    const zoneProvider = new AwsProvider(this, 'aws-dns', {
      alias: 'dns',
      region: project.region,
      allowedAccountIds: [project.sharedAccountId],
      assumeRole: [
        { roleArn: shared.recordWriterRoles[env.name].roleArn, sessionName: `${namePrefix}-dns-records` },
      ],
      defaultTags: [{ tags: this.defaultTags }],
    });
    const certificate = new Certificate(this, 'certificate', {
      domainName: env.domain,
      zoneId: shared.publicZone.zoneId,
      zoneProvider,
    });
    const logs = env.loadBalancer.accessLogs;
    this.loadBalancer = new LoadBalancer(this, 'load-balancer', {
      namePrefix,
      vpcId: this.network.vpcId,
      publicSubnetIds: this.network.publicSubnetIds,
      certificateArn: certificate.certificateArn,
      ingressCidrs: env.loadBalancer.ingressCidrs,
      deletionProtection: env.loadBalancer.deletionProtection,
      idleTimeoutSeconds: env.loadBalancer.idleTimeoutSeconds,
      accessLogs: logs.enabled
        ? {
            // The account ID keeps the globally unique name unique across forks of this repo.
            bucketName: `${namePrefix}-alb-logs-${env.accountId}`,
            retentionDays: logs.retentionDays,
            preventDestroy: env.protectData,
          }
        : undefined,
      dns: { zoneId: shared.publicZone.zoneId, recordName: env.domain, provider: zoneProvider },
    });

    const services = Object.entries(env.services).map(([name]) => ({
      name,
      definition: project.services[name],
    }));
    this.cluster = new EcsCluster(this, 'cluster', {
      namePrefix,
      vpcId: this.network.vpcId,
      appSubnetIds: this.network.appSubnetIds,
      endpointAccess,
      defaultCapacity: env.cluster.defaultCapacity,
      // Instances cost money while idle: only when a service of this environment runs on EC2.
      ec2: Object.values(env.services).some((s) => s.capacity.type === 'ec2') ? env.cluster.ec2 : undefined,
    });

    this.firewall = new ServiceSecurityGroups(this, 'service-security-groups', {
      namePrefix,
      vpcId: this.network.vpcId,
      loadBalancerSecurityGroupId: this.loadBalancer.securityGroupId,
      endpointAccess: {
        endpointSecurityGroupId: this.network.endpointSecurityGroupId,
        s3PrefixListId: this.network.s3PrefixListId,
      },
      services: services.map(({ name, definition }) => ({
        name,
        port: definition.port,
        behindLoadBalancer: definition.exposure === 'public',
        clients: (definition.clients ?? []).filter((client) => client in env.services),
      })),
    });

    const db = env.database;
    this.database = new Database(this, 'database', {
      namePrefix,
      vpcId: this.network.vpcId,
      subnetIds: this.network.dbSubnetIds,
      availabilityZones: env.network.availabilityZones,
      engine: db.engine,
      engineVersion: db.engineVersion,
      databaseName: db.databaseName,
      masterUsername: db.masterUsername,
      minCapacityAcu: db.minCapacityAcu,
      maxCapacityAcu: db.maxCapacityAcu,
      readers: db.readers,
      backupRetentionDays: db.backupRetentionDays,
      backupWindow: db.backupWindow,
      maintenanceWindow: db.maintenanceWindow,
      applyImmediately: db.applyImmediately,
      deletionProtection: env.protectData,
      preventDestroy: env.protectData,
      parameters: db.parameters,
      privateZone: { zoneId: this.privateZone.zoneId, recordName: `db.${this.privateZone.domainName}` },
    });
    this.firewall.allowServicesTo(
      services.filter(({ definition }) => definition.usesDatabase).map(({ name }) => name),
      'database',
      this.database.securityGroupId,
      this.database.port,
    );

    const serviceSettings = Object.entries(env.services).flatMap(([name, service]) =>
      Object.entries(service.parameters).map(([path, value]) => [`${name}/${path}`, value]),
    );
    this.parameters = new Parameters(this, 'parameters', {
      prefix: `/${project.name}/${env.name}`,
      values: {
        [DB_PARAMETERS.host]: this.database.hostName,
        [DB_PARAMETERS.port]: String(this.database.port),
        [DB_PARAMETERS.name]: this.database.databaseName,
        [DB_PARAMETERS.username]: this.database.masterUsername,
        [DB_PARAMETERS.secretArn]: this.database.masterUserSecretArn,
        ...Object.fromEntries(serviceSettings),
      },
      secureNames: Object.entries(env.services).flatMap(([name, service]) =>
        service.secureParameters.map((path) => `${name}/${path}`),
      ),
    });

    const alarms = env.alarms;
    this.alarmTopic = new AlarmTopic(this, 'alarm-topic', {
      namePrefix,
      accountId: env.accountId,
      emails: alarms.emails,
      clusterArn: this.cluster.clusterArn,
    });
    new LoadBalancerAlarms(this, 'load-balancer-alarms', {
      namePrefix,
      albArnSuffix: this.loadBalancer.albArnSuffix,
      topicArn: this.alarmTopic.topicArn,
      thresholds: { elb5xxPerMinute: alarms.elb5xxPerMinute, target5xxPerMinute: alarms.target5xxPerMinute },
    });
    new DatabaseAlarms(this, 'database-alarms', {
      namePrefix,
      clusterIdentifier: this.database.clusterIdentifier,
      topicArn: this.alarmTopic.topicArn,
      thresholds: {
        cpuPercent: alarms.databaseCpuPercent,
        connections: alarms.databaseConnections,
        freeableMemoryBytes: alarms.databaseFreeableMemoryBytes,
      },
    });
  }
}
