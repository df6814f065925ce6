/**
 * The shape of the configuration: plain data, no constructs, no tokens. Every field a module
 * consumes is typed (and documented, with its default) by that module's props; this file only
 * picks them and adds what spans modules. `validate()` (envs/validate.ts) checks the values with
 * the modules' own rules before any construct is built.
 */
import type {
  AlarmTopicProps,
  DatabaseAlarmThresholds,
  LoadBalancerAlarmThresholds,
  ServiceAlarmThresholds,
} from '../modules/alarms';
import type { LifecyclePolicySpec } from '../modules/container-registry';
import type { DatabaseSettings } from '../modules/database';
import type { Ec2CapacityProps, FargateCapacity } from '../modules/ecs-cluster';
import type {
  EcsServiceCapacityChoice,
  EcsServiceLoadBalancer,
  EcsServiceProps,
  EcsServiceSettings,
} from '../modules/ecs-service';
import type { ImageSource } from '../modules/github-oidc';
import type { AccessLogsProps, LoadBalancerSettings } from '../modules/load-balancer';
import type { NetworkSettings } from '../modules/network';

export type { NatMode } from '../modules/network';

/** Settings shared by every environment and by the `state` and `shared` stacks. */
export interface ProjectConfig {
  /** Short project name; prefixes every resource name and state key. 2-12 chars, `[a-z0-9-]`. */
  readonly name: string;
  /** AWS region of every stack. */
  readonly region: string;
  /** Name of the S3 bucket that holds every stack's Terraform state. */
  readonly stateBucket: string;
  /** Public apex domain; its Route53 hosted zone lives in the shared account's administrator stack. */
  readonly apexDomain: string;
  /** AWS account of the `state` and `shared` stacks and of the public zone. */
  readonly sharedAccountId: string;
  /** ECR lifecycle rules of every service repository. */
  readonly registry: LifecyclePolicySpec;
  /** The service catalogue: every service any environment may run, by name. */
  readonly services: Readonly<Record<string, ServiceDefinition>>;
  /**
   * GitHub repository of this code, `owner/name` (for example `acme/webapp-platform`): the only
   * repository whose workflows may plan and deploy the stacks (docs/delivery.md).
   */
  readonly repository: string;
  /**
   * Environments an application's release workflow deploys every new image to as soon as it is
   * pushed; the other environments get an image by promotion (a manual dispatch).
   * @default []
   */
  readonly autoDeploy?: readonly string[];
}

/** What a service is, independent of environment. */
export interface ServiceDefinition extends Pick<EcsServiceProps, 'port' | 'healthCheckPath'> {
  /**
   * `public`: behind the environment's ALB; `internal`: reached only through Cloud Map by the
   * services named in `clients`.
   */
  readonly exposure: 'public' | 'internal';
  /** Services allowed to call this one on its port (internal services only). */
  readonly clients?: readonly string[];
  /**
   * Whether this service talks to the environment's database (it then gets DB_HOST, DB_PORT,
   * DB_NAME, DB_USER, DB_PASSWORD and DB_SECRET_ARN, and its task role may read that secret).
   * @default false
   */
  readonly usesDatabase?: boolean;
  /**
   * The application repository that builds the service's images, and the branch whose pushes
   * publish them: its workflows may push to the service's ECR repository, nothing else.
   * @default - no workflow may push the service's images
   */
  readonly source?: ImageSource;
}

/** One environment (dev, stg, prod, ...): one `<env>` stack and one stack per service. */
export interface EnvironmentConfig {
  /** Environment name; part of stack IDs and resource names. 2-8 chars, `[a-z0-9]`, the file's name. */
  readonly name: string;
  /** AWS account the environment's stacks deploy to. */
  readonly accountId: string;
  /** Marks production: the security rules demand deletion protection and long backups. */
  readonly production: boolean;
  /**
   * Protect stateful resources (the database and its KMS key, the ALB log bucket) against
   * deletion. Without it, destroying the environment also schedules the key that encrypts the
   * database's final snapshot for deletion (docs/configuration.md).
   */
  readonly protectData: boolean;
  /** DNS name the environment answers on; the apex domain or inside it, unique among environments. */
  readonly domain: string;
  /** Retention of the environment's CloudWatch log groups (services, flow logs, database logs), in days. */
  readonly logRetentionDays: number;
  readonly network: NetworkSettings;
  readonly loadBalancer: LoadBalancerConfig;
  readonly cluster: ClusterConfig;
  /** Per-service sizing and settings; keys must name services of the catalogue. */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly database: DatabaseSettings;
  readonly alarms: AlarmConfig;
}

export interface LoadBalancerConfig
  extends Pick<LoadBalancerSettings, 'ingressCidrs' | 'deletionProtection' | 'idleTimeoutSeconds'> {
  /** Access logs in a bucket of the environment's account (`<project>-<env>-alb-logs-<account>`). */
  readonly accessLogs: Pick<AccessLogsProps, 'retentionDays'> & {
    /** Write access logs at all. */
    readonly enabled: boolean;
  };
}

export interface ClusterConfig {
  /** EC2 capacity, created only when a service of the environment runs with `capacity: { type: 'ec2' }`. */
  readonly ec2: Ec2CapacityProps;
  /** Capacity provider of services that name none. */
  readonly defaultCapacity: FargateCapacity;
}

/** One service in one environment; the fields a module consumes are the EcsService props of the same name. */
export interface ServiceConfig extends EcsServiceSettings {
  /** Where the tasks run: `{ type: 'ec2' }` (the environment's spot capacity) or Fargate weights. */
  readonly capacity: EcsServiceCapacityChoice;
  /** The service's rule on the HTTPS listener (public services only); priorities are unique per environment. */
  readonly listenerRule?: Pick<EcsServiceLoadBalancer, 'priority' | 'pathPatterns' | 'hostHeaders'>;
  /** Target ALB requests per task per minute; adds request-count scaling (public services only). */
  readonly requestsPerTarget?: EcsServiceLoadBalancer['requestsPerTarget'];
  /**
   * Settings stored as SSM String parameters under `/<project>/<env>/<service>/<name>` and given to
   * the container as environment variables (`feature-flags` -> `FEATURE_FLAGS`) through ECS
   * `secrets`. Names are relative: `feature-flags`, `api/base-url`.
   */
  readonly parameters: Readonly<Record<string, string>>;
  /**
   * Secret settings AWS does not manage (third-party API keys, ...): SecureString parameters under
   * the same prefix whose value is set outside Terraform (docs/configuration.md, "Service settings and secrets").
   */
  readonly secureParameters: readonly string[];
}

/** Where alarms go and when they fire; thresholds are those of the alarm modules. */
export interface AlarmConfig {
  /** E-mail addresses subscribed to the environment's alarm topic (each confirms once). */
  readonly emails: AlarmTopicProps['emails'];
  readonly loadBalancer: LoadBalancerAlarmThresholds;
  /** Applies to every service of the environment. */
  readonly services: ServiceAlarmThresholds;
  readonly database: DatabaseAlarmThresholds;
}
