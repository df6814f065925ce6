import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { throwOnProblems } from '../core';
import {
  databaseLogRetentionProblems,
  databaseProblems,
  databaseWiringProblems,
  defaultPerformanceInsights,
  parameterGroupFamily,
  type DatabaseEngine,
  type DatabaseSettings,
} from './validation';

const DEFAULT_READERS = 0;
const DEFAULT_APPLY_IMMEDIATELY = false;
const DEFAULT_LOG_RETENTION_DAYS = 90;
const PORTS: Record<DatabaseEngine, number> = { 'aurora-mysql': 3306, 'aurora-postgresql': 5432 };
const LOG_EXPORTS: Record<DatabaseEngine, string[]> = {
  // No "general": it logs every statement. "audit" and "slowquery" only have content when the
  // cluster parameters turn them on (server_audit_logging, slow_query_log).
  'aurora-mysql': ['audit', 'error', 'slowquery'],
  'aurora-postgresql': ['postgresql'],
};

export interface DatabaseProps extends DatabaseSettings {
  /** Prefix of resource names and identifiers, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** VPC of the security group. */
  readonly vpcId: string;
  /** Isolated DB subnets, at least two (RDS requires two AZs in a subnet group). */
  readonly subnetIds: string[];
  /** Exactly three AZ names; the writer goes to the first, readers to the others. */
  readonly availabilityZones: readonly string[];
  /** RDS refuses to delete the cluster while this is true. */
  readonly deletionProtection: boolean;
  /** Terraform refuses to plan destroying the cluster, its KMS key and its log groups (lifecycle `prevent_destroy`). */
  readonly preventDestroy: boolean;
  /**
   * Days CloudWatch Logs keeps the exported database logs (one of the periods CloudWatch Logs accepts).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Private hosted zone record (CNAME, TTL 60) pointing at the writer endpoint.
   * @default - no record
   */
  readonly privateZone?: { readonly zoneId: string; readonly recordName: string };
}

/**
 * An Aurora Serverless v2 cluster in isolated subnets: encrypted with its own KMS key, IAM
 * authentication on, logs exported into log groups of its own that expire them, master password
 * generated and held by RDS in Secrets Manager (it never appears in code, synthesized JSON or
 * Terraform state).
 *
 * Its security group has no rules: whoever needs the database adds an ingress rule on `port`
 * from their own group (the environment stack does it for the backend service).
 *
 * Engine versions: instances take minor versions automatically in the maintenance window and
 * Terraform ignores `engine_version` drift, so `engineVersion` is the creation version. A major
 * upgrade is an operation, not an edit: upgrade with the RDS API first
 * (`modify-db-cluster --engine-version ... --allow-major-version-upgrade` with a parameter group
 * of the new family), then set the new `engineVersion` here so the family follows. Editing it
 * first would hand the old-version cluster a parameter group of the new family, which RDS refuses.
 *
 * Parameters use `pending-reboot`: RDS accepts it for static and dynamic parameters alike,
 * while `immediate` fails for static ones, and only at apply time.
 */
export class Database extends Construct {
  public readonly clusterArn: string;
  public readonly clusterIdentifier: string;
  public readonly writerEndpoint: string;
  public readonly readerEndpoint: string;
  public readonly port: number;
  public readonly securityGroupId: string;
  /** Secrets Manager secret (JSON with `username` and `password`) that RDS manages and rotates. */
  public readonly masterUserSecretArn: string;
  public readonly masterUsername: string;
  public readonly databaseName: string;
  public readonly kmsKeyArn: string;
  /** Name clients connect to: the private record when there is one, else the writer endpoint. */
  public readonly hostName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const readers = props.readers ?? DEFAULT_READERS;
    const applyImmediately = props.applyImmediately ?? DEFAULT_APPLY_IMMEDIATELY;
    const parameters = props.parameters ?? {};
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const performanceInsights = props.performanceInsights ?? defaultPerformanceInsights(props.minCapacityAcu);

    throwOnProblems(this.node.path, [
      ...databaseProblems(props),
      ...databaseWiringProblems(props),
      ...databaseLogRetentionProblems(logRetentionDays),
    ]);

    const prefix = props.namePrefix;
    const port = PORTS[props.engine];

    const subnetGroup = this.addSubnetGroup(prefix, props.subnetIds);
    const securityGroup = this.addSecurityGroup(prefix, props.engine, props.vpcId);
    const key = this.addKmsKey(prefix, props.preventDestroy);
    const parameterGroup = this.addParameterGroup(prefix, props.engine, props.engineVersion, parameters);
    const logGroups = this.addLogGroups(
      clusterIdentifier(prefix),
      props.engine,
      logRetentionDays,
      props.preventDestroy,
    );
    const cluster = this.addCluster(props, {
      port,
      applyImmediately,
      key,
      parameterGroup,
      securityGroup,
      subnetGroup,
      logGroups,
    });
    this.addInstances(props, cluster, { key, readers, applyImmediately, performanceInsights });
    if (props.privateZone) {
      this.addPrivateRecord(props.privateZone, cluster);
    }

    this.clusterArn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.writerEndpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = port;
    this.securityGroupId = securityGroup.id;
    this.masterUserSecretArn = cluster.masterUserSecret.get(0).secretArn;
    this.masterUsername = props.masterUsername;
    this.databaseName = props.databaseName;
    this.kmsKeyArn = key.arn;
    this.hostName = props.privateZone?.recordName ?? cluster.endpoint;
  }

  private addSubnetGroup(prefix: string, subnetIds: string[]): DbSubnetGroup {
    return new DbSubnetGroup(this, 'subnet-group', {
      name: `${prefix}-db`,
      description: `Isolated DB subnets of ${prefix}`,
      subnetIds,
      tags: nameTag(prefix, 'db'),
    });
  }

  private addSecurityGroup(prefix: string, engine: DatabaseEngine, vpcId: string): SecurityGroup {
    // No inline ingress/egress blocks: declaring them (even empty) would make Terraform remove
    // the ingress rule the environment stack attaches as a separate resource. On create the
    // provider already revokes AWS's default allow-all egress, and the database opens no
    // connections of its own.
    return new SecurityGroup(this, 'sg', {
      name: `${prefix}-db`,
      description: `Aurora ${engine} of ${prefix}; ingress added by the clients' stacks`,
      vpcId,
      tags: nameTag(prefix, 'db'),
    });
  }

  private addKmsKey(prefix: string, preventDestroy: boolean): KmsKey {
    // Deleting the key makes the final snapshot unreadable, so it shares the cluster's guard.
    const key = new KmsKey(this, 'kms-key', {
      description: `Aurora storage and Performance Insights of ${prefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: nameTag(prefix, 'db'),
      lifecycle: { preventDestroy },
    });
    new KmsAlias(this, 'kms-alias', { name: `alias/${prefix}-db`, targetKeyId: key.keyId });
    return key;
  }

  private addParameterGroup(
    prefix: string,
    engine: DatabaseEngine,
    engineVersion: string,
    parameters: Readonly<Record<string, string>>,
  ): RdsClusterParameterGroup {
    // name_prefix + create_before_destroy: a new engine major changes the family, which
    // replaces the group, and the cluster must switch to the new one before the old is deleted.
    return new RdsClusterParameterGroup(this, 'cluster-params', {
      namePrefix: `${prefix}-`,
      family: parameterGroupFamily(engine, engineVersion),
      description: `Cluster parameters of ${prefix}`,
      parameter: Object.entries(parameters).map(([parameterName, value]) => ({
        name: parameterName,
        value,
        applyMethod: 'pending-reboot',
      })),
      tags: nameTag(prefix, 'db'),
      lifecycle: { createBeforeDestroy: true },
    });
  }

  /**
   * The groups RDS exports the cluster's logs to, under the names RDS uses
   * (`/aws/rds/cluster/<cluster>/<log type>`). RDS creates a missing group itself with retention
   * "Never expire", so these exist before the cluster (it depends on them) and RDS writes into
   * them; on destroy the cluster goes first and nothing exports into a group being deleted. They
   * share the cluster's `prevent_destroy`: the audit log is data a protected environment keeps.
   * No KMS key, like the environment's other log groups: CloudWatch Logs encrypts log data at rest
   * by default.
   */
  private addLogGroups(
    cluster: string,
    engine: DatabaseEngine,
    retentionDays: number,
    preventDestroy: boolean,
  ): CloudwatchLogGroup[] {
    return LOG_EXPORTS[engine].map(
      (logType) =>
        new CloudwatchLogGroup(this, `log-group-${logType}`, {
          name: `/aws/rds/cluster/${cluster}/${logType}`,
          retentionInDays: retentionDays,
          lifecycle: { preventDestroy },
        }),
    );
  }

  private addCluster(props: DatabaseProps, parts: ClusterParts): RdsCluster {
    const prefix = props.namePrefix;
    return new RdsCluster(this, 'cluster', {
      clusterIdentifier: clusterIdentifier(prefix),
      engine: props.engine,
      engineVersion: props.engineVersion,
      engineMode: 'provisioned',
      serverlessv2ScalingConfiguration: {
        minCapacity: props.minCapacityAcu,
        maxCapacity: props.maxCapacityAcu,
      },
      databaseName: props.databaseName,
      masterUsername: props.masterUsername,
      manageMasterUserPassword: true,
      storageEncrypted: true,
      kmsKeyId: parts.key.arn,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: LOG_EXPORTS[props.engine],
      backupRetentionPeriod: props.backupRetentionDays,
      preferredBackupWindow: props.backupWindow,
      preferredMaintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: false,
      // Static on purpose: a timestamp() here would differ on every plan (perpetual diff).
      // A second destroy of the same environment therefore fails until the old snapshot is
      // renamed or deleted, which is the safe way round.
      finalSnapshotIdentifier: `${prefix}-final`,
      applyImmediately: parts.applyImmediately,
      dbClusterParameterGroupName: parts.parameterGroup.name,
      port: parts.port,
      vpcSecurityGroupIds: [parts.securityGroup.id],
      dbSubnetGroupName: parts.subnetGroup.name,
      tags: nameTag(prefix, 'aurora'),
      dependsOn: [...parts.logGroups],
      lifecycle: {
        preventDestroy: props.preventDestroy,
        // Instances upgrade minor versions themselves (auto_minor_version_upgrade); the
        // provider then reads e.g. 16.8 while the config still says 16.6, and every plan would
        // propose a downgrade that AWS refuses. See `engineVersion` for the major-upgrade path.
        ignoreChanges: ['engine_version'],
      },
    });
  }

  /** The writer in the first AZ, readers spread over the others. */
  private addInstances(props: DatabaseProps, cluster: RdsCluster, settings: InstanceSettings): void {
    const { key, readers, applyImmediately, performanceInsights } = settings;
    const prefix = props.namePrefix;
    const instance = (instanceId: string, suffix: string, az: string, promotionTier: number) =>
      new RdsClusterInstance(this, instanceId, {
        identifier: `${prefix}-aurora-${suffix}`,
        clusterIdentifier: cluster.id,
        instanceClass: 'db.serverless',
        engine: cluster.engine,
        engineVersion: cluster.engineVersion,
        availabilityZone: az,
        promotionTier,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        applyImmediately,
        preferredMaintenanceWindow: props.maintenanceWindow,
        performanceInsightsEnabled: performanceInsights,
        performanceInsightsKmsKeyId: performanceInsights ? key.arn : undefined,
        tags: nameTag(prefix, `aurora-${suffix}`),
      });
    instance('writer', 'writer', props.availabilityZones[0], 0);
    // Tier 1, not 2+: Serverless v2 readers in tiers 0-1 scale with the writer, so a failover
    // lands on an instance already sized for the writer's load.
    const otherAzs = props.availabilityZones.slice(1);
    for (let i = 0; i < readers; i++) {
      instance(`reader-${i + 1}`, `reader-${i + 1}`, otherAzs[i % otherAzs.length], 1);
    }
  }

  private addPrivateRecord(
    privateZone: NonNullable<DatabaseProps['privateZone']>,
    cluster: RdsCluster,
  ): void {
    new Route53Record(this, 'record', {
      zoneId: privateZone.zoneId,
      name: privateZone.recordName,
      type: 'CNAME',
      ttl: 60,
      records: [cluster.endpoint],
    });
  }
}

/** What the cluster is built on, created before it. */
interface ClusterParts {
  readonly port: number;
  readonly applyImmediately: boolean;
  readonly key: KmsKey;
  readonly parameterGroup: RdsClusterParameterGroup;
  readonly securityGroup: SecurityGroup;
  readonly subnetGroup: DbSubnetGroup;
  /** Where the exported logs go; created first so that RDS does not create them without retention. */
  readonly logGroups: readonly CloudwatchLogGroup[];
}

/** What every instance is created with. */
interface InstanceSettings {
  readonly key: KmsKey;
  readonly readers: number;
  readonly applyImmediately: boolean;
  readonly performanceInsights: boolean;
}

/** The cluster's identifier, which also names its log groups. */
function clusterIdentifier(prefix: string): string {
  return `${prefix}-aurora`;
}

/** The `Name` tag: `<namePrefix>-<suffix>`. */
function nameTag(prefix: string, suffix: string): { Name: string } {
  return { Name: `${prefix}-${suffix}` };
}
