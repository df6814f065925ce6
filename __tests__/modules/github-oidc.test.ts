import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { isResourceless, parseGithubSubject } from '../../modules/core';
import {
  GithubOidcProvider,
  GithubOidcRole,
  deployPlatformStatements,
  imagePublisherStatements,
  mergeStatements,
  stateStatements,
  workloadRoleStatements,
  type GithubOidcRoleProps,
} from '../../modules/github-oidc';
import { dataSources, resources, synthConstruct } from '../helpers';

const props = (overrides: Partial<GithubOidcRoleProps> = {}): GithubOidcRoleProps => ({
  roleName: 'webapp-dev-deploy-services',
  description: 'Deploys dev services',
  providerArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  trustedBy: [{ repository: 'acme/webapp-platform', context: { kind: 'environment', environment: 'dev' } }],
  statements: [
    { actions: ['ecs:UpdateService'], resources: ['arn:aws:ecs:ap-northeast-1:123456789012:service/x/y'] },
  ],
  ...overrides,
});

describe('GithubOidcProvider', () => {
  test('trusts GitHub’s issuer for the audience STS asks for, without a thumbprint', () => {
    const json = synthConstruct((scope) => new GithubOidcProvider(scope, 'github'));
    expect(resources(json, 'aws_iam_openid_connect_provider')).toEqual([
      { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] },
    ]);
  });
});

describe('GithubOidcRole', () => {
  test('GIVEN a repository and an environment WHEN synthesized THEN the trust accepts exactly that subject and audience', () => {
    const json = synthConstruct((scope) => new GithubOidcRole(scope, 'role', props()));
    const trust = dataSources(json, 'aws_iam_policy_document').find((d) =>
      JSON.stringify(d).includes('AssumeRoleWithWebIdentity'),
    );
    expect(trust).toEqual({
      statement: [
        {
          sid: 'GithubActions',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props().providerArn] }],
          condition: [
            {
              test: 'StringEquals',
              variable: 'token.actions.githubusercontent.com:aud',
              values: ['sts.amazonaws.com'],
            },
            {
              test: 'StringEquals',
              variable: 'token.actions.githubusercontent.com:sub',
              values: ['repo:acme/webapp-platform:environment:dev'],
            },
          ],
        },
      ],
    });
    const [role] = resources(json, 'aws_iam_role');
    expect(role).toMatchObject({ name: 'webapp-dev-deploy-services', max_session_duration: 3600 });
    // Its permissions are customer-managed policies of the same stack, attached to it.
    expect(resources(json, 'aws_iam_role_policy')).toHaveLength(0);
    expect(resources(json, 'aws_iam_policy').map((p) => p.name)).toEqual(['webapp-dev-deploy-services-1']);
    expect(resources(json, 'aws_iam_role_policy_attachment')).toHaveLength(1);
  });

  test('statements beyond one managed policy go into more of them, in order, each within IAM size', () => {
    // GIVEN more statements than one managed policy holds (6,144 characters)
    const many = Array.from({ length: 60 }, (_, i) => ({
      sid: `S${i}`,
      actions: ['ecs:UpdateService'],
      resources: [`arn:aws:ecs:ap-northeast-1:123456789012:service/cluster/service-with-a-long-name-${i}`],
    }));
    // WHEN the role is synthesized
    const json = synthConstruct(
      (scope) => new GithubOidcRole(scope, 'role', props({ statements: many, path: '/delivery/' })),
    );
    // THEN they are split over several policies at the role's path, every statement once
    const policies = resources(json, 'aws_iam_policy');
    expect(policies.length).toBeGreaterThan(1);
    expect(policies.every((p) => p.path === '/delivery/')).toBe(true);
    const documents = dataSources(json, 'aws_iam_policy_document').filter(
      (d) => JSON.stringify(d).includes('"S0"') || JSON.stringify(d).includes('ecs:UpdateService'),
    );
    const sids = documents.flatMap((d) => (d.statement as { sid: string }[]).map((st) => st.sid));
    expect(sids).toEqual(many.map((m) => m.sid));
    for (const d of documents) expect(JSON.stringify(d.statement).length).toBeLessThan(6_144);
    expect(resources(json, 'aws_iam_role')[0]).toMatchObject({ path: '/delivery/' });
  });

  test('a branch becomes ref:refs/heads/<branch>, pull requests pull_request', () => {
    let subjects: readonly string[] = [];
    Testing.synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'ap-northeast-1' });
      subjects = new GithubOidcRole(
        scope,
        'role',
        props({
          trustedBy: [
            { repository: 'acme/app', context: { kind: 'branch', branch: 'release/v2' } },
            { repository: 'acme/webapp-platform', context: { kind: 'pull_request' } },
          ],
        }),
      ).subjects;
    });
    expect(subjects).toEqual([
      'repo:acme/app:ref:refs/heads/release/v2',
      'repo:acme/webapp-platform:pull_request',
    ]);
  });

  test.each<[string, Partial<GithubOidcRoleProps>, string]>([
    [
      'a repository pattern',
      { trustedBy: [{ repository: 'acme/*', context: { kind: 'pull_request' } }] },
      'role.trustedBy[0].repository: "acme/*" is not one GitHub repository',
    ],
    [
      'a branch pattern',
      { trustedBy: [{ repository: 'acme/app', context: { kind: 'branch', branch: 'release/*' } }] },
      'role.trustedBy[0].context.branch: "release/*" is not one branch name',
    ],
    [
      'an environment pattern',
      { trustedBy: [{ repository: 'acme/app', context: { kind: 'environment', environment: '*' } }] },
      'role.trustedBy[0].context.environment: "*" is not one GitHub Environment name',
    ],
    ['nobody trusted', { trustedBy: [] }, 'role.trustedBy: [] is empty'],
    ['no permission', { statements: [] }, 'role.statements: [] is empty'],
    [
      'a 13-hour session',
      { maxSessionDurationSeconds: 46800 },
      'role.maxSessionDurationSeconds: 46800 is not a whole number',
    ],
  ])('fails when given %s', (_what, overrides, message) => {
    expect(() => synthConstruct((scope) => new GithubOidcRole(scope, 'role', props(overrides)))).toThrow(
      message,
    );
  });
});

describe('GitHub subjects', () => {
  test.each([
    'repo:acme/app:ref:refs/heads/main',
    'repo:acme/app:ref:refs/heads/release/v2.1',
    'repo:acme/app:environment:prod-platform',
    'repo:Acme-Corp/app.web:pull_request',
  ])('%s names one repository and one context', (sub) => {
    expect(parseGithubSubject(sub)).toBeDefined();
  });

  test.each([
    'repo:acme/*',
    'repo:acme/app:*',
    'repo:acme/app:ref:refs/heads/*',
    'repo:acme/app:ref:refs/heads/ma?n',
    'repo:acme/app:ref:refs/tags/v1',
    'repo:*/app:pull_request',
    'repo:acme:pull_request',
    'acme/app',
    'repo:acme/app:environment:',
  ])('%s is refused', (sub) => {
    expect(parseGithubSubject(sub)).toBeUndefined();
  });
});

describe('permissions', () => {
  const scope = { partition: 'aws', region: 'ap-northeast-1', accountId: '123456789012' };

  test('state access: own states and their lock files, reads elsewhere, deletes only lock files', () => {
    const statements = stateStatements('aws', {
      bucketName: 'state',
      writeKeys: ['webapp/dev.tfstate'],
      readKeys: ['webapp/shared.tfstate'],
    });
    expect(statements.find((s) => s.sid === 'ReleaseOwnLocks')?.resources).toEqual([
      'arn:aws:s3:::state/webapp/dev.tfstate.tflock',
    ]);
    expect(statements.find((s) => s.sid === 'ReadOtherStates')?.actions).toEqual(['s3:GetObject']);
  });

  test('an image publisher pushes to the repositories it is given, and logs in', () => {
    const statements = imagePublisherStatements([
      'arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/frontend',
    ]);
    expect(statements.map((s) => s.resources)).toEqual([
      ['*'],
      ['arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/frontend'],
    ]);
  });

  const identity = {
    ...scope,
    boundaryArn: 'arn:aws:iam::123456789012:policy/webapp-workload-boundary',
    administeredPath: '/delivery/',
  };
  const platform = (overrides: Partial<Parameters<typeof deployPlatformStatements>[0]> = {}) =>
    deployPlatformStatements({
      ...identity,
      resourceTypes: ['aws_vpc', 'aws_kms_key'],
      namePrefix: 'webapp-dev',
      stackId: 'dev',
      state: { bucketName: 'state', writeKeys: ['webapp/dev.tfstate'], readKeys: [] },
      ...overrides,
    });

  test('deploy-platform: grants follow the resource types, and "*" only for actions without a resource type', () => {
    const statements = platform();
    const allows = statements.filter((s) => s.effect !== 'Deny');
    const actions = allows.flatMap((s) => s.actions);
    expect(actions).toEqual(expect.arrayContaining(['ec2:Create*', 'kms:CreateKey']));
    expect(actions.filter((a) => /^(rds|ecs|iam|sns):/.test(a))).toEqual([]);
    for (const wide of allows.filter((s) => s.resources.includes('*'))) {
      expect(wide.actions.filter((a) => !isResourceless(a))).toEqual([]);
    }
  });

  test("deploy-platform: keys are reached by the stack's tag, and created only with it", () => {
    const statements = platform();
    const keys = statements.find((s) => s.sid === 'OwnKeys')!;
    expect(keys.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:ResourceTag/Stack', values: ['dev'] },
    ]);
    expect(statements.find((s) => s.sid === 'CreateOwnKeys')!.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:RequestTag/Stack', values: ['dev'] },
    ]);
  });

  test('deploy-platform: with protectData, deleting the database, its snapshots, keys and buckets is denied', () => {
    const denied = platform({ protectData: true })
      .filter((s) => s.effect === 'Deny')
      .flatMap((s) => s.actions);
    expect(denied).toEqual(
      expect.arrayContaining([
        'rds:DeleteDBCluster',
        'rds:DeleteDBClusterSnapshot',
        'kms:ScheduleKeyDeletion',
        's3:DeleteBucket',
      ]),
    );
    expect(platform().filter((s) => s.sid === 'NeverDeleteProtectedData')).toEqual([]);
  });

  test('every CI role carries the guardrails: no boundary removal, nothing on administered roles or the boundary', () => {
    const sids = platform()
      .filter((s) => s.effect === 'Deny')
      .map((s) => s.sid);
    expect(sids).toEqual(
      expect.arrayContaining([
        'NeverRemoveABoundary',
        'NeverAnotherBoundary',
        'NeverTheAdministeredRoles',
        'NeverTheBoundaryOrIdentityProviders',
      ]),
    );
  });

  test('workload roles: every write that takes the boundary key is conditioned on the boundary', () => {
    const statements = workloadRoleStatements(identity, {
      names: ['webapp-dev-ecs-instance'],
      passedTo: { 'webapp-dev-ecs-instance': 'ec2.amazonaws.com' },
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    });
    const bounded = statements.find((s) => s.sid === 'WorkloadRolesWithBoundaryOnly')!;
    expect(bounded.actions).toEqual(
      expect.arrayContaining([
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:UpdateAssumeRolePolicy',
      ]),
    );
    expect(bounded.condition).toEqual([
      { test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [identity.boundaryArn] },
    ]);
    expect(statements.find((s) => s.sid === 'PassToEc2')).toMatchObject({
      actions: ['iam:PassRole'],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }],
    });
    expect(statements.find((s) => s.sid === 'AttachOnlyTheModulesManagedPolicies')!.condition).toEqual([
      { test: 'StringEquals', variable: 'iam:PermissionsBoundary', values: [identity.boundaryArn] },
      {
        test: 'ArnEquals',
        variable: 'iam:PolicyARN',
        values: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
      },
    ]);
  });

  test('statements that share a Sid but not their conditions are kept apart, not merged', () => {
    const merged = mergeStatements([
      {
        sid: 'S',
        actions: ['iam:PassRole'],
        resources: ['a'],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }],
      },
      {
        sid: 'S',
        actions: ['iam:PassRole'],
        resources: ['b'],
        condition: [
          { test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] },
        ],
      },
      {
        sid: 'S',
        actions: ['iam:GetRole'],
        resources: ['c'],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ec2.amazonaws.com'] }],
      },
    ]);
    expect(merged.map((s) => [s.sid, s.resources])).toEqual([
      ['S', ['a', 'c']],
      ['S2', ['b']],
    ]);
  });
});
