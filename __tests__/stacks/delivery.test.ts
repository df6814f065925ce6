import { App, Testing } from 'cdktf';
import { environments, project } from '../../envs';
import { oidcProviderOwners } from '../../envs/derive';
import type { EnvironmentConfig } from '../../envs/types';
import { platformGrantProblems } from '../../modules/github-oidc';
import { globMatches } from '../../scripts/oidc/trust';
import { buildApp } from '../../stacks/app';
import {
  evaluateWebIdentity,
  githubClaims,
  type PolicyDocument,
  type PolicyStatement,
} from '../../scripts/oidc/trust';
import type { Synthesized } from '../helpers';
import { synthOutput } from './app-fixture';
import { expectedRoles, githubRolesOf, providerArn } from './delivery-roles';

/**
 * The identities GitHub Actions uses (README, "Continuous delivery"), as synthesized: which roles
 * exist where, whom each trusts (evaluated both ways: the right job is accepted, every wrong one
 * refused), and what each may do. The emulator cannot evaluate trust conditions (README, "The
 * deploy tier"), so this is where they are proven.
 */

const { stacks, manifest } = synthOutput();
const accountOf = (stack: string) =>
  stack === 'shared' ? project.sharedAccountId : environments.find((e) => e.name === stack)!.accountId;
const expected = expectedRoles(project, [...environments]);
const statementsOf = (documents: PolicyDocument[]): PolicyStatement[] =>
  documents.flatMap((d) => [d.Statement].flat());
const actionsOf = (documents: PolicyDocument[]) =>
  statementsOf(documents).flatMap((s) => [s.Action ?? []].flat());
const resourcesOf = (s: PolicyStatement): string[] => [s.Resource ?? []].flat();
const roleIn = (stack: string, name: string) => {
  const role = githubRolesOf(stacks[stack], accountOf(stack)).find((r) => r.name === name);
  if (!role) throw new Error(`no role ${name} in ${stack}`);
  return role;
};

/** The key each S3-backed stack keeps its state under, as its synthesized backend names it. */
const backendKeys = Object.fromEntries(
  Object.entries(stacks).flatMap(([name, json]) => {
    const key = (json.terraform as { backend?: { s3?: { key?: string } } } | undefined)?.backend?.s3?.key;
    return key ? [[name, key]] : [];
  }),
);
const serviceStacksOf = (env: EnvironmentConfig) => Object.keys(env.services).map((s) => `${env.name}-${s}`);
/** The S3 object key patterns (IAM wildcards) a role's statements allowing `action` name. */
const objectPatterns = (documents: PolicyDocument[], action: string): string[] =>
  statementsOf(documents)
    .filter((s) => s.Effect !== 'Deny' && [s.Action].flat().includes(action))
    .flatMap(resourcesOf)
    .filter((r) => r.startsWith(`arn:aws:s3:::${project.stateBucket}/`))
    .map((r) => r.slice(`arn:aws:s3:::${project.stateBucket}/`.length));
/** The stacks whose state (and lock file) a role may write, judged by every stack's real key. */
const writableStates = (documents: PolicyDocument[]) => {
  const writes = objectPatterns(documents, 's3:PutObject');
  const writable = (key: string) => writes.some((p) => globMatches(p, key));
  return Object.entries(backendKeys)
    .filter(([, key]) => writable(key) && writable(`${key}.tflock`))
    .map(([name]) => name)
    .sort();
};
/** The stacks whose state a role may read. */
const readableStates = (documents: PolicyDocument[]) => {
  const reads = objectPatterns(documents, 's3:GetObject');
  return Object.entries(backendKeys)
    .filter(([, key]) => reads.some((p) => globMatches(p, key)))
    .map(([name]) => name)
    .sort();
};

/** IAM's JSON of a statement list for the size quota: minified, references at a realistic length. */
function policySize(document: PolicyDocument): number {
  return JSON.stringify({
    ...document,
    Statement: statementsOf([document]).map((s) => ({
      ...s,
      Resource: resourcesOf(s).map((r) => r.replace(/\$\{[^}]*\}/g, 'x'.repeat(80))),
    })),
  }).length;
}

describe('GitHub Actions identities', () => {
  test('every account the configuration names has exactly one GitHub OIDC provider, accepting only sts.amazonaws.com', () => {
    const providers = Object.entries(stacks).flatMap(([stack, json]) =>
      Object.values(json.resource?.aws_iam_openid_connect_provider ?? {}).map((p) => ({ stack, ...p })),
    );
    const accounts = [...new Set([project.sharedAccountId, ...environments.map((e) => e.accountId)])];
    expect(providers.map((p) => accountOf(p.stack)).sort()).toEqual(accounts.sort());
    for (const provider of providers) {
      expect(provider).toMatchObject({
        url: 'https://token.actions.githubusercontent.com',
        client_id_list: ['sts.amazonaws.com'],
      });
      // AWS verifies GitHub's issuer through its own CAs; a thumbprint would only be noise.
      expect(provider).not.toHaveProperty('thumbprint_list');
    }
  });

  test('the roles are exactly those the configuration calls for, in the stacks of their accounts', () => {
    const found = Object.keys(stacks)
      .filter((s) => s === 'shared' || environments.some((e) => e.name === s))
      .flatMap((stack) => githubRolesOf(stacks[stack], accountOf(stack)).map((r) => `${stack}: ${r.name}`));
    expect(found.sort()).toEqual(expected.map((r) => `${r.stack}: ${r.roleName}`).sort());
    // Service stacks, deployed often, hold no identity of the pipeline.
    for (const stack of Object.keys(stacks).filter((s) => s.includes('-'))) {
      expect(githubRolesOf(stacks[stack], 'n/a')).toEqual([]);
    }
  });

  describe.each(expected.map((r) => [`${r.stack}: ${r.roleName}`, r] as const))('%s', (_name, role) => {
    const { trust } = roleIn(role.stack, role.roleName);
    const provider = providerArn(role.accountId);

    test(`accepts ${JSON.stringify(role.right)}`, () => {
      expect(evaluateWebIdentity(trust, githubClaims(role.right), provider).decision).toBe('allowed');
    });

    test.each(role.wrong.map((w) => [w.why, w.job] as const))('refuses %s', (_why, job) => {
      expect(evaluateWebIdentity(trust, githubClaims(job), provider).decision).toBe('denied');
    });

    test("refuses the right job's token issued for another account's provider", () => {
      const elsewhere = providerArn(role.accountId === '000000000000' ? '999999999999' : '000000000000');
      expect(evaluateWebIdentity(trust, githubClaims(role.right), elsewhere).decision).toBe('denied');
    });

    test('pins aud to sts.amazonaws.com and sub to exact values with StringEquals only', () => {
      const [statement] = statementsOf([trust]);
      expect(statement.Condition).toEqual({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'],
          'token.actions.githubusercontent.com:sub': [githubClaims(role.right).sub],
        },
      });
    });
  });
});

describe('what each role may do', () => {
  test.each(Object.entries(project.services).filter(([, s]) => s.source))(
    'the %s image publisher may push to its own repository only',
    (service) => {
      const { permissions } = roleIn('shared', `${project.name}-${service}-image-publisher`);
      const statements = statementsOf(permissions);
      const scoped = statements.filter((s) => !resourcesOf(s).includes('*'));
      expect(actionsOf(permissions)).toContain('ecr:PutImage');
      expect(actionsOf(permissions).every((a) => a.startsWith('ecr:'))).toBe(true);
      for (const s of scoped) {
        expect(resourcesOf(s)).toEqual([expect.stringMatching(/^\$\{aws_ecr_repository\.repository-/)]);
        expect(resourcesOf(s)[0]).toContain(`repository-${service}_`);
      }
      expect(
        statements.filter((s) => resourcesOf(s).includes('*')).flatMap((s) => [s.Action].flat()),
      ).toEqual(['ecr:GetAuthorizationToken']);
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    "%s deploy-services passes only its services' task roles, to ECS tasks only, and writes only their states",
    (_name, env: EnvironmentConfig) => {
      const { permissions } = roleIn(env.name, `${project.name}-${env.name}-deploy-services`);
      const statements = statementsOf(permissions);
      const pass = statements.filter((s) => [s.Action].flat().includes('iam:PassRole'));
      expect(pass).toHaveLength(1);
      expect(resourcesOf(pass[0]).sort()).toEqual(
        Object.keys(env.services)
          .flatMap((svc) =>
            ['execution', 'task'].map(
              (k) => `arn:aws:iam::${env.accountId}:role/${project.name}-${env.name}-${svc}-${k}`,
            ),
          )
          .sort(),
      );
      expect(pass[0].Condition).toEqual({
        StringEquals: { 'iam:PassedToService': ['ecs-tasks.amazonaws.com'] },
      });
      // The states it writes are exactly its service stacks' (as their backends name them).
      expect(writableStates(permissions)).toEqual(serviceStacksOf(env).sort());
      // Nothing of the environment's own infrastructure.
      expect(actionsOf(permissions).filter((a) => /^(ec2|rds|kms|route53|sts):/.test(a))).toEqual([]);
    },
  );

  test.each(environments.map((env) => [env.name, env] as const))(
    '%s deploy-platform writes only its own state, names its own roles, and assumes only its DNS record writer',
    (_name, env: EnvironmentConfig) => {
      const { permissions } = roleIn(env.name, `${project.name}-${env.name}-deploy-platform`);
      const statements = statementsOf(permissions);
      expect(writableStates(permissions)).toEqual([env.name]);
      const iam = statements.filter((s) =>
        [s.Action ?? []].flat().some((a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole'),
      );
      for (const s of iam) {
        for (const r of resourcesOf(s)) {
          expect(r).toMatch(
            new RegExp(
              `^arn:aws:iam::${env.accountId}:(role|instance-profile)/${project.name}-${env.name}-\\*$|oidc-provider/`,
            ),
          );
        }
      }
      const assume = statements.filter((s) => [s.Action].flat().includes('sts:AssumeRole'));
      expect(assume.flatMap(resourcesOf)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-shared\\.outputs\\..*dns-records-${env.name}_role_[A-Z0-9]+arn\\}$`,
          ),
        ),
      ]);
    },
  );

  test.each(['shared', ...environments.map((e) => e.name)])(
    'the %s plan role reads the states of the stacks it plans, and writes nothing',
    (stack) => {
      const { permissions } = roleIn(stack, `${project.name}-${stack}-plan`);
      expect([...new Set(actionsOf(permissions))].sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
      const env = environments.find((e) => e.name === stack);
      const planned = env ? [env.name, ...serviceStacksOf(env), 'shared'] : ['shared'];
      expect(readableStates(permissions)).toEqual(planned.sort());
    },
  );

  test('the shared deploy-platform role writes the shared state only', () => {
    const { permissions } = roleIn('shared', `${project.name}-shared-deploy-platform`);
    expect(writableStates(permissions)).toEqual(['shared']);
  });

  test("every role's inline policy fits IAM's quota of 10,240 characters, with a tenth to spare", () => {
    const sizes = Object.keys(stacks).flatMap((stack) =>
      stack === 'state' || stack.includes('-')
        ? []
        : githubRolesOf(stacks[stack], accountOf(stack)).map((r) => ({
            role: r.name,
            size: r.permissions.reduce((sum, d) => sum + policySize(d), 0),
          })),
    );
    expect(sizes.filter((s) => s.size > 9216)).toEqual([]);
  });

  test('no resource type of a platform stack lacks a deploy-platform grant, and an unknown one is refused', () => {
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

describe('one OIDC provider per account, whoever shares it', () => {
  // stg moves into dev's account, prod into the shared account.
  const [dev, stg, prod] = ['dev', 'stg', 'prod'].map((n) => environments.find((e) => e.name === n)!);
  const shared = [
    dev,
    { ...stg, accountId: dev.accountId },
    { ...prod, accountId: project.sharedAccountId },
  ] as EnvironmentConfig[];
  const app = new App({ skipValidation: true });
  const built = buildApp(app, project, shared);
  const json = (id: string) =>
    JSON.parse(Testing.synth(built.environments.find((s) => s.node.id === id)!)) as Synthesized;

  test('the first environment of an account creates it; the others use it and deploy after that stack', () => {
    expect(oidcProviderOwners(project, shared)).toEqual(
      new Map([
        [project.sharedAccountId, 'shared'],
        [dev.accountId, 'dev'],
      ]),
    );
    expect(Object.keys(json('dev').resource?.aws_iam_openid_connect_provider ?? {})).toHaveLength(1);
    for (const id of ['stg', 'prod']) {
      expect(json(id).resource?.aws_iam_openid_connect_provider).toBeUndefined();
    }
    const stgStack = built.environments.find((s) => s.node.id === 'stg')!;
    expect(stgStack.dependencies.map((d) => d.node.id)).toContain('dev');
  });

  test("the shipped app's manifest orders environments sharing no account independently", () => {
    for (const env of environments) {
      expect(manifest.stacks[env.name].dependencies).toEqual(['shared']);
    }
  });
});

describe('service stacks', () => {
  test.each(Object.keys(stacks).filter((s) => s.includes('-')))(
    '%s reports the image tag it runs',
    (stack) => {
      expect(stacks[stack].output?.['image-tag']).toEqual({ value: '${var.image_tag}' });
    },
  );
});
