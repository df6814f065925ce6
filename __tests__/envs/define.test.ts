import { nonProduction, production } from '../../envs/base';
import { defineBase, defineEnvironment } from '../../envs/define';
import { shapeProblems } from '../../envs/shape';

const identity = {
  name: 'qa',
  accountId: '555555555555',
  domain: 'qa.example.com',
  network: { cidr: '10.40.0.0/16' },
};

describe('defineEnvironment', () => {
  test('takes the base and adds the identity, keeping the base settings of a partly overridden object', () => {
    const env = defineEnvironment(nonProduction, identity);
    expect(env.name).toBe('qa');
    expect(env.network).toEqual({ ...nonProduction.network, cidr: '10.40.0.0/16' });
    expect(env.services).toEqual(nonProduction.services);
  });

  test('merges objects at any depth and replaces arrays whole', () => {
    const env = defineEnvironment(nonProduction, {
      ...identity,
      services: { backend: { environment: { LOG_LEVEL: 'debug' }, scratchPaths: ['/data'] } },
    });
    expect(env.services.backend).toEqual({
      ...nonProduction.services.backend,
      environment: { ...nonProduction.services.backend.environment, LOG_LEVEL: 'debug' },
      scratchPaths: ['/data'],
    });
    expect(env.services.frontend).toEqual(nonProduction.services.frontend);
  });

  test('a key set to undefined drops the base setting', () => {
    const env = defineEnvironment(nonProduction, {
      ...identity,
      services: { frontend: { requestsPerTarget: undefined } },
    });
    expect(nonProduction.services.frontend.requestsPerTarget).toBeDefined();
    expect(env.services.frontend).not.toHaveProperty('requestsPerTarget');
    const withoutBackend = defineEnvironment(nonProduction, {
      ...identity,
      services: { backend: undefined },
    });
    expect(Object.keys(withoutBackend.services)).toEqual(
      Object.keys(nonProduction.services).filter((name) => name !== 'backend'),
    );
  });

  test('leaves the base untouched for the next environment built on it', () => {
    const before = JSON.stringify(nonProduction);
    defineEnvironment(nonProduction, { ...identity, database: { backupRetentionDays: 3 } });
    expect(JSON.stringify(nonProduction)).toBe(before);
  });
});

describe('defineBase', () => {
  const common = {
    logRetentionDays: 30,
    services: { web: { cpu: 256, environment: { MODE: 'web' } } },
  };

  test("merges the base's own settings over the common ones, at any depth", () => {
    const base = defineBase(common, {
      logRetentionDays: 365,
      services: { web: { memory: 512 } },
      everyService: {},
    });
    expect(base.logRetentionDays).toBe(365);
    expect(base.services.web).toEqual({ cpu: 256, memory: 512, environment: { MODE: 'web' } });
  });

  test("puts everyService under each service's own settings, which win, and keeps it out of the result", () => {
    const base = defineBase(common, {
      services: { worker: { cpu: 512 }, web: { enableExec: true } },
      everyService: { desiredCount: 3, enableExec: false, environment: { LOG_LEVEL: 'warn' } },
    });
    expect(base.services.web).toEqual({
      desiredCount: 3,
      enableExec: true,
      environment: { LOG_LEVEL: 'warn', MODE: 'web' },
      cpu: 256,
    });
    // (a service only the base itself runs gets them too)
    expect(base.services.worker).toEqual({
      desiredCount: 3,
      enableExec: false,
      environment: { LOG_LEVEL: 'warn' },
      cpu: 512,
    });
    expect(base).not.toHaveProperty('everyService');
  });

  test('leaves the common settings untouched for the next base built on them', () => {
    const before = JSON.stringify(common);
    defineBase(common, { services: { web: { cpu: 1024 } }, everyService: { environment: { A: 'b' } } });
    expect(JSON.stringify(common)).toBe(before);
  });
});

describe('the shipped bases', () => {
  test.each([
    ['nonProduction', nonProduction],
    ['production', production],
  ])('%s, with an identity, is a whole environment', (_, base) => {
    expect(shapeProblems(undefined, [defineEnvironment(base, identity)])).toEqual([]);
  });

  test('production runs every service with ECS Exec off, so every task runs read-only', () => {
    for (const service of Object.values(production.services)) expect(service.enableExec).toBe(false);
  });
});
