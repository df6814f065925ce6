import { Fn } from 'cdktf';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { GITHUB_OIDC_HOST } from '../core/github-oidc';
import { check, type Problem } from '../core/validation';

/**
 * What each delivery role may do, as IAM statements. Every statement names the resources it
 * applies to, built from the account, region and names it is given; `"*"` appears only for actions
 * AWS defines no resource type for (modules/core/iam-statements.ts, rule IAM-002).
 */

/** An Allow statement with literal lists, as these builders write it (an aws_iam_policy_document statement). */
export interface Statement extends DataAwsIamPolicyDocumentStatement {
  readonly sid?: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/** Where the role acts. `partition` is `data.aws_partition`'s value, so no ARN is written for one partition. */
export interface AwsScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** The Terraform states a role works on, in the state bucket. Keys may end in a `*` pattern. */
export interface StateAccess {
  readonly bucketName: string;
  /** States the role writes (and their lock files, `<key>.tflock`). */
  readonly writeKeys: readonly string[];
  /** States it only reads (`terraform_remote_state`, or a plan). */
  readonly readKeys: readonly string[];
}

const arn = (s: AwsScope, service: string, resource: string) =>
  `arn:${s.partition}:${service}:${s.region}:${s.accountId}:${resource}`;
const globalArn = (s: AwsScope, service: string, resource: string) =>
  `arn:${s.partition}:${service}::${s.accountId}:${resource}`;

/**
 * Reading and writing Terraform state with S3 lock files: the state objects, the lock files next
 * to them (Terraform deletes a lock file to release it), and listing the keys it works on.
 */
export function stateStatements(partition: string, access: StateAccess): Statement[] {
  const bucket = `arn:${partition}:s3:::${access.bucketName}`;
  const locks = access.writeKeys.map((key) => `${key}.tflock`);
  const statements: Statement[] = [
    {
      sid: 'ListOwnStateKeys',
      actions: ['s3:ListBucket'],
      resources: [bucket],
      condition: [
        {
          test: 'StringLike',
          variable: 's3:prefix',
          values: [...access.writeKeys, ...access.readKeys],
        },
      ],
    },
  ];
  if (access.writeKeys.length > 0) {
    statements.push(
      {
        sid: 'WriteOwnStates',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [...access.writeKeys, ...locks].map((key) => `${bucket}/${key}`),
      },
      {
        sid: 'ReleaseOwnLocks',
        actions: ['s3:DeleteObject'],
        resources: locks.map((key) => `${bucket}/${key}`),
      },
    );
  }
  if (access.readKeys.length > 0) {
    statements.push({
      sid: 'ReadOtherStates',
      actions: ['s3:GetObject'],
      resources: access.readKeys.map((key) => `${bucket}/${key}`),
    });
  }
  return statements;
}

/** Pushing images to the given repositories, and nothing else (pulls of its own layers included). */
export function imagePublisherStatements(repositoryArns: readonly string[]): Statement[] {
  return [
    {
      // GetAuthorizationToken is account-wide: AWS defines no resource type for it.
      sid: 'EcrLogin',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
    },
    {
      sid: 'PushOwnImages',
      actions: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:CompleteLayerUpload',
        'ecr:DescribeImages',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      resources: [...repositoryArns],
    },
  ];
}

/** One ECS service of an environment, as its stack names it. */
export interface DeployedService {
  /** `<project>-<env>-<service>`: the ECS service, the task family and the prefix of its alarms and roles. */
  readonly baseName: string;
  /** The task execution and task roles its task definition passes to ECS. */
  readonly roleArns: readonly string[];
}

export interface DeployServicesScope extends AwsScope {
  /** The environment's ECS cluster. */
  readonly clusterName: string;
  readonly services: readonly DeployedService[];
  /** Log groups of the services are named below this, for example `/ecs/webapp-dev/`. */
  readonly logGroupPrefix: string;
  /** The HTTPS listener public services add their rules to, when the environment has public services. */
  readonly listenerArn?: string;
  /** The Cloud Map namespace internal services register in, when the environment has internal services. */
  readonly namespaceArn?: string;
  readonly state: StateAccess;
}

/**
 * What applying an environment's service stacks takes, and no more: those services' task
 * definitions, ECS services, task roles (created and passed to ECS tasks only), log groups,
 * alarms, autoscaling, target groups and listener rules, Cloud Map services, and their own states.
 */
export function deployServicesStatements(s: DeployServicesScope): Statement[] {
  const services = s.services.map((svc) => arn(s, 'ecs', `service/${s.clusterName}/${svc.baseName}`));
  const families = s.services.map((svc) => arn(s, 'ecs', `task-definition/${svc.baseName}:*`));
  const roleArns = s.services.flatMap((svc) => svc.roleArns);
  const alarms = [
    ...s.services.map((svc) => arn(s, 'cloudwatch', `alarm:${svc.baseName}-*`)),
    // Target tracking creates and deletes its own alarms with the caller's permissions.
    arn(s, 'cloudwatch', `alarm:TargetTracking-service/${s.clusterName}/*`),
  ];
  const statements: Statement[] = [
    ...stateStatements(s.partition, s.state),
    {
      // AWS defines no resource type for these three (Service Authorization Reference, ECS).
      sid: 'TaskDefinitionsAccountWide',
      actions: ['ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
      resources: ['*'],
    },
    {
      sid: 'OwnServices',
      actions: [
        'ecs:CreateService',
        'ecs:DeleteService',
        'ecs:DescribeServices',
        'ecs:ListTagsForResource',
        'ecs:TagResource',
        'ecs:UntagResource',
        'ecs:UpdateService',
      ],
      resources: [...services, ...families],
    },
    {
      sid: 'OwnTaskRoles',
      actions: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      resources: roleArns,
    },
    {
      sid: 'PassTaskRolesToEcsOnly',
      actions: ['iam:PassRole'],
      resources: roleArns,
      condition: [
        { test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] },
      ],
    },
    {
      sid: 'ServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        globalArn(s, 'iam', 'role/aws-service-role/ecs.amazonaws.com/*'),
        globalArn(s, 'iam', 'role/aws-service-role/ecs.application-autoscaling.amazonaws.com/*'),
      ],
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:AWSServiceName',
          values: ['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'],
        },
      ],
    },
    {
      sid: 'OwnLogGroups',
      actions: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:DeleteRetentionPolicy',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
        'logs:PutRetentionPolicy',
        'logs:TagLogGroup',
        'logs:TagResource',
        'logs:UntagLogGroup',
        'logs:UntagResource',
      ],
      resources: [arn(s, 'logs', `log-group:${s.logGroupPrefix}*`)],
    },
    {
      // Listing log groups has no resource type.
      sid: 'FindLogGroups',
      actions: ['logs:DescribeLogGroups'],
      resources: ['*'],
    },
    {
      sid: 'OwnAlarms',
      actions: [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      resources: alarms,
    },
    {
      sid: 'Autoscaling',
      actions: [
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:ListTagsForResource',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:TagResource',
        'application-autoscaling:UntagResource',
      ],
      resources: [arn(s, 'application-autoscaling', 'scalable-target/*')],
    },
    {
      // Application Auto Scaling's Describe actions have no resource type.
      sid: 'ReadAutoscaling',
      actions: [
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:DescribeScalingActivities',
        'application-autoscaling:DescribeScalingPolicies',
      ],
      resources: ['*'],
    },
  ];
  if (s.listenerArn !== undefined) {
    statements.push(
      {
        sid: 'OwnTargetGroupsAndRules',
        actions: [
          'elasticloadbalancing:AddTags',
          'elasticloadbalancing:CreateRule',
          'elasticloadbalancing:CreateTargetGroup',
          'elasticloadbalancing:DeleteRule',
          'elasticloadbalancing:DeleteTargetGroup',
          'elasticloadbalancing:ModifyRule',
          'elasticloadbalancing:ModifyTargetGroup',
          'elasticloadbalancing:ModifyTargetGroupAttributes',
          'elasticloadbalancing:RemoveTags',
          'elasticloadbalancing:SetRulePriorities',
        ],
        resources: [
          s.listenerArn,
          // A rule's ARN is its listener's with `listener-rule` for `listener` and the rule's ID after it.
          `${Fn.replace(s.listenerArn, ':listener/', ':listener-rule/')}/*`,
          arn(s, 'elasticloadbalancing', 'targetgroup/*'),
        ],
      },
      {
        // Elastic Load Balancing's Describe actions have no resource type.
        sid: 'ReadLoadBalancing',
        actions: [
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTags',
          'elasticloadbalancing:DescribeTargetGroupAttributes',
          'elasticloadbalancing:DescribeTargetGroups',
        ],
        resources: ['*'],
      },
    );
  }
  if (s.namespaceArn !== undefined) {
    statements.push(
      {
        sid: 'OwnDiscoveryServices',
        actions: [
          'servicediscovery:CreateService',
          'servicediscovery:DeleteService',
          'servicediscovery:GetNamespace',
          'servicediscovery:GetService',
          'servicediscovery:ListInstances',
          'servicediscovery:ListTagsForResource',
          'servicediscovery:TagResource',
          'servicediscovery:UntagResource',
          'servicediscovery:UpdateService',
        ],
        resources: [s.namespaceArn, arn(s, 'servicediscovery', 'service/*')],
      },
      {
        sid: 'WaitForDiscovery',
        actions: ['servicediscovery:GetOperation'],
        resources: ['*'],
      },
    );
  }
  return statements;
}

export interface DeployPlatformScope extends AwsScope {
  /** Terraform resource types the stack holds; each must have a grant (platformGrantProblems). */
  readonly resourceTypes: readonly string[];
  /** Resources the stack names are named `<namePrefix>-...` (alarms, topics, rules, aliases, buckets, ...). */
  readonly namePrefix: string;
  /** IAM role and instance profile names the stack manages; patterns allowed (`webapp-dev-*`). */
  readonly roleNames: readonly string[];
  /** SSM parameters live below this path, for example `/webapp/dev/`. @default - none */
  readonly parameterPath?: string;
  /** ECR repositories are named below this, for example `webapp/`. @default - none */
  readonly repositoryPrefix?: string;
  /** Roles the stack's other providers assume (the environment's DNS record writer). @default [] */
  readonly assumeRoleArns?: readonly string[];
  readonly state: StateAccess;
}

/** The statements one AWS service's resources need, for the stack's account and region. */
type Grant = (s: DeployPlatformScope) => Statement[];

const scoped = (
  sid: string,
  actions: string[],
  resources: string[],
  condition?: Statement['condition'],
): Statement => ({
  sid,
  actions,
  resources,
  ...(condition ? { condition } : {}),
});

const GRANTS: Record<string, Grant> = {
  ec2: (s) => [
    scoped(
      'Network',
      [
        'ec2:AllocateAddress',
        'ec2:Associate*',
        'ec2:Attach*',
        'ec2:Authorize*',
        'ec2:Create*',
        'ec2:Delete*',
        'ec2:Detach*',
        'ec2:Disassociate*',
        'ec2:GetLaunchTemplateData',
        'ec2:Modify*',
        'ec2:ReleaseAddress',
        'ec2:Replace*',
        'ec2:Revoke*',
        'ec2:RunInstances',
        'ec2:UpdateSecurityGroupRuleDescriptions*',
      ],
      [
        arn(s, 'ec2', '*'),
        // AMIs and AWS-managed prefix lists (the S3 gateway endpoint's) are not owned by the account.
        `arn:${s.partition}:ec2:${s.region}::image/*`,
        `arn:${s.partition}:ec2:${s.region}:aws:prefix-list/*`,
      ],
    ),
    scoped('AccountWide', ['ec2:Describe*'], ['*']),
  ],
  elb: (s) => [
    scoped(
      'LoadBalancing',
      [
        'elasticloadbalancing:Add*',
        'elasticloadbalancing:Create*',
        'elasticloadbalancing:Delete*',
        'elasticloadbalancing:Modify*',
        'elasticloadbalancing:Remove*',
        'elasticloadbalancing:Set*',
      ],
      [arn(s, 'elasticloadbalancing', '*')],
    ),
    scoped('AccountWide', ['elasticloadbalancing:Describe*'], ['*']),
  ],
  acm: (s) => [
    scoped(
      'Certificates',
      [
        'acm:AddTagsToCertificate',
        'acm:DeleteCertificate',
        'acm:DescribeCertificate',
        'acm:GetCertificate',
        'acm:ListTagsForCertificate',
        'acm:RemoveTagsFromCertificate',
      ],
      [arn(s, 'acm', 'certificate/*')],
    ),
    scoped('AccountWide', ['acm:RequestCertificate'], ['*']),
  ],
  autoscaling: (s) => [
    scoped(
      'InstanceAutoscaling',
      [
        'autoscaling:Attach*',
        'autoscaling:Create*',
        'autoscaling:Delete*',
        'autoscaling:Detach*',
        'autoscaling:Put*',
        'autoscaling:Resume*',
        'autoscaling:Set*',
        'autoscaling:Suspend*',
        'autoscaling:Update*',
      ],
      [arn(s, 'autoscaling', '*')],
    ),
    scoped('AccountWide', ['autoscaling:Describe*'], ['*']),
    serviceLinkedRoles(s, ['autoscaling.amazonaws.com']),
  ],
  ecs: (s) => [
    scoped(
      'Cluster',
      [
        'ecs:CreateCapacityProvider',
        'ecs:DeleteCapacityProvider',
        'ecs:DeleteCluster',
        'ecs:DescribeCapacityProviders',
        'ecs:DescribeClusters',
        'ecs:ListTagsForResource',
        'ecs:PutClusterCapacityProviders',
        'ecs:TagResource',
        'ecs:UntagResource',
        'ecs:UpdateCapacityProvider',
        'ecs:UpdateCluster',
        'ecs:UpdateClusterSettings',
      ],
      [arn(s, 'ecs', '*')],
    ),
    // Creating a cluster and the account's defaults (ENI trunking) have no resource type to scope to.
    scoped(
      'AccountWide',
      [
        'ecs:CreateCluster',
        'ecs:DeleteAccountSetting',
        'ecs:ListAccountSettings',
        'ecs:PutAccountSettingDefault',
      ],
      ['*'],
    ),
    serviceLinkedRoles(s, ['ecs.amazonaws.com']),
  ],
  iam: (s) => {
    const roles = s.roleNames.map((name) => globalArn(s, 'iam', `role/${name}`));
    const profiles = s.roleNames.map((name) => globalArn(s, 'iam', `instance-profile/${name}`));
    return [
      scoped(
        'OwnRoles',
        [
          'iam:AddRoleToInstanceProfile',
          'iam:AttachRolePolicy',
          'iam:CreateInstanceProfile',
          'iam:CreateRole',
          'iam:DeleteInstanceProfile',
          'iam:DeleteRole',
          'iam:DeleteRolePolicy',
          'iam:DetachRolePolicy',
          'iam:GetInstanceProfile',
          'iam:GetRole',
          'iam:GetRolePolicy',
          'iam:ListAttachedRolePolicies',
          'iam:ListInstanceProfileTags',
          'iam:ListInstanceProfilesForRole',
          'iam:ListRolePolicies',
          'iam:ListRoleTags',
          'iam:PassRole',
          'iam:PutRolePolicy',
          'iam:RemoveRoleFromInstanceProfile',
          'iam:TagInstanceProfile',
          'iam:TagRole',
          'iam:UntagInstanceProfile',
          'iam:UntagRole',
          'iam:UpdateAssumeRolePolicy',
          'iam:UpdateRole',
          'iam:UpdateRoleDescription',
        ],
        [...roles, ...profiles],
      ),
    ];
  },
  oidc: (s) => [
    scoped(
      'GithubIdentityProvider',
      // Every action on the one provider this grant names: create, read, tag, audiences, delete.
      ['iam:*OpenIDConnectProvider*'],
      [globalArn(s, 'iam', `oidc-provider/${GITHUB_OIDC_HOST}`)],
    ),
  ],
  kms: (s) => [
    scoped(
      'Keys',
      [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DeleteAlias',
        'kms:DescribeKey',
        'kms:DisableKeyRotation',
        'kms:EnableKeyRotation',
        'kms:GenerateDataKey*',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
        'kms:PutKeyPolicy',
        'kms:RetireGrant',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      [arn(s, 'kms', 'key/*'), arn(s, 'kms', `alias/${s.namePrefix}-*`)],
    ),
    // A key does not exist before it is created, and aliases are listed account-wide.
    scoped('AccountWide', ['kms:CreateKey', 'kms:ListAliases'], ['*']),
  ],
  rds: (s) => [
    scoped(
      'Database',
      [
        'rds:AddTagsToResource',
        'rds:Create*',
        'rds:Delete*',
        'rds:Describe*',
        'rds:ListTagsForResource',
        'rds:Modify*',
        'rds:RemoveTagsFromResource',
      ],
      [arn(s, 'rds', '*')],
    ),
    // RDS keeps the master password in a secret of its own, created with the caller's rights.
    scoped(
      'DatabaseManagedSecret',
      [
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:RotateSecret',
        'secretsmanager:TagResource',
      ],
      [arn(s, 'secretsmanager', 'secret:rds!*')],
    ),
    serviceLinkedRoles(s, ['rds.amazonaws.com']),
  ],
  route53: (s) => [
    scoped(
      'Zones',
      [
        'route53:AssociateVPCWithHostedZone',
        'route53:ChangeResourceRecordSets',
        'route53:ChangeTagsForResource',
        'route53:DeleteHostedZone',
        'route53:DisassociateVPCFromHostedZone',
        'route53:GetHostedZone',
        'route53:ListResourceRecordSets',
        'route53:ListTagsForResource',
        'route53:UpdateHostedZoneComment',
      ],
      [`arn:${s.partition}:route53:::hostedzone/*`],
    ),
    scoped('WaitForZoneChanges', ['route53:GetChange'], [`arn:${s.partition}:route53:::change/*`]),
    // A zone has no ARN before it exists; Route53 defines no resource type for creating one.
    scoped('AccountWide', ['route53:CreateHostedZone'], ['*']),
  ],
  cloudmap: (s) => [
    scoped(
      'Discovery',
      [
        'servicediscovery:DeleteNamespace',
        'servicediscovery:GetNamespace',
        'servicediscovery:ListTagsForResource',
        'servicediscovery:TagResource',
        'servicediscovery:UntagResource',
        'servicediscovery:UpdatePrivateDnsNamespace',
      ],
      [arn(s, 'servicediscovery', '*')],
    ),
    scoped(
      'CreateNamespaces',
      ['servicediscovery:CreatePrivateDnsNamespace', 'servicediscovery:GetOperation'],
      ['*'],
    ),
  ],
  ssm: (s) => [
    scoped(
      'Parameters',
      [
        'ssm:AddTagsToResource',
        'ssm:DeleteParameter',
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:ListTagsForResource',
        'ssm:PutParameter',
        'ssm:RemoveTagsFromResource',
      ],
      [arn(s, 'ssm', `parameter${s.parameterPath ?? `/${s.namePrefix}/`}*`)],
    ),
    // The ECS-optimised AMI a launch template resolves is a public parameter AWS owns.
    scoped(
      'ReadPublicAmiParameters',
      ['ssm:GetParameters'],
      [`arn:${s.partition}:ssm:${s.region}::parameter/aws/service/ecs/*`],
    ),
    scoped('AccountWide', ['ssm:DescribeParameters'], ['*']),
  ],
  sns: (s) => [
    scoped(
      'Topics',
      [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:GetSubscriptionAttributes',
        'sns:GetTopicAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTagsForResource',
        'sns:SetSubscriptionAttributes',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:TagResource',
        'sns:Unsubscribe',
        'sns:UntagResource',
      ],
      [arn(s, 'sns', `${s.namePrefix}-*`)],
    ),
  ],
  logs: (s) => [
    scoped(
      'LogGroups',
      [
        'logs:AssociateKmsKey',
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:DeleteRetentionPolicy',
        'logs:DisassociateKmsKey',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
        'logs:PutRetentionPolicy',
        'logs:TagLogGroup',
        'logs:TagResource',
        'logs:UntagLogGroup',
        'logs:UntagResource',
      ],
      [arn(s, 'logs', 'log-group:*')],
    ),
    scoped('AccountWide', ['logs:DescribeLogGroups'], ['*']),
  ],
  cloudwatch: (s) => [
    scoped(
      'Alarms',
      [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      [arn(s, 'cloudwatch', `alarm:${s.namePrefix}-*`)],
    ),
  ],
  events: (s) => [
    scoped(
      'EventRules',
      [
        'events:DeleteRule',
        'events:DescribeRule',
        'events:DisableRule',
        'events:EnableRule',
        'events:ListTagsForResource',
        'events:ListTargetsByRule',
        'events:PutRule',
        'events:PutTargets',
        'events:RemoveTargets',
        'events:TagResource',
        'events:UntagResource',
      ],
      [arn(s, 'events', `rule/${s.namePrefix}-*`)],
    ),
  ],
  s3: (s) => [
    scoped(
      'OwnBuckets',
      [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:GetAccelerateConfiguration',
        's3:GetBucket*',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:ListBucket',
        's3:PutBucket*',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      [`arn:${s.partition}:s3:::${s.namePrefix}-*`],
    ),
  ],
  ecr: (s) => [
    scoped(
      'Repositories',
      [
        'ecr:CreateRepository',
        'ecr:DeleteLifecyclePolicy',
        'ecr:DeleteRepository',
        'ecr:DeleteRepositoryPolicy',
        'ecr:DescribeRepositories',
        'ecr:GetLifecyclePolicy',
        'ecr:GetRepositoryPolicy',
        'ecr:ListTagsForResource',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:PutLifecyclePolicy',
        'ecr:SetRepositoryPolicy',
        'ecr:TagResource',
        'ecr:UntagResource',
      ],
      [arn(s, 'ecr', `repository/${s.repositoryPrefix ?? `${s.namePrefix}/`}*`)],
    ),
    // KMS-encrypted repositories: ECR takes a grant on the key with the caller's rights.
    scoped(
      'RepositoryEncryption',
      ['kms:CreateGrant', 'kms:DescribeKey', 'kms:RetireGrant'],
      [arn(s, 'kms', 'key/*')],
    ),
  ],
};

/** Which grants each resource type needs; data sources that are computed locally need none. */
const GRANTS_BY_TYPE: Record<string, readonly string[]> = {
  ...Object.fromEntries(
    [
      'aws_default_security_group',
      'aws_eip',
      'aws_internet_gateway',
      'aws_launch_template',
      'aws_nat_gateway',
      'aws_route',
      'aws_route_table',
      'aws_route_table_association',
      'aws_security_group',
      'aws_subnet',
      'aws_vpc',
      'aws_vpc_endpoint',
      'aws_vpc_security_group_egress_rule',
      'aws_vpc_security_group_ingress_rule',
    ].map((type) => [type, ['ec2']]),
  ),
  aws_flow_log: ['ec2', 'logs'],
  aws_lb: ['elb'],
  aws_lb_listener: ['elb'],
  aws_lb_listener_rule: ['elb'],
  aws_lb_target_group: ['elb'],
  aws_acm_certificate: ['acm'],
  aws_acm_certificate_validation: ['acm'],
  aws_autoscaling_group: ['autoscaling', 'ec2'],
  aws_ecs_cluster: ['ecs'],
  aws_ecs_capacity_provider: ['ecs'],
  aws_ecs_cluster_capacity_providers: ['ecs'],
  aws_ecs_account_setting_default: ['ecs'],
  aws_iam_role: ['iam'],
  aws_iam_role_policy: ['iam'],
  aws_iam_role_policy_attachment: ['iam'],
  aws_iam_instance_profile: ['iam'],
  aws_iam_openid_connect_provider: ['oidc'],
  aws_kms_key: ['kms'],
  aws_kms_alias: ['kms'],
  aws_rds_cluster: ['rds', 'kms'],
  aws_rds_cluster_instance: ['rds'],
  aws_rds_cluster_parameter_group: ['rds'],
  aws_db_subnet_group: ['rds'],
  aws_route53_zone: ['route53'],
  aws_route53_record: ['route53'],
  aws_service_discovery_private_dns_namespace: ['cloudmap', 'route53'],
  aws_ssm_parameter: ['ssm'],
  aws_sns_topic: ['sns'],
  aws_sns_topic_policy: ['sns'],
  aws_sns_topic_subscription: ['sns'],
  aws_cloudwatch_log_group: ['logs'],
  aws_cloudwatch_metric_alarm: ['cloudwatch'],
  aws_cloudwatch_event_rule: ['events'],
  aws_cloudwatch_event_target: ['events'],
  aws_s3_bucket: ['s3'],
  aws_s3_bucket_lifecycle_configuration: ['s3'],
  aws_s3_bucket_ownership_controls: ['s3'],
  aws_s3_bucket_policy: ['s3'],
  aws_s3_bucket_public_access_block: ['s3'],
  aws_s3_bucket_server_side_encryption_configuration: ['s3'],
  aws_s3_bucket_versioning: ['s3'],
  aws_ecr_repository: ['ecr'],
  aws_ecr_lifecycle_policy: ['ecr'],
  aws_ecr_repository_policy: ['ecr'],
  // Computed by Terraform itself, or read from the state bucket (stateStatements).
  'data.aws_iam_policy_document': [],
  'data.aws_partition': [],
  'data.aws_elb_service_account': [],
  'data.terraform_remote_state': [],
};

/** The resource types a deploy-platform role has no grant for: a new kind of resource needs one. */
export function platformGrantProblems(resourceTypes: readonly string[]): Problem[] {
  return [...new Set(resourceTypes)]
    .filter((type) => !(type in GRANTS_BY_TYPE))
    .flatMap((type) =>
      check(
        false,
        'resourceTypes',
        type,
        'has no deploy-platform grant',
        `a type listed in modules/github-oidc/permissions.ts (GRANTS_BY_TYPE): ${Object.keys(GRANTS_BY_TYPE).length} are`,
      ),
    );
}

/**
 * What applying a platform stack (`shared`, or an environment) takes: for each AWS service its
 * resources use, that service's actions on the resources of this account and region (names under
 * the stack's prefix where the service names them), plus its own state and the roles its other
 * providers assume. Derived from the resource types the stack holds, so it follows the stack.
 */
export function deployPlatformStatements(s: DeployPlatformScope): Statement[] {
  const grants = [...new Set(s.resourceTypes.flatMap((type) => GRANTS_BY_TYPE[type] ?? []))].sort();
  const statements = [...stateStatements(s.partition, s.state), ...grants.flatMap((g) => GRANTS[g](s))];
  if ((s.assumeRoleArns ?? []).length > 0) {
    statements.push(scoped('AssumeDnsRecordRoles', ['sts:AssumeRole'], [...s.assumeRoleArns!]));
  }
  return mergeBySid(statements);
}

/** Reading states for a plan (`terraform plan -refresh=false -lock=false`): nothing in AWS, no lock. */
export function planStatements(
  partition: string,
  bucketName: string,
  readKeys: readonly string[],
): Statement[] {
  return stateStatements(partition, { bucketName, writeKeys: [], readKeys });
}

function serviceLinkedRoles(s: AwsScope, services: string[]): Statement {
  return scoped(
    'ServiceLinkedRoles',
    ['iam:CreateServiceLinkedRole'],
    services.map((service) => globalArn(s, 'iam', `role/aws-service-role/${service}/*`)),
    [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: services }],
  );
}

/**
 * One statement per Sid: grants repeat the account-wide actions and service-linked roles, and an
 * inline role policy has 10,240 characters in all (IAM quotas). Statements sharing a Sid carry the
 * same condition keys, so their union grants exactly what they grant apart.
 */
function mergeBySid(statements: Statement[]): Statement[] {
  const merged = new Map<string, Statement>();
  for (const statement of statements) {
    const sid = statement.sid ?? `Statement${merged.size + 1}`;
    const previous = merged.get(sid);
    if (!previous) {
      merged.set(sid, { ...statement, sid });
      continue;
    }
    const union = (a?: readonly string[], b?: readonly string[]) =>
      [...new Set([...(a ?? []), ...(b ?? [])])].sort();
    merged.set(sid, {
      ...previous,
      actions: union(previous.actions, statement.actions),
      resources: union(previous.resources, statement.resources),
      condition: previous.condition?.map((c) => ({
        ...c,
        values: union(
          c.values,
          statement.condition?.find((d) => d.test === c.test && d.variable === c.variable)?.values,
        ),
      })),
    });
  }
  return [...merged.values()];
}
