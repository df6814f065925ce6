import type { EnvironmentBase } from './define';

/**
 * What dev, stg and any further pre-production environment share: small, Spot-first, data not
 * protected, ECS Exec on. An environment file built on it (`defineEnvironment(nonProduction, ...)`)
 * states its identity and overrides only what differs.
 */
export const nonProduction: EnvironmentBase = {
  production: false,
  protectData: false,
  logRetentionDays: 30,
  network: {
    // Zone IDs, the same physical zones in every account; all three offer Fargate.
    availabilityZoneIds: ['apne1-az1', 'apne1-az2', 'apne1-az4'],
    nat: 'none',
  },
  loadBalancer: {
    // The office range: pre-production environments are not for the public.
    ingressCidrs: ['203.0.113.0/24'],
    deletionProtection: false,
    idleTimeoutSeconds: 60,
    accessLogs: { enabled: false, retentionDays: 30 },
  },
  cluster: {
    ec2: {
      instanceTypes: ['c7i.large', 'c6i.large', 'c6a.large', 'c5.large'],
      minSize: 0,
      maxSize: 2,
      onDemandBaseCapacity: 0,
      targetCapacityPercent: 100,
      rootVolumeGiB: 30,
    },
    defaultCapacity: 'FARGATE_SPOT',
  },
  services: {
    frontend: {
      cpu: 256,
      memory: 512,
      capacity: { type: 'ec2' },
      desiredCount: 1,
      minCount: 1,
      maxCount: 2,
      cpuTargetPercent: 70,
      requestsPerTarget: 1000,
      listenerRule: { priority: 100, pathPatterns: ['/*'] },
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200, healthCheckGracePeriodSeconds: 60 },
      enableExec: true,
      environment: { LOG_LEVEL: 'info' },
      parameters: {},
      secureParameters: [],
      scratchPaths: ['/tmp', '/var/cache/nginx', '/var/run'],
      taskPolicyStatements: [],
    },
    backend: {
      cpu: 256,
      memory: 512,
      capacity: { type: 'fargate', fargateWeight: 0, spotWeight: 1 },
      desiredCount: 1,
      minCount: 1,
      maxCount: 2,
      cpuTargetPercent: 70,
      deployment: { minimumHealthyPercent: 100, maximumPercent: 200, healthCheckGracePeriodSeconds: 60 },
      enableExec: true,
      environment: { LOG_LEVEL: 'info' },
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
    minCapacityAcu: 0.5,
    maxCapacityAcu: 2,
    readers: 0,
    backupRetentionDays: 7,
    backupWindow: '18:00-19:00',
    maintenanceWindow: 'sun:19:30-sun:20:30',
    applyImmediately: true,
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
    emails: ['platform-dev@example.com'],
    loadBalancer: { elb5xxPerMinute: 10, target5xxPerMinute: 10 },
    services: { cpuPercent: 85, memoryPercent: 85, targetResponseTimeSeconds: 1.5 },
    database: { cpuPercent: 80, connections: 500, freeableMemoryBytes: 268435456 },
  },
};
