import {
  guardrailStatements,
  workloadRoleStatements,
  type IdentityScope,
  type WorkloadRoles,
} from './guardrails';
import {
  arn,
  globalArn,
  mergeStatements,
  stateStatements,
  type Statement,
  type StateAccess,
} from './statements';

/**
 * What applying a platform stack (`shared`, or an environment) takes: for each AWS service its
 * resources use, that service's actions on the resources of this account and region, named under
 * the stack's prefix where the service lets a name scope them, and by the stack's tag where only
 * AWS's IDs would (KMS keys). Derived from the resource types the stack holds, so it follows it.
 */

export interface DeployPlatformScope extends IdentityScope {
  /** Terraform resource types the stack holds; each must have a grant (platformGrantProblems). */
  readonly resourceTypes: readonly string[];
  /** Resources the stack names are named `<namePrefix>-...` (alarms, topics, rules, aliases, buckets, ...). */
  readonly namePrefix: string;
  /** The stack's ID, which its provider's default tags put in the tag `Stack` of every resource. */
  readonly stackId: string;
  /** The workload roles the stack creates (WorkloadRole constructs). @default - none */
  readonly workloads?: WorkloadRoles;
  /** Exact names of the stack's log groups. @default [] */
  readonly logGroupNames?: readonly string[];
  /** SSM parameters live below this path, for example `/webapp/dev/`. @default - `/<namePrefix>/` */
  readonly parameterPath?: string;
  /** ECR repositories are named below this, for example `webapp/`. @default - `<namePrefix>/` */
  readonly repositoryPrefix?: string;
  /** Roles the stack's other providers assume (the environment's DNS record writer). @default [] */
  readonly assumeRoleArns?: readonly string[];
  /**
   * The environment's data is protected (`protectData`): the role may not delete the database,
   * its snapshots, keys or log buckets, whatever Terraform asks.
   * @default false
   */
  readonly protectData?: boolean;
  readonly state: StateAccess;
}

/** The statements one AWS service's resources need, for the stack's account and region. */
type Grant = (s: DeployPlatformScope) => Statement[];

const statement = (
  sid: string,
  actions: string[],
  resources: string[],
  condition?: Statement['condition'],
): Statement => ({ sid, actions, resources, ...(condition ? { condition } : {}) });

/** Resources tagged by this stack (`default_tags` put `Stack = <id>` on every one). */
const taggedByStack = (s: DeployPlatformScope, key: 'aws:ResourceTag' | 'aws:RequestTag') => ({
  test: 'StringEquals',
  variable: `${key}/Stack`,
  values: [s.stackId],
});

/**
 * The EC2 actions that create the resources the platform stacks hold (aws_vpc, aws_subnet, ...,
 * a security group's rules, an Elastic IP): each must give the stack's tag to what it creates.
 */
const EC2_CREATES = [
  'ec2:AllocateAddress',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateFlowLogs',
  'ec2:CreateInternetGateway',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateNatGateway',
  'ec2:CreateRouteTable',
  'ec2:CreateSecurityGroup',
  'ec2:CreateSubnet',
  'ec2:CreateVpc',
  'ec2:CreateVpcEndpoint',
];

const GRANTS: Record<string, Grant> = {
  ec2: (s) => [...ec2NetworkStatements(s), ...ec2LaunchStatements(s)],
  elb: (s) => [
    statement(
      'LoadBalancing',
      [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:RemoveTags',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
      ],
      [
        arn(s, 'elasticloadbalancing', `loadbalancer/app/${s.namePrefix}-*`),
        arn(s, 'elasticloadbalancing', `listener/app/${s.namePrefix}-*`),
        arn(s, 'elasticloadbalancing', `listener-rule/app/${s.namePrefix}-*`),
        arn(s, 'elasticloadbalancing', 'targetgroup/*'),
      ],
    ),
    statement('AccountWide', ['elasticloadbalancing:Describe*'], ['*']),
  ],
  acm: (s) => [
    statement(
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
    statement('AccountWide', ['acm:RequestCertificate'], ['*']),
  ],
  autoscaling: (s) => [
    statement(
      'InstanceAutoscaling',
      [
        'autoscaling:AttachLoadBalancerTargetGroups',
        'autoscaling:CreateAutoScalingGroup',
        'autoscaling:CreateOrUpdateTags',
        'autoscaling:DeleteAutoScalingGroup',
        'autoscaling:DeleteTags',
        'autoscaling:DetachLoadBalancerTargetGroups',
        'autoscaling:PutScalingPolicy',
        'autoscaling:ResumeProcesses',
        'autoscaling:SetInstanceProtection',
        'autoscaling:SuspendProcesses',
        'autoscaling:UpdateAutoScalingGroup',
      ],
      [arn(s, 'autoscaling', `autoScalingGroup:*:autoScalingGroupName/${s.namePrefix}-*`)],
    ),
    statement('AccountWide', ['autoscaling:Describe*'], ['*']),
    serviceLinkedRoles(s, ['autoscaling.amazonaws.com']),
  ],
  ecs: (s) => [
    statement(
      'Cluster',
      [
        'ecs:CreateCapacityProvider',
        'ecs:CreateCluster',
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
      [arn(s, 'ecs', `cluster/${s.namePrefix}`), arn(s, 'ecs', `capacity-provider/${s.namePrefix}-*`)],
    ),
    // The account's defaults (ENI trunking) belong to the account, not to a resource.
    statement(
      'AccountWide',
      ['ecs:DeleteAccountSetting', 'ecs:ListAccountSettings', 'ecs:PutAccountSettingDefault'],
      ['*'],
    ),
    serviceLinkedRoles(s, ['ecs.amazonaws.com']),
  ],
  iam: (s) => (s.workloads ? workloadRoleStatements(s, s.workloads) : []),
  kms: (s) => [
    statement(
      'OwnKeys',
      [
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:DisableKeyRotation',
        'kms:EnableKeyRotation',
        'kms:GenerateDataKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
        'kms:PutKeyPolicy',
        'kms:RetireGrant',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateKeyDescription',
      ],
      [arn(s, 'kms', 'key/*')],
      // Key IDs are AWS's: the stack's tag is what scopes them (every key carries it from birth).
      [taggedByStack(s, 'aws:ResourceTag')],
    ),
    statement(
      'OwnAliases',
      ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      [arn(s, 'kms', `alias/${s.namePrefix}-*`)],
    ),
    statement(
      'AliasTargets',
      ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      [arn(s, 'kms', 'key/*')],
      [taggedByStack(s, 'aws:ResourceTag')],
    ),
    // A key has no ARN before it exists: it may be created only with the stack's tag.
    statement('CreateOwnKeys', ['kms:CreateKey'], ['*'], [taggedByStack(s, 'aws:RequestTag')]),
    statement('AccountWide', ['kms:ListAliases'], ['*']),
    {
      // With the check bypassed, a key policy may shut out every principal, the account included:
      // the data it encrypts would be lost as surely as by deleting the key.
      sid: 'NeverLockOutAKey',
      effect: 'Deny',
      actions: ['kms:CreateKey', 'kms:PutKeyPolicy'],
      resources: ['*'],
      condition: [{ test: 'Bool', variable: 'kms:BypassPolicyLockoutSafetyCheck', values: ['true'] }],
    },
  ],
  rds: (s) => [
    statement(
      'Database',
      [
        'rds:AddTagsToResource',
        'rds:CreateDBCluster',
        'rds:CreateDBClusterParameterGroup',
        'rds:CreateDBInstance',
        'rds:CreateDBSubnetGroup',
        'rds:DeleteDBCluster',
        'rds:DeleteDBClusterParameterGroup',
        'rds:DeleteDBInstance',
        'rds:DeleteDBSubnetGroup',
        'rds:DescribeDBClusterParameterGroups',
        'rds:DescribeDBClusterParameters',
        'rds:DescribeDBClusterSnapshots',
        'rds:DescribeDBClusters',
        'rds:DescribeDBInstances',
        'rds:DescribeDBSubnetGroups',
        'rds:ListTagsForResource',
        'rds:ModifyDBCluster',
        'rds:ModifyDBClusterParameterGroup',
        'rds:ModifyDBInstance',
        'rds:ModifyDBSubnetGroup',
        'rds:RemoveTagsFromResource',
        'rds:ResetDBClusterParameterGroup',
      ],
      // Every identifier the stack gives is `<namePrefix>-...` (cluster, instance, subnet and
      // parameter group, final snapshot).
      ['cluster', 'db', 'subgrp', 'cluster-pg', 'cluster-snapshot'].map((type) =>
        arn(s, 'rds', `${type}:${s.namePrefix}-*`),
      ),
    ),
    statement('AccountWide', ['rds:DescribeGlobalClusters', 'rds:DescribeDBEngineVersions'], ['*']),
    // RDS keeps the master password in a secret of its own, created with the caller's rights.
    statement(
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
    statement(
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
      // Zone IDs are AWS's; the account holds the environment's private zones only (the public
      // zone is in the shared account, written through the record writer role).
      [`arn:${s.partition}:route53:::hostedzone/*`],
    ),
    statement('WaitForZoneChanges', ['route53:GetChange'], [`arn:${s.partition}:route53:::change/*`]),
    // A zone has no ARN before it exists; Route53 defines no resource type for creating one.
    statement('AccountWide', ['route53:CreateHostedZone'], ['*']),
  ],
  cloudmap: (s) => [
    statement(
      'Discovery',
      [
        'servicediscovery:DeleteNamespace',
        'servicediscovery:GetNamespace',
        'servicediscovery:GetOperation',
        'servicediscovery:UpdatePrivateDnsNamespace',
      ],
      [arn(s, 'servicediscovery', 'namespace/*')],
    ),
    // Cloud Map's tag actions take no resource type: IAM evaluates them against "*".
    statement(
      'AccountWide',
      [
        'servicediscovery:CreatePrivateDnsNamespace',
        'servicediscovery:ListTagsForResource',
        'servicediscovery:TagResource',
        'servicediscovery:UntagResource',
      ],
      ['*'],
    ),
  ],
  ssm: (s) => [
    statement(
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
    statement(
      'ReadPublicAmiParameters',
      ['ssm:GetParameters'],
      [`arn:${s.partition}:ssm:${s.region}::parameter/aws/service/ecs/*`],
    ),
    statement('AccountWide', ['ssm:DescribeParameters'], ['*']),
  ],
  sns: (s) => [
    statement(
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
    statement(
      'OwnLogGroups',
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
      (s.logGroupNames ?? []).flatMap((name) => [
        arn(s, 'logs', `log-group:${name}`),
        arn(s, 'logs', `log-group:${name}:*`),
      ]),
    ),
    statement('AccountWide', ['logs:DescribeLogGroups'], ['*']),
  ],
  cloudwatch: (s) => [
    statement(
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
    statement(
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
    statement(
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
    statement(
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
  ],
};

/**
 * The account's network as the stack's own: EC2's IDs are AWS's, so its resources are scoped by the
 * stack's tag (ABAC), on what exists and on what is created.
 */
function ec2NetworkStatements(s: DeployPlatformScope): Statement[] {
  return [
    // EC2's IDs are AWS's, so its resources are scoped by the stack's tag (ABAC): every write to
    // an existing resource needs the tag on it, so that no other stack's or person's instance,
    // launch template or security group in the account can be changed (an instance's user data or
    // a template's next version runs as its role).
    statement(
      'OwnNetwork',
      [
        'ec2:Associate*',
        'ec2:Attach*',
        'ec2:Authorize*',
        'ec2:Create*',
        'ec2:Delete*',
        'ec2:Detach*',
        'ec2:Disassociate*',
        'ec2:Modify*',
        'ec2:ReleaseAddress',
        'ec2:Replace*',
        'ec2:Revoke*',
        'ec2:RunInstances',
        'ec2:UpdateSecurityGroupRuleDescriptions*',
      ],
      [arn(s, 'ec2', '*')],
      [taggedByStack(s, 'aws:ResourceTag')],
    ),
    // A new resource has no tags yet: it may be created only with the stack's (EC2 evaluates
    // `aws:RequestTag` on the resource created, never on the VPC or subnet it is created in).
    statement('NewNetwork', [...EC2_CREATES], [arn(s, 'ec2', '*')], [taggedByStack(s, 'aws:RequestTag')]),
    // Tagging at creation is authorized as CreateTags too; CreateTags on its own (which could claim
    // another's resource by giving it this stack's tag) is not granted here.
    statement(
      'TagNewNetwork',
      ['ec2:CreateTags'],
      [arn(s, 'ec2', '*')],
      [
        taggedByStack(s, 'aws:RequestTag'),
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: EC2_CREATES.map((a) => a.slice(4)) },
      ],
    ),
    // AWS creates a VPC's default security group, untagged; aws_default_security_group adopts it
    // by tagging it first. Only an untagged group can be adopted.
    statement(
      'AdoptDefaultSecurityGroup',
      ['ec2:CreateTags'],
      [arn(s, 'ec2', 'security-group/*')],
      [
        taggedByStack(s, 'aws:RequestTag'),
        { test: 'Null', variable: 'aws:ResourceTag/Stack', values: ['true'] },
      ],
    ),
  ];
}

/** The instances the Auto Scaling group launches, and the reads the provider makes. */
function ec2LaunchStatements(s: DeployPlatformScope): Statement[] {
  return [
    // What the Auto Scaling group's launches create, checked with the caller's rights when the
    // group is created or changed: the instances and their volumes and interfaces, whose tags the
    // launch template gives (a template of another stack is refused above, by its tag).
    statement(
      'LaunchInstances',
      ['ec2:RunInstances'],
      ['instance/*', 'volume/*', 'network-interface/*'].map((r) => arn(s, 'ec2', r)),
    ),
    // The public AMI the instances boot and its snapshots are AWS's, not the account's.
    statement(
      'LaunchPublicImages',
      ['ec2:RunInstances'],
      [`arn:${s.partition}:ec2:${s.region}::image/*`, `arn:${s.partition}:ec2:${s.region}::snapshot/*`],
    ),
    // Reads that EC2 gives a resource type.
    statement('ReadNetwork', ['ec2:DescribeVpcAttribute', 'ec2:GetLaunchTemplateData'], [arn(s, 'ec2', '*')]),
    // The Describe actions the provider calls; EC2 gives none of them a resource type.
    statement(
      'AccountWide',
      [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeFlowLogs',
        'ec2:DescribeInstances',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribeNatGateways',
        'ec2:DescribeNetworkAcls',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribePrefixLists',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroupRules',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeTags',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
      ],
      ['*'],
    ),
  ];
}

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

/** The resource types a deploy-platform role has a grant for (platformGrantProblems refuses others). */
export const PLATFORM_GRANT_TYPES: readonly string[] = Object.keys(GRANTS_BY_TYPE);

/**
 * With `protectData`, what Terraform may plan but this role may not do: delete the database, its
 * snapshots, the keys (the database's, whose loss makes its snapshots unreadable) or the stack's
 * buckets (the ALB's access logs). `prevent_destroy` refuses the plan; this refuses the call.
 */
function protectedDataStatements(): Statement[] {
  return [
    statement(
      'NeverDeleteProtectedData',
      [
        'kms:DisableKey',
        'kms:ScheduleKeyDeletion',
        'rds:DeleteDBCluster',
        'rds:DeleteDBClusterAutomatedBackup',
        'rds:DeleteDBClusterSnapshot',
        'rds:DeleteDBSnapshot',
        's3:DeleteBucket',
      ],
      ['*'],
    ),
  ].map((st) => ({ ...st, effect: 'Deny' as const }));
}

/**
 * What applying a platform stack takes: its state, the grants its resource types need, the roles
 * its other providers assume, the guardrails, and with `protectData` the refusal to delete data.
 */
export function deployPlatformStatements(s: DeployPlatformScope): Statement[] {
  const grants = [...new Set(s.resourceTypes.flatMap((type) => GRANTS_BY_TYPE[type] ?? []))].sort();
  return mergeStatements([
    ...stateStatements(s.partition, s.state),
    ...grants.flatMap((g) => GRANTS[g](s)),
    ...((s.assumeRoleArns ?? []).length > 0
      ? [statement('AssumeDnsRecordRoles', ['sts:AssumeRole'], [...s.assumeRoleArns!])]
      : []),
    ...guardrailStatements(s),
    ...(s.protectData ? protectedDataStatements() : []),
  ]);
}

function serviceLinkedRoles(s: DeployPlatformScope, services: string[]): Statement {
  return statement(
    'ServiceLinkedRoles',
    ['iam:CreateServiceLinkedRole'],
    services.map((service) => globalArn(s, 'iam', `role/aws-service-role/${service}/*`)),
    [{ test: 'StringEquals', variable: 'iam:AWSServiceName', values: services }],
  );
}
