import { guardrailStatements, workloadRoleStatements, type IdentityScope } from './guardrails';
import { arn, mergeStatements, stateStatements, type Statement, type StateAccess } from './statements';

/**
 * What the image publishers, the plan roles and the service deployers may do, as IAM statements.
 * Every statement names the resources it applies to; `"*"` appears only for actions AWS defines
 * no resource type for (modules/core/iam-statements.ts, rule IAM-002, checked against the IAM
 * service reference by a unit test). The environment and shared deployers' grants, derived from
 * the resource types their stacks hold, are in platform-grants.ts.
 */

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

export interface PlanScope {
  readonly partition: string;
  readonly bucketName: string;
  /** States the plans read: the stacks they plan and the stacks those read. */
  readonly readKeys: readonly string[];
  /**
   * Roles the planned stacks' other providers assume (an environment's DNS provider, given the
   * zone reader for plans): assuming is part of configuring a provider, even when nothing is read.
   * @default []
   */
  readonly assumeRoleArns?: readonly string[];
}

/**
 * Planning from state (`terraform plan -refresh=false -lock=false`): the states, and the read-only
 * roles the stacks' other providers assume. Nothing in AWS is read and no lock is taken.
 */
export function planStatements(s: PlanScope): Statement[] {
  return [
    ...stateStatements(s.partition, { bucketName: s.bucketName, writeKeys: [], readKeys: s.readKeys }),
    ...((s.assumeRoleArns ?? []).length > 0
      ? [
          {
            sid: 'AssumeReadOnlyProviderRoles',
            actions: ['sts:AssumeRole'],
            resources: [...s.assumeRoleArns!],
          },
        ]
      : []),
  ];
}

/** One ECS service of an environment, as its stack names it. */
export interface DeployedService {
  /** `<project>-<env>-<service>`: the ECS service, the task family and the prefix of its alarms and roles. */
  readonly baseName: string;
  /** The task execution and task roles its task definition passes to ECS, by name. */
  readonly roleNames: readonly string[];
  /** Its log group, for example `/ecs/webapp-dev/backend`. */
  readonly logGroupName: string;
}

export interface DeployServicesScope extends IdentityScope {
  /** The environment's ECS cluster. */
  readonly clusterName: string;
  readonly services: readonly DeployedService[];
  /**
   * The load balancer public services add their rules to (its name), when the environment has
   * public services; listener and rule IDs are AWS's, so the name is what scopes them.
   * @default - no public service: no rights on any load balancer
   */
  readonly loadBalancerName?: string;
  /**
   * Whether internal services register in the environment's Cloud Map namespace.
   * @default false
   */
  readonly serviceDiscovery?: boolean;
  readonly state: StateAccess;
}

/**
 * What applying an environment's service stacks takes, and no more: those services' task
 * definitions, ECS services, task roles (created with the boundary and passed to ECS tasks only),
 * log groups, alarms, autoscaling, target groups and listener rules, Cloud Map services, and their
 * own states.
 */
export function deployServicesStatements(s: DeployServicesScope): Statement[] {
  const roleNames = s.services.flatMap((svc) => svc.roleNames);
  return mergeStatements([
    ...stateStatements(s.partition, s.state),
    ...workloadRoleStatements(s, {
      names: roleNames,
      passedTo: Object.fromEntries(roleNames.map((name) => [name, 'ecs-tasks.amazonaws.com'])),
    }),
    ...guardrailStatements(s),
    ...ecsServiceStatements(s),
    ...logAndAlarmStatements(s),
    ...autoscalingStatements(s),
    ...(s.loadBalancerName !== undefined ? listenerRuleStatements(s, s.loadBalancerName) : []),
    ...(s.serviceDiscovery ? discoveryServiceStatements(s) : []),
  ]);
}

/** The services' task definitions and ECS services, and the service-linked roles ECS creates. */
function ecsServiceStatements(s: DeployServicesScope): Statement[] {
  const services = s.services.map((svc) => arn(s, 'ecs', `service/${s.clusterName}/${svc.baseName}`));
  const families = s.services.map((svc) => arn(s, 'ecs', `task-definition/${svc.baseName}:*`));
  return [
    {
      sid: 'OwnTaskDefinitions',
      actions: ['ecs:RegisterTaskDefinition', 'ecs:TagResource'],
      resources: families,
    },
    {
      // AWS defines no resource type for these two (Service Authorization Reference, ECS).
      sid: 'TaskDefinitionsAccountWide',
      actions: ['ecs:DeregisterTaskDefinition', 'ecs:DescribeTaskDefinition'],
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
      resources: services,
    },
    {
      sid: 'ServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: [
        `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/ecs.amazonaws.com/*`,
        `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/*`,
      ],
      condition: [
        {
          test: 'StringEquals',
          variable: 'iam:AWSServiceName',
          values: ['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'],
        },
      ],
    },
  ];
}

/** The services' log groups and alarms, and the alarms target tracking makes for them. */
function logAndAlarmStatements(s: DeployServicesScope): Statement[] {
  const logGroups = s.services.flatMap((svc) => [
    arn(s, 'logs', `log-group:${svc.logGroupName}`),
    arn(s, 'logs', `log-group:${svc.logGroupName}:*`),
  ]);
  const alarms = [
    ...s.services.map((svc) => arn(s, 'cloudwatch', `alarm:${svc.baseName}-*`)),
    // Target tracking creates and deletes its own alarms with the caller's permissions.
    arn(s, 'cloudwatch', `alarm:TargetTracking-service/${s.clusterName}/*`),
  ];
  return [
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
      resources: logGroups,
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
  ];
}

/** The services' scalable targets and their policies. */
function autoscalingStatements(s: DeployServicesScope): Statement[] {
  return [
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
}

/** Public services' target groups and listener rules on the environment's load balancer. */
function listenerRuleStatements(s: DeployServicesScope, lb: string): Statement[] {
  return [
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
        arn(s, 'elasticloadbalancing', `listener/app/${lb}/*`),
        arn(s, 'elasticloadbalancing', `listener-rule/app/${lb}/*`),
        // Target groups are named from a prefix by the provider: AWS's name, AWS's ID.
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
  ];
}

/** Internal services' Cloud Map services in the environment's namespace. */
function discoveryServiceStatements(s: DeployServicesScope): Statement[] {
  return [
    {
      // Namespace and service IDs are AWS's; the environment's account holds its namespace only.
      sid: 'OwnDiscoveryServices',
      actions: [
        'servicediscovery:CreateService',
        'servicediscovery:DeleteService',
        'servicediscovery:GetNamespace',
        'servicediscovery:GetOperation',
        'servicediscovery:GetService',
        'servicediscovery:ListInstances',
        'servicediscovery:UpdateService',
      ],
      resources: [arn(s, 'servicediscovery', 'namespace/*'), arn(s, 'servicediscovery', 'service/*')],
    },
    {
      // Cloud Map's tag actions take no resource type: IAM evaluates them against "*".
      sid: 'DiscoveryTags',
      actions: [
        'servicediscovery:ListTagsForResource',
        'servicediscovery:TagResource',
        'servicediscovery:UntagResource',
      ],
      resources: ['*'],
    },
  ];
}
