import { environments, project } from '../../envs';
import type { EnvironmentConfig } from '../../envs/types';
import { messages, withEnv } from './fixtures';

/** An environment whose only EC2 service is `service`, sized here so the arithmetic is the test's own. */
function ec2Environment(
  env: EnvironmentConfig,
  ec2: Partial<EnvironmentConfig['cluster']['ec2']>,
  service: { maxCount: number; maximumPercent: number },
): EnvironmentConfig {
  const [name, first] = Object.entries(env.services)[0];
  const onFargate = Object.fromEntries(
    Object.entries(env.services).map(([n, s]) => [
      n,
      { ...s, capacity: { type: 'fargate' as const, fargateWeight: 1, spotWeight: 0 } },
    ]),
  );
  return {
    ...env,
    cluster: { ...env.cluster, ec2: { ...env.cluster.ec2, instanceTypes: ['c7i.large'], ...ec2 } },
    services: {
      ...onFargate,
      [name]: {
        ...first,
        capacity: { type: 'ec2' },
        cpu: 256,
        memory: 512,
        desiredCount: 1,
        minCount: 1,
        maxCount: service.maxCount,
        deployment: {
          ...first.deployment,
          minimumHealthyPercent: 100,
          maximumPercent: service.maximumPercent,
        },
      },
    },
  };
}

const env = environments[0];
const [ec2Service] = Object.keys(env.services);

describe('validate: EC2 capacity at maximum scale (issue 12)', () => {
  test('fails when the instances cannot hold a deployment at maximum scale without ENI trunking', () => {
    // GIVEN 6 c7i.large (2 awsvpc tasks each without trunking) and a service of up to 12 tasks
    // deploying at 200%: 24 tasks at peak
    const patched = withEnv(env.name, (e) =>
      ec2Environment(e, { maxSize: 6, eniTrunking: false }, { maxCount: 12, maximumPercent: 200 }),
    );
    expect(messages(...patched)).toEqual([
      `${env.name}.cluster.ec2.maxSize: 6 instances cannot hold the 24 tasks a deployment at maximum scale starts (${ec2Service}: maxCount 12 at maximumPercent 200): a c7i.large holds 2 awsvpc tasks, so 12 are needed (accepted: at least 12, larger instance types, eniTrunking on, or a lower maxCount)`,
    ]);
  });

  test('accepts the same with ENI trunking (10 tasks per c7i.large), its default', () => {
    const patched = withEnv(env.name, (e) =>
      ec2Environment(e, { maxSize: 6, eniTrunking: undefined }, { maxCount: 12, maximumPercent: 200 }),
    );
    expect(messages(...patched)).toEqual([]);
  });

  test('fails when memory, not network interfaces, runs out at maximum scale', () => {
    // GIVEN 2 c7i.large (about 3891 MiB each for tasks) and 24 tasks of 512 MiB at peak: 4 instances' worth
    const patched = withEnv(env.name, (e) =>
      ec2Environment(
        e,
        { minSize: 0, maxSize: 2, onDemandBaseCapacity: 0 },
        { maxCount: 12, maximumPercent: 200 },
      ),
    );
    expect(messages(...patched)).toEqual([
      `${env.name}.cluster.ec2.maxSize: 2 instances cannot hold the 24 tasks a deployment at maximum scale starts (${ec2Service}: maxCount 12 at maximumPercent 200): a c7i.large holds about 3891 MiB for tasks, so 4 are needed (accepted: at least 4, larger instance types, or a lower maxCount)`,
    ]);
  });

  test('fails when two environments of one account would both manage its ENI trunking setting', () => {
    // GIVEN two environments with EC2 services moved into one account
    const [first, second] = environments;
    const shared = [first, second].map((e) =>
      ec2Environment(
        { ...e, accountId: first.accountId },
        { maxSize: 6 },
        { maxCount: 2, maximumPercent: 200 },
      ),
    );
    const all = environments.map((e) => shared.find((s) => s.name === e.name) ?? e);
    expect(messages(project, all)).toEqual([
      `${second.name}.cluster.ec2.eniTrunking: true also manages account ${first.accountId}'s awsvpcTrunking setting, which ${first.name} manages (destroying either stack would turn it off for both) (accepted: false in every environment of the account but one; their instances are trunked all the same)`,
    ]);
  });
});
