import { Token } from 'cdktf';
import { fargateSizeProblem } from './fargate-sizes';
import type { ResolvedEcsServiceProps } from './props';
import { LOG_RETENTION_DAYS } from '../core/log-retention';

const NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The path is pasted into a CMD-SHELL health check, so shell metacharacters are refused.
const HEALTH_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
const SCRATCH_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
const TARGET_GROUP_NAME_MAX = 32;
// IAM role names are at most 64 characters; the longest suffix added is `-execution`.
const BASE_NAME_MAX = 64 - '-execution'.length;
const MAX_RULE_CONDITION_VALUES = 5;
const MAX_CAPACITY_WEIGHT = 1000;

const show = (value: unknown): string => JSON.stringify(value);
const literal = (value: unknown): boolean => !Token.isUnresolved(value);

/**
 * Throws on the first prop AWS or ECS would refuse, naming the construct, the field, the value
 * and what is accepted. Token values are skipped: they are only known at apply time.
 */
export function validateProps(id: string, p: ResolvedEcsServiceProps): void {
  const fail = (field: string, value: unknown, accepted: string): never => {
    throw new Error(`EcsService ${id}: ${field} is ${show(value)}; ${accepted}`);
  };
  const integer = (field: string, value: number, min: number, max: number): void => {
    if (literal(value) && (!Number.isInteger(value) || value < min || value > max)) {
      fail(field, value, `expected an integer from ${min} to ${max}`);
    }
  };
  const literalInteger = (field: string, value: number, min: number, max: number, why: string): void => {
    if (!literal(value)) fail(field, '<token>', `expected a literal number (${why})`);
    integer(field, value, min, max);
  };

  // Names become the container name, the Cloud Map name and parts of AWS resource names.
  if (!literal(p.serviceName)) {
    fail(
      'serviceName',
      '<token>',
      'expected a literal name (it names the container and the Cloud Map record)',
    );
  }
  if (!NAME.test(p.serviceName)) {
    fail(
      'serviceName',
      p.serviceName,
      'expected lowercase letters, digits and inner hyphens, starting with a letter',
    );
  }
  if (literal(p.namePrefix) && !NAME.test(p.namePrefix)) {
    fail(
      'namePrefix',
      p.namePrefix,
      'expected lowercase letters, digits and inner hyphens, starting with a letter',
    );
  }
  if (literal(p.baseName)) {
    if (p.baseName.length > BASE_NAME_MAX) {
      fail(
        'namePrefix + serviceName',
        p.baseName,
        `expected at most ${BASE_NAME_MAX} characters (IAM role names)`,
      );
    }
    if (p.loadBalancer !== undefined && p.baseName.length > TARGET_GROUP_NAME_MAX) {
      fail(
        'namePrefix + serviceName',
        p.baseName,
        `expected at most ${TARGET_GROUP_NAME_MAX} characters: it names the target group (${p.baseName.length} now)`,
      );
    }
  }

  if (p.subnetIds.length === 0) fail('subnetIds', p.subnetIds, 'expected at least one subnet ID');
  if (literal(p.image.tag) && !IMAGE_TAG.test(p.image.tag)) {
    fail('image.tag', p.image.tag, 'expected a Docker tag: letters, digits, _ . -, at most 128 characters');
  }

  literalInteger('port', p.port, 1, 65535, 'it is written into the container definition');
  literalInteger('cpu', p.cpu, 1, 196608, 'task sizes are checked at synth time');
  literalInteger('memory', p.memory, 1, 1048576, 'task sizes are checked at synth time');

  if (p.capacity.type === 'fargate') {
    const problem = fargateSizeProblem(p.cpu, p.memory);
    if (problem !== undefined) fail('cpu/memory', { cpu: p.cpu, memory: p.memory }, problem);
    integer('capacity.fargateWeight', p.capacity.fargateWeight, 0, MAX_CAPACITY_WEIGHT);
    integer('capacity.spotWeight', p.capacity.spotWeight, 0, MAX_CAPACITY_WEIGHT);
    const { fargateWeight, spotWeight } = p.capacity;
    if (literal(fargateWeight) && literal(spotWeight) && fargateWeight + spotWeight === 0) {
      fail(
        'capacity',
        p.capacity,
        'expected fargateWeight or spotWeight above 0 (ECS places no task otherwise)',
      );
    }
  } else if (p.capacity.type === 'ec2') {
    if (p.capacity.capacityProviderName === '') {
      fail('capacity.capacityProviderName', '', 'expected the name of the cluster capacity provider');
    }
  } else {
    fail('capacity.type', (p.capacity as { type: unknown }).type, "expected 'ec2' or 'fargate'");
  }

  integer('minCount', p.minCount, 0, 10000);
  integer('maxCount', p.maxCount, 1, 10000);
  integer('desiredCount', p.desiredCount, 0, 10000);
  if ([p.minCount, p.desiredCount, p.maxCount].every(literal)) {
    if (!(p.minCount <= p.desiredCount && p.desiredCount <= p.maxCount)) {
      fail(
        'minCount/desiredCount/maxCount',
        { minCount: p.minCount, desiredCount: p.desiredCount, maxCount: p.maxCount },
        'expected minCount <= desiredCount <= maxCount',
      );
    }
  }
  integer('cpuTargetPercent', p.cpuTargetPercent, 1, 100);

  const d = p.deployment;
  integer('deployment.minimumHealthyPercent', d.minimumHealthyPercent, 0, 100);
  integer('deployment.maximumPercent', d.maximumPercent, 100, 200);
  if (
    literal(d.minimumHealthyPercent) &&
    literal(d.maximumPercent) &&
    d.maximumPercent <= d.minimumHealthyPercent
  ) {
    fail(
      'deployment.maximumPercent',
      d.maximumPercent,
      `expected more than minimumHealthyPercent (${d.minimumHealthyPercent}), or a deployment can never start a new task`,
    );
  }
  integer('deployment.healthCheckGracePeriodSeconds', d.healthCheckGracePeriodSeconds, 0, 2147483647);

  if (p.enableExec && p.readonlyRootFilesystem) {
    fail(
      'readonlyRootFilesystem',
      true,
      'expected false when enableExec is true: the ECS Exec agent must write to the root filesystem (or set enableExec to false)',
    );
  }

  const envNames = Object.keys(p.environment);
  for (const name of envNames) {
    if (!ENV_NAME.test(name))
      fail('environment key', name, 'expected letters, digits and _, not starting with a digit');
  }
  const secretNames = new Set<string>();
  p.secrets.forEach((secret, i) => {
    const field = `secrets[${i}]`;
    if (!ENV_NAME.test(secret.name)) {
      fail(`${field}.name`, secret.name, 'expected letters, digits and _, not starting with a digit');
    }
    if (secretNames.has(secret.name)) fail(`${field}.name`, secret.name, 'expected each secret name once');
    if (envNames.includes(secret.name)) {
      fail(`${field}.name`, secret.name, 'expected a name not also used in environment');
    }
    secretNames.add(secret.name);
    if (secret.grant.kind !== 'ssm-parameter' && secret.grant.kind !== 'secretsmanager-secret') {
      fail(`${field}.grant.kind`, secret.grant.kind, "expected 'ssm-parameter' or 'secretsmanager-secret'");
    }
    if (secret.valueFrom === '') fail(`${field}.valueFrom`, '', 'expected an SSM parameter or secret ARN');
    if (secret.grant.arn === '')
      fail(`${field}.grant.arn`, '', 'expected the ARN the execution role may read');
  });

  if (literal(p.healthCheckPath) && !HEALTH_PATH.test(p.healthCheckPath)) {
    fail(
      'healthCheckPath',
      p.healthCheckPath,
      'expected a path starting with / made of letters, digits and . _ ~ / -',
    );
  }

  const scratch = new Set<string>();
  p.scratchPaths.forEach((path, i) => {
    if (!SCRATCH_PATH.test(path)) {
      fail(`scratchPaths[${i}]`, path, 'expected an absolute path below / without trailing slash, e.g. /tmp');
    }
    if (scratch.has(path)) fail(`scratchPaths[${i}]`, path, 'expected each path once');
    scratch.add(path);
  });

  if (!LOG_RETENTION_DAYS.includes(p.logRetentionDays) && literal(p.logRetentionDays)) {
    fail('logRetentionDays', p.logRetentionDays, `expected one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }

  p.taskPolicyStatements.forEach((statement, i) => {
    if (statement.actions.length === 0)
      fail(`taskPolicyStatements[${i}].actions`, [], 'expected at least one action');
    for (const action of statement.actions) {
      if (!IAM_ACTION.test(action)) {
        fail(`taskPolicyStatements[${i}].actions`, action, 'expected service:Action, e.g. s3:GetObject');
      }
    }
    if (statement.resources.length === 0) {
      fail(`taskPolicyStatements[${i}].resources`, [], 'expected at least one resource ARN');
    }
  });

  const lb = p.loadBalancer;
  if (lb !== undefined) {
    integer('loadBalancer.priority', lb.priority, 1, 50000);
    const values = lb.pathPatterns.length + lb.hostHeaders.length;
    if (values === 0) {
      fail(
        'loadBalancer',
        { pathPatterns: [], hostHeaders: [] },
        'expected at least one path pattern or host header',
      );
    }
    if (values > MAX_RULE_CONDITION_VALUES) {
      fail(
        'loadBalancer.pathPatterns + hostHeaders',
        [...lb.pathPatterns, ...lb.hostHeaders],
        `expected at most ${MAX_RULE_CONDITION_VALUES} values in total (ALB limit per rule)`,
      );
    }
    integer('loadBalancer.deregistrationDelaySeconds', lb.deregistrationDelaySeconds, 0, 3600);
    if (lb.requestsPerTarget !== undefined)
      integer('loadBalancer.requestsPerTarget', lb.requestsPerTarget, 1, 1000000);
  }
}
