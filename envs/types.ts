/**
 * The shape of the configuration. Plain data only: no constructs, no tokens.
 * `validate()` (envs/validate.ts) checks every value before any construct is built.
 */

/** How private-app subnets reach the internet. */
export type NatMode = 'none' | 'single' | 'per-az';

/** Settings shared by every environment and by the `state` and `shared` stacks. */
export interface ProjectConfig {
  /** Short project name; prefixes every resource name and state key. 2-12 chars, `[a-z0-9-]`. */
  readonly name: string;
  /** AWS region of every stack. */
  readonly region: string;
  /** Name of the S3 bucket that holds every stack's Terraform state. */
  readonly stateBucket: string;
  /** Public apex domain; its Route53 hosted zone lives in the `shared` stack. */
  readonly apexDomain: string;
  /** AWS account of the `state` and `shared` stacks. */
  readonly sharedAccountId: string;
  /** ECR settings that apply to every service repository. */
  readonly registry: RegistryConfig;
  /** The service catalogue: every service any environment may run, by name. */
  readonly services: Readonly<Record<string, ServiceDefinition>>;
}

/** ECR repository settings. */
export interface RegistryConfig {
  /** Untagged images are expired after this many days. */
  readonly untaggedExpiryDays: number;
  /** Keep the newest `count` images of each tag prefix; older ones expire. */
  readonly keepTagged: readonly { readonly tagPrefix: string; readonly count: number }[];
}

/** What a service is, independent of environment. */
export interface ServiceDefinition {
  /** Container port the application listens on. */
  readonly port: number;
  /**
   * `public`: behind the environment's ALB; `internal`: reached only through Cloud Map by the
   * services named in `clients`.
   */
  readonly exposure: 'public' | 'internal';
  /** Services allowed to call this one on its port (internal services only). */
  readonly clients?: readonly string[];
  /** HTTP path the load balancer / container health check probes. */
  readonly healthCheckPath: string;
  /** Whether this service talks to the environment's database. */
  readonly usesDatabase?: boolean;
}

/** One environment (dev, stg, prod, ...): one `<env>` stack and one stack per service. */
export interface EnvironmentConfig {
  /** Environment name; part of stack IDs and resource names. 2-8 chars, `[a-z0-9]`. */
  readonly name: string;
  /** AWS account the environment's stacks deploy to. */
  readonly accountId: string;
  /** Marks production: the security rules demand deletion protection and long backups. */
  readonly production: boolean;
  /** Protect stateful resources (database, log bucket) against deletion and keep final snapshots. */
  readonly protectData: boolean;
  /** DNS name the environment answers on; must be the apex domain or inside it. */
  readonly domain: string;
  /** Retention of the environment's CloudWatch log groups, in days. */
  readonly logRetentionDays: number;
  readonly network: NetworkConfig;
  readonly loadBalancer: LoadBalancerConfig;
  readonly cluster: ClusterConfig;
  /** Per-service sizing and settings; keys must name services of the catalogue. */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly database: DatabaseConfig;
  readonly alarms: AlarmConfig;
}

export interface NetworkConfig {
  /** VPC IPv4 CIDR, /16 to /24. */
  readonly cidr: string;
  /** Exactly three distinct availability zones of the region. */
  readonly availabilityZones: readonly string[];
  /** NAT for private-app subnets. */
  readonly nat: NatMode;
  /**
   * Interface endpoint service short names (`ecr.api`, `logs`, ...).
   * @default - what ECS tasks need without NAT (modules/network DEFAULT_INTERFACE_ENDPOINTS)
   */
  readonly interfaceEndpoints?: readonly string[];
}

export interface LoadBalancerConfig {
  /** CIDRs allowed to reach ports 80 and 443. */
  readonly ingressCidrs: readonly string[];
  readonly deletionProtection: boolean;
  readonly idleTimeoutSeconds: number;
  readonly accessLogs: { readonly enabled: boolean; readonly retentionDays: number };
}

export interface ClusterConfig {
  /** EC2 spot capacity for services with `capacity: 'ec2'`. */
  readonly ec2: {
    /** Instance types the spot fleet may use (more types, fewer interruptions). */
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly maxSize: number;
    /** On-demand instances below which no spot is used. */
    readonly onDemandBaseCapacity: number;
    /** Target utilisation of the capacity provider's managed scaling, percent. */
    readonly targetCapacityPercent: number;
    /** Root volume size in GiB. */
    readonly rootVolumeGiB: number;
  };
  /** Default strategy for services that name none. */
  readonly defaultCapacity: 'FARGATE' | 'FARGATE_SPOT';
}

/** Where a service's tasks run. */
export type CapacityConfig =
  | { readonly type: 'ec2' }
  | { readonly type: 'fargate'; readonly fargateWeight: number; readonly spotWeight: number };

export interface ServiceConfig {
  /** Task CPU units (256 = 0.25 vCPU). */
  readonly cpu: number;
  /** Task memory in MiB. */
  readonly memory: number;
  readonly capacity: CapacityConfig;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** Target CPU utilisation for autoscaling, percent. */
  readonly cpuTargetPercent: number;
  /** Target ALB requests per task per minute (public services only). */
  readonly requestsPerTarget?: number;
  /** Listener rule (public services only). Priorities must be unique per environment. */
  readonly listenerRule?: {
    readonly priority: number;
    readonly pathPatterns?: readonly string[];
    readonly hostHeaders?: readonly string[];
  };
  readonly deployment: {
    readonly minimumHealthyPercent: number;
    readonly maximumPercent: number;
    readonly healthCheckGracePeriodSeconds: number;
  };
  /** ECS Exec (shell into a running task through Session Manager). */
  readonly enableExec: boolean;
  /** Plain, non-secret environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Settings stored as SSM String parameters under `/<project>/<env>/<service>/<name>` and given to
   * the container as environment variables (through ECS `secrets`, so a change needs no new task
   * definition revision in this repository). Names are relative: `feature-flags`, `api/base-url`.
   */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * Secret settings AWS does not manage (third-party API keys, ...): SecureString parameters under
   * the same prefix whose value is set outside Terraform (README, "Secrets").
   */
  readonly secureParameters: readonly string[];
  /** Writable scratch directories for a read-only root filesystem. */
  readonly scratchPaths: readonly string[];
  /** Extra IAM statements for the task role (the application's own permissions). */
  readonly taskPolicyStatements: readonly IamStatementConfig[];
}

export interface IamStatementConfig {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export interface DatabaseConfig {
  readonly engine: 'aurora-mysql' | 'aurora-postgresql';
  /** Engine version, for example `8.0.mysql_aurora.3.08.2` or `16.6`. */
  readonly engineVersion: string;
  readonly databaseName: string;
  readonly masterUsername: string;
  readonly minCapacityAcu: number;
  readonly maxCapacityAcu: number;
  /** Readers besides the writer, spread over the other AZs. */
  readonly readers: number;
  readonly backupRetentionDays: number;
  /** UTC, `hh24:mi-hh24:mi`. */
  readonly backupWindow: string;
  /** UTC, `ddd:hh24:mi-ddd:hh24:mi`. */
  readonly maintenanceWindow: string;
  /** Apply modifications now (true) or in the maintenance window (false). */
  readonly applyImmediately: boolean;
  /** Cluster parameter group settings. */
  readonly parameters: Readonly<Record<string, string>>;
}

/** Where alarms go and when they fire. */
export interface AlarmConfig {
  /** E-mail addresses subscribed to the environment's alarm topic (each confirms once). */
  readonly emails: readonly string[];
  /** Load balancer 5xx responses per minute (its own, e.g. no healthy target). */
  readonly elb5xxPerMinute: number;
  /** 5xx responses per minute returned by the services behind the load balancer. */
  readonly target5xxPerMinute: number;
  /** p95 target response time, seconds. */
  readonly targetResponseTimeSeconds: number;
  readonly serviceCpuPercent: number;
  readonly serviceMemoryPercent: number;
  readonly databaseCpuPercent: number;
  readonly databaseConnections: number;
  readonly databaseFreeableMemoryBytes: number;
}
