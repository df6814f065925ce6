import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { environments, project } from '../../envs';
import { buildShippedApp } from './app-fixture';
import { synthStack } from '../helpers';

describe('stacks', () => {
  const { state, shared, administrators, environments: envStacks } = buildShippedApp();

  test('state keeps a local backend: it creates the bucket the others use', () => {
    const json = synthStack(state);
    expect(json.terraform).toMatchObject({
      backend: { local: { path: '../../../bootstrap/state.tfstate' } },
    });
    expect(JSON.stringify(json)).toHaveResourceWithProperties(S3Bucket, { bucket: project.stateBucket });
  });

  test.each([['shared', project.sharedAccountId], ...environments.map((e) => [e.name, e.accountId])])(
    '%s keeps its state in the bucket under <project>/<its account %s>/<stack>.tfstate with S3-native locking',
    (id, accountId) => {
      const stack = [shared, ...envStacks].find((s) => s.node.id === id)!;
      expect(synthStack(stack).terraform).toMatchObject({
        backend: {
          s3: {
            bucket: project.stateBucket,
            key: `${project.name}/${accountId}/${id}.tfstate`,
            region: project.region,
            encrypt: true,
            use_lockfile: true,
          },
        },
      });
    },
  );

  test.each(environments.map((env) => [env.name, env.accountId]))(
    '%s provider is pinned to account %s and tags everything',
    (id, accountId) => {
      const stack = envStacks.find((s) => s.node.id === id)!;
      expect(synthStack(stack).provider?.aws[0]).toEqual({
        region: project.region,
        allowed_account_ids: [accountId],
        default_tags: [{ tags: { Project: project.name, Environment: id, ManagedBy: 'cdktf', Stack: id } }],
      });
    },
  );

  test('state and shared deploy to the shared account', () => {
    for (const stack of [state, shared]) {
      expect(synthStack(stack).provider?.aws[0]).toMatchObject({
        allowed_account_ids: [project.sharedAccountId],
      });
    }
  });

  test("the shared account's administrator stack holds the public zone for the apex domain; shared holds no zone", () => {
    const json = JSON.stringify(synthStack(administrators[0]));
    expect(administrators[0].node.id).toBe(`admin-${project.sharedAccountId}`);
    expect(json).toHaveResourceWithProperties(Route53Zone, {
      name: project.apexDomain,
      lifecycle: { prevent_destroy: true },
    });
    expect(synthStack(shared).resource?.aws_route53_zone).toBeUndefined();
  });

  test('every environment has its own VPC from its config', () => {
    envStacks.forEach((stack, i) => {
      expect(JSON.stringify(synthStack(stack))).toHaveResourceWithProperties(Vpc, {
        cidr_block: environments[i].network.cidr,
      });
    });
  });
});
