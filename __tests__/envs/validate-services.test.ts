import { project } from '../../envs';

import type { EnvironmentConfig } from '../../envs/types';
import { messages, withEnv, withProject } from './fixtures';

const backendWith = (env: EnvironmentConfig, patch: Partial<EnvironmentConfig['services'][string]>) => ({
  ...env,
  services: { ...env.services, backend: { ...env.services.backend, ...patch } },
});

describe('validate: task roles live within the workload boundary', () => {
  test('fails when a task policy grants an action the boundary refuses', () => {
    // GIVEN a statement the application wants, naming one action the boundary allows and one it does not
    const patch = {
      taskPolicyStatements: [
        {
          actions: ['sqs:SendMessage', 'sqs:CreateQueue'],
          resources: ['arn:aws:sqs:ap-northeast-1:222222222222:webapp-dev-jobs'],
        },
      ],
    };
    // WHEN / THEN the one the boundary refuses is named, with where it was set
    const [problem, ...rest] = messages(...withEnv('dev', (env) => backendWith(env, patch)));
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^dev\.services\.backend\.taskPolicyStatements\[0\]\.actions: "sqs:CreateQueue" is refused by the workload boundary every task role carries \(accepted: one of .*sqs:SendMessage.*\(modules\/workload-boundary\/workload-actions\.ts\)\)$/,
    );
  });
});

describe('validate: edge (issue 3)', () => {
  test('fails when the environment domain is not a DNS name', () => {
    expect(messages(...withEnv('dev', (env) => ({ ...env, domain: 'dev..example.com' })))).toEqual([
      'dev.domain: "dev..example.com" is not a DNS name ACM accepts (accepted: lower-case labels separated by dots, optionally starting with "*.", at most 253 characters)',
    ]);
  });

  test('fails when the environment domain is outside the apex zone', () => {
    expect(messages(...withEnv('dev', (env) => ({ ...env, domain: 'dev.example.org' })))).toEqual([
      'dev.domain: "dev.example.org" is outside the apex zone example.com (accepted: "example.com" or a name ending in ".example.com")',
    ]);
  });

  test('fails when an ingress CIDR is not a CIDR', () => {
    const lb = (env: EnvironmentConfig) => ({
      ...env,
      loadBalancer: { ...env.loadBalancer, ingressCidrs: ['203.0.113.0/24', 'office'] },
    });
    expect(messages(...withEnv('dev', lb))).toEqual([
      'dev.loadBalancer.ingressCidrs[1]: "office" is not a valid IPv4 CIDR (accepted: a network address a.b.c.d/n with no host bits set, such as "203.0.113.0/24" or "0.0.0.0/0")',
    ]);
  });

  test('fails when access-log retention is not a positive number', () => {
    const lb = (env: EnvironmentConfig) => ({
      ...env,
      loadBalancer: { ...env.loadBalancer, accessLogs: { enabled: true, retentionDays: 0 } },
    });
    expect(messages(...withEnv('prod', lb))).toEqual([
      'prod.loadBalancer.accessLogs.retentionDays: 0 is not a whole number from 1 to 36500 (days) (accepted: a whole number from 1 to 36500)',
    ]);
  });
});

describe('validate: services (issue 4)', () => {
  test('fails when an environment names a service the catalogue lacks', () => {
    const extra = (env: EnvironmentConfig) => ({
      ...env,
      services: { ...env.services, billing: env.services.backend },
    });
    expect(messages(...withEnv('dev', extra))).toEqual([
      `dev.services: "billing" is not a service of the catalogue (project.services) (accepted: ${Object.keys(project.services).join(', ')})`,
    ]);
  });

  test('fails when Fargate would refuse the cpu/memory pair', () => {
    expect(messages(...withEnv('stg', (env) => backendWith(env, { cpu: 256, memory: 4096 })))).toEqual([
      'stg.services.backend.cpu/memory: {"cpu":256,"memory":4096} is refused by Fargate: memory 4096 does not fit cpu 256 on Fargate; accepted with cpu 256: 512, 1024, 2048 (accepted: a pair from the Fargate task size table)',
    ]);
  });

  test('fails when a service has no port', () => {
    const services = {
      ...project.services,
      frontend: { exposure: 'public', healthCheckPath: '/healthz' } as never,
    };
    expect(messages(...withProject({ services }))).toEqual([
      'project.services.frontend.port: undefined is not a whole number from 1 to 65535 (the port the container listens on) (accepted: a whole number from 1 to 65535)',
    ]);
  });

  test('fails when two public services share a listener rule priority', () => {
    // GIVEN a second public service in the catalogue, on the frontend's priority in prod
    const services = {
      ...project.services,
      admin: { port: 8000, exposure: 'public' as const, healthCheckPath: '/' },
    };
    const [, envs] = withEnv('prod', (env) => ({
      ...env,
      // (on Fargate: the EC2 capacity is sized for the frontend alone)
      services: {
        ...env.services,
        admin: { ...env.services.frontend, capacity: { type: 'fargate', fargateWeight: 1, spotWeight: 0 } },
      },
    }));
    // WHEN validated THEN the collision is named with both services
    expect(messages({ ...project, services }, envs)).toEqual([
      'prod.services.admin.listenerRule.priority: 100 collides with prod.services.frontend.listenerRule.priority (accepted: a priority no other service of the environment uses)',
    ]);
  });

  test('fails when min, desired and max counts are out of order', () => {
    expect(
      messages(...withEnv('prod', (env) => backendWith(env, { minCount: 3, desiredCount: 2, maxCount: 4 }))),
    ).toEqual([
      'prod.services.backend.minCount/desiredCount/maxCount: {"minCount":3,"desiredCount":2,"maxCount":4} are out of order (accepted: minCount <= desiredCount <= maxCount)',
    ]);
  });

  test('fails when a public service has no listener rule', () => {
    const noRule = (env: EnvironmentConfig) => ({
      ...env,
      services: { ...env.services, frontend: { ...env.services.frontend, listenerRule: undefined } },
    });
    expect(messages(...withEnv('dev', noRule))).toEqual([
      'dev.services.frontend.listenerRule: null is missing for a public service (accepted: a listener rule with a priority and path patterns and/or host headers)',
    ]);
  });

  test('fails when an internal service lists an unknown client', () => {
    const services = { ...project.services, backend: { ...project.services.backend, clients: ['mobile'] } };
    expect(messages(...withProject({ services }))).toEqual([
      `project.services.backend.clients: "mobile" is not another service of the catalogue (accepted: ${Object.keys(
        project.services,
      )
        .filter((name) => name !== 'backend')
        .join(', ')})`,
    ]);
  });

  test('fails when the registry lifecycle keeps a count that is not positive', () => {
    const registry = { ...project.registry, keepTagged: [{ tagPrefix: 'release-', count: 0 }] };
    expect(messages(...withProject({ registry }))).toEqual([
      expect.stringMatching(/^project\.registry\.keepTagged\[0\]\.count: 0 is not a positive integer/),
    ]);
  });
});

describe('validate: data (issue 5)', () => {
  const database = (patch: Partial<EnvironmentConfig['database']>) => (env: EnvironmentConfig) => ({
    ...env,
    database: { ...env.database, ...patch },
  });

  test('fails when the minimum ACU is above the maximum', () => {
    expect(messages(...withEnv('prod', database({ minCapacityAcu: 8, maxCapacityAcu: 4 })))).toEqual([
      'prod.database.minCapacityAcu: 8 is above maxCapacityAcu 4 (accepted: a minimum no higher than the maximum (4))',
    ]);
  });

  test('fails when ACU is outside what serverless v2 accepts', () => {
    expect(messages(...withEnv('prod', database({ maxCapacityAcu: 512 })))).toEqual([
      'prod.database.maxCapacityAcu: 512 is not a Serverless v2 capacity (accepted: 1 to 256 ACU in steps of 0.5)',
    ]);
  });

  test('fails when backup retention is outside 1-35 days', () => {
    expect(messages(...withEnv('prod', database({ backupRetentionDays: 36 })))).toEqual([
      'prod.database.backupRetentionDays: 36 is not a whole number from 1 to 35 (days Aurora keeps backups) (accepted: a whole number from 1 to 35)',
    ]);
  });

  test('fails when the engine version does not match the engine', () => {
    expect(messages(...withEnv('prod', database({ engine: 'aurora-postgresql' })))).toEqual([
      'prod.database.engineVersion: "8.0.mysql_aurora.3.08.2" is not an Aurora PostgreSQL version (accepted: <major>.<minor> from 13 on, for example 16.6)',
    ]);
  });

  test('fails when a parameter path leaves the project prefix', () => {
    expect(
      messages(...withEnv('dev', (env) => backendWith(env, { parameters: { '/other/app/key': 'x' } }))),
    ).toEqual([
      'dev.services.backend.parameters./other/app/key: "/other/app/key" is not a relative SSM path (accepted: segment[/segment...] with segments of letters, digits, "_", "." and "-")',
    ]);
  });
});

describe('validate: alarms (issue 7)', () => {
  const alarms = (patch: Partial<EnvironmentConfig['alarms']>) => (env: EnvironmentConfig) => ({
    ...env,
    alarms: { ...env.alarms, ...patch },
  });

  test('fails when an alarm address is not an e-mail address', () => {
    expect(messages(...withEnv('prod', alarms({ emails: ['oncall@example.com', 'oncall'] })))).toEqual([
      'prod.alarms.emails[1]: "oncall" is not an e-mail address (accepted: an address such as "oncall@example.com")',
    ]);
  });

  test('fails when nobody receives the alarms', () => {
    expect(messages(...withEnv('dev', alarms({ emails: [] })))).toEqual([
      'dev.alarms.emails: [] sends alarms to nobody (a topic nobody reads hides alarms) (accepted: one or more e-mail addresses)',
    ]);
  });

  test('fails when a threshold is not a percentage or not positive', () => {
    expect(
      messages(
        ...withEnv('stg', (env) => ({
          ...env,
          alarms: {
            ...env.alarms,
            services: { ...env.alarms.services, cpuPercent: 120 },
            database: { ...env.alarms.database, connections: 0 },
          },
        })),
      ),
    ).toEqual([
      'stg.alarms.services.cpuPercent: 120 is not a usable percentage threshold (accepted: a number from 1 to 100)',
      'stg.alarms.database.connections: 0 is not a positive threshold (accepted: a number greater than 0)',
    ]);
  });
});
