import type {
  AlarmTopicProps,
  DatabaseAlarmsProps,
  LoadBalancerAlarmsProps,
  ServiceAlarmsProps,
} from '../modules/alarms';
import type { CertificateProps } from '../modules/certificate';
import type { DatabaseProps } from '../modules/database';
import type { PrivateZoneProps } from '../modules/dns';
import type { EcsClusterProps } from '../modules/ecs-cluster';
import {
  DEFAULT_DEREGISTRATION_DELAY_SECONDS,
  type EcsServiceCheck,
  type EcsServiceProps,
} from '../modules/ecs-service';
import type { LoadBalancerDnsProps, LoadBalancerProps } from '../modules/load-balancer';
import type { NetworkProps } from '../modules/network';
import type { ParametersProps } from '../modules/parameters';
import type { ServiceSecurityGroupsProps } from '../modules/service-security-groups';
import {
  accessLogBucketName,
  namePrefix,
  repositoryName,
  serviceSecrets,
  upstreams,
  upstreamVariable,
  type SecretSource,
} from './derive';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * The one mapping from configuration to module props: the stacks build each module from these
 * props plus its wiring (IDs and ARNs of other constructs), and `validate()` runs each module's
 * own rules on the same props before any construct exists, saying each problem at the
 * configuration path its prop came from (`sources`).
 */

/** Where a prop's value came from in the configuration. */
export type PropSource =
  /**
   * A setting at this configuration path; a longer prop path continues it (`ingressCidrs[1]`).
   * `shownAs` is the value as the configuration writes it, where the prop holds it in another form.
   */
  | { readonly setAt: string; readonly shownAs?: string }
  /** A name made from the environment's name (`name`, at `nameAt`): the module builds `makes` from it. */
  | { readonly nameAt: string; readonly name: string; readonly makes: string }
  /** A value one rule checks where it is set: the module's problem with it would say it again. */
  | { readonly checkedAt: string };

/** One module's props as the configuration decides them, and where each came from. */
export interface Resolved<Props> {
  readonly props: Props;
  /**
   * Source of the props by prop path (`''` for any prop without a longer entry): a problem takes
   * the source of the longest path that is its own path or begins it.
   */
  readonly sources: Readonly<Record<string, PropSource>>;
}

export type NetworkSettingsProps = Omit<NetworkProps, 'permissionsBoundaryArn'>;
export type LoadBalancerSettingsProps = Omit<
  LoadBalancerProps,
  'vpcId' | 'publicSubnetIds' | 'certificateArn' | 'dns'
> & { readonly dns: Pick<LoadBalancerDnsProps, 'recordName'> };
export type ClusterSettingsProps = Pick<EcsClusterProps, 'namePrefix' | 'defaultCapacity' | 'ec2'>;
export type DatabaseSettingsProps = Omit<
  DatabaseProps,
  'vpcId' | 'subnetIds' | 'availabilityZones' | 'privateZone'
>;
/** The services' own parameters; the environment stack adds the database's connection facts. */
export type ServiceParametersProps = Required<ParametersProps>;
/** What the EcsService rules read (`EcsServiceCheck`), as the stack passes it on with its wiring. */
export type ServiceSettingsProps = Omit<EcsServiceCheck, 'scratchPaths' | 'taskPolicyStatements'> &
  Required<Pick<EcsServiceProps, 'region' | 'scratchPaths' | 'taskPolicyStatements'>>;

/** What one environment stack builds from the configuration, module by module. */
export interface ResolvedEnvironment {
  /** `<project>-<env>`: the prefix of every resource name of the environment and its services. */
  readonly namePrefix: string;
  readonly network: Resolved<NetworkSettingsProps>;
  readonly privateZone: Omit<PrivateZoneProps, 'vpcId'>;
  readonly certificate: Resolved<Pick<CertificateProps, 'domainName'>>;
  readonly loadBalancer: Resolved<LoadBalancerSettingsProps>;
  readonly cluster: Resolved<ClusterSettingsProps>;
  readonly firewall: Pick<ServiceSecurityGroupsProps, 'namePrefix' | 'services'>;
  readonly database: Resolved<DatabaseSettingsProps>;
  /** Services admitted to the database (they get its connection facts as secrets). */
  readonly databaseClients: readonly string[];
  readonly parameters: Resolved<ServiceParametersProps>;
  readonly alarmTopic: Omit<AlarmTopicProps, 'clusterArn'>;
  readonly loadBalancerAlarms: Pick<LoadBalancerAlarmsProps, 'namePrefix' | 'thresholds'>;
  readonly databaseAlarms: Pick<DatabaseAlarmsProps, 'namePrefix' | 'thresholds'>;
}

/** What one service stack builds from the configuration. */
export interface ResolvedService {
  readonly service: Resolved<ServiceSettingsProps>;
  /** Where each variable ECS fills from a secret comes from, in the order of `secretNames`. */
  readonly secrets: readonly SecretSource[];
  /** Internal services this one calls: the variable that gets each one's URL, and its port. */
  readonly upstreams: readonly { readonly name: string; readonly variable: string; readonly port: number }[];
  /** Registered in Cloud Map, where the services that call it find it. */
  readonly internal: boolean;
  /** The task reads the database secret itself: after a rotation, DB_PASSWORD is stale. */
  readonly readsDatabaseSecret: boolean;
  /** ECR repository of the service's images, in the shared account. */
  readonly repository: string;
  readonly alarms: Pick<ServiceAlarmsProps, 'namePrefix' | 'serviceName' | 'thresholds'>;
}

export interface ResolveOptions {
  /**
   * Also the parts the configuration has off (EC2 capacity where no service runs on EC2, access
   * logs while disabled), with their settings: what `validate()` checks, so that turning a part
   * on is not the moment a bad value in a shared base surfaces.
   * @default false
   */
  readonly unusedPartsToo?: boolean;
}

/** Whether a service of the environment runs on EC2 capacity: only then do instances exist. */
export function runsOnEc2(env: EnvironmentConfig): boolean {
  return Object.values(env.services).some((s) => s.capacity.type === 'ec2');
}

export function resolveEnvironment(
  project: ProjectConfig,
  env: EnvironmentConfig,
  options: ResolveOptions = {},
): ResolvedEnvironment {
  const prefix = namePrefix(project, env);
  return {
    namePrefix: prefix,
    network: resolveNetwork(project, env),
    privateZone: { domainName: `${env.name}.internal` },
    certificate: {
      props: { domainName: env.domain },
      sources: { domainName: { setAt: `${env.name}.domain` } },
    },
    loadBalancer: resolveLoadBalancer(project, env, options),
    cluster: {
      props: {
        namePrefix: prefix,
        defaultCapacity: env.cluster.defaultCapacity,
        // Instances cost money while idle: only when a service of this environment runs on EC2.
        ec2: runsOnEc2(env) || options.unusedPartsToo ? env.cluster.ec2 : undefined,
      },
      sources: { '': { setAt: `${env.name}.cluster` }, namePrefix: nameSource(project, env) },
    },
    firewall: { namePrefix: prefix, services: servicePorts(project, env) },
    database: resolveDatabase(project, env),
    databaseClients: Object.keys(env.services).filter((name) => project.services[name]?.usesDatabase),
    parameters: resolveParameters(project, env),
    alarmTopic: { namePrefix: prefix, accountId: env.accountId, emails: env.alarms.emails },
    loadBalancerAlarms: { namePrefix: prefix, thresholds: env.alarms.loadBalancer },
    databaseAlarms: { namePrefix: prefix, thresholds: env.alarms.database },
  };
}

/** The environment's name as the source of the names a module makes from `<project>-<env>`. */
function nameSource(project: ProjectConfig, env: EnvironmentConfig): PropSource {
  return { nameAt: `${env.name}.name`, name: env.name, makes: namePrefix(project, env) };
}

/** One rule checks the environment's retention, which several modules take. */
function retentionSource(env: EnvironmentConfig): PropSource {
  return { checkedAt: `${env.name}.logRetentionDays` };
}

function resolveNetwork(project: ProjectConfig, env: EnvironmentConfig): Resolved<NetworkSettingsProps> {
  return {
    props: {
      namePrefix: namePrefix(project, env),
      region: project.region,
      ...env.network,
      flowLogRetentionDays: env.logRetentionDays,
    },
    sources: {
      '': { setAt: `${env.name}.network` },
      namePrefix: nameSource(project, env),
      region: { checkedAt: 'project.region' },
      flowLogRetentionDays: retentionSource(env),
    },
  };
}

function resolveDatabase(project: ProjectConfig, env: EnvironmentConfig): Resolved<DatabaseSettingsProps> {
  const protection: PropSource = { setAt: `${env.name}.protectData` };
  return {
    props: {
      ...env.database,
      namePrefix: namePrefix(project, env),
      deletionProtection: env.protectData,
      preventDestroy: env.protectData,
      logRetentionDays: env.logRetentionDays,
    },
    sources: {
      '': { setAt: `${env.name}.database` },
      namePrefix: nameSource(project, env),
      deletionProtection: protection,
      preventDestroy: protection,
      logRetentionDays: retentionSource(env),
    },
  };
}

function resolveLoadBalancer(
  project: ProjectConfig,
  env: EnvironmentConfig,
  options: ResolveOptions,
): Resolved<LoadBalancerSettingsProps> {
  const { accessLogs, ...settings } = env.loadBalancer;
  return {
    props: {
      ...settings,
      namePrefix: namePrefix(project, env),
      accessLogs:
        accessLogs.enabled || options.unusedPartsToo
          ? {
              bucketName: accessLogBucketName(project, env),
              retentionDays: accessLogs.retentionDays,
              preventDestroy: env.protectData,
            }
          : undefined,
      dns: { recordName: env.domain },
    },
    sources: {
      '': { setAt: `${env.name}.loadBalancer` },
      namePrefix: nameSource(project, env),
      'accessLogs.bucketName': nameSource(project, env),
      'accessLogs.preventDestroy': { setAt: `${env.name}.protectData` },
      // The certificate's rules check the domain, which is also the record's name.
      'dns.recordName': { checkedAt: `${env.name}.domain` },
    },
  };
}

/**
 * Each service as the firewall sees it: its port, and who may call it. (A service the catalogue
 * lacks has no port; validate() says so before any stack is built.)
 */
function servicePorts(
  project: ProjectConfig,
  env: EnvironmentConfig,
): ServiceSecurityGroupsProps['services'] {
  const catalogued = Object.keys(env.services).filter((name) => name in project.services);
  return catalogued.map((name) => {
    const definition = project.services[name];
    return {
      name,
      port: definition.port,
      behindLoadBalancer: definition.exposure === 'public',
      clients: (definition.clients ?? []).filter((client) => client in env.services),
    };
  });
}

/**
 * Every service's settings under `/<project>/<env>/<service>/`: plain values and the names of
 * secure ones, each said at the configuration field that asks for it, by its own name.
 */
function resolveParameters(project: ProjectConfig, env: EnvironmentConfig): Resolved<ServiceParametersProps> {
  const services = Object.entries(env.services);
  const plain = services.flatMap(([service, config]) =>
    Object.entries(config.parameters).map(([name, value]) => ({
      path: `${service}/${name}`,
      value,
      source: { setAt: `${env.name}.services.${service}.parameters.${name}`, shownAs: name },
    })),
  );
  const secure = services.flatMap(([service, config]) =>
    config.secureParameters.map((name, i) => ({
      path: `${service}/${name}`,
      source: { setAt: `${env.name}.services.${service}.secureParameters[${i}]`, shownAs: name },
    })),
  );
  return {
    props: {
      prefix: `/${project.name}/${env.name}`,
      values: Object.fromEntries(plain.map((p) => [p.path, p.value])),
      secureNames: secure.map((p) => p.path),
    },
    sources: {
      '': { setAt: `${env.name}.services` },
      prefix: { checkedAt: `project.name and ${env.name}.name` },
      ...Object.fromEntries(plain.map((p) => [`values.${p.path}`, p.source])),
      ...Object.fromEntries(secure.map((p, i) => [`secureNames[${i}]`, p.source])),
    },
  };
}

export function resolveService(
  project: ProjectConfig,
  env: EnvironmentConfig,
  serviceName: string,
): ResolvedService {
  const prefix = namePrefix(project, env);
  const definition = project.services[serviceName];
  const { listenerRule, requestsPerTarget, parameters, secureParameters, ...settings } =
    env.services[serviceName];
  const secrets = serviceSecrets(project, env, serviceName);
  return {
    service: {
      props: {
        ...settings,
        serviceName,
        namePrefix: prefix,
        region: project.region,
        port: definition.port,
        healthCheckPath: definition.healthCheckPath,
        // The ECS Exec agent writes to the root filesystem, so exec and a read-only root exclude
        // each other (AWS: "ECS Exec ... readonlyRootFilesystem ... isn't supported").
        readonlyRootFilesystem: !settings.enableExec,
        logRetentionDays: env.logRetentionDays,
        scratchPaths: settings.scratchPaths ?? [],
        taskPolicyStatements: settings.taskPolicyStatements ?? [],
        secretNames: secrets.map((s) => s.name),
        loadBalancer:
          definition.exposure === 'public' && listenerRule
            ? {
                priority: listenerRule.priority,
                pathPatterns: listenerRule.pathPatterns ?? [],
                hostHeaders: listenerRule.hostHeaders ?? [],
                requestsPerTarget,
                deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
              }
            : undefined,
      },
      sources: serviceSources(env, serviceName),
    },
    secrets,
    upstreams: upstreams(project, env, serviceName).map((name) => ({
      name,
      variable: upstreamVariable(name),
      port: project.services[name].port,
    })),
    internal: definition.exposure === 'internal',
    readsDatabaseSecret: definition.usesDatabase ?? false,
    repository: repositoryName(project, serviceName),
    alarms: { namePrefix: prefix, serviceName, thresholds: env.alarms.services },
  };
}

/** Where a service's props come from; the catalogue's and the environment's values are checked once, where set. */
function serviceSources(env: EnvironmentConfig, serviceName: string): Resolved<unknown>['sources'] {
  const at = `${env.name}.services.${serviceName}`;
  const catalogue = `project.services.${serviceName}`;
  return {
    '': { setAt: at },
    loadBalancer: { setAt: `${at}.listenerRule` },
    'loadBalancer.requestsPerTarget': { setAt: `${at}.requestsPerTarget` },
    readonlyRootFilesystem: { setAt: `${at}.enableExec` },
    serviceName: { checkedAt: catalogue },
    namePrefix: { checkedAt: `${env.name}.name` },
    // The name rules of projects, environments and services keep every combination short enough.
    'namePrefix + serviceName': { checkedAt: `${env.name}.name` },
    region: { checkedAt: 'project.region' },
    port: { checkedAt: `${catalogue}.port` },
    healthCheckPath: { checkedAt: `${catalogue}.healthCheckPath` },
    logRetentionDays: retentionSource(env),
  };
}
