import type { EnvironmentConfig, ProjectConfig, ServiceConfig } from '../../envs/types';
import { environments, project } from '../../envs';

export type Config = [ProjectConfig, EnvironmentConfig[]];

/** Each mistake of issue #11 that once passed validate() and failed later, applied to the shipped config. */
export const EXAMPLES: Record<string, (config: Config) => Config> = {};

const env =
  (name: string, patch: (e: EnvironmentConfig) => EnvironmentConfig) =>
  ([p, envs]: Config): Config => [p, envs.map((e) => (e.name === name ? patch(e) : e))];
const service = (envName: string, name: string, patch: Partial<ServiceConfig>) =>
  env(envName, (e) => ({ ...e, services: { ...e.services, [name]: { ...e.services[name], ...patch } } }));

Object.assign(EXAMPLES, {
  'a Graviton instance type': env('stg', (e) => ({
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
  'six listener path patterns': service('stg', 'frontend', {
    listenerRule: { priority: 100, pathPatterns: ['/a', '/b', '/c', '/d', '/e', '/f'] },
  }),
  'parameters feature-flags and feature_flags': service('dev', 'backend', {
    parameters: { 'feature-flags': 'a', feature_flags: 'b' },
  }),
  'a parameter name starting with a digit': service('stg', 'backend', { parameters: { '1flag': 'x' } }),
  'a scratch path with a trailing slash': service('dev', 'backend', { scratchPaths: ['/tmp/'] }),
  'a scratch path twice': service('stg', 'backend', { scratchPaths: ['/tmp', '/tmp'] }),
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
  'an availability zone name (ap-northeast-1b, closed to accounts) where a zone ID belongs': env(
    'dev',
    (e) => ({
      ...e,
      network: { ...e.network, availabilityZoneIds: ['apne1-az1', 'ap-northeast-1b', 'apne1-az4'] },
    }),
  ),
  'two environments with the same domain': env('stg', (e) => ({ ...e, domain: 'example.com' })),
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

/**
 * What validate() says about each example: one line per problem, naming environment, field, value
 * and what is accepted. The examples touch different fields, so they also compose: applied all at
 * once, the problems are the union (the e2e test runs the app on exactly that).
 */
export const EXPECTED_PROBLEMS: Record<string, readonly string[]> = {
  'a Graviton instance type': [
    'stg.cluster.ec2.instanceTypes[0]: "c7g.large" is an arm64 (Graviton) type, but the instances boot the x86_64 ECS-optimised AMI (accepted: x86_64 types such as "c7i.large" or "m6i.large")',
  ],
  'a 20000 GiB root volume': [
    "dev.cluster.ec2.rootVolumeGiB: 20000 is outside 30-16384 GiB (the AMI's root snapshot is 30 GiB; gp3's maximum is 16384) (accepted: a whole number from 30 to 16384)",
  ],
  'a 20-character master user name': [
    'dev.database.masterUsername: "aaaaaaaaaaaaaaaaaaaa" is not an aurora-mysql identifier (accepted: a letter followed by letters, digits or "_", at most 16 characters)',
  ],
  'six listener path patterns': [
    'stg.services.frontend.listenerRule.pathPatterns + hostHeaders: ["/a","/b","/c","/d","/e","/f"] are 6 values, more than an ALB rule matches (accepted: at most 5 values in total)',
  ],
  'parameters feature-flags and feature_flags': [
    'dev.services.backend.parameters.feature_flags: "feature_flags" differs from "backend/feature-flags" only in / . _ - (they would share a state address) (accepted: each name once, and names that differ in more than punctuation)',
  ],
  'a parameter name starting with a digit': [
    'stg.services.backend.parameters.1flag: "1flag" becomes the variable 1FLAG, which is not an environment variable name (accepted: letters, digits and "_", not starting with a digit)',
  ],
  'a scratch path with a trailing slash': [
    'dev.services.backend.scratchPaths[0]: "/tmp/" is not an absolute directory path (accepted: a path below / without a trailing slash, such as "/tmp")',
  ],
  'a scratch path twice': [
    'stg.services.backend.scratchPaths[1]: "/tmp" is listed twice (accepted: each path once)',
  ],
  'an alarm percentage of 0.5': [
    'dev.alarms.services.cpuPercent: 0.5 is not a usable percentage threshold (accepted: a number from 1 to 100)',
  ],
  'a duplicate ingress CIDR': [
    'dev.loadBalancer.ingressCidrs[1]: "203.0.113.0/24" is listed twice (AWS refuses duplicate rules) (accepted: each CIDR once)',
  ],
  'a 70-character domain': [
    'dev.domain: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com" has 70 characters, more than the 64 ACM accepts for the first name of a certificate (accepted: a name of at most 64 characters (a longer one can only be an alternative name))',
  ],
  'a Fargate weight of 5000': [
    'dev.services.backend.capacity.fargateWeight: 5000 is not a whole number from 0 to 1000 (accepted: a whole number from 0 to 1000)',
  ],
  'two alarm e-mails differing only in case': [
    'dev.alarms.emails[1]: "OPS@example.com" is the same subscription as "ops@example.com" (accepted: each address once)',
  ],
  'environment.DB_HOST on a service that gets DB_HOST as a secret': [
    'dev.services.backend.environment.DB_HOST: "DB_HOST" is also a variable the service gets as a secret (from project.services.backend.usesDatabase); ECS refuses both (accepted: another name)',
  ],
  'an availability zone name (ap-northeast-1b, closed to accounts) where a zone ID belongs': [
    'dev.network.availabilityZoneIds[1]: "ap-northeast-1b" is not an availability zone ID (a zone name such as "ap-northeast-1a" differs per account) (accepted: "apne1-az1", "apne1-az2", "apne1-az4")',
  ],
  'two environments with the same domain': [
    'stg.domain: "example.com" is also prod\'s domain (their records and certificates would collide) (accepted: a domain no other environment uses)',
  ],
  'a listener rule shadowed by a /* rule of a lower priority number': [
    'dev.services.admin.listenerRule.priority: 200 is never reached: frontend\'s rule (priority 100, path ["/*"]) matches every request first (accepted: a priority below 100, or narrower patterns on frontend)',
  ],
  'an EC2-capacity service larger than its instance types': [
    'dev.services.frontend.cpu/memory: {"cpu":4096,"memory":8192} does not fit c7i.large (2048 CPU units, about 3891 MiB for tasks), c6i.large (2048 CPU units, about 3891 MiB for tasks), c6a.large (2048 CPU units, about 3891 MiB for tasks), c5.large (2048 CPU units, about 3891 MiB for tasks) of dev.cluster.ec2.instanceTypes (accepted: a task no larger than the smallest instance type, or larger instance types)',
  ],
};

/** The shipped configuration with every example applied. */
export function allExamples(): Config {
  return Object.values(EXAMPLES).reduce((config, apply) => apply(config), SHIPPED);
}
