import { cidrsOverlap, parseCidr } from '../modules/core/ipv4';
import { SMALLEST_VPC_PREFIX } from '../modules/network/subnet-layout';
import { LOG_RETENTION_DAYS } from '../modules/core/log-retention';
import { validateLifecyclePolicySpec } from '../modules/container-registry/lifecycle-policy';
import { engineVersionProblem, serverlessV2Problems, windowProblems } from '../modules/database/validation';
import { fargateSizeProblem } from '../modules/ecs-service/fargate-sizes';
import type { EnvironmentConfig, ProjectConfig, ServiceConfig, ServiceDefinition } from './types';
import { ACCOUNT_ID, EMAIL_ADDRESS } from '../modules/core/patterns';

/**
 * Checks the whole configuration before any construct is built and returns every problem at
 * once, each as `<env>.<field path>: <value> <what is wrong> (accepted: <what would do>)`.
 */

/** Stack IDs that environment names must not take. */
const RESERVED_STACK_IDS = ['state', 'shared'];
const VPC_PREFIX = { largest: 16 };
const NAT_MODES = ['none', 'single', 'per-az'];

export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(
      `Invalid configuration, ${problems.length} problem(s); nothing was synthesized:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Collects problems; `expect` records one when `ok` is false. */
export class Problems {
  private readonly list: string[] = [];

  expect(ok: boolean, path: string, value: unknown, problem: string, accepted: string): boolean {
    if (!ok) this.add(path, value, problem, accepted);
    return ok;
  }

  add(path: string, value: unknown, problem: string, accepted: string): void {
    this.list.push(`${path}: ${JSON.stringify(value)} ${problem} (accepted: ${accepted})`);
  }

  /** Records a problem a module's own checker already phrased, under the field path `path`. */
  addPhrased(path: string, phrased: string): void {
    this.list.push(path ? `${path}.${phrased}` : phrased);
  }

  get all(): readonly string[] {
    return this.list;
  }
}

const PROJECT_NAME = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9]{1,7}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ENDPOINT_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const SERVICE_NAME = /^[a-z][a-z0-9-]{1,9}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
// Relative SSM path segments; "." and ".." are refused so a name cannot pretend to leave its prefix.
const PARAMETER_PATH = /^(?!(.*\/)?\.{1,2}(\/|$))[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DB_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A lower-case DNS name with at least two labels, as Route53 and ACM accept it. */
export function isDnsName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l));
}

/** An environment as loaded from `envs/environments/<sourceFile>.ts`. */
type LoadedEnvironment = EnvironmentConfig & { readonly sourceFile?: string };

export function validate(
  project: ProjectConfig,
  environments: readonly LoadedEnvironment[],
): readonly string[] {
  const problems = new Problems();
  validateProject(problems, project);
  const seen = new Set<string>();
  for (const env of environments) {
    if (env.sourceFile !== undefined) {
      problems.expect(
        env.sourceFile === env.name,
        `${env.name}.name`,
        env.name,
        `does not match its file envs/environments/${env.sourceFile}.ts`,
        `the file name without .ts ("${env.sourceFile}"), so that a file is found by its environment`,
      );
    }
    problems.expect(
      !seen.has(env.name),
      `${env.name}.name`,
      env.name,
      'is used by two environments',
      'a name unique among environments',
    );
    seen.add(env.name);
    validateEnvironment(problems, project, env);
  }
  validateNoOverlap(problems, environments);
  validateListenerPriorities(problems, project, environments);
  return problems.all;
}

/** Throws a ConfigError listing every problem; returns quietly when the config is valid. */
export function assertValid(project: ProjectConfig, environments: readonly LoadedEnvironment[]) {
  const problems = validate(project, environments);
  if (problems.length > 0) throw new ConfigError(problems);
}

function validateProject(problems: Problems, project: ProjectConfig): void {
  problems.expect(
    PROJECT_NAME.test(project.name),
    'project.name',
    project.name,
    'is not usable in AWS resource names',
    '2-12 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-"',
  );
  problems.expect(
    REGION.test(project.region),
    'project.region',
    project.region,
    'is not an AWS region name',
    'a region such as "ap-northeast-1"',
  );
  problems.expect(
    BUCKET_NAME.test(project.stateBucket) && !project.stateBucket.startsWith('xn--'),
    'project.stateBucket',
    project.stateBucket,
    'is not a valid S3 bucket name',
    '3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  );
  problems.expect(
    isDnsName(project.apexDomain),
    'project.apexDomain',
    project.apexDomain,
    'is not a valid DNS name',
    'lower-case labels of a-z, 0-9 and "-" separated by dots, such as "example.com"',
  );
  expectAccountId(problems, 'project.sharedAccountId', project.sharedAccountId);
  for (const problem of validateLifecyclePolicySpec(project.registry, 'project.registry')) {
    problems.addPhrased('', problem);
  }
  for (const [name, service] of Object.entries(project.services)) {
    validateServiceDefinition(problems, project, name, service);
  }
}

function validateServiceDefinition(
  problems: Problems,
  project: ProjectConfig,
  name: string,
  service: ServiceDefinition,
): void {
  const at = (field: string) => `project.services.${name}${field}`;
  problems.expect(
    SERVICE_NAME.test(name),
    at(''),
    name,
    'is not usable as a service name',
    '2-10 characters of a-z, 0-9 and "-", starting with a letter (it becomes part of 32-character AWS names)',
  );
  problems.expect(
    Number.isInteger(service.port) && service.port >= 1 && service.port <= 65535,
    at('.port'),
    service.port ?? null,
    'is not a port',
    'a whole number from 1 to 65535; every service needs the port its container listens on',
  );
  problems.expect(
    service.exposure === 'public' || service.exposure === 'internal',
    at('.exposure'),
    service.exposure,
    'is not an exposure',
    '"public" (behind the load balancer) or "internal" (Cloud Map only)',
  );
  problems.expect(
    /^\/[\w\-./]*$/.test(service.healthCheckPath),
    at('.healthCheckPath'),
    service.healthCheckPath,
    'is not an HTTP path',
    'a path starting with "/", such as "/healthz"',
  );
  for (const client of service.clients ?? []) {
    problems.expect(
      client in project.services && client !== name,
      at('.clients'),
      client,
      'is not another service of the catalogue',
      Object.keys(project.services)
        .filter((n) => n !== name)
        .join(', '),
    );
  }
}

function validateEnvironment(problems: Problems, project: ProjectConfig, env: EnvironmentConfig): void {
  const at = (field: string) => `${env.name}.${field}`;
  problems.expect(
    ENV_NAME.test(env.name) && !RESERVED_STACK_IDS.includes(env.name),
    at('name'),
    env.name,
    'is not usable as an environment name',
    `2-8 characters of a-z and 0-9 starting with a letter, other than ${RESERVED_STACK_IDS.join(' and ')}`,
  );
  expectAccountId(problems, at('accountId'), env.accountId);
  expectLogRetention(problems, at('logRetentionDays'), env.logRetentionDays);
  if (
    problems.expect(
      isDnsName(env.domain),
      at('domain'),
      env.domain,
      'is not a valid DNS name',
      'lower-case labels of a-z, 0-9 and "-" separated by dots, such as "dev.example.com"',
    )
  ) {
    problems.expect(
      env.domain === project.apexDomain || env.domain.endsWith(`.${project.apexDomain}`),
      at('domain'),
      env.domain,
      `is outside the apex zone ${project.apexDomain}`,
      `"${project.apexDomain}" or a name ending in ".${project.apexDomain}"`,
    );
  }
  validateLoadBalancer(problems, env);
  validateCluster(problems, env);
  for (const [name, service] of Object.entries(env.services)) {
    validateService(problems, project, env, name, service);
  }
  validateDatabase(problems, env);
  validateAlarms(problems, env);

  const network = env.network;
  const cidr = parseCidr(network.cidr);
  if (
    problems.expect(
      cidr !== undefined,
      at('network.cidr'),
      network.cidr,
      'is not a valid IPv4 CIDR',
      `a network address a.b.c.d/n with a prefix from /${VPC_PREFIX.largest} to /${SMALLEST_VPC_PREFIX}`,
    )
  ) {
    problems.expect(
      cidr!.prefix >= VPC_PREFIX.largest && cidr!.prefix <= SMALLEST_VPC_PREFIX,
      at('network.cidr'),
      network.cidr,
      `has prefix /${cidr!.prefix}, outside what AWS and the subnet scheme allow`,
      `a prefix from /${VPC_PREFIX.largest} (AWS's largest VPC) to /${SMALLEST_VPC_PREFIX} (smallest whose public subnets, /${SMALLEST_VPC_PREFIX + 4}, can hold an ALB)`,
    );
  }

  const azs = network.availabilityZones;
  problems.expect(
    azs.length === 3 && new Set(azs).size === 3,
    at('network.availabilityZones'),
    azs,
    'is not three distinct availability zones',
    `exactly three different zones of ${project.region}`,
  );
  azs.forEach((az, i) =>
    problems.expect(
      new RegExp(`^${project.region}[a-z]$`).test(az),
      at(`network.availabilityZones[${i}]`),
      az,
      `is not an availability zone of ${project.region}`,
      `"${project.region}" followed by one letter, such as "${project.region}a"`,
    ),
  );
  problems.expect(
    NAT_MODES.includes(network.nat),
    at('network.nat'),
    network.nat,
    'is not a NAT mode',
    NAT_MODES.map((m) => `"${m}"`).join(', '),
  );
  const endpoints = network.interfaceEndpoints ?? [];
  endpoints.forEach((service, i) =>
    problems.expect(
      ENDPOINT_SERVICE.test(service) && endpoints.indexOf(service) === i,
      at(`network.interfaceEndpoints[${i}]`),
      service,
      'is not a distinct endpoint service short name',
      'each service once, by the name after "com.amazonaws.<region>.", such as "ecr.api"',
    ),
  );
}

function validateLoadBalancer(problems: Problems, env: EnvironmentConfig): void {
  const at = (field: string) => `${env.name}.loadBalancer.${field}`;
  const lb = env.loadBalancer;
  problems.expect(
    lb.ingressCidrs.length > 0,
    at('ingressCidrs'),
    lb.ingressCidrs,
    'admits nobody',
    'one or more IPv4 CIDRs, such as an office range or "0.0.0.0/0"',
  );
  lb.ingressCidrs.forEach((cidr, i) =>
    problems.expect(
      parseCidr(cidr) !== undefined,
      at(`ingressCidrs[${i}]`),
      cidr,
      'is not a valid IPv4 CIDR',
      'a network address a.b.c.d/n, such as "203.0.113.0/24" or "0.0.0.0/0"',
    ),
  );
  problems.expect(
    Number.isInteger(lb.idleTimeoutSeconds) && lb.idleTimeoutSeconds >= 1 && lb.idleTimeoutSeconds <= 4000,
    at('idleTimeoutSeconds'),
    lb.idleTimeoutSeconds,
    'is not an ALB idle timeout',
    'a whole number of seconds from 1 to 4000',
  );
  problems.expect(
    Number.isInteger(lb.accessLogs.retentionDays) && lb.accessLogs.retentionDays > 0,
    at('accessLogs.retentionDays'),
    lb.accessLogs.retentionDays,
    'is not a positive number of days',
    'a whole number of days, 1 or more',
  );
}

function validateCluster(problems: Problems, env: EnvironmentConfig): void {
  const at = (field: string) => `${env.name}.cluster.${field}`;
  const ec2 = env.cluster.ec2;
  problems.expect(
    ec2.instanceTypes.length > 0 && ec2.instanceTypes.every((t) => INSTANCE_TYPE.test(t)),
    at('ec2.instanceTypes'),
    ec2.instanceTypes,
    'is not a list of instance types',
    'one or more EC2 instance types such as "c7i.large"; several types make spot interruptions rarer',
  );
  problems.expect(
    Number.isInteger(ec2.minSize) &&
      Number.isInteger(ec2.maxSize) &&
      ec2.minSize >= 0 &&
      ec2.minSize <= ec2.maxSize &&
      ec2.maxSize >= 1,
    at('ec2'),
    { minSize: ec2.minSize, maxSize: ec2.maxSize },
    'is not a usable size range',
    'whole numbers with 0 <= minSize <= maxSize and maxSize >= 1',
  );
  problems.expect(
    Number.isInteger(ec2.onDemandBaseCapacity) &&
      ec2.onDemandBaseCapacity >= 0 &&
      ec2.onDemandBaseCapacity <= ec2.maxSize,
    at('ec2.onDemandBaseCapacity'),
    ec2.onDemandBaseCapacity,
    'is not an instance count within the group',
    `a whole number from 0 to maxSize (${ec2.maxSize})`,
  );
  problems.expect(
    Number.isInteger(ec2.targetCapacityPercent) &&
      ec2.targetCapacityPercent >= 1 &&
      ec2.targetCapacityPercent <= 100,
    at('ec2.targetCapacityPercent'),
    ec2.targetCapacityPercent,
    'is not a percentage',
    'a whole number from 1 to 100',
  );
  problems.expect(
    Number.isInteger(ec2.rootVolumeGiB) && ec2.rootVolumeGiB >= 30,
    at('ec2.rootVolumeGiB'),
    ec2.rootVolumeGiB,
    'is not a root volume size the ECS-optimised AMI fits on',
    'a whole number of GiB, 30 (the AMI snapshot) or more',
  );
}

function validateService(
  problems: Problems,
  project: ProjectConfig,
  env: EnvironmentConfig,
  name: string,
  service: ServiceConfig,
): void {
  const at = (field: string) => `${env.name}.services.${name}.${field}`;
  const definition = project.services[name];
  if (
    !problems.expect(
      definition !== undefined,
      `${env.name}.services`,
      name,
      'is not a service of the catalogue (project.services)',
      Object.keys(project.services).join(', '),
    )
  ) {
    return;
  }
  if (service.capacity.type === 'fargate') {
    const problem = fargateSizeProblem(service.cpu, service.memory);
    if (problem) {
      problems.addPhrased(
        `${env.name}.services.${name}`,
        `cpu/memory: ${JSON.stringify({ cpu: service.cpu, memory: service.memory })} is refused by Fargate: ${problem}`,
      );
    }
    const { fargateWeight, spotWeight } = service.capacity;
    problems.expect(
      Number.isInteger(fargateWeight) &&
        Number.isInteger(spotWeight) &&
        fargateWeight >= 0 &&
        spotWeight >= 0 &&
        fargateWeight + spotWeight > 0,
      at('capacity'),
      service.capacity,
      'has no usable weights',
      'whole-number fargateWeight and spotWeight, 0 or more, not both 0',
    );
  } else {
    problems.expect(
      Number.isInteger(service.cpu) &&
        service.cpu >= 128 &&
        Number.isInteger(service.memory) &&
        service.memory >= 128,
      at('cpu/memory'),
      { cpu: service.cpu, memory: service.memory },
      'is too small for a task',
      'whole numbers, cpu >= 128 units and memory >= 128 MiB',
    );
  }
  const { minCount, desiredCount, maxCount } = service;
  problems.expect(
    [minCount, desiredCount, maxCount].every(Number.isInteger) &&
      0 <= minCount &&
      minCount <= desiredCount &&
      desiredCount <= maxCount &&
      maxCount >= 1,
    at('minCount/desiredCount/maxCount'),
    { minCount, desiredCount, maxCount },
    'are out of order',
    'whole numbers with 0 <= minCount <= desiredCount <= maxCount and maxCount >= 1',
  );
  problems.expect(
    Number.isInteger(service.cpuTargetPercent) &&
      service.cpuTargetPercent >= 1 &&
      service.cpuTargetPercent <= 100,
    at('cpuTargetPercent'),
    service.cpuTargetPercent,
    'is not a percentage',
    'a whole number from 1 to 100',
  );
  const { minimumHealthyPercent, maximumPercent, healthCheckGracePeriodSeconds } = service.deployment;
  problems.expect(
    minimumHealthyPercent >= 0 &&
      minimumHealthyPercent <= 100 &&
      maximumPercent >= 100 &&
      maximumPercent <= 200 &&
      maximumPercent > minimumHealthyPercent &&
      healthCheckGracePeriodSeconds >= 0,
    at('deployment'),
    service.deployment,
    'cannot roll out',
    'minimumHealthyPercent 0-100, maximumPercent 100-200 and above it, healthCheckGracePeriodSeconds >= 0',
  );

  const isPublic = definition.exposure === 'public';
  if (isPublic) {
    const rule = service.listenerRule;
    if (
      problems.expect(
        rule !== undefined,
        at('listenerRule'),
        rule ?? null,
        'is missing for a public service',
        'a listener rule with a priority and path patterns and/or host headers',
      )
    ) {
      problems.expect(
        Number.isInteger(rule!.priority) && rule!.priority >= 1 && rule!.priority <= 50000,
        at('listenerRule.priority'),
        rule!.priority,
        'is not a listener rule priority',
        'a whole number from 1 to 50000, unique in the environment',
      );
      problems.expect(
        (rule!.pathPatterns?.length ?? 0) + (rule!.hostHeaders?.length ?? 0) > 0,
        at('listenerRule'),
        rule,
        'has no condition',
        'pathPatterns and/or hostHeaders',
      );
    }
  } else {
    for (const field of ['listenerRule', 'requestsPerTarget'] as const) {
      problems.expect(
        service[field] === undefined,
        at(field),
        service[field] ?? null,
        'is set on an internal service',
        `no ${field}: internal services are not behind the load balancer`,
      );
    }
  }
  const plain = Object.keys(service.parameters);
  const named: [string, string][] = [
    ...plain.map((p): [string, string] => ['parameters', p]),
    ...service.secureParameters.map((p): [string, string] => ['secureParameters', p]),
  ];
  for (const [field, parameter] of named) {
    problems.expect(
      PARAMETER_PATH.test(parameter),
      at(field),
      parameter,
      `is not a path inside /${project.name}/${env.name}/${name}/`,
      'a relative path of segments of A-Z, a-z, 0-9, "_", "." and "-" separated by "/", such as "feature-flags"',
    );
  }
  service.secureParameters.forEach((parameter, i) => {
    const plainToo = plain.includes(parameter);
    problems.expect(
      !plainToo && service.secureParameters.indexOf(parameter) === i,
      at(`secureParameters[${i}]`),
      parameter,
      plainToo ? 'is also a plain parameter' : 'is listed twice',
      'each name once, either in parameters or in secureParameters',
    );
  });
  Object.keys(service.environment).forEach((variable) =>
    problems.expect(
      ENV_VAR.test(variable),
      at('environment'),
      variable,
      'is not an environment variable name',
      'letters, digits and "_", not starting with a digit',
    ),
  );
  service.scratchPaths.forEach((path, i) =>
    problems.expect(
      /^\/[\w\-./]+$/.test(path),
      at(`scratchPaths[${i}]`),
      path,
      'is not an absolute path',
      'a path such as "/tmp"',
    ),
  );
}

function validateDatabase(problems: Problems, env: EnvironmentConfig): void {
  const prefix = `${env.name}.database`;
  const db = env.database;
  for (const problem of serverlessV2Problems(db.minCapacityAcu, db.maxCapacityAcu))
    problems.addPhrased(prefix, problem);
  const version = engineVersionProblem(db.engine, db.engineVersion);
  if (version) problems.addPhrased(prefix, version);
  for (const problem of windowProblems(db.backupWindow, db.maintenanceWindow))
    problems.addPhrased(prefix, problem);
  problems.expect(
    Number.isInteger(db.backupRetentionDays) && db.backupRetentionDays >= 1 && db.backupRetentionDays <= 35,
    `${prefix}.backupRetentionDays`,
    db.backupRetentionDays,
    'is outside what Aurora keeps',
    'a whole number of days from 1 to 35',
  );
  problems.expect(
    Number.isInteger(db.readers) && db.readers >= 0 && db.readers <= 15,
    `${prefix}.readers`,
    db.readers,
    'is not a reader count',
    'a whole number from 0 to 15',
  );
  problems.expect(
    DB_IDENTIFIER.test(db.databaseName),
    `${prefix}.databaseName`,
    db.databaseName,
    'is not a database name',
    'a letter followed by up to 63 letters, digits or "_"',
  );
  problems.expect(
    DB_IDENTIFIER.test(db.masterUsername) &&
      !['admin', 'root', 'postgres', 'rdsadmin'].includes(db.masterUsername),
    `${prefix}.masterUsername`,
    db.masterUsername,
    'is not a usable master user name',
    'a letter followed by up to 63 letters, digits or "_", not a reserved word such as admin, root or postgres',
  );
}

function validateAlarms(problems: Problems, env: EnvironmentConfig): void {
  const at = (field: string) => `${env.name}.alarms.${field}`;
  const alarms = env.alarms;
  problems.expect(
    alarms.emails.length > 0,
    at('emails'),
    alarms.emails,
    'sends alarms to nobody',
    'one or more e-mail addresses',
  );
  alarms.emails.forEach((email, i) =>
    problems.expect(
      EMAIL_ADDRESS.test(email),
      at(`emails[${i}]`),
      email,
      'is not an e-mail address',
      'an address such as "oncall@example.com"',
    ),
  );
  for (const field of ['serviceCpuPercent', 'serviceMemoryPercent', 'databaseCpuPercent'] as const) {
    problems.expect(
      alarms[field] > 0 && alarms[field] <= 100,
      at(field),
      alarms[field],
      'is not a percentage',
      'a number above 0 and at most 100',
    );
  }
  for (const field of [
    'elb5xxPerMinute',
    'target5xxPerMinute',
    'targetResponseTimeSeconds',
    'databaseConnections',
    'databaseFreeableMemoryBytes',
  ] as const) {
    problems.expect(
      alarms[field] > 0,
      at(field),
      alarms[field],
      'is not a positive threshold',
      'a number above 0',
    );
  }
}

/** Listener rule priorities must be unique per environment: the ALB refuses duplicates. */
function validateListenerPriorities(
  problems: Problems,
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): void {
  for (const env of environments) {
    const seen = new Map<number, string>();
    for (const [name, service] of Object.entries(env.services)) {
      const priority = service.listenerRule?.priority;
      if (priority === undefined || project.services[name]?.exposure !== 'public') continue;
      const other = seen.get(priority);
      problems.expect(
        other === undefined,
        `${env.name}.services.${name}.listenerRule.priority`,
        priority,
        `collides with ${env.name}.services.${other}.listenerRule.priority`,
        'a priority no other service of the environment uses',
      );
      seen.set(priority, name);
    }
  }
}

function validateNoOverlap(problems: Problems, environments: readonly EnvironmentConfig[]) {
  environments.forEach((env, i) => {
    const mine = parseCidr(env.network.cidr);
    for (const other of environments.slice(0, i)) {
      const theirs = parseCidr(other.network.cidr);
      if (mine && theirs && cidrsOverlap(mine, theirs)) {
        problems.add(
          `${env.name}.network.cidr`,
          env.network.cidr,
          `overlaps ${other.name}.network.cidr ${JSON.stringify(other.network.cidr)}`,
          'a range shared with no other environment, so that VPCs can be peered or routed',
        );
      }
    }
  });
}

export function expectAccountId(problems: Problems, path: string, value: string): void {
  problems.expect(
    ACCOUNT_ID.test(value),
    path,
    value,
    'is not an AWS account ID',
    'exactly 12 digits, as a string',
  );
}

export function expectLogRetention(problems: Problems, path: string, value: number): void {
  problems.expect(
    LOG_RETENTION_DAYS.includes(value),
    path,
    value,
    'is not a retention period CloudWatch Logs accepts',
    LOG_RETENTION_DAYS.join(', '),
  );
}
