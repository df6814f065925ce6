import { environments, project } from '../../envs';
import type { EnvironmentConfig, ProjectConfig, ServiceConfig, ServiceDefinition } from '../../envs/types';

import { messages, withEnv, withProject } from './fixtures';

/**
 * One test per validation rule that validate.test.ts and validate-services.test.ts do not
 * already pin down (DESIGN.md, "Testing tiers"): the shipped configuration with one bad value,
 * and the exact, complete list of problems it produces, so each value is shown to trigger its
 * own rule and nothing else.
 */

type Config = [ProjectConfig, EnvironmentConfig[]];
/** [what is wrong, the configuration with the bad value, the one problem expected]. */
type Case = [rule: string, config: Config, problem: string];

function eachFails(cases: Case[]): void {
  test.each(cases)('fails when %s', (_rule, config, problem) => {
    expect(messages(...config)).toEqual([problem]);
  });
}

const registry = (patch: Partial<ProjectConfig['registry']>): Config =>
  withProject({ registry: { ...project.registry, ...patch } });

const catalogue = (name: string, definition: ServiceDefinition): Config =>
  withProject({ services: { ...project.services, [name]: definition } });

const loadBalancer = (env: string, patch: Partial<EnvironmentConfig['loadBalancer']>): Config =>
  withEnv(env, (e) => ({ ...e, loadBalancer: { ...e.loadBalancer, ...patch } }));

const ec2 = (env: string, patch: Partial<EnvironmentConfig['cluster']['ec2']>): Config =>
  withEnv(env, (e) => ({ ...e, cluster: { ...e.cluster, ec2: { ...e.cluster.ec2, ...patch } } }));

const service = (env: string, name: string, patch: Partial<ServiceConfig>): Config =>
  withEnv(env, (e) => ({ ...e, services: { ...e.services, [name]: { ...e.services[name], ...patch } } }));

const database = (env: string, patch: Partial<EnvironmentConfig['database']>): Config =>
  withEnv(env, (e) => ({ ...e, database: { ...e.database, ...patch } }));

const alarms = (env: string, patch: Partial<EnvironmentConfig['alarms']>): Config =>
  withEnv(env, (e) => ({ ...e, alarms: { ...e.alarms, ...patch } }));

describe('validate: one bad value, one exact problem', () => {
  describe('project', () => {
    test('fails when project.region is not a region name, and nothing else does', () => {
      // The zones must follow the region, or every zone of every environment is reported too.
      const [p, envs] = withProject({ region: 'tokyo' });
      const moved = envs.map((env) => ({
        ...env,
        network: { ...env.network, availabilityZoneIds: ['tokyoa', 'tokyoc', 'tokyod'] },
      }));
      expect(messages(p, moved)).toEqual([
        'project.region: "tokyo" is not an AWS region name (accepted: a region such as "ap-northeast-1")',
      ]);
    });

    test('fails when project.apexDomain is not a DNS name, which puts every environment domain outside it', () => {
      expect(messages(...withProject({ apexDomain: 'example_com' }))).toEqual([
        'project.apexDomain: "example_com" is not a valid DNS name (accepted: lower-case labels of a-z, 0-9 and "-" separated by dots, such as "example.com")',
        ...environments.map(
          (env) =>
            `${env.name}.domain: "${env.domain}" is outside the apex zone example_com (accepted: "example_com" or a name ending in ".example_com")`,
        ),
      ]);
    });

    eachFails([
      [
        'project.registry.untaggedExpiryDays is not a positive integer',
        registry({ untaggedExpiryDays: 0 }),
        'project.registry.untaggedExpiryDays: 0 is not a positive integer (accepted: a whole number of days, 1 or more)',
      ],
      [
        'project.registry.keepTagged[].count is not a positive integer',
        registry({ keepTagged: [{ tagPrefix: 'release-', count: 1.5 }] }),
        'project.registry.keepTagged[0].count: 1.5 is not a positive integer (accepted: a whole number of images, 1 or more)',
      ],
      [
        'project.registry.keepTagged[].tagPrefix is empty',
        registry({ keepTagged: [{ tagPrefix: '', count: 30 }] }),
        'project.registry.keepTagged[0].tagPrefix: "" is empty (accepted: a non-empty image tag prefix such as "v")',
      ],
      [
        'project.registry.keepTagged[].tagPrefix is not the start of an image tag',
        registry({ keepTagged: [{ tagPrefix: 'release-*', count: 30 }] }),
        'project.registry.keepTagged[0].tagPrefix: "release-*" is not the start of a valid image tag (accepted: up to 128 characters of A-Z, a-z, 0-9, "_", "." and "-", not starting with "." or "-"; no wildcards)',
      ],
      [
        'project.registry.keepTagged[].tagPrefix is repeated',
        registry({
          keepTagged: [
            { tagPrefix: 'release-', count: 30 },
            { tagPrefix: 'release-', count: 10 },
          ],
        }),
        'project.registry.keepTagged[1].tagPrefix: "release-" repeats keepTagged[0].tagPrefix (accepted: each tag prefix once)',
      ],
      [
        'project.registry.keepTagged[].tagPrefix starts with another prefix',
        registry({
          keepTagged: [
            { tagPrefix: 'release-', count: 30 },
            { tagPrefix: 'release-1', count: 10 },
          ],
        }),
        'project.registry.keepTagged[1].tagPrefix: "release-1" overlaps keepTagged[0].tagPrefix "release-": "release-" is a prefix of "release-1", so images tagged "release-1"... fall under both rules (accepted: tag prefixes none of which starts another)',
      ],
      [
        'a project.services name is not usable in AWS names',
        catalogue('Admin_1', { port: 8000, exposure: 'internal', healthCheckPath: '/' }),
        'project.services.Admin_1: "Admin_1" is not usable as a service name (accepted: 2-10 characters of a-z, 0-9 and "-", starting with a letter (it becomes part of 32-character AWS names))',
      ],
      [
        "a project.services name is the folder of the environment's own parameters",
        catalogue('db', { port: 8000, exposure: 'internal', healthCheckPath: '/' }),
        'project.services.db: "db" is the folder of the environment\'s own parameters (accepted: a name other than "db" (a service\'s parameters would replace them))',
      ],
      [
        'project.services.<name>.exposure is not an exposure',
        catalogue('backend', { ...project.services.backend, exposure: 'private' as never }),
        'project.services.backend.exposure: "private" is not an exposure (accepted: "public" (behind the load balancer) or "internal" (Cloud Map only))',
      ],
      [
        'project.services.<name>.healthCheckPath is not an HTTP path',
        catalogue('backend', { ...project.services.backend, healthCheckPath: 'healthz' }),
        'project.services.backend.healthCheckPath: "healthz" is not an HTTP path the health check can use (accepted: a path starting with "/" made of letters, digits and . _ ~ / -)',
      ],
    ]);
  });

  describe('environment', () => {
    // The shipped environments carry the file they came from, so a renamed one also
    // no longer matches its file: both problems are expected.
    test('fails when the environment name is not usable, and no longer matches its file', () => {
      expect(messages(...withEnv('dev', (env) => ({ ...env, name: 'Dev-1' })))).toEqual([
        'Dev-1.name: "Dev-1" is not usable as an environment name (accepted: 2-8 characters of a-z and 0-9 starting with a letter, other than state, shared, admin)',
        'Dev-1.name: "Dev-1" does not match its file envs/environments/dev.ts (accepted: the file name without .ts ("dev"), so that a file is found by its environment)',
        // (and project.autoDeploy still names the old environment)
        `project.autoDeploy[0]: "dev" is not an environment (accepted: ${environments
          .map((e) => (e.name === 'dev' ? 'Dev-1' : e.name))
          .join(', ')})`,
      ]);
    });

    test('fails when two environments share a name, and one no longer matches its file', () => {
      expect(messages(...withEnv('stg', (env) => ({ ...env, name: 'dev' })))).toEqual([
        'dev.name: "dev" does not match its file envs/environments/stg.ts (accepted: the file name without .ts ("stg"), so that a file is found by its environment)',
        'dev.name: "dev" is used by two environments (accepted: a name unique among environments)',
      ]);
    });
  });

  describe('load balancer', () => {
    eachFails([
      [
        'loadBalancer.ingressCidrs is empty',
        loadBalancer('dev', { ingressCidrs: [] }),
        'dev.loadBalancer.ingressCidrs: [] admits nobody (accepted: one or more IPv4 CIDRs, such as "0.0.0.0/0")',
      ],
      [
        'loadBalancer.idleTimeoutSeconds is below 1',
        loadBalancer('dev', { idleTimeoutSeconds: 0 }),
        'dev.loadBalancer.idleTimeoutSeconds: 0 is not a whole number from 1 to 4000 (seconds) (accepted: a whole number from 1 to 4000)',
      ],
      [
        'loadBalancer.idleTimeoutSeconds is above 4000',
        loadBalancer('prod', { idleTimeoutSeconds: 4001 }),
        'prod.loadBalancer.idleTimeoutSeconds: 4001 is not a whole number from 1 to 4000 (seconds) (accepted: a whole number from 1 to 4000)',
      ],
    ]);
  });

  describe('cluster', () => {
    eachFails([
      [
        'cluster.ec2.instanceTypes is empty',
        ec2('dev', { instanceTypes: [] }),
        'dev.cluster.ec2.instanceTypes: [] is empty (accepted: one or more x86_64 instance types)',
      ],
      [
        'cluster.ec2.instanceTypes holds a name that is not an instance type',
        ec2('dev', { instanceTypes: ['c7i.large', 'large'] }),
        'dev.cluster.ec2.instanceTypes[1]: "large" is not an EC2 instance type (accepted: a type such as "m6i.large")',
      ],
      [
        'cluster.ec2 minSize is above maxSize',
        ec2('dev', { minSize: 3, maxSize: 2 }),
        'dev.cluster.ec2.minSize: 3 is greater than maxSize 2 (accepted: a value from 0 to 2)',
      ],
      [
        'cluster.ec2.onDemandBaseCapacity is above maxSize',
        ec2('dev', { onDemandBaseCapacity: 3 }),
        'dev.cluster.ec2.onDemandBaseCapacity: 3 is greater than maxSize 2 (accepted: a value from 0 to 2)',
      ],
      [
        'cluster.ec2.targetCapacityPercent is 0',
        ec2('dev', { targetCapacityPercent: 0 }),
        'dev.cluster.ec2.targetCapacityPercent: 0 is not a whole number from 1 to 100 (percent) (accepted: a whole number from 1 to 100)',
      ],
      [
        'cluster.ec2.targetCapacityPercent is above 100',
        ec2('prod', { targetCapacityPercent: 101 }),
        'prod.cluster.ec2.targetCapacityPercent: 101 is not a whole number from 1 to 100 (percent) (accepted: a whole number from 1 to 100)',
      ],
      [
        'cluster.ec2.rootVolumeGiB is below the AMI snapshot',
        ec2('dev', { rootVolumeGiB: 20 }),
        "dev.cluster.ec2.rootVolumeGiB: 20 is outside 30-16384 GiB (the AMI's root snapshot is 30 GiB; gp3's maximum is 16384) (accepted: a whole number from 30 to 16384)",
      ],
    ]);
  });

  describe('services', () => {
    eachFails([
      [
        'a secure parameter is listed twice',
        service('dev', 'backend', { secureParameters: ['payment-api-key', 'payment-api-key'] }),
        'dev.services.backend.secureParameters[1]: "payment-api-key" is both a plain value and a secure name (or listed twice) (accepted: each name once, and names that differ in more than punctuation)',
      ],
      [
        'a secure parameter name leaves the prefix',
        service('dev', 'backend', { secureParameters: ['../other'] }),
        'dev.services.backend.secureParameters[0]: "../other" is not a relative SSM path (accepted: segment[/segment...] with segments of letters, digits, "_", "." and "-")',
      ],
      [
        'an internal service scales on ALB requests',
        service('dev', 'backend', { requestsPerTarget: 1000 }),
        'dev.services.backend.requestsPerTarget: 1000 is set on an internal service (accepted: no requestsPerTarget: internal services are not behind the load balancer)',
      ],
      [
        'a Fargate service cpu is not a Fargate size',
        service('dev', 'backend', { cpu: 300 }),
        'dev.services.backend.cpu/memory: {"cpu":300,"memory":512} is refused by Fargate: cpu 300 is not a Fargate size; accepted: 256, 512, 1024, 2048, 4096, 8192, 16384 (accepted: a pair from the Fargate task size table)',
      ],
      [
        'a Fargate service capacity has both weights 0',
        service('dev', 'backend', { capacity: { type: 'fargate', fargateWeight: 0, spotWeight: 0 } }),
        'dev.services.backend.capacity: {"type":"fargate","fargateWeight":0,"spotWeight":0} has no usable weight (ECS places no task) (accepted: fargateWeight or spotWeight above 0)',
      ],
      [
        'an EC2 service cpu is below 128 units',
        service('dev', 'frontend', { cpu: 64 }),
        'dev.services.frontend.cpu: 64 is not a whole number from 128 to 196608 (accepted: a whole number from 128 to 196608)',
      ],
      [
        'services.<name>.cpuTargetPercent is 0',
        service('dev', 'frontend', { cpuTargetPercent: 0 }),
        'dev.services.frontend.cpuTargetPercent: 0 is not a whole number from 1 to 100 (percent) (accepted: a whole number from 1 to 100)',
      ],
      [
        'services.<name>.deployment.maximumPercent is above 200',
        service('dev', 'frontend', {
          deployment: { minimumHealthyPercent: 100, maximumPercent: 250, healthCheckGracePeriodSeconds: 60 },
        }),
        'dev.services.frontend.deployment.maximumPercent: 250 is not a whole number from 100 to 200 (accepted: a whole number from 100 to 200)',
      ],
      [
        'services.<name>.listenerRule.priority is 0',
        service('dev', 'frontend', { listenerRule: { priority: 0, pathPatterns: ['/*'] } }),
        'dev.services.frontend.listenerRule.priority: 0 is not a whole number from 1 to 50000 (accepted: a whole number from 1 to 50000)',
      ],
      [
        'services.<name>.listenerRule has no condition',
        service('dev', 'frontend', { listenerRule: { priority: 100 } }),
        'dev.services.frontend.listenerRule: {"pathPatterns":[],"hostHeaders":[]} has no condition (accepted: at least one path pattern or host header)',
      ],
      [
        'an internal service has a listenerRule',
        service('dev', 'backend', { listenerRule: { priority: 200, pathPatterns: ['/api/*'] } }),
        'dev.services.backend.listenerRule: {"priority":200,"pathPatterns":["/api/*"]} is set on an internal service (accepted: no listenerRule: internal services are not behind the load balancer)',
      ],
      [
        'services.<name>.secureParameters repeats a plain parameter',
        service('dev', 'backend', { secureParameters: ['feature-flags'] }),
        'dev.services.backend.secureParameters[0]: "feature-flags" is both a plain value and a secure name (or listed twice) (accepted: each name once, and names that differ in more than punctuation)',
      ],
      [
        'services.<name>.environment has a name that is not a variable name',
        service('dev', 'backend', { environment: { 'LOG-LEVEL': 'debug' } }),
        'dev.services.backend.environment.LOG-LEVEL: "LOG-LEVEL" is not an environment variable name (accepted: letters, digits and "_", not starting with a digit)',
      ],
      [
        'services.<name>.scratchPaths[] is not absolute',
        service('dev', 'frontend', { scratchPaths: ['/tmp', 'var/run'] }),
        'dev.services.frontend.scratchPaths[1]: "var/run" is not an absolute directory path (accepted: a path below / without a trailing slash, such as "/tmp")',
      ],
    ]);
  });

  describe('database', () => {
    eachFails([
      [
        'database.minCapacityAcu is 0 (auto-pause)',
        database('dev', { minCapacityAcu: 0 }),
        'dev.database.minCapacityAcu: 0 would let the cluster auto-pause (the first connection waits for it to resume) (accepted: 0.5 to 256 ACU in steps of 0.5)',
      ],
      [
        'database.minCapacityAcu is below 0.5',
        database('dev', { minCapacityAcu: 0.25 }),
        'dev.database.minCapacityAcu: 0.25 is not a Serverless v2 capacity (accepted: 0.5 to 256 ACU in steps of 0.5)',
      ],
      [
        'database.minCapacityAcu is not a multiple of 0.5',
        database('dev', { minCapacityAcu: 0.75 }),
        'dev.database.minCapacityAcu: 0.75 is not a Serverless v2 capacity (accepted: 0.5 to 256 ACU in steps of 0.5)',
      ],
      [
        'database.maxCapacityAcu is below 1',
        database('dev', { maxCapacityAcu: 0.5 }),
        'dev.database.maxCapacityAcu: 0.5 is not a Serverless v2 capacity (accepted: 1 to 256 ACU in steps of 0.5)',
      ],
      [
        'database.maxCapacityAcu is not a multiple of 0.5',
        database('dev', { maxCapacityAcu: 2.25 }),
        'dev.database.maxCapacityAcu: 2.25 is not a Serverless v2 capacity (accepted: 1 to 256 ACU in steps of 0.5)',
      ],
      [
        'database.performanceInsights is asked for below the 2 ACUs AWS recommends for it',
        database('dev', { minCapacityAcu: 1.5, performanceInsights: true }),
        'dev.database.performanceInsights: true is refused with minCapacityAcu 1.5: AWS recommends at least 2 ACUs for Aurora Serverless v2 with Performance Insights, which takes memory of its own (accepted: false (the default below 2 ACUs), or minCapacityAcu 2 or more)',
      ],
      [
        'database.engine is not an Aurora engine',
        database('dev', { engine: 'mysql' as never }),
        'dev.database.engine: "mysql" is not a supported engine (accepted: "aurora-mysql", "aurora-postgresql")',
      ],
      [
        'database.engineVersion is not an Aurora MySQL 3 version',
        database('dev', { engineVersion: '8.0.28' }),
        'dev.database.engineVersion: "8.0.28" is not an Aurora MySQL 3 version (accepted: 8.0.mysql_aurora.3.<minor>.<patch>, for example 8.0.mysql_aurora.3.08.2)',
      ],
      [
        'database.engineVersion is older than Aurora PostgreSQL 13',
        database('dev', { engine: 'aurora-postgresql', engineVersion: '12.9' }),
        'dev.database.engineVersion: "12.9" is older than Aurora PostgreSQL 13, which Serverless v2 needs (accepted: <major>.<minor> from 13 on, for example 16.6)',
      ],
      [
        'database.backupWindow is not hh24:mi-hh24:mi',
        database('dev', { backupWindow: '18:00' }),
        'dev.database.backupWindow: "18:00" is not hh24:mi-hh24:mi in UTC (accepted: for example "17:00-17:30")',
      ],
      [
        'database.backupWindow is shorter than 30 minutes',
        database('dev', { backupWindow: '18:00-18:15' }),
        'dev.database.backupWindow: "18:00-18:15" is too short (accepted: at least 30 minutes)',
      ],
      [
        'database.maintenanceWindow has capitalised days',
        database('dev', { maintenanceWindow: 'Sun:19:30-Sun:20:30' }),
        'dev.database.maintenanceWindow: "Sun:19:30-Sun:20:30" is not ddd:hh24:mi-ddd:hh24:mi in UTC with lower-case days (accepted: for example "sun:18:00-sun:19:00")',
      ],
      [
        'database.maintenanceWindow is shorter than 30 minutes',
        database('dev', { maintenanceWindow: 'sun:19:30-sun:19:45' }),
        'dev.database.maintenanceWindow: "sun:19:30-sun:19:45" is too short (accepted: at least 30 minutes)',
      ],
      [
        'database.maintenanceWindow overlaps the backup window',
        database('dev', { maintenanceWindow: 'sun:18:30-sun:19:30' }),
        'dev.database.maintenanceWindow: "sun:18:30-sun:19:30" overlaps backupWindow "18:00-19:00" (accepted: a window apart from the daily backup window (AWS refuses overlapping windows))',
      ],
      [
        'database.readers is above 15',
        database('prod', { readers: 16 }),
        'prod.database.readers: 16 is not a whole number from 0 to 15 (accepted: a whole number from 0 to 15)',
      ],
      [
        'database.databaseName starts with a digit',
        database('dev', { databaseName: '1app' }),
        'dev.database.databaseName: "1app" is not an aurora-mysql identifier (accepted: a letter followed by letters, digits or "_", at most 64 characters)',
      ],
      [
        'database.masterUsername is a reserved word',
        database('dev', { masterUsername: 'admin' }),
        'dev.database.masterUsername: "admin" is a default administrator name (Security Hub RDS.24) (accepted: a name of your own, not admin, root, postgres)',
      ],
      [
        'database.masterUsername has a character other than letters, digits and "_"',
        database('dev', { masterUsername: 'app-admin' }),
        'dev.database.masterUsername: "app-admin" is not an aurora-mysql identifier (accepted: a letter followed by letters, digits or "_", at most 16 characters)',
      ],
    ]);
  });

  describe('alarms', () => {
    const thresholds = (
      group: 'loadBalancer' | 'services' | 'database',
      field: string,
      value: number,
    ): Config =>
      withEnv('stg', (e) => ({
        ...e,
        alarms: { ...e.alarms, [group]: { ...e.alarms[group], [field]: value } },
      }));

    eachFails(
      (
        [
          ['services', 'cpuPercent'],
          ['services', 'memoryPercent'],
          ['database', 'cpuPercent'],
        ] as const
      ).map(
        ([group, field]): Case => [
          `alarms.${group}.${field} is not a percentage`,
          thresholds(group, field, 101),
          `stg.alarms.${group}.${field}: 101 is not a usable percentage threshold (accepted: a number from 1 to 100)`,
        ],
      ),
    );

    eachFails(
      (
        [
          ['loadBalancer', 'elb5xxPerMinute'],
          ['loadBalancer', 'target5xxPerMinute'],
          ['services', 'targetResponseTimeSeconds'],
          ['database', 'connections'],
          ['database', 'freeableMemoryBytes'],
        ] as const
      ).map(
        ([group, field]): Case => [
          `alarms.${group}.${field} is not positive`,
          thresholds(group, field, 0),
          `stg.alarms.${group}.${field}: 0 is not a positive threshold (accepted: a number greater than 0)`,
        ],
      ),
    );

    eachFails([
      [
        'two alarm e-mails differ only in case',
        alarms('stg', { emails: ['ops@example.com', 'Ops@Example.com'] }),
        'stg.alarms.emails[1]: "Ops@Example.com" is the same subscription as "ops@example.com" (accepted: each address once)',
      ],
    ]);
  });
});
