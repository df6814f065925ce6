/**
 * What an AWS service acting for the environment's workloads may ever do: the ceiling of every
 * workload role (ECS tasks and their agents, EC2 container instances, flow logs). A role's own
 * policy narrows it to resources; the boundary only caps the actions, so that no policy CI writes
 * onto such a role can reach further (IAM User Guide, "Permissions boundaries for IAM entities").
 */

/** The ECS container agent on an EC2 instance (AmazonEC2ContainerServiceforEC2Role). */
const ECS_AGENT = [
  'ec2:DescribeTags',
  'ecs:CreateCluster',
  'ecs:DeregisterContainerInstance',
  'ecs:DiscoverPollEndpoint',
  'ecs:ListTagsForResource',
  'ecs:Poll',
  'ecs:RegisterContainerInstance',
  'ecs:StartTelemetrySession',
  'ecs:Submit*',
  'ecs:TagResource',
  'ecs:UpdateContainerInstancesState',
];

/** The SSM agent on an instance and in ECS Exec (AmazonSSMManagedInstanceCore). */
const SSM_AGENT = [
  'ec2messages:AcknowledgeMessage',
  'ec2messages:DeleteMessage',
  'ec2messages:FailMessage',
  'ec2messages:GetEndpoint',
  'ec2messages:GetMessages',
  'ec2messages:SendReply',
  'ssm:DescribeAssociation',
  'ssm:DescribeDocument',
  'ssm:GetDeployablePatchSnapshotForInstance',
  'ssm:GetDocument',
  'ssm:GetManifest',
  'ssm:ListAssociations',
  'ssm:ListInstanceAssociations',
  'ssm:PutComplianceItems',
  'ssm:PutConfigurePackageResult',
  'ssm:PutInventory',
  'ssm:UpdateAssociationStatus',
  'ssm:UpdateInstanceAssociationStatus',
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

/** Starting a task: pull the image, write logs, read its settings and secrets. */
const TASK_START = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:GetAuthorizationToken',
  'ecr:GetDownloadUrlForLayer',
  'kms:Decrypt',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
];

/**
 * What applications commonly call at run time (`services.<name>.taskPolicyStatements` names
 * resources for them): object storage, queues, notifications, mail, tables, metrics and traces.
 * Data only, never the stores themselves.
 */
const APPLICATION = [
  'cloudwatch:PutMetricData',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
  'elasticache:Connect',
  'events:PutEvents',
  'kms:GenerateDataKey',
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
  'ses:SendEmail',
  'ses:SendRawEmail',
  'sns:Publish',
  'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ReceiveMessage',
  'sqs:SendMessage',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/** Every action a workload role may be granted; anything else its boundary refuses. */
export const WORKLOAD_ACTIONS: readonly string[] = [
  ...new Set([...ECS_AGENT, ...SSM_AGENT, ...TASK_START, ...APPLICATION]),
].sort();

/**
 * Refused to workloads whatever their policies say: changing identities or assuming other roles
 * (the way out of a boundary), the organization, and deleting the stores that hold data (the
 * database, its snapshots and keys, buckets, log groups, registries, tables, caches).
 */
export const WORKLOAD_DENIED_ACTIONS: readonly string[] = [
  'account:*',
  'dynamodb:DeleteBackup',
  'dynamodb:DeleteTable',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'elasticache:DeleteCacheCluster',
  'elasticache:DeleteReplicationGroup',
  'elasticache:DeleteSnapshot',
  'iam:*',
  'kms:DisableKey',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'logs:DeleteLogGroup',
  'organizations:*',
  'rds:DeleteDBCluster',
  'rds:DeleteDBClusterSnapshot',
  'rds:DeleteDBInstance',
  'rds:DeleteDBSnapshot',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketPolicy',
  's3:PutLifecycleConfiguration',
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
];

/** Whether the boundary allows `action` (a literal action; the list's `*` patterns match as IAM's). */
export function isWorkloadAction(action: string): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    ).test(action);
  return WORKLOAD_ACTIONS.some(matches) && !WORKLOAD_DENIED_ACTIONS.some(matches);
}
