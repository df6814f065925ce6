import {
  LOG_RETENTION_DAYS,
  actionsUnscoped,
  check,
  integerIn,
  isKnown,
  repeatedIndexes,
  wildcardActions,
  type Problem,
} from '../core';
import { fargateSizeProblem } from './fargate-sizes';
import type { EcsServiceFargateCapacity, EcsServiceProps, ResolvedEcsServiceProps } from './ecs-service';

const NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The path is pasted into a CMD-SHELL health check, so shell metacharacters are refused.
const HEALTH_PATH = /^\/[A-Za-z0-9._~/-]*$/;
const SCRATCH_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
const TARGET_GROUP_NAME_MAX = 32;
// IAM role names are at most 64 characters; the longest suffix added is `-execution`.
const BASE_NAME_MAX = 64 - '-execution'.length;
/** An ALB rule matches at most five values across its conditions. */
export const MAX_RULE_CONDITION_VALUES = 5;
/** ECS accepts capacity provider weights from 0 to 1000. */
export const MAX_CAPACITY_WEIGHT = 1000;

/**
 * The props a configuration sets per service and environment (sizes, counts, deployment, settings);
 * the rest of the props are wiring or come from the service catalogue.
 */
export type EcsServiceSettings = Pick<
  EcsServiceProps,
  | 'cpu'
  | 'memory'
  | 'desiredCount'
  | 'minCount'
  | 'maxCount'
  | 'cpuTargetPercent'
  | 'deployment'
  | 'enableExec'
  | 'environment'
  | 'scratchPaths'
  | 'taskPolicyStatements'
>;

/**
 * Where a configuration puts a service's tasks: EC2 capacity (the provider is wiring) or Fargate.
 * @discriminator type
 */
export type EcsServiceCapacityChoice = { readonly type: 'ec2' } | EcsServiceFargateCapacity;

/**
 * What the rules of the service read: the props without wiring (ARNs, IDs), with the names of the
 * secrets instead of the secrets. `envs/validate` builds it from the configuration.
 */
export interface EcsServiceCheck
  extends Omit<EcsServiceSettings, 'scratchPaths' | 'taskPolicyStatements'>,
    Pick<EcsServiceProps, 'serviceName' | 'namePrefix' | 'port' | 'healthCheckPath' | 'logRetentionDays'> {
  readonly capacity: EcsServiceCapacityChoice;
  readonly readonlyRootFilesystem: boolean;
  readonly scratchPaths: readonly string[];
  readonly taskPolicyStatements: readonly {
    readonly actions: readonly string[];
    readonly resources: readonly string[];
  }[];
  /** Names of the variables ECS fills from secrets, in the order of `secrets`. */
  readonly secretNames: readonly string[];
  /**
   * The load balancer attachment, its defaults applied.
   * @default - not behind a load balancer: no rule of it applies
   */
  readonly loadBalancer?: {
    readonly priority: number;
    readonly pathPatterns: readonly string[];
    readonly hostHeaders: readonly string[];
    /**
     * Requests per task the service scales on.
     * @default - CPU scaling only
     */
    readonly requestsPerTarget?: number;
    readonly deregistrationDelaySeconds: number;
  };
}

/** Every problem a service's settings have; tokens are skipped (only apply knows them). */
export function ecsServiceProblems(p: EcsServiceCheck): Problem[] {
  return [
    ...nameProblems(p),
    ...check(
      isKnown(p.port),
      'port',
      '<token>',
      'is a token',
      'a literal port: it is written into the container definition',
    ),
    ...integerIn('port', p.port, 1, 65535),
    ...sizeProblems(p),
    ...countProblems(p),
    ...check(
      !(p.enableExec && p.readonlyRootFilesystem),
      'readonlyRootFilesystem',
      true,
      'cannot go with enableExec: the ECS Exec agent must write to the root filesystem',
      'false when enableExec is true, or enableExec false',
    ),
    ...environmentProblems(p),
    ...healthCheckPathProblems(p.healthCheckPath),
    ...p.scratchPaths.flatMap((path, i) =>
      check(
        SCRATCH_PATH.test(path),
        `scratchPaths[${i}]`,
        path,
        'is not an absolute directory path',
        'a path below / without a trailing slash, such as "/tmp"',
      ),
    ),
    ...repeatedIndexes(p.scratchPaths).flatMap((i) =>
      check(false, `scratchPaths[${i}]`, p.scratchPaths[i], 'is listed twice', 'each path once'),
    ),
    ...check(
      !isKnown(p.logRetentionDays) || LOG_RETENTION_DAYS.includes(p.logRetentionDays),
      'logRetentionDays',
      p.logRetentionDays,
      'is not a retention period CloudWatch Logs accepts',
      LOG_RETENTION_DAYS.join(', '),
    ),
    ...taskPolicyProblems(p.taskPolicyStatements),
    ...loadBalancerProblems(p),
  ];
}

/**
 * The task role's extra statements: well-formed, and within the security rules the synthesized
 * policy must pass (IAM-001: no "*" or "<service>:*"; IAM-002: Resource "*" only for actions that
 * have no resource type), so that a statement the rules would refuse never gets past validation.
 */
function taskPolicyProblems(statements: EcsServiceCheck['taskPolicyStatements']): Problem[] {
  return statements.flatMap((statement, i) => {
    const at = `taskPolicyStatements[${i}]`;
    const wild = wildcardActions(statement.actions);
    const unscoped = actionsUnscoped(statement.actions, statement.resources);
    return [
      ...check(statement.actions.length > 0, `${at}.actions`, [], 'is empty', 'at least one action'),
      ...statement.actions
        .filter((action) => !wild.includes(action))
        .flatMap((action) =>
          check(
            IAM_ACTION.test(action),
            `${at}.actions`,
            action,
            'is not an IAM action',
            'service:Action, such as "s3:GetObject"',
          ),
        ),
      ...check(
        wild.length === 0,
        `${at}.actions`,
        wild,
        'allow every action (of a service); security rule IAM-001 refuses that',
        'named actions, such as "s3:GetObject"',
      ),
      ...check(
        statement.resources.length > 0,
        `${at}.resources`,
        [],
        'is empty',
        'at least one resource ARN',
      ),
      ...check(
        unscoped.length === 0,
        `${at}.resources`,
        statement.resources,
        `gives Resource "*" to ${unscoped.join(', ')}, which can be scoped to resources; security rule IAM-002 refuses that`,
        'the ARNs of the resources, or "*" only for actions that have no resource type (modules/core/iam-statements.ts)',
      ),
    ];
  });
}

export function healthCheckPathProblems(path: string): Problem[] {
  return check(
    !isKnown(path) || HEALTH_PATH.test(path),
    'healthCheckPath',
    path,
    'is not an HTTP path the health check can use',
    'a path starting with "/" made of letters, digits and . _ ~ / -',
  );
}

function nameProblems(p: EcsServiceCheck): Problem[] {
  const baseName = `${p.namePrefix}-${p.serviceName}`;
  const known = isKnown(p.namePrefix) && isKnown(p.serviceName);
  return [
    // Names become the container name, the Cloud Map name and parts of AWS resource names.
    ...check(
      isKnown(p.serviceName),
      'serviceName',
      '<token>',
      'is a token',
      'a literal name: it names the container and the Cloud Map record',
    ),
    ...check(
      !isKnown(p.serviceName) || NAME.test(p.serviceName),
      'serviceName',
      p.serviceName,
      'is not usable as a container and DNS name',
      'lower-case letters, digits and inner hyphens, starting with a letter',
    ),
    ...check(
      !isKnown(p.namePrefix) || NAME.test(p.namePrefix),
      'namePrefix',
      p.namePrefix,
      'is not usable in resource names',
      'lower-case letters, digits and inner hyphens, starting with a letter',
    ),
    ...check(
      !known || baseName.length <= BASE_NAME_MAX,
      'namePrefix + serviceName',
      baseName,
      'is too long for the IAM role names it makes',
      `at most ${BASE_NAME_MAX} characters`,
    ),
    ...check(
      !known || p.loadBalancer === undefined || baseName.length <= TARGET_GROUP_NAME_MAX,
      'namePrefix + serviceName',
      baseName,
      `is too long to name the target group (${baseName.length} characters)`,
      `at most ${TARGET_GROUP_NAME_MAX} characters`,
    ),
  ];
}

function sizeProblems(p: EcsServiceCheck): Problem[] {
  const literal = (path: string, value: number) =>
    check(
      isKnown(value),
      path,
      '<token>',
      'is a token',
      'a literal number: task sizes are checked at synth time',
    );
  const sizes = [
    ...literal('cpu', p.cpu),
    ...literal('memory', p.memory),
    ...integerIn('cpu', p.cpu, 128, 196608),
    ...integerIn('memory', p.memory, 128, 1048576),
  ];
  if (p.capacity.type === 'ec2') return sizes;
  if (p.capacity.type !== 'fargate') {
    return check(
      false,
      'capacity.type',
      (p.capacity as { type: unknown }).type,
      'is not a capacity type',
      '"ec2" or "fargate"',
    );
  }
  const { fargateWeight, spotWeight } = p.capacity;
  const fargate = sizes.length === 0 ? fargateSizeProblem(p.cpu, p.memory) : undefined;
  return [
    ...sizes,
    ...check(
      fargate === undefined,
      'cpu/memory',
      { cpu: p.cpu, memory: p.memory },
      `is refused by Fargate: ${fargate}`,
      'a pair from the Fargate task size table',
    ),
    ...integerIn('capacity.fargateWeight', fargateWeight, 0, MAX_CAPACITY_WEIGHT),
    ...integerIn('capacity.spotWeight', spotWeight, 0, MAX_CAPACITY_WEIGHT),
    ...check(
      !isKnown(fargateWeight) || !isKnown(spotWeight) || fargateWeight + spotWeight > 0,
      'capacity',
      p.capacity,
      'has no usable weight (ECS places no task)',
      'fargateWeight or spotWeight above 0',
    ),
  ];
}

function countProblems(p: EcsServiceCheck): Problem[] {
  const counts = [p.minCount, p.desiredCount, p.maxCount];
  const d = p.deployment;
  return [
    ...integerIn('minCount', p.minCount, 0, 10000),
    ...integerIn('desiredCount', p.desiredCount, 0, 10000),
    ...integerIn('maxCount', p.maxCount, 1, 10000),
    ...check(
      !counts.every(isKnown) || (p.minCount <= p.desiredCount && p.desiredCount <= p.maxCount),
      'minCount/desiredCount/maxCount',
      { minCount: p.minCount, desiredCount: p.desiredCount, maxCount: p.maxCount },
      'are out of order',
      'minCount <= desiredCount <= maxCount',
    ),
    ...integerIn('cpuTargetPercent', p.cpuTargetPercent, 1, 100, 'percent'),
    ...integerIn('deployment.minimumHealthyPercent', d.minimumHealthyPercent, 0, 100),
    ...integerIn('deployment.maximumPercent', d.maximumPercent, 100, 200),
    ...check(
      !isKnown(d.minimumHealthyPercent) ||
        !isKnown(d.maximumPercent) ||
        d.maximumPercent > d.minimumHealthyPercent,
      'deployment.maximumPercent',
      d.maximumPercent,
      `is not above minimumHealthyPercent (${d.minimumHealthyPercent}), so a deployment can never start a new task`,
      `more than ${d.minimumHealthyPercent}`,
    ),
    ...integerIn('deployment.healthCheckGracePeriodSeconds', d.healthCheckGracePeriodSeconds, 0, 2147483647),
  ];
}

function environmentProblems(p: EcsServiceCheck): Problem[] {
  const variables = Object.keys(p.environment);
  const variable = 'letters, digits and "_", not starting with a digit';
  return [
    ...variables.flatMap((name) =>
      check(
        ENV_NAME.test(name),
        `environment.${name}`,
        name,
        'is not an environment variable name',
        variable,
      ),
    ),
    ...p.secretNames.flatMap((name, i) => [
      ...check(
        ENV_NAME.test(name),
        `secrets[${i}].name`,
        name,
        'is not an environment variable name',
        variable,
      ),
      ...check(
        !variables.includes(name),
        `secrets[${i}].name`,
        name,
        'is also a plain environment variable, which ECS refuses',
        'a name set either as a secret or in environment, not both',
      ),
    ]),
    ...repeatedIndexes(p.secretNames).flatMap((i) =>
      check(
        false,
        `secrets[${i}].name`,
        p.secretNames[i],
        'is the name of another secret too',
        'each variable name once',
      ),
    ),
  ];
}

function loadBalancerProblems(p: EcsServiceCheck): Problem[] {
  const lb = p.loadBalancer;
  if (!lb) return [];
  const values = [...lb.pathPatterns, ...lb.hostHeaders];
  return [
    ...integerIn('loadBalancer.priority', lb.priority, 1, 50000),
    ...check(
      values.length > 0,
      'loadBalancer',
      { pathPatterns: [], hostHeaders: [] },
      'has no condition',
      'at least one path pattern or host header',
    ),
    ...check(
      values.length <= MAX_RULE_CONDITION_VALUES,
      'loadBalancer.pathPatterns + hostHeaders',
      values,
      `are ${values.length} values, more than an ALB rule matches`,
      `at most ${MAX_RULE_CONDITION_VALUES} values in total`,
    ),
    ...integerIn('loadBalancer.deregistrationDelaySeconds', lb.deregistrationDelaySeconds, 0, 3600),
    ...(lb.requestsPerTarget === undefined
      ? []
      : integerIn('loadBalancer.requestsPerTarget', lb.requestsPerTarget, 1, 1000000)),
  ];
}

/** The check input of resolved props. */
export function checkInput(p: ResolvedEcsServiceProps): EcsServiceCheck {
  return { ...p, secretNames: p.secrets.map((s) => s.name) };
}

/** Problems with what the stack wires in: subnets, image, capacity provider, secrets' sources. */
export function ecsServiceWiringProblems(p: ResolvedEcsServiceProps): Problem[] {
  return [
    ...check(
      !isKnown(p.subnetIds) || p.subnetIds.length > 0,
      'subnetIds',
      p.subnetIds,
      'is empty',
      'at least one subnet ID',
    ),
    ...check(
      !isKnown(p.image.tag) || IMAGE_TAG.test(p.image.tag),
      'image.tag',
      p.image.tag,
      'is not an image tag',
      'letters, digits, "_", "." and "-", at most 128 characters',
    ),
    ...check(
      p.capacity.type !== 'ec2' || p.capacity.capacityProviderName !== '',
      'capacity.capacityProviderName',
      '',
      'is empty',
      'the name of the cluster capacity provider',
    ),
    ...p.secrets.flatMap((secret, i) => [
      ...check(
        secret.grant.kind === 'ssm-parameter' || secret.grant.kind === 'secretsmanager-secret',
        `secrets[${i}].grant.kind`,
        secret.grant.kind,
        'is not a kind of secret',
        '"ssm-parameter" or "secretsmanager-secret"',
      ),
      ...check(
        secret.valueFrom !== '',
        `secrets[${i}].valueFrom`,
        '',
        'is empty',
        'an SSM parameter or secret ARN',
      ),
      ...check(
        secret.grant.arn !== '',
        `secrets[${i}].grant.arn`,
        '',
        'is empty',
        'the ARN the execution role may read',
      ),
    ]),
  ];
}
