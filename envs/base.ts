import { defineBase, type EnvironmentBase, type Overrides } from './define';

/**
 * What every environment shares, production or not: its zones, the instance types and each
 * service as the application needs it (size, listener rule, settings), the database engine and
 * its parameters, when alarms fire. Both bases below are built on it, so a change here reaches
 * every environment; each base states only what sets production apart from the rest.
 */
const common: Overrides<EnvironmentBase> = {
  network: {
    // Zone IDs, the same physical zones in every account; all three offer Fargate.
    availabilityZoneIds: ['apne1-az1', 'apne1-az2', 'apne1-az4'],
    nat: 'none',
  },
  loadBalancer: { idleTimeoutSeconds: 60 },
  cluster: {
    ec2: {
      instanceTypes: ['c7i.large', 'c6i.large', 'c6a.large', 'c5.large'],
      targetCapacityPercent: 100,
      rootVolumeGiB: 30,
    },
  },
  services: {
    frontend: {
      cpu: 256,
      memory: 512,
      capacity: { type: 'ec2' },
      cpuTargetPercent: 70,
      requestsPerTarget: 1000,
      listenerRule: { priority: 100, pathPatterns: ['/*'] },
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200, healthCheckGracePeriodSeconds: 60 },
      parameters: {},
      secureParameters: [],
      scratchPaths: ['/tmp', '/var/cache/nginx', '/var/run'],
      taskPolicyStatements: [],
    },
    backend: {
      cpu: 256,
      memory: 512,
      capacity: { type: 'fargate', fargateWeight: 0, spotWeight: 1 },
      cpuTargetPercent: 70,
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200, healthCheckGracePeriodSeconds: 60 },
      parameters: { 'feature-flags': 'search-v2' },
      secureParameters: ['payment-api-key'],
      scratchPaths: ['/tmp'],
      taskPolicyStatements: [],
    },
  },
  database: {
    engine: 'aurora-mysql',
    engineVersion: '8.0.mysql_aurora.3.08.2',
    databaseName: 'app',
    masterUsername: 'app_admin',
    backupWindow: '18:00-19:00',
    maintenanceWindow: 'sun:19:30-sun:20:30',
    parameters: {
      character_set_server: 'utf8mb4',
      require_secure_transport: 'ON',
      // Feed the audit and slowquery log exports.
      server_audit_logging: '1',
      server_audit_events: 'CONNECT,QUERY_DDL,QUERY_DCL',
      slow_query_log: '1',
      long_query_time: '2',
    },
  },
  alarms: {
    loadBalancer: { elb5xxPerMinute: 10, target5xxPerMinute: 10 },
    services: { cpuPercent: 85, memoryPercent: 85, targetResponseTimeSeconds: 1.5 },
    database: { cpuPercent: 80, connections: 500, freeableMemoryBytes: 268435456 },
  },
};

/**
 * What dev, stg and any further pre-production environment share: small, Spot-first, data not
 * protected, ECS Exec on. An environment file built on it (`defineEnvironment(nonProduction, ...)`)
 * states its identity and overrides only what differs.
 */
export const nonProduction: EnvironmentBase = defineBase(common, {
  production: false,
  protectData: false,
  logRetentionDays: 30,
  loadBalancer: {
    // The office range: pre-production environments are not for the public.
    ingressCidrs: ['203.0.113.0/24'],
    deletionProtection: false,
    accessLogs: { enabled: false, retentionDays: 30 },
  },
  cluster: {
    ec2: { minSize: 0, maxSize: 2, onDemandBaseCapacity: 0 },
    defaultCapacity: 'FARGATE_SPOT',
  },
  everyService: {
    desiredCount: 1,
    minCount: 1,
    maxCount: 2,
    enableExec: true,
    environment: { LOG_LEVEL: 'info' },
  },
  database: {
    minCapacityAcu: 0.5,
    maxCapacityAcu: 2,
    readers: 0,
    backupRetentionDays: 7,
    applyImmediately: true,
  },
  alarms: { emails: ['platform-dev@example.com'] },
});

/**
 * What prod and any further production environment share: open to the public, data protected
 * and kept long, on-demand capacity under the spot, ECS Exec off (so tasks run with a read-only
 * root filesystem), alarms to the on-call address. `defineEnvironment(production, ...)` as above.
 */
export const production: EnvironmentBase = defineBase(common, {
  production: true,
  protectData: true,
  logRetentionDays: 365,
  loadBalancer: {
    ingressCidrs: ['0.0.0.0/0'],
    deletionProtection: true,
    accessLogs: { enabled: true, retentionDays: 365 },
  },
  cluster: {
    ec2: { minSize: 2, maxSize: 6, onDemandBaseCapacity: 1 },
    defaultCapacity: 'FARGATE',
  },
  everyService: {
    desiredCount: 3,
    minCount: 3,
    maxCount: 12,
    enableExec: false,
    environment: { LOG_LEVEL: 'warn' },
  },
  services: {
    backend: { cpu: 512, memory: 1024, capacity: { type: 'fargate', fargateWeight: 3, spotWeight: 1 } },
  },
  database: {
    // 2 ACUs: the least AWS recommends with Performance Insights, which production keeps on.
    minCapacityAcu: 2,
    maxCapacityAcu: 16,
    readers: 1,
    backupRetentionDays: 30,
    applyImmediately: false,
  },
  alarms: { emails: ['platform-oncall@example.com', 'platform-dev@example.com'] },
});
