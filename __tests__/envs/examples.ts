import type { EnvironmentConfig, ProjectConfig, ServiceConfig } from '../../envs/types';
import { environments, project } from '../../envs';

type Config = [ProjectConfig, EnvironmentConfig[]];

/** Each mistake of issue #11 that once passed validate() and failed later, applied to the shipped config. */
export const EXAMPLES: Record<string, (config: Config) => Config> = {};

const env =
  (name: string, patch: (e: EnvironmentConfig) => EnvironmentConfig) =>
  ([p, envs]: Config): Config => [p, envs.map((e) => (e.name === name ? patch(e) : e))];
const service = (envName: string, name: string, patch: Partial<ServiceConfig>) =>
  env(envName, (e) => ({ ...e, services: { ...e.services, [name]: { ...e.services[name], ...patch } } }));

Object.assign(EXAMPLES, {
  'a Graviton instance type': env('dev', (e) => ({
    ...e,
    cluster: { ...e.cluster, ec2: { ...e.cluster.ec2, instanceTypes: ['c7g.large'] } },
  })),
  'a 20000 GiB root volume': env('dev', (e) => ({
    ...e,
    cluster: { ...e.cluster, ec2: { ...e.cluster.ec2, rootVolumeGiB: 20000 } },
  })),
  'a 20-character master user name': env('dev', (e) => ({
    ...e,
    database: { ...e.database, masterUsername: 'a'.repeat(20) },
  })),
  'six listener path patterns': service('dev', 'frontend', {
    listenerRule: { priority: 100, pathPatterns: ['/a', '/b', '/c', '/d', '/e', '/f'] },
  }),
  'parameters feature-flags and feature_flags': service('dev', 'backend', {
    parameters: { 'feature-flags': 'a', feature_flags: 'b' },
  }),
  'a parameter name starting with a digit': service('dev', 'backend', { parameters: { '1flag': 'x' } }),
  'a scratch path with a trailing slash': service('dev', 'backend', { scratchPaths: ['/tmp/'] }),
  'a scratch path twice': service('dev', 'backend', { scratchPaths: ['/tmp', '/tmp'] }),
  'an alarm percentage of 0.5': env('dev', (e) => ({
    ...e,
    alarms: { ...e.alarms, services: { ...e.alarms.services, cpuPercent: 0.5 } },
  })),
  'a duplicate ingress CIDR': env('dev', (e) => ({
    ...e,
    loadBalancer: { ...e.loadBalancer, ingressCidrs: ['203.0.113.0/24', '203.0.113.0/24'] },
  })),
  'a 70-character domain': env('dev', (e) => ({ ...e, domain: `${'a'.repeat(58)}.example.com` })),
  'a Fargate weight of 5000': service('dev', 'backend', {
    capacity: { type: 'fargate', fargateWeight: 5000, spotWeight: 1 },
  }),
  'two alarm e-mails differing only in case': env('dev', (e) => ({
    ...e,
    alarms: { ...e.alarms, emails: ['ops@example.com', 'OPS@example.com'] },
  })),
  'environment.DB_HOST on a service that gets DB_HOST as a secret': service('dev', 'backend', {
    environment: { DB_HOST: 'elsewhere' },
  }),
  'an availability zone closed to accounts (ap-northeast-1b)': env('dev', (e) => ({
    ...e,
    network: { ...e.network, availabilityZones: ['ap-northeast-1a', 'ap-northeast-1b', 'ap-northeast-1c'] },
  })),
  'two environments with the same domain': env('stg', (e) => ({ ...e, domain: 'dev.example.com' })),
  'a listener rule shadowed by a /* rule of a lower priority number': ([p, envs]: Config): Config => [
    {
      ...p,
      services: { ...p.services, admin: { port: 8081, exposure: 'public', healthCheckPath: '/healthz' } },
    },
    envs.map((e) =>
      e.name !== 'dev'
        ? e
        : {
            ...e,
            services: {
              ...e.services,
              admin: {
                ...e.services.frontend,
                capacity: { type: 'fargate', fargateWeight: 1, spotWeight: 0 },
                listenerRule: { priority: 200, pathPatterns: ['/admin/*'] },
              },
            },
          },
    ),
  ],
  'an EC2-capacity service larger than its instance types': service('dev', 'frontend', {
    cpu: 4096,
    memory: 8192,
  }),
});

export const SHIPPED: Config = [project, [...environments]];
