import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { parseGithubSubject } from '../../modules/core/github-oidc';
import { isResourceless } from '../../modules/core/iam-statements';
import {
  GithubOidcProvider,
  GithubOidcRole,
  deployPlatformStatements,
  imagePublisherStatements,
  stateStatements,
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
    expect(resources(json, 'aws_iam_role_policy')).toHaveLength(1);
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

  test('deploy-platform: grants follow the resource types, and "*" only for actions without a resource type', () => {
    const statements = deployPlatformStatements({
      ...scope,
      resourceTypes: ['aws_vpc', 'aws_kms_key'],
      namePrefix: 'webapp-dev',
      roleNames: ['webapp-dev-*'],
      state: { bucketName: 'state', writeKeys: ['webapp/dev.tfstate'], readKeys: [] },
    });
    const actions = statements.flatMap((s) => s.actions);
    expect(actions).toEqual(expect.arrayContaining(['ec2:Create*', 'kms:CreateKey']));
    expect(actions.filter((a) => /^(rds|ecs|iam|sns):/.test(a))).toEqual([]);
    const wide = statements.filter((s) => s.resources.includes('*'));
    expect(wide).toHaveLength(1);
    expect(wide[0].actions.filter((a) => !isResourceless(a))).toEqual([]);
  });
});
