import { App, Testing } from 'cdktf';
import { environments, project } from '../../envs';
import {
  ADMINISTERED_ROLE_PATH,
  accountsOf,
  administratorStackId,
  dnsPlanRoleName,
  dnsRecordsRoleName,
  workloadBoundaryName,
} from '../../envs/derive';
import type { EnvironmentConfig } from '../../envs/types';
import { platformGrantProblems } from '../../modules/github-oidc';
import { evaluate, type PolicyDocument, type PolicyStatement } from '../../testbed/iam/evaluate';
import { evaluateWebIdentity, githubClaims } from '../../testbed/oidc/trust';
import { buildApp } from '../../stacks/app';
import type { Synthesized } from '../helpers';
import { synthOutput } from './app-fixture';
import { administratorStacks, expectedRoles, githubRolesOf, providerArn } from './delivery-roles';

/**
 * The identities GitHub Actions uses (docs/delivery.md), as synthesized: which roles
 * exist where (each account's administrator stack, never a stack CI applies), whom each trusts
 * (evaluated both ways: the right jobs are accepted, every wrong one refused), and which states
 * each may read and write, evaluated by the project's IAM evaluator over every stack's real key.
 * What each may do beyond that is the escalation table's (privilege-escalation.test.ts) and the
 * deploy tier's (every request of a deploy, evaluated).
 */

const { stacks, manifest } = synthOutput();
const region = project.region;
const accountOf = (stack: string): string => {
  const provider = (stacks[stack].provider as { aws?: { alias?: string; allowed_account_ids?: string[] }[] })
    .aws!;
  return provider.find((p) => !p.alias)!.allowed_account_ids![0];
};
const expected = expectedRoles(project, [...environments]);
const admins = administratorStacks(project, environments);
const roleIn = (stack: string, name: string) => {
  const role = githubRolesOf(stacks[stack], accountOf(stack), region).find((r) => r.name === name);
  if (!role) throw new Error(`no role ${name} in ${stack}`);
  return role;
};
const statementsOf = (documents: readonly PolicyDocument[]): PolicyStatement[] =>
  documents.flatMap((d) => [d.Statement].flat());
const actionsOf = (documents: readonly PolicyDocument[]) =>
  statementsOf(documents).flatMap((s) => [s.Action ?? []].flat());

/** The key each S3-backed stack keeps its state under, as its synthesized backend names it. */
const backendKeys = Object.fromEntries(
  Object.entries(stacks).flatMap(([name, json]) => {
    const key = (json.terraform as { backend?: { s3?: { key?: string } } } | undefined)?.backend?.s3?.key;
    return key ? [[name, key]] : [];
  }),
);
const objectArn = (key: string) => `arn:aws:s3:::${project.stateBucket}/${key}`;
const allowed = async (roleArn: string, policies: readonly PolicyDocument[], action: string, key: string) =>
  (await evaluate({ roleArn, policies }, { action, resource: objectArn(key) })).decision === 'allowed';
/** The stacks whose state (and lock file) a role may write, judged by every stack's real key. */
async function writableStates(role: { arn: string; policies: readonly PolicyDocument[] }): Promise<string[]> {
  const names: string[] = [];
  for (const [name, key] of Object.entries(backendKeys)) {
    if (
      (await allowed(role.arn, role.policies, 's3:PutObject', key)) &&
      (await allowed(role.arn, role.policies, 's3:PutObject', `${key}.tflock`))
    )
      names.push(name);
  }
  return names.sort();
}
/** The stacks whose state a role may read. */
async function readableStates(role: { arn: string; policies: readonly PolicyDocument[] }): Promise<string[]> {
  const names: string[] = [];
  for (const [name, key] of Object.entries(backendKeys)) {
    if (await allowed(role.arn, role.policies, 's3:GetObject', key)) names.push(name);
  }
  return names.sort();
}
const serviceStacksOf = (env: EnvironmentConfig) => Object.keys(env.services).map((s) => `${env.name}-${s}`);
const stacksCiApplies = Object.keys(stacks).filter((s) => s !== 'state' && !s.startsWith('admin-'));

describe('GitHub Actions identities live in the administrator stack of their account', () => {
  test('every account the configuration names has one administrator stack, holding its one GitHub OIDC provider', () => {
    const providers = Object.entries(stacks).flatMap(([stack, json]) =>
      Object.values(json.resource?.aws_iam_openid_connect_provider ?? {}).map((p) => ({ stack, ...p })),
    );
    expect(providers.map((p) => p.stack).sort()).toEqual(admins.map((a) => a.stack).sort());
    expect(providers.map((p) => accountOf(p.stack)).sort()).toEqual(accountsOf(project, environments).sort());
    for (const provider of providers) {
      expect(provider).toMatchObject({
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      });
      expect(provider).not.toHaveProperty('thumbprint_list');
    }
  });

  test('the roles are exactly those the configuration calls for, at the administered path, and no stack CI applies holds one', () => {
    const found = admins.flatMap(({ stack }) =>
      githubRolesOf(stacks[stack], accountOf(stack), region).map((r) => `${stack}: ${r.name}`),
    );
    expect(found.sort()).toEqual(expected.map((r) => `${r.stack}: ${r.roleName}`).sort());
    for (const { stack } of admins) {
      for (const role of Object.values(stacks[stack].resource?.aws_iam_role ?? {})) {
        expect(role.path).toBe(ADMINISTERED_ROLE_PATH);
      }
    }
    for (const stack of stacksCiApplies) {
      expect(githubRolesOf(stacks[stack], accountOf(stack), region)).toEqual([]);
      expect(stacks[stack].resource?.aws_iam_openid_connect_provider).toBeUndefined();
    }
  });

  test("every role a stack CI applies creates is a workload role with its account's boundary", () => {
    for (const stack of stacksCiApplies) {
      for (const role of Object.values(stacks[stack].resource?.aws_iam_role ?? {})) {
        expect(role.path ?? '/').toBe('/');
        expect(role.permissions_boundary).toMatch(
          new RegExp(`:iam::${accountOf(stack)}:policy/${workloadBoundaryName(project)}$`),
        );
      }
    }
  });

  describe.each(expected.map((r) => [`${r.stack}: ${r.roleName}`, r] as const))('%s', (_name, role) => {
    const { trust, arn } = roleIn(role.stack, role.roleName);
    const provider = providerArn(role.accountId);

    test.each(role.right.map((job) => [JSON.stringify(job), job] as const))('accepts %s', (_job, job) => {
      expect(evaluateWebIdentity(trust, githubClaims(job), provider, arn).decision).toBe('allowed');
    });

    test.each(role.wrong.map((w) => [w.why, w.job] as const))('refuses %s', (_why, job) => {
      expect(evaluateWebIdentity(trust, githubClaims(job), provider, arn).decision).toBe('denied');
    });

    test("refuses the right job's token issued for another account's provider", () => {
      const elsewhere = providerArn(role.accountId === '000000000000' ? '999999999999' : '000000000000');
      expect(evaluateWebIdentity(trust, githubClaims(role.right[0]), elsewhere, arn).decision).toBe('denied');
    });

    test('pins aud to sts.amazonaws.com and sub to exact values with StringEquals only', () => {
      const [statement] = statementsOf([trust]);
      expect(statement.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
          'token.actions.githubusercontent.com:sub': role.right.map((job) => githubClaims(job).sub),
        },
      });
    });
  });
});

describe('which states each role reads and writes', () => {
  const shared = administratorStackId(project.sharedAccountId);

  test.each(Object.entries(project.services).filter(([, s]) => s.source))(
    'the %s image publisher may push to its own repository only',
    (service) => {
      const { policies } = roleIn(shared, `${project.name}-${service}-image-publisher`);
      expect(actionsOf(policies)).toContain('ecr:PutImage');
      expect(actionsOf(policies).every((a) => a.startsWith('ecr:'))).toBe(true);
      const scoped = statementsOf(policies).filter((s) => ![s.Resource].flat().includes('*'));
      expect(scoped.flatMap((s) => [s.Resource].flat())).toEqual([
        `arn:aws:ecr:${region}:${project.sharedAccountId}:repository/${project.name}/${service}`,
      ]);
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    "%s deploy-services writes only its service stacks' states, and reads its environment's",
    async (_name, env: EnvironmentConfig) => {
      const role = roleIn(administratorStackId(env.accountId), `${project.name}-${env.name}-deploy-services`);
      expect(await writableStates(role)).toEqual(serviceStacksOf(env).sort());
      expect(await readableStates(role)).toEqual([env.name, ...serviceStacksOf(env)].sort());
      // Nothing of the environment's own infrastructure.
      const allowed = statementsOf(role.policies).filter((s) => s.Effect === 'Allow');
      expect(
        allowed.flatMap((s) => [s.Action].flat()).filter((a) => /^(ec2|rds|kms|route53|sts):/.test(a!)),
      ).toEqual([]);
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    "%s deploy-platform writes only its own state, reads the zone's, and assumes only its DNS record writer",
    async (_name, env: EnvironmentConfig) => {
      const role = roleIn(administratorStackId(env.accountId), `${project.name}-${env.name}-deploy-platform`);
      expect(await writableStates(role)).toEqual([env.name]);
      expect(await readableStates(role)).toEqual([shared, env.name].sort());
      const assume = statementsOf(role.policies).filter(
        (s) => s.Effect === 'Allow' && [s.Action].flat().includes('sts:AssumeRole'),
      );
      expect(assume.flatMap((s) => [s.Resource].flat())).toEqual([
        `arn:aws:iam::${project.sharedAccountId}:role${ADMINISTERED_ROLE_PATH}${dnsRecordsRoleName(project, env)}`,
      ]);
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    'the %s plan role reads the states of the stacks it plans, assumes only the zone reader, and writes nothing',
    async (_name, env: EnvironmentConfig) => {
      const role = roleIn(administratorStackId(env.accountId), `${project.name}-${env.name}-plan`);
      expect([...new Set(actionsOf(role.policies))].sort()).toEqual([
        's3:GetObject',
        's3:ListBucket',
        'sts:AssumeRole',
      ]);
      expect(await writableStates(role)).toEqual([]);
      const planned = [env.name, ...serviceStacksOf(env), shared, administratorStackId(env.accountId)];
      expect(await readableStates(role)).toEqual([...new Set(planned)].sort());
      const assume = statementsOf(role.policies).filter((s) => [s.Action].flat().includes('sts:AssumeRole'));
      expect(assume.flatMap((s) => [s.Resource].flat())).toEqual([
        `arn:aws:iam::${project.sharedAccountId}:role${ADMINISTERED_ROLE_PATH}${dnsPlanRoleName(project, env)}`,
      ]);
    },
  );

  test("the shared plan role reads the shared account's states and writes nothing", async () => {
    const role = roleIn(shared, `${project.name}-shared-plan`);
    expect(await writableStates(role)).toEqual([]);
    expect(await readableStates(role)).toEqual(['shared', shared].sort());
  });

  test('the shared deploy role writes the shared state only, and holds no IAM or DNS rights', async () => {
    const role = roleIn(shared, `${project.name}-shared-deploy-platform`);
    expect(await writableStates(role)).toEqual(['shared']);
    const allows = statementsOf(role.policies).filter((s) => s.Effect === 'Allow');
    expect(
      allows.flatMap((s) => [s.Action ?? []].flat()).filter((a) => /^(iam|route53|sts):/.test(a)),
    ).toEqual([]);
  });

  test('no resource type of a stack CI applies lacks a deploy grant, and an unknown one is refused', () => {
    for (const stack of ['shared', ...environments.map((e) => e.name)]) {
      const json: Synthesized = stacks[stack];
      const types = [
        ...Object.keys(json.resource ?? {}),
        ...Object.keys(json.data ?? {}).map((t) => `data.${t}`),
      ];
      expect(platformGrantProblems(types)).toEqual([]);
    }
    expect(platformGrantProblems(['aws_efs_file_system']).map((p) => p.value)).toEqual([
      'aws_efs_file_system',
    ]);
  });
});

describe("EC2 by the stack's tag: a deploy role changes only what its stack created", () => {
  const ec2 = (env: EnvironmentConfig, resource: string) =>
    `arn:aws:ec2:${region}:${env.accountId}:${resource}`;
  const requestTag = (stack: string) => ({ 'aws:RequestTag/Stack': stack, 'aws:TagKeys': ['Stack'] });
  const resourceTag = (stack: string) => ({ 'aws:ResourceTag/Stack': stack });
  const decide = async (
    env: EnvironmentConfig,
    action: string,
    resource: string,
    context: Record<string, string | string[]> = {},
  ) => {
    const role = roleIn(administratorStackId(env.accountId), `${project.name}-${env.name}-deploy-platform`);
    return (
      await evaluate(
        { roleArn: role.arn, policies: role.policies },
        { action, resource: ec2(env, resource), context },
      )
    ).decision;
  };

  test.each(environments.map((env) => [env.name, env] as const))(
    '%s: creates only with its tag, in its own VPC, and adopts only an untagged security group',
    async (name, env: EnvironmentConfig) => {
      // GIVEN the environment's deploy role, and another stack's name
      const other = `${name}-other`;
      // THEN a subnet is created only carrying the stack's tag, and only in the stack's VPC
      expect(await decide(env, 'ec2:CreateSubnet', 'subnet/*', requestTag(name))).toBe('allowed');
      expect(await decide(env, 'ec2:CreateSubnet', 'subnet/*', requestTag(other))).not.toBe('allowed');
      expect(await decide(env, 'ec2:CreateSubnet', 'subnet/*')).not.toBe('allowed');
      expect(await decide(env, 'ec2:CreateSubnet', 'vpc/vpc-1', resourceTag(name))).toBe('allowed');
      expect(await decide(env, 'ec2:CreateSubnet', 'vpc/vpc-1', resourceTag(other))).not.toBe('allowed');
      // AND tagging at creation is allowed, tagging another's resource with its own tag is not
      const atCreation = { ...requestTag(name), 'ec2:CreateAction': 'CreateSubnet' };
      expect(await decide(env, 'ec2:CreateTags', 'subnet/*', atCreation)).toBe('allowed');
      expect(
        await decide(env, 'ec2:CreateTags', 'security-group/sg-1', {
          ...requestTag(name),
          ...resourceTag(other),
        }),
      ).not.toBe('allowed');
      expect(await decide(env, 'ec2:CreateTags', 'instance/i-1', requestTag(name))).not.toBe('allowed');
      // AND the VPC's default security group, untagged, may be adopted
      expect(await decide(env, 'ec2:CreateTags', 'security-group/sg-1', requestTag(name))).toBe('allowed');
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    '%s: no instance, launch template or security group but its own can be changed',
    async (name, env: EnvironmentConfig) => {
      for (const [action, resource] of [
        ['ec2:ModifyInstanceAttribute', 'instance/i-1'],
        ['ec2:CreateLaunchTemplateVersion', 'launch-template/lt-1'],
        ['ec2:ModifyLaunchTemplate', 'launch-template/lt-1'],
        ['ec2:AuthorizeSecurityGroupIngress', 'security-group/sg-1'],
        ['ec2:DeleteSecurityGroup', 'security-group/sg-1'],
        ['ec2:CreateSnapshot', 'volume/vol-1'],
      ]) {
        expect({ action, untagged: await decide(env, action, resource) }).toEqual({
          action,
          untagged: expect.not.stringMatching(/^allowed$/),
        });
        expect({ action, other: await decide(env, action, resource, resourceTag(`${name}-other`)) }).toEqual({
          action,
          other: expect.not.stringMatching(/^allowed$/),
        });
        expect({ action, own: await decide(env, action, resource, resourceTag(name)) }).toEqual({
          action,
          own: 'allowed',
        });
      }
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    "%s: a key's policy may not bypass the lockout check",
    async (name, env: EnvironmentConfig) => {
      const role = roleIn(administratorStackId(env.accountId), `${project.name}-${env.name}-deploy-platform`);
      const key = `arn:aws:kms:${region}:${env.accountId}:key/k1`;
      // A key policy that leaves access to IAM, as every key of the app has.
      const keyPolicy: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${env.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      };
      const put = async (bypass: string) =>
        (
          await evaluate(
            { roleArn: role.arn, policies: role.policies },
            {
              action: 'kms:PutKeyPolicy',
              resource: key,
              context: { ...resourceTag(name), 'kms:BypassPolicyLockoutSafetyCheck': bypass },
            },
            { policy: keyPolicy, account: env.accountId },
          )
        ).decision;
      expect(await put('false')).toBe('allowed');
      expect(await put('true')).toBe('explicitly denied');
    },
  );
});

describe('accounts shared by several environments', () => {
  // stg moves into dev's account, prod into the shared account.
  const [dev, stg, prod] = ['dev', 'stg', 'prod'].map((n) => environments.find((e) => e.name === n)!);
  const moved = [
    dev,
    { ...stg, accountId: dev.accountId },
    { ...prod, accountId: project.sharedAccountId },
  ] as EnvironmentConfig[];
  const app = new App({ skipValidation: true });
  const built = buildApp(app, project, moved);
  const json = (stack: { node: { id: string } }) => JSON.parse(Testing.synth(stack as never)) as Synthesized;

  test('each account still has one administrator stack, holding every role of the environments in it', () => {
    expect(built.administrators.map((a) => a.node.id)).toEqual([
      administratorStackId(project.sharedAccountId),
      administratorStackId(dev.accountId),
    ]);
    const [sharedAdmin, devAdmin] = built.administrators.map(json);
    const names = (j: Synthesized) => Object.values(j.resource?.aws_iam_role ?? {}).map((r) => r.name);
    expect(names(devAdmin)).toEqual(
      expect.arrayContaining(['webapp-dev-deploy-platform', 'webapp-stg-deploy-platform']),
    );
    expect(names(sharedAdmin)).toEqual(
      expect.arrayContaining(['webapp-shared-deploy-platform', 'webapp-prod-deploy-platform']),
    );
    for (const admin of [sharedAdmin, devAdmin]) {
      expect(Object.keys(admin.resource?.aws_iam_openid_connect_provider ?? {})).toHaveLength(1);
    }
  });

  test("the shipped app's environments depend on the zone's administrator stack only", () => {
    for (const env of environments) {
      expect(manifest.stacks[env.name].dependencies).toEqual([administratorStackId(project.sharedAccountId)]);
    }
  });
});

describe('service stacks', () => {
  test.each(Object.keys(stacks).filter((s) => /^[a-z0-9]+-[a-z]/.test(s) && !s.startsWith('admin-')))(
    "%s reports the image tag it runs, and reads no state but its environment's",
    (stack) => {
      expect(stacks[stack].output?.['image-tag']).toEqual({ value: '${var.image_tag}' });
      expect(manifest.stacks[stack].dependencies).toEqual([stack.split('-')[0]]);
    },
  );
});
