import { nonProduction } from '../../envs/base';
import { defineEnvironment } from '../../envs/define';

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
