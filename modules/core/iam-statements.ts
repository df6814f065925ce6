/**
 * What the security rules IAM-001 and IAM-002 (modules/policies) refuse in one IAM statement, as
 * pure functions: the rules apply them to synthesized policies, and modules that take statements
 * as props (ecs-service) refuse the same statements before anything is built.
 */

/**
 * Actions for which the AWS Service Authorization Reference lists no resource type, so `"*"` is the
 * only Resource IAM accepts. Named one by one on purpose: a pattern such as `ec2:Describe*` would
 * also admit actions that can be scoped, and this list is the whole exception to IAM-002.
 */
export const RESOURCELESS_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
  'logs:DescribeLogGroups',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeInstances',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRegions',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'sts:GetCallerIdentity',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];
const RESOURCELESS = new Set(RESOURCELESS_ACTIONS.map((a) => a.toLowerCase()));

/** Actions that allow everything, or every action of a service (IAM-001). */
export function wildcardActions(actions: readonly string[]): string[] {
  return actions.filter((action) => action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action));
}

/** Actions given Resource "*" although they have a resource type to scope them to (IAM-002). */
export function actionsUnscoped(actions: readonly string[], resources: readonly string[]): string[] {
  if (!resources.includes('*')) return [];
  return actions.filter((action) => !RESOURCELESS.has(action.toLowerCase()));
}
