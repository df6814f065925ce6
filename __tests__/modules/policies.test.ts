import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import { Aspects, Fn, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener, type LbListenerDefaultAction } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  PolicyViolationError,
  RULES,
  SecurityPolicies,
  suppress,
  type PolicyContext,
  type PolicyRule,
} from '../../modules/policies';
import { synthFailure } from '../helpers';

const STACK = 'policy-test';
const STATE_BUCKET = 'example-terraform-state';
const DEV: PolicyContext = { production: false };
const PROD: PolicyContext = { production: true };
const JUSTIFICATION = 'Kept forever: the audit archive is required by regulation.';

/** A stack with an AWS provider and the policies aspect, as every platform stack will have. */
function policyStack(
  context: PolicyContext = DEV,
  id = STACK,
  rules?: readonly PolicyRule[],
): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
  Aspects.of(stack).add(new SecurityPolicies(context, rules));
  return stack;
}

/** `<rule id> @ <address>` for every violation listed in a failure message. */
function violations(message: string | undefined): string[] {
  return [...(message ?? '').matchAll(/^ {2}- \S+ \(([^)]+)\): ([A-Z0-9]+-\d{3}) /gm)].map(
    ([, address, rule]) => `${rule} @ ${address}`,
  );
}

const rule = (id: string) => RULES.find((r) => r.id === id)!;

// --- compliant building blocks; each case below breaks exactly one thing -----------------------

const container = (overrides: Record<string, unknown> = {}) => ({
  name: 'app',
  image: 'example/app:1.0.0',
  essential: true,
  privileged: false,
  readonlyRootFilesystem: true,
  environment: [{ name: 'LOG_LEVEL', value: 'info' }],
  secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:ap-northeast-1:111111111111:parameter/db' }],
  logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app' } },
  ...overrides,
});

const taskDefinition = (scope: Construct, containers: unknown = [container()]) =>
  new EcsTaskDefinition(scope, 'task', {
    family: 'app',
    containerDefinitions: typeof containers === 'string' ? containers : JSON.stringify(containers),
  });

const launchTemplate = (
  scope: Construct,
  metadata = { httpTokens: 'required', httpPutResponseHopLimit: 1 },
  encrypted = 'true',
) =>
  new LaunchTemplate(scope, 'template', {
    metadataOptions: { httpEndpoint: 'enabled', ...metadata },
    blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 30, encrypted } }],
  });

const aurora = (scope: Construct, overrides: Partial<ConstructorParameters<typeof RdsCluster>[2]> = {}) =>
  new RdsCluster(scope, 'aurora', {
    engine: 'aurora-mysql',
    storageEncrypted: true,
    iamDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ['audit', 'error'],
    deletionProtection: true,
    backupRetentionPeriod: 7,
    ...overrides,
  });

function network(
  scope: Construct,
  parts: { flowLog?: boolean; defaultGroup?: boolean; openDefault?: boolean } = {},
) {
  const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
  if (parts.flowLog ?? true) {
    new FlowLog(scope, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::flow-logs',
    });
  }
  if (parts.defaultGroup ?? true) {
    new DefaultSecurityGroup(scope, 'default-sg', {
      vpcId: vpc.id,
      ingress: parts.openDefault ? [{ protocol: '-1', fromPort: 0, toPort: 0, selfAttribute: true }] : [],
      egress: [],
    });
  }
  return vpc;
}

interface BucketParts {
  publicAccess?: boolean;
  allFourBlocks?: boolean;
  encryption?: boolean;
  policy?: 'tls-only' | 'no-tls-deny' | 'none';
  versioned?: boolean;
  preventDestroy?: boolean;
}

function bucket(scope: Construct, name: string, parts: BucketParts = {}) {
  const b = new S3Bucket(scope, 'bucket', {
    bucket: name,
    lifecycle: { preventDestroy: parts.preventDestroy ?? false },
  });
  if (parts.publicAccess ?? true) {
    new S3BucketPublicAccessBlock(scope, 'public-access', {
      bucket: b.id,
      blockPublicAcls: true,
      blockPublicPolicy: parts.allFourBlocks ?? true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (parts.encryption ?? true) {
    new S3BucketServerSideEncryptionConfigurationA(scope, 'encryption', {
      bucket: b.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
  }
  const policy = parts.policy ?? 'tls-only';
  if (policy !== 'none') {
    const document = new DataAwsIamPolicyDocument(scope, 'bucket-policy-document', {
      statement: [
        {
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [b.arn, `${b.arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition:
            policy === 'tls-only'
              ? [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]
              : [],
        },
      ],
    });
    new S3BucketPolicy(scope, 'bucket-policy', { bucket: b.id, policy: document.json });
  }
  if (parts.versioned) {
    new S3BucketVersioningA(scope, 'versioning', {
      bucket: b.id,
      versioningConfiguration: { status: 'Enabled' },
    });
  }
  return b;
}

const securityGroup = (scope: Construct, description = 'ALB: HTTPS from the internet') =>
  new SecurityGroup(scope, 'sg', { name: 'alb', description, vpcId: 'vpc-0123456789abcdef0' });

const ingress = (
  scope: Construct,
  props: { cidr?: string; ipv6?: string; port?: number; protocol?: string; description?: string },
) =>
  new VpcSecurityGroupIngressRule(scope, 'ingress', {
    securityGroupId: securityGroup(scope).id,
    cidrIpv4: props.ipv6 ? undefined : (props.cidr ?? '0.0.0.0/0'),
    cidrIpv6: props.ipv6,
    ipProtocol: props.protocol ?? 'tcp',
    fromPort: props.port ?? 443,
    toPort: props.port ?? 443,
    description: props.description ?? 'HTTPS from the internet',
  });

const policyDocument = (scope: Construct, actions: string[], resources: string[], effect = 'Allow') =>
  new DataAwsIamPolicyDocument(scope, 'document', { statement: [{ effect, actions, resources }] });

const inlinePolicy = (action: string, resource = 'arn:aws:s3:::reports/*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  });

const trustPolicy = (action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Principal: { Service: 'ecs-tasks.amazonaws.com' } }],
  });

/** A GitHub Actions trust policy as JSON, accepting the given `sub` values with StringLike. */
const githubTrust = (...subjects: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: {
          Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        },
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': subjects },
        },
      },
    ],
  });

const redirectToHttps = [
  { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
];

const httpListener = (scope: Construct, defaultAction: LbListenerDefaultAction[] = redirectToHttps) =>
  new LbListener(scope, 'http', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:lb',
    port: 80,
    protocol: 'HTTP',
    defaultAction,
  });

interface Case {
  /** Which rule, and which variant of the bad resource. */
  readonly name: string;
  readonly rule: string;
  /** Construct ID and Terraform address of the offending element. */
  readonly path: string;
  readonly address: string;
  readonly context?: PolicyContext;
  readonly good: (scope: Construct) => void;
  readonly bad: (scope: Construct) => void;
}

const CASES: Case[] = [
  {
    name: 'ALB-001',
    rule: 'ALB-001',
    path: 'alb',
    address: 'aws_lb.alb',
    good: (s) => new Lb(s, 'alb', { loadBalancerType: 'application', dropInvalidHeaderFields: true }),
    bad: (s) => new Lb(s, 'alb', { loadBalancerType: 'application' }),
  },
  {
    name: 'ALB-002',
    rule: 'ALB-002',
    path: 'https',
    address: 'aws_lb_listener.https',
    good: (s) =>
      new LbListener(s, 'https', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:lb',
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        defaultAction: [
          { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } },
        ],
      }),
    bad: (s) =>
      new LbListener(s, 'https', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:lb',
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
        defaultAction: [
          { type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '404' } },
        ],
      }),
  },
  {
    name: 'ALB-003',
    rule: 'ALB-003',
    path: 'http',
    address: 'aws_lb_listener.http',
    good: (s) => httpListener(s),
    bad: (s) => httpListener(s, [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:tg' }]),
  },
  {
    name: 'ALB-004',
    rule: 'ALB-004',
    path: 'rule',
    address: 'aws_lb_listener_rule.rule',
    good: (s) =>
      new LbListenerRule(s, 'rule', {
        listenerArn: httpListener(s).arn,
        action: redirectToHttps,
        condition: [{ pathPattern: { values: ['/*'] } }],
      }),
    bad: (s) =>
      new LbListenerRule(s, 'rule', {
        listenerArn: httpListener(s).arn,
        action: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:tg' }],
        condition: [{ pathPattern: { values: ['/*'] } }],
      }),
  },
  {
    name: 'SG-001 (ingress rule resource, SSH from 0.0.0.0/0)',
    rule: 'SG-001',
    path: 'ingress',
    address: 'aws_vpc_security_group_ingress_rule.ingress',
    good: (s) => ingress(s, { port: 443 }),
    bad: (s) => ingress(s, { port: 22 }),
  },
  {
    name: 'SG-001 (all protocols from ::/0)',
    rule: 'SG-001',
    path: 'ingress',
    address: 'aws_vpc_security_group_ingress_rule.ingress',
    good: (s) => ingress(s, { ipv6: '::/0', port: 80 }),
    bad: (s) => ingress(s, { ipv6: '::/0', protocol: '-1', port: -1 }),
  },
  {
    name: 'SG-001 (aws_security_group_rule, a port range)',
    rule: 'SG-001',
    path: 'classic-rule',
    address: 'aws_security_group_rule.classic-rule',
    good: (s) =>
      new SecurityGroupRule(s, 'classic-rule', {
        securityGroupId: securityGroup(s).id,
        type: 'ingress',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
        description: 'HTTPS from the internet',
      }),
    bad: (s) =>
      new SecurityGroupRule(s, 'classic-rule', {
        securityGroupId: securityGroup(s).id,
        type: 'ingress',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
        description: 'HTTP to HTTPS from the internet',
      }),
  },
  {
    name: 'SG-001 (inline ingress block of aws_security_group)',
    rule: 'SG-001',
    path: 'inline-sg',
    address: 'aws_security_group.inline-sg',
    good: (s) =>
      new SecurityGroup(s, 'inline-sg', {
        description: 'Inline rules',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ['10.0.0.0/16'],
            description: 'DB from VPC',
          },
        ],
      }),
    bad: (s) =>
      new SecurityGroup(s, 'inline-sg', {
        description: 'Inline rules',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            cidrBlocks: ['0.0.0.0/0'],
            description: 'DB from anywhere',
          },
        ],
      }),
  },
  {
    name: 'SG-002 (rule resource without description)',
    rule: 'SG-002',
    path: 'egress',
    address: 'aws_vpc_security_group_egress_rule.egress',
    good: (s) =>
      new VpcSecurityGroupEgressRule(s, 'egress', {
        securityGroupId: securityGroup(s).id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '10.0.0.0/16',
        description: 'HTTPS to the VPC endpoints',
      }),
    bad: (s) =>
      new VpcSecurityGroupEgressRule(s, 'egress', {
        securityGroupId: securityGroup(s).id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '10.0.0.0/16',
      }),
  },
  {
    name: 'SG-002 (group without description)',
    rule: 'SG-002',
    path: 'sg',
    address: 'aws_security_group.sg',
    good: (s) => securityGroup(s),
    bad: (s) => new SecurityGroup(s, 'sg', { name: 'alb', vpcId: 'vpc-0123456789abcdef0' }),
  },
  {
    name: 'ECR-001',
    rule: 'ECR-001',
    path: 'repo',
    address: 'aws_ecr_repository.repo',
    good: (s) => ecr(s, 'IMMUTABLE'),
    bad: (s) => ecr(s, 'MUTABLE'),
  },
  {
    name: 'ECR-002',
    rule: 'ECR-002',
    path: 'repo',
    address: 'aws_ecr_repository.repo',
    good: (s) => ecr(s, 'IMMUTABLE', true),
    bad: (s) => ecr(s, 'IMMUTABLE', false),
  },
  {
    name: 'ECR-003',
    rule: 'ECR-003',
    path: 'repo',
    address: 'aws_ecr_repository.repo',
    good: (s) => ecr(s, 'IMMUTABLE', true, 'KMS'),
    bad: (s) => ecr(s, 'IMMUTABLE', true, 'AES256'),
  },
  {
    name: 'ECS-001',
    rule: 'ECS-001',
    path: 'task',
    address: 'aws_ecs_task_definition.task',
    good: (s) => taskDefinition(s),
    bad: (s) => taskDefinition(s, Fn.jsonencode([container()])),
  },
  {
    name: 'ECS-002',
    rule: 'ECS-002',
    path: 'task',
    address: 'aws_ecs_task_definition.task',
    good: (s) => taskDefinition(s),
    bad: (s) => taskDefinition(s, [container(), container({ name: 'sidecar', privileged: true })]),
  },
  {
    name: 'ECS-003',
    rule: 'ECS-003',
    path: 'task',
    address: 'aws_ecs_task_definition.task',
    good: (s) => taskDefinition(s),
    bad: (s) => taskDefinition(s, [container({ readonlyRootFilesystem: undefined })]),
  },
  {
    name: 'ECS-004',
    rule: 'ECS-004',
    path: 'task',
    address: 'aws_ecs_task_definition.task',
    good: (s) => taskDefinition(s),
    bad: (s) =>
      taskDefinition(s, [container({ environment: [{ name: 'STRIPE_API_KEY', value: 'sk_live_x' }] })]),
  },
  {
    name: 'ECS-005',
    rule: 'ECS-005',
    path: 'task',
    address: 'aws_ecs_task_definition.task',
    good: (s) => taskDefinition(s),
    bad: (s) => taskDefinition(s, [container({ logConfiguration: undefined })]),
  },
  {
    name: 'LT-001',
    rule: 'LT-001',
    path: 'template',
    address: 'aws_launch_template.template',
    good: (s) => launchTemplate(s),
    bad: (s) => launchTemplate(s, { httpTokens: 'optional', httpPutResponseHopLimit: 1 }),
  },
  {
    name: 'LT-002',
    rule: 'LT-002',
    path: 'template',
    address: 'aws_launch_template.template',
    good: (s) => launchTemplate(s),
    bad: (s) => launchTemplate(s, { httpTokens: 'required', httpPutResponseHopLimit: 2 }),
  },
  {
    name: 'LT-003',
    rule: 'LT-003',
    path: 'template',
    address: 'aws_launch_template.template',
    good: (s) => launchTemplate(s),
    bad: (s) => launchTemplate(s, undefined, 'false'),
  },
  {
    name: 'RDS-001',
    rule: 'RDS-001',
    path: 'aurora',
    address: 'aws_rds_cluster.aurora',
    good: (s) => aurora(s),
    bad: (s) => aurora(s, { storageEncrypted: false }),
  },
  {
    name: 'RDS-002',
    rule: 'RDS-002',
    path: 'aurora',
    address: 'aws_rds_cluster.aurora',
    good: (s) => aurora(s),
    bad: (s) => aurora(s, { iamDatabaseAuthenticationEnabled: undefined }),
  },
  {
    name: 'RDS-003',
    rule: 'RDS-003',
    path: 'aurora',
    address: 'aws_rds_cluster.aurora',
    good: (s) => aurora(s),
    bad: (s) => aurora(s, { enabledCloudwatchLogsExports: [] }),
  },
  {
    name: 'RDS-004 (production)',
    rule: 'RDS-004',
    path: 'aurora',
    address: 'aws_rds_cluster.aurora',
    context: PROD,
    good: (s) => aurora(s),
    bad: (s) => aurora(s, { deletionProtection: false }),
  },
  {
    name: 'RDS-005 (production)',
    rule: 'RDS-005',
    path: 'aurora',
    address: 'aws_rds_cluster.aurora',
    context: PROD,
    good: (s) => aurora(s),
    bad: (s) => aurora(s, { backupRetentionPeriod: 6 }),
  },
  {
    name: 'LOG-001',
    rule: 'LOG-001',
    path: 'logs',
    address: 'aws_cloudwatch_log_group.logs',
    good: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/app', retentionInDays: 30 }),
    bad: (s) => new CloudwatchLogGroup(s, 'logs', { name: '/app' }),
  },
  {
    name: 'VPC-001',
    rule: 'VPC-001',
    path: 'vpc',
    address: 'aws_vpc.vpc',
    good: (s) => network(s),
    bad: (s) => network(s, { flowLog: false }),
  },
  {
    name: 'VPC-002 (no default security group)',
    rule: 'VPC-002',
    path: 'vpc',
    address: 'aws_vpc.vpc',
    good: (s) => network(s),
    bad: (s) => network(s, { defaultGroup: false }),
  },
  {
    name: 'VPC-002 (default security group keeps a rule)',
    rule: 'VPC-002',
    path: 'vpc',
    address: 'aws_vpc.vpc',
    good: (s) => network(s),
    bad: (s) => network(s, { openDefault: true }),
  },
  {
    name: 'IAM-001 (policy document allows service:*)',
    rule: 'IAM-001',
    path: 'document',
    address: 'data.aws_iam_policy_document.document',
    good: (s) => policyDocument(s, ['s3:GetObject'], ['arn:aws:s3:::reports/*']),
    bad: (s) => policyDocument(s, ['s3:*'], ['arn:aws:s3:::reports/*']),
  },
  {
    name: 'IAM-001 (inline role policy JSON allows *)',
    rule: 'IAM-001',
    path: 'inline',
    address: 'aws_iam_role_policy.inline',
    good: (s) => new IamRolePolicy(s, 'inline', { role: 'app', policy: inlinePolicy('s3:GetObject') }),
    bad: (s) => new IamRolePolicy(s, 'inline', { role: 'app', policy: inlinePolicy('*') }),
  },
  {
    name: 'IAM-001 (assume_role_policy JSON allows sts:*)',
    rule: 'IAM-001',
    path: 'role',
    address: 'aws_iam_role.role',
    good: (s) => new IamRole(s, 'role', { assumeRolePolicy: trustPolicy('sts:AssumeRole') }),
    bad: (s) => new IamRole(s, 'role', { assumeRolePolicy: trustPolicy('sts:*') }),
  },
  {
    name: 'IAM-004 (GitHub trust admits every repository of an owner)',
    rule: 'IAM-004',
    path: 'github',
    address: 'aws_iam_role.github',
    good: (s) => new IamRole(s, 'github', { assumeRolePolicy: githubTrust('repo:acme/app:environment:dev') }),
    bad: (s) => new IamRole(s, 'github', { assumeRolePolicy: githubTrust('repo:acme/*') }),
  },
  {
    name: 'IAM-005 (GitHub provider accepts another audience)',
    rule: 'IAM-005',
    path: 'github-provider',
    address: 'aws_iam_openid_connect_provider.github-provider',
    good: (s) =>
      new IamOpenidConnectProvider(s, 'github-provider', {
        url: 'https://token.actions.githubusercontent.com',
        clientIdList: ['sts.amazonaws.com'],
      }),
    bad: (s) =>
      new IamOpenidConnectProvider(s, 'github-provider', {
        url: 'https://token.actions.githubusercontent.com',
        clientIdList: ['sts.amazonaws.com', 'https://github.com/acme'],
      }),
  },
  {
    name: 'IAM-002 (policy document, scopable action on *)',
    rule: 'IAM-002',
    path: 'document',
    address: 'data.aws_iam_policy_document.document',
    good: (s) => policyDocument(s, ['ecr:GetAuthorizationToken', 'ssmmessages:OpenDataChannel'], ['*']),
    bad: (s) => policyDocument(s, ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage'], ['*']),
  },
  {
    name: 'IAM-002 (inline role policy JSON, scopable action on *)',
    rule: 'IAM-002',
    path: 'inline',
    address: 'aws_iam_role_policy.inline',
    good: (s) =>
      new IamRolePolicy(s, 'inline', { role: 'app', policy: inlinePolicy('logs:DescribeLogGroups', '*') }),
    bad: (s) =>
      new IamRolePolicy(s, 'inline', { role: 'app', policy: inlinePolicy('logs:PutLogEvents', '*') }),
  },
  {
    name: 'IAM-003 (managed policy attached without a reason)',
    rule: 'IAM-003',
    path: 'managed',
    address: 'aws_iam_role_policy_attachment.managed',
    good: (s) =>
      suppress(
        new IamRolePolicyAttachment(s, 'managed', {
          role: 'app',
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
        'IAM-003',
        'reviewed: read-only access is exactly what this role is for',
      ),
    bad: (s) =>
      new IamRolePolicyAttachment(s, 'managed', {
        role: 'app',
        policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      }),
  },
  {
    name: 'IAM-003 (a customer-managed policy of the same stack needs no reason: its statements are checked)',
    rule: 'IAM-003',
    path: 'managed',
    address: 'aws_iam_role_policy_attachment.managed',
    good: (s) =>
      new IamRolePolicyAttachment(s, 'managed', {
        role: 'app',
        policyArn: new IamPolicy(s, 'own', { policy: inlinePolicy('logs:DescribeLogGroups', '*') }).arn,
      }),
    bad: (s) =>
      new IamRolePolicyAttachment(s, 'managed', {
        role: 'app',
        policyArn: 'arn:aws:iam::123456789012:policy/defined-elsewhere',
      }),
  },
  {
    name: 'IAM-006 (a role in a stack CI applies has no permissions boundary)',
    rule: 'IAM-006',
    path: 'workload',
    address: 'aws_iam_role.workload',
    context: { production: false, appliedByCi: true },
    good: (s) =>
      new IamRole(s, 'workload', {
        assumeRolePolicy: trustPolicy('sts:AssumeRole'),
        permissionsBoundary: 'arn:aws:iam::123456789012:policy/webapp-workload-boundary',
      }),
    bad: (s) => new IamRole(s, 'workload', { assumeRolePolicy: trustPolicy('sts:AssumeRole') }),
  },
  {
    name: 'S3-001 (no public access block)',
    rule: 'S3-001',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    good: (s) => bucket(s, 'logs'),
    bad: (s) => bucket(s, 'logs', { publicAccess: false }),
  },
  {
    name: 'S3-001 (a public access flag is false)',
    rule: 'S3-001',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    good: (s) => bucket(s, 'logs'),
    bad: (s) => bucket(s, 'logs', { allFourBlocks: false }),
  },
  {
    name: 'S3-002',
    rule: 'S3-002',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    good: (s) => bucket(s, 'logs'),
    bad: (s) => bucket(s, 'logs', { encryption: false }),
  },
  {
    name: 'S3-003 (no bucket policy)',
    rule: 'S3-003',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    good: (s) => bucket(s, 'logs'),
    bad: (s) => bucket(s, 'logs', { policy: 'none' }),
  },
  {
    name: 'S3-003 (policy without the TLS condition)',
    rule: 'S3-003',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    good: (s) => bucket(s, 'logs'),
    bad: (s) => bucket(s, 'logs', { policy: 'no-tls-deny' }),
  },
  {
    name: 'S3-004 (state bucket)',
    rule: 'S3-004',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    context: { production: true, stateBucketName: STATE_BUCKET },
    good: (s) => bucket(s, STATE_BUCKET, { versioned: true, preventDestroy: true }),
    bad: (s) => bucket(s, STATE_BUCKET, { versioned: false, preventDestroy: true }),
  },
  {
    name: 'S3-005 (state bucket)',
    rule: 'S3-005',
    path: 'bucket',
    address: 'aws_s3_bucket.bucket',
    context: { production: true, stateBucketName: STATE_BUCKET },
    good: (s) => bucket(s, STATE_BUCKET, { versioned: true, preventDestroy: true }),
    bad: (s) => bucket(s, STATE_BUCKET, { versioned: true, preventDestroy: false }),
  },
];

function ecr(scope: Construct, mutability: string, scanOnPush = true, encryptionType = 'KMS') {
  return new EcrRepository(scope, 'repo', {
    name: 'app',
    imageTagMutability: mutability,
    imageScanningConfiguration: { scanOnPush },
    encryptionConfiguration: [{ encryptionType }],
  });
}

describe('SecurityPolicies rules', () => {
  test('every rule has a case that breaks it', () => {
    // GIVEN the rule table WHEN compared with the cases THEN no rule goes untested
    expect(RULES.map((r) => r.id).filter((id) => !CASES.some((c) => c.rule === id))).toEqual([]);
  });

  test('rule IDs are unique and every reason fits on one line', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.reason).not.toContain('\n');
  });

  describe.each(CASES)('$name', (c) => {
    test(`fails when the resource breaks ${c.rule}`, () => {
      // GIVEN a stack whose only fault is the one this case introduces
      const stack = policyStack(c.context);
      c.bad(stack);
      // WHEN it is synthesized
      const message = synthFailure(stack);
      // THEN synthesis fails naming the stack, the resource and the rule, and nothing else
      expect(violations(message)).toEqual([`${c.rule} @ ${c.address}`]);
      expect(message).toContain(`stack "${STACK}"`);
      expect(message).toContain(`${STACK}/${c.path} (${c.address}): ${c.rule} ${rule(c.rule).reason}: `);
    });

    test('passes a compliant resource', () => {
      // GIVEN the same stack built the compliant way
      const stack = policyStack(c.context);
      c.good(stack);
      // WHEN / THEN it synthesizes
      expect(synthFailure(stack)).toBeUndefined();
    });
  });

  test('a stack synthesized again is judged as it is then, not as it was read the first time', () => {
    // GIVEN a compliant stack, synthesized once
    const stack = policyStack();
    new CloudwatchLogGroup(stack, 'logs', { name: '/app', retentionInDays: 30 });
    expect(synthFailure(stack)).toBeUndefined();
    // WHEN a resource that breaks a rule is added, and another is changed to break one
    new CloudwatchLogGroup(stack, 'added', { name: '/added' });
    (stack.node.findChild('logs') as CloudwatchLogGroup).resetRetentionInDays();
    // THEN the second synthesis sees both
    expect(violations(synthFailure(stack))).toEqual([
      'LOG-001 @ aws_cloudwatch_log_group.logs',
      'LOG-001 @ aws_cloudwatch_log_group.added',
    ]);
  });

  test('production-only rules leave non-production stacks alone', () => {
    // GIVEN an Aurora cluster without deletion protection and with one day of backups
    const stack = policyStack(DEV);
    aurora(stack, { deletionProtection: false, backupRetentionPeriod: 1 });
    // WHEN / THEN a non-production stack accepts it
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('stacks an administrator applies may hold roles without a boundary (the delivery roles)', () => {
    // GIVEN a role without a permissions boundary
    const stack = policyStack({ production: false, appliedByCi: false });
    new IamRole(stack, 'delivery', { assumeRolePolicy: trustPolicy('sts:AssumeRole') });
    // WHEN / THEN a stack applied by an administrator accepts it (IAM-006 is about CI's stacks)
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('only the bucket named as the state bucket must be versioned and protected', () => {
    // GIVEN a compliant, unversioned bucket that is not the state bucket
    const stack = policyStack({ production: true, stateBucketName: STATE_BUCKET });
    bucket(stack, 'access-logs');
    // WHEN / THEN it passes
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('a bucket policy referencing the bucket by literal name counts too', () => {
    // GIVEN sub-resources that name the bucket instead of referencing it
    const stack = policyStack();
    new S3Bucket(stack, 'bucket', { bucket: 'named' });
    new S3BucketPublicAccessBlock(stack, 'pab', {
      bucket: 'named',
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(stack, 'sse', {
      bucket: 'named',
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const denyInsecure = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::named/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    };
    new S3BucketPolicy(stack, 'policy', { bucket: 'named', policy: JSON.stringify(denyInsecure) });
    // WHEN / THEN it passes
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('Deny statements may use wildcards', () => {
    // GIVEN a document that denies everything outside the organisation
    const stack = policyStack();
    policyDocument(stack, ['*'], ['*'], 'Deny');
    // WHEN / THEN it passes
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('a policy held by reference is checked in its document, not twice', () => {
    // GIVEN a role policy whose JSON comes from a document allowing s3:*
    const stack = policyStack();
    const document = policyDocument(stack, ['s3:*'], ['arn:aws:s3:::reports/*']);
    new IamRolePolicy(stack, 'from-document', { role: 'app', policy: document.json });
    // WHEN / THEN only the document is reported
    expect(violations(synthFailure(stack))).toEqual(['IAM-001 @ data.aws_iam_policy_document.document']);
  });
});

describe('SecurityPolicies aspect', () => {
  test('reports every violation of the stack in one error', () => {
    // GIVEN a stack with three faults in two resources
    const stack = policyStack();
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    ecr(stack, 'MUTABLE', false);
    // WHEN it is synthesized
    const message = synthFailure(stack);
    // THEN one error lists all three
    expect(violations(message).sort()).toEqual([
      'ECR-001 @ aws_ecr_repository.repo',
      'ECR-002 @ aws_ecr_repository.repo',
      'LOG-001 @ aws_cloudwatch_log_group.logs',
    ]);
    expect(message).toMatch(/^Security policy violations in stack "policy-test" \(3\):/);
  });

  test('fails app.synth() the way `cdktf synth` runs it', () => {
    // GIVEN an app with a compliant stack and a faulty one
    const app = Testing.app();
    for (const [id, retentionInDays] of [
      ['clean', 30],
      ['faulty', undefined],
    ] as const) {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
      new CloudwatchLogGroup(stack, 'logs', { name: '/app', retentionInDays });
      Aspects.of(stack).add(new SecurityPolicies(DEV));
    }
    // WHEN / THEN synthesis fails on the faulty stack
    expect(() => app.synth()).toThrow(
      /stack "faulty" \(1\):\n {2}- faulty\/logs \(aws_cloudwatch_log_group\.logs\): LOG-001/,
    );
  });

  test('reads attributes as synthesized, overrides included', () => {
    // GIVEN a repository built compliant but overridden to mutable tags, and a log group fixed by override
    const stack = policyStack();
    ecr(stack, 'IMMUTABLE').addOverride('image_tag_mutability', 'MUTABLE');
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' }).addOverride('retention_in_days', 30);
    // WHEN / THEN only the override that breaks a rule is reported
    expect(violations(synthFailure(stack))).toEqual(['ECR-001 @ aws_ecr_repository.repo']);
  });

  test('sees resources nested in constructs and resources of other aspects added before it', () => {
    // GIVEN a faulty log group deep in the tree, and a stack-level aspect that adds another one
    const stack = new TerraformStack(Testing.app(), STACK);
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    const deep = new CloudwatchLogGroup(new Construct(new Construct(stack, 'a'), 'b'), 'logs', {
      name: '/deep',
    });
    let added = false;
    Aspects.of(stack).add({
      visit: (node: IConstruct) => {
        if (node === stack && !added) {
          added = true;
          new CloudwatchLogGroup(stack, 'late', { name: '/late' });
        }
      },
    });
    Aspects.of(stack).add(new SecurityPolicies(DEV));
    // WHEN / THEN both are reported
    expect(violations(synthFailure(stack)).sort()).toEqual([
      `LOG-001 @ aws_cloudwatch_log_group.${deep.friendlyUniqueId}`,
      'LOG-001 @ aws_cloudwatch_log_group.late',
    ]);
  });

  test('checks after every resource was visited, so earlier aspects may still fix resources', () => {
    // GIVEN an aspect, added first, that gives each log group a retention when it visits it
    const stack = new TerraformStack(Testing.app(), STACK);
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    new CloudwatchLogGroup(new Construct(stack, 'group'), 'logs', { name: '/app' });
    Aspects.of(stack).add({
      visit: (node: IConstruct) => {
        if (node instanceof CloudwatchLogGroup) node.retentionInDays = 30;
      },
    });
    Aspects.of(stack).add(new SecurityPolicies(DEV));
    // WHEN / THEN the fixed group passes (checking at the stack node would have seen it unfixed)
    expect(synthFailure(stack)).toBeUndefined();
  });

  test('relies on aspects visiting the stack first and its last descendant last', () => {
    // GIVEN a recording aspect on a stack with nested constructs
    const stack = new TerraformStack(Testing.app(), STACK);
    new CloudwatchLogGroup(new Construct(stack, 'group'), 'logs', { name: '/app' });
    new Construct(stack, 'tail');
    const visited: string[] = [];
    Aspects.of(stack).add({ visit: (node: IConstruct) => visited.push(node.node.path) });
    // WHEN the stack is synthesized
    Testing.synth(stack);
    // THEN the order is depth-first, parents before children (SecurityPolicies checks at the end)
    expect(visited).toEqual([STACK, `${STACK}/group`, `${STACK}/group/logs`, `${STACK}/tail`]);
  });

  test('fails when it is added to a construct inside a stack instead of the stack', () => {
    // GIVEN the aspect on a sub-construct
    const stack = new TerraformStack(Testing.app(), STACK);
    const inner = new Construct(stack, 'inner');
    new CloudwatchLogGroup(inner, 'logs', { name: '/app', retentionInDays: 30 });
    Aspects.of(inner).add(new SecurityPolicies(DEV));
    // WHEN / THEN synthesis says how to add it
    expect(() => Testing.synth(stack)).toThrow(/add it with Aspects\.of\(stack\)\.add/);
  });
});

describe('suppress', () => {
  test('silences exactly that rule on exactly that resource', () => {
    // GIVEN two log groups without retention and a repository breaking two rules
    const stack = policyStack();
    const audit = new CloudwatchLogGroup(stack, 'audit', { name: '/audit' });
    new CloudwatchLogGroup(stack, 'app', { name: '/app' });
    const repo = ecr(stack, 'MUTABLE', false);
    // WHEN one rule is suppressed on one log group and one on the repository
    suppress(audit, 'LOG-001', JUSTIFICATION);
    suppress(repo, 'ECR-001', 'Tags are moved on purpose by the legacy release tool until Q3.');
    // THEN everything else is still reported
    expect(violations(synthFailure(stack)).sort()).toEqual([
      'ECR-002 @ aws_ecr_repository.repo',
      'LOG-001 @ aws_cloudwatch_log_group.app',
    ]);
  });

  test('writes the justification next to the resource in cdk.tf.json', () => {
    // GIVEN a suppressed log group in an app
    const app = Testing.app();
    const stack = new TerraformStack(app, STACK);
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    Aspects.of(stack).add(new SecurityPolicies(DEV));
    suppress(new CloudwatchLogGroup(stack, 'audit', { name: '/audit' }), 'LOG-001', JUSTIFICATION);
    // WHEN the app is synthesized as `cdktf synth` does
    app.synth();
    // THEN the exception is visible to a Terraform-only reader, beside the construct metadata
    const json = JSON.parse(readFileSync(join(app.outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_cloudwatch_log_group.audit['//']).toEqual({
      metadata: { path: `${STACK}/audit`, uniqueId: 'audit' },
      suppressed_rules: { 'LOG-001': JUSTIFICATION },
    });
  });

  test('warns when a suppressed rule no longer fires', () => {
    // GIVEN a suppression on a log group that now has a retention
    const stack = policyStack();
    const logs = new CloudwatchLogGroup(stack, 'logs', { name: '/app', retentionInDays: 30 });
    suppress(logs, 'LOG-001', JUSTIFICATION);
    // WHEN it is synthesized
    expect(synthFailure(stack)).toBeUndefined();
    // THEN the resource carries a warning asking to remove it
    expect(logs.node.metadata.map((m) => `${m.type}: ${m.data}`)).toContainEqual(
      expect.stringMatching(/^@cdktf\/warn: .*suppresses LOG-001, which it no longer violates/),
    );
  });

  test.each(['', '   ', 'accepted risk'])('fails when the justification is %j', (justification) => {
    // GIVEN a log group WHEN suppressed without a real reason THEN it is refused
    const logs = new CloudwatchLogGroup(policyStack(), 'logs', { name: '/app' });
    expect(() => suppress(logs, 'LOG-001', justification)).toThrow(
      /justification has \d+ characters; write at least 20/,
    );
  });

  test('fails when the rule id is unknown', () => {
    const logs = new CloudwatchLogGroup(policyStack(), 'logs', { name: '/app' });
    expect(() => suppress(logs, 'LOG-999', JUSTIFICATION)).toThrow(
      /"LOG-999"\): unknown rule id; known: ALB-001, /,
    );
  });

  test('fails when the rule does not apply to the resource type', () => {
    const logs = new CloudwatchLogGroup(policyStack(), 'logs', { name: '/app' });
    expect(() => suppress(logs, 'ECR-001', JUSTIFICATION)).toThrow(
      /the rule applies to aws_ecr_repository, not to aws_cloudwatch_log_group/,
    );
  });

  test('fails when a suppression written by hand has no real justification', () => {
    // GIVEN a suppression added with a raw override, bypassing suppress()
    const stack = policyStack();
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' }).addOverride('//.suppressed_rules.LOG-001', 'ok');
    // WHEN / THEN synthesis refuses it and, as it does not count, still reports the rule
    const message = synthFailure(stack);
    expect(message).toContain('invalid suppression of LOG-001: the justification has 2 characters');
    expect(violations(message)).toEqual(['LOG-001 @ aws_cloudwatch_log_group.logs']);
  });
});

describe('severity', () => {
  /** The shipped rules, with one of them made a warning. */
  const withWarning = (id: string): PolicyRule[] =>
    RULES.map((r) => (r.id === id ? { ...r, severity: 'warning' as const } : r));
  /** What the resource carries under "//" in its cdk.tf.json, as `cdktf synth` writes it. */
  const comment = (stack: TerraformStack, type: string, name: string) =>
    (stack.toTerraform() as any).resource[type][name]['//'];
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  test('every shipped rule declares a severity, and every one of them stops synthesis', () => {
    // GIVEN the rule table WHEN the severities are read THEN none is advisory today: each guards
    // something the platform relies on. Making one a warning is a decision to state in its file.
    expect(RULES.filter((r) => r.severity !== 'error').map((r) => r.id)).toEqual([]);
  });

  test('an error rule broken: synthesis fails naming stack, resource and rule, and prints no warning', () => {
    // GIVEN a log group without retention under the shipped LOG-001 (severity error)
    const stack = policyStack(DEV, STACK, RULES);
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    // WHEN it is synthesized
    const message = synthFailure(stack, PolicyViolationError);
    // THEN synthesis fails with the rule, the resource and the stack, and nothing is warned
    expect(message).toContain(`Security policy violations in stack "${STACK}" (1):`);
    expect(message).toContain(
      `${STACK}/logs (aws_cloudwatch_log_group.logs): LOG-001 ${rule('LOG-001').reason}: `,
    );
    expect(warn).not.toHaveBeenCalled();
  });

  test('a warning rule broken: synthesis succeeds, the warning is printed once and recorded next to the resource', () => {
    // GIVEN the same log group under LOG-001 made a warning
    const stack = policyStack(DEV, STACK, withWarning('LOG-001'));
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    // WHEN it is synthesized
    expect(synthFailure(stack)).toBeUndefined();
    // THEN one message names the stack, the resource, the rule and what is wrong ...
    expect(warn).toHaveBeenCalledTimes(1);
    const printed = String(warn.mock.calls[0][0]);
    expect(printed).toMatch(/^Security policy warnings in stack "policy-test" \(1\):\n/);
    expect(printed).toContain(
      `  - ${STACK}/logs (aws_cloudwatch_log_group.logs): LOG-001 ${rule('LOG-001').reason}: retention_in_days is not set (kept forever)`,
    );
    // ... AND the JSON carries it beside the resource, where suppressions go
    expect(comment(stack, 'aws_cloudwatch_log_group', 'logs')).toEqual({
      metadata: { path: `${STACK}/logs`, uniqueId: 'logs' },
      warned_rules: { 'LOG-001': `${rule('LOG-001').reason}: retention_in_days is not set (kept forever)` },
    });
  });

  test('warnings reach cdk.tf.json the way `cdktf synth` writes it', () => {
    // GIVEN an app whose stack breaks a warning rule
    const app = Testing.app();
    const stack = new TerraformStack(app, STACK);
    new AwsProvider(stack, 'aws', { region: 'ap-northeast-1' });
    Aspects.of(stack).add(new SecurityPolicies(DEV, withWarning('LOG-001')));
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    // WHEN the app is synthesized
    app.synth();
    // THEN the file holds the warning, and it was printed once
    const json = JSON.parse(readFileSync(join(app.outdir, 'stacks', STACK, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.resource.aws_cloudwatch_log_group.logs['//'].warned_rules)).toEqual(['LOG-001']);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('a warning and an error in one stack: the warning is printed and synthesis fails on the error only', () => {
    // GIVEN a log group breaking a warning rule and a repository breaking an error rule
    const stack = policyStack(DEV, STACK, withWarning('LOG-001'));
    new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    ecr(stack, 'MUTABLE');
    // WHEN / THEN only the repository fails synthesis, and the log group is still reported
    expect(violations(synthFailure(stack, PolicyViolationError))).toEqual([
      'ECR-001 @ aws_ecr_repository.repo',
    ]);
    expect(String(warn.mock.calls[0][0])).toContain('LOG-001');
  });

  test('a suppressed warning is neither printed nor recorded', () => {
    // GIVEN a warning rule's violation, exempted with a reason
    const stack = policyStack(DEV, STACK, withWarning('LOG-001'));
    suppress(new CloudwatchLogGroup(stack, 'logs', { name: '/app' }), 'LOG-001', JUSTIFICATION);
    // WHEN / THEN it synthesizes silently, only the suppression next to the resource
    expect(synthFailure(stack)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
    expect(comment(stack, 'aws_cloudwatch_log_group', 'logs').warned_rules).toBeUndefined();
  });

  test('a warning fixed before the next synthesis leaves no record behind', () => {
    // GIVEN a stack synthesized once with a warning
    const stack = policyStack(DEV, STACK, withWarning('LOG-001'));
    const logs = new CloudwatchLogGroup(stack, 'logs', { name: '/app' });
    expect(synthFailure(stack)).toBeUndefined();
    // WHEN the resource is fixed AND the stack is synthesized again
    logs.retentionInDays = 30;
    expect(synthFailure(stack)).toBeUndefined();
    // THEN the record is gone, and only the first synthesis printed
    expect(comment(stack, 'aws_cloudwatch_log_group', 'logs').warned_rules).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("a data source's warning is recorded in the stack's own comment, as CDKTF rewrites a data source's", () => {
    // GIVEN a policy document breaking IAM-001 made a warning
    const stack = policyStack(DEV, STACK, withWarning('IAM-001'));
    policyDocument(stack, ['s3:*'], ['arn:aws:s3:::reports/*']);
    // WHEN it is synthesized
    expect(synthFailure(stack)).toBeUndefined();
    // THEN the stack's "//" holds it under the data source's address
    const json = stack.toTerraform() as any;
    expect(json['//'].warned_rules.data.aws_iam_policy_document.document).toEqual({
      'IAM-001': `${rule('IAM-001').reason}: statement 1 allows s3:*`,
    });
    expect(String(warn.mock.calls[0][0])).toContain(
      `${STACK}/document (data.aws_iam_policy_document.document): IAM-001 `,
    );
  });

  test('fails when a rule has a severity it does not know', () => {
    // GIVEN a rule whose severity is misspelt WHEN the aspect is made THEN it is refused
    const misspelt = RULES.map((r) => (r.id === 'LOG-001' ? { ...r, severity: 'warn' as never } : r));
    expect(() => new SecurityPolicies(DEV, misspelt)).toThrow(
      'SecurityPolicies: rule LOG-001 has severity "warn"; accepted: error, warning',
    );
  });
});
