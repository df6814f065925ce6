import {
  alarmEmailProblems,
  databaseThresholdProblems,
  loadBalancerThresholdProblems,
  serviceThresholdProblems,
} from '../modules/alarms';
import { certificateProblems } from '../modules/certificate';
import { lifecyclePolicyProblems } from '../modules/container-registry';
import {
  ACCOUNT_ID,
  DNS_NAME,
  LOG_RETENTION_DAYS,
  check,
  cidrsOverlap,
  integerIn,
  joinPath,
  parseCidr,
  repeatedIndexes,
  under,
  ValidationError,
  type Problem,
} from '../modules/core';
import { databaseProblems } from '../modules/database';
import {
  DEFAULT_ENI_TRUNKING,
  awsvpcTaskSlots,
  ecsClusterProblems,
  instanceCapacity,
  taskCpuUnits,
  taskMemoryMiB,
} from '../modules/ecs-cluster';
import { ecsServiceProblems, healthCheckPathProblems } from '../modules/ecs-service';
import { loadBalancerProblems } from '../modules/load-balancer';
import { networkProblems } from '../modules/network';
import { MIN_PRODUCTION_BACKUP_DAYS } from '../modules/policies';
import { parametersProblems } from '../modules/parameters';
import { isWorkloadAction, WORKLOAD_ACTIONS } from '../modules/workload-boundary';
import { DB_PARAMETERS, upstreams, upstreamVariable, type SecretSource } from './derive';
import {
  resolveEnvironment,
  resolveService,
  runsOnEc2,
  type Resolved,
  type ResolvedEnvironment,
} from './resolve';
import { shapeProblems } from './shape';
import { deliveryProblems } from './validate-delivery';
import type { EnvironmentConfig, ProjectConfig, ServiceConfig, ServiceDefinition } from './types';

/**
 * Checks the whole configuration before any construct is built and returns every problem at
 * once, each as `<env>.<field path>: <value> <what is wrong> (accepted: <what would do>)`. The
 * rules of what one module builds are that module's own (the same functions its constructor
 * runs); the rules here are those that span modules or environments.
 */

const IAM_ACTION_FORM = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** Stack IDs (and the administrator stacks' prefix, `admin-`) that environment names must not take. */
const RESERVED_STACK_IDS = ['state', 'shared', 'admin'];
const PROJECT_NAME = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9]{1,7}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const SERVICE_NAME = /^[a-z][a-z0-9-]{1,9}$/;
/** First segments of the parameters the environment stack writes itself (`db/host`, ...). */
const ENVIRONMENT_PARAMETER_FOLDERS = [...new Set(Object.values(DB_PARAMETERS).map((p) => p.split('/')[0]))];
/** A listener rule condition that matches every request. */
const CATCH_ALL_PATHS = ['*', '/*'];

export class ConfigError extends ValidationError {
  constructor(problems: readonly Problem[]) {
    super(problems, 'Invalid configuration', '; nothing was synthesized');
    this.name = 'ConfigError';
  }
}

/** An environment as loaded from `envs/environments/<sourceFile>.ts`. */
type LoadedEnvironment = EnvironmentConfig & { readonly sourceFile?: string };

export function validate(project: ProjectConfig, environments: readonly LoadedEnvironment[]): Problem[] {
  return [
    ...projectProblems(project),
    ...environments.flatMap((env) => environmentProblems(project, env)),
    ...acrossEnvironments(project, environments),
    ...deliveryProblems(project, environments),
  ];
}

/**
 * Throws a ConfigError listing every problem; returns quietly when the config is valid. The shape
 * of each file comes first (unknown, missing and mistyped settings); the value rules, which
 * assume it, then run on every file whose shape is right.
 */
export function assertValid(project: ProjectConfig, environments: readonly LoadedEnvironment[]): void {
  const projectShape = shapeProblems(project, []);
  const environmentShapes = environments.map((env) => shapeProblems(undefined, [env]));
  const wellShaped = environments.filter((_, i) => environmentShapes[i].length === 0);
  const problems = [
    ...projectShape,
    ...environmentShapes.flat(),
    ...(projectShape.length === 0 ? validate(project, wellShaped) : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

function projectProblems(project: ProjectConfig): Problem[] {
  const at = (field: string) => `project.${field}`;
  return [
    ...check(
      PROJECT_NAME.test(project.name),
      at('name'),
      project.name,
      'is not usable in AWS resource names',
      '2-12 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-"',
    ),
    ...check(
      REGION.test(project.region),
      at('region'),
      project.region,
      'is not an AWS region name',
      'a region such as "ap-northeast-1"',
    ),
    ...check(
      BUCKET_NAME.test(project.stateBucket) && !project.stateBucket.startsWith('xn--'),
      at('stateBucket'),
      project.stateBucket,
      'is not a valid S3 bucket name',
      '3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
    ),
    ...check(
      DNS_NAME.test(project.apexDomain) && !project.apexDomain.startsWith('*.'),
      at('apexDomain'),
      project.apexDomain,
      'is not a valid DNS name',
      'lower-case labels of a-z, 0-9 and "-" separated by dots, such as "example.com"',
    ),
    ...accountIdProblems(at('sharedAccountId'), project.sharedAccountId),
    ...under(at('registry'), lifecyclePolicyProblems(project.registry)),
    ...Object.entries(project.services).flatMap(([name, service]) =>
      catalogueServiceProblems(project, name, service),
    ),
  ];
}

/** One service of the catalogue: its name, port, exposure, health check and clients. */
function catalogueServiceProblems(
  project: ProjectConfig,
  name: string,
  service: ServiceDefinition,
): Problem[] {
  const path = `project.services.${name}`;
  return [
    ...check(
      SERVICE_NAME.test(name),
      path,
      name,
      'is not usable as a service name',
      '2-10 characters of a-z, 0-9 and "-", starting with a letter (it becomes part of 32-character AWS names)',
    ),
    // A service's parameters live under `/<project>/<env>/<service>/`, beside the database's.
    ...check(
      !ENVIRONMENT_PARAMETER_FOLDERS.includes(name),
      path,
      name,
      "is the folder of the environment's own parameters",
      `a name other than ${ENVIRONMENT_PARAMETER_FOLDERS.map((f) => `"${f}"`).join(', ')} (a service's parameters would replace them)`,
    ),
    ...integerIn(`${path}.port`, service.port, 1, 65535, 'the port the container listens on'),
    ...check(
      service.exposure === 'public' || service.exposure === 'internal',
      `${path}.exposure`,
      service.exposure,
      'is not an exposure',
      '"public" (behind the load balancer) or "internal" (Cloud Map only)',
    ),
    ...under(path, healthCheckPathProblems(service.healthCheckPath)),
    ...(service.clients ?? []).flatMap((client) =>
      check(
        client in project.services && client !== name,
        `${path}.clients`,
        client,
        'is not another service of the catalogue',
        Object.keys(project.services)
          .filter((n) => n !== name)
          .join(', '),
      ),
    ),
    ...repeatedIndexes(service.clients ?? []).flatMap((i) =>
      check(false, `${path}.clients[${i}]`, service.clients![i], 'is listed twice', 'each client once'),
    ),
  ];
}

function environmentProblems(project: ProjectConfig, env: LoadedEnvironment): Problem[] {
  const at = (field: string) => `${env.name}.${field}`;
  const named = ENV_NAME.test(env.name) && !RESERVED_STACK_IDS.includes(env.name);
  const resolved = resolveEnvironment(project, env, { unusedPartsToo: true });
  // Names made from the project's and the environment's names are said against the environment's
  // name, once both names are usable themselves.
  const said = <P>(module: Resolved<P>, problems: Problem[]) =>
    saidAtSources(module, problems, named && PROJECT_NAME.test(project.name));
  return [
    ...check(
      named,
      at('name'),
      env.name,
      'is not usable as an environment name',
      `2-8 characters of a-z and 0-9 starting with a letter, other than ${RESERVED_STACK_IDS.join(', ')}`,
    ),
    ...check(
      env.sourceFile === undefined || env.sourceFile === env.name,
      at('name'),
      env.name,
      `does not match its file envs/environments/${env.sourceFile}.ts`,
      `the file name without .ts ("${env.sourceFile}"), so that a file is found by its environment`,
    ),
    ...accountIdProblems(at('accountId'), env.accountId),
    ...productionProblems(env),
    ...check(
      LOG_RETENTION_DAYS.includes(env.logRetentionDays),
      at('logRetentionDays'),
      env.logRetentionDays,
      'is not a retention period CloudWatch Logs accepts',
      LOG_RETENTION_DAYS.join(', '),
    ),
    ...domainProblems(project, env, resolved.certificate),
    ...said(resolved.network, networkProblems(resolved.network.props)),
    ...namesFirst(env, [
      ...said(resolved.loadBalancer, loadBalancerProblems(resolved.loadBalancer.props)),
      ...said(resolved.cluster, ecsClusterProblems(resolved.cluster.props)),
    ]),
    // Parameter names first: a repeated name is one problem, though it also repeats a variable.
    ...firstPerPath(
      [
        ...said(resolved.parameters, parametersProblems(resolved.parameters.props)),
        ...Object.keys(env.services).flatMap((name) => serviceProblems(project, env, name)),
      ],
      (path) => /\.(parameters\.|secureParameters\[)/.test(path),
    ),
    ...ec2PeakCapacityProblems(env),
    ...said(resolved.database, databaseProblems(resolved.database.props)),
    ...under(at('alarms'), alarmEmailProblems(env.alarms.emails)),
    ...under(at('alarms.loadBalancer'), loadBalancerThresholdProblems(env.alarms.loadBalancer)),
    ...under(at('alarms.services'), serviceThresholdProblems(env.alarms.services)),
    ...under(at('alarms.database'), databaseThresholdProblems(env.alarms.database)),
  ];
}

/**
 * A module's problems said where the configuration sets what they are about (the sources of
 * envs/resolve.ts): at the setting's path; against the environment's name for a name made from it
 * (when `namesUsable`; otherwise the name's own problem says it); not at all for a value one rule
 * already checks where it is set.
 */
function saidAtSources<P>({ sources }: Resolved<P>, problems: Problem[], namesUsable = true): Problem[] {
  return problems.flatMap((problem): Problem[] => {
    const key = sourceKey(sources, problem.path);
    const source = key === undefined ? undefined : sources[key];
    if (source === undefined) return [problem];
    if ('checkedAt' in source) return [];
    if ('nameAt' in source) {
      return namesUsable
        ? [
            {
              ...problem,
              path: source.nameAt,
              value: source.name,
              problem: `makes "${source.makes}", which ${problem.problem}`,
            },
          ]
        : [];
    }
    const path = key ? source.setAt + problem.path.slice(key.length) : joinPath(source.setAt, problem.path);
    return [{ ...problem, path, value: source.shownAs ?? problem.value }];
  });
}

/** The longest prop path of `sources` that is `path` or begins it (`ingressCidrs` for `ingressCidrs[1]`). */
function sourceKey(sources: Resolved<unknown>['sources'], path: string): string | undefined {
  const begins = (key: string) =>
    key === '' || path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
  return Object.keys(sources)
    .filter(begins)
    .sort((a, b) => b.length - a.length)[0];
}

/** Problems said against the environment's name (the names it makes) before the others, which keep their order. */
function namesFirst(env: EnvironmentConfig, problems: Problem[]): Problem[] {
  const isName = (p: Problem) => p.path === `${env.name}.name`;
  return [...problems.filter(isName), ...problems.filter((p) => !isName(p))];
}

/** What the security rules demand of production (RDS-004, RDS-005), said against the settings. */
function productionProblems(env: EnvironmentConfig): Problem[] {
  if (!env.production) return [];
  const days = env.database.backupRetentionDays;
  return [
    ...check(
      env.protectData,
      `${env.name}.protectData`,
      env.protectData,
      'is refused in production: security rule RDS-004 wants deletion protection on its database',
      'true when production is true',
    ),
    ...check(
      days >= MIN_PRODUCTION_BACKUP_DAYS,
      `${env.name}.database.backupRetentionDays`,
      days,
      `is shorter than security rule RDS-005 allows in production`,
      `${MIN_PRODUCTION_BACKUP_DAYS} to 35 days when production is true`,
    ),
  ];
}

function domainProblems(
  project: ProjectConfig,
  env: EnvironmentConfig,
  certificate: ResolvedEnvironment['certificate'],
): Problem[] {
  const names = saidAtSources(certificate, certificateProblems(certificate.props));
  if (names.length > 0) return names;
  return check(
    env.domain === project.apexDomain || env.domain.endsWith(`.${project.apexDomain}`),
    `${env.name}.domain`,
    env.domain,
    `is outside the apex zone ${project.apexDomain}`,
    `"${project.apexDomain}" or a name ending in ".${project.apexDomain}"`,
  );
}

/** Keeps only the first problem of each path that `applies` to; other problems pass. */
function firstPerPath(problems: Problem[], applies: (path: string) => boolean): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (!applies(p.path)) return true;
    if (seen.has(p.path)) return false;
    seen.add(p.path);
    return true;
  });
}

/** A service in an environment, checked by the EcsService rules on what its stack would build. */
function serviceProblems(project: ProjectConfig, env: EnvironmentConfig, name: string): Problem[] {
  if (!project.services[name]) {
    return check(
      false,
      `${env.name}.services`,
      name,
      'is not a service of the catalogue (project.services)',
      Object.keys(project.services).join(', '),
    );
  }
  return [
    ...ecsServiceRuleProblems(project, env, name),
    ...exposureProblems(project, env, name),
    ...platformVariableProblems(project, env, name),
    ...ec2FitProblems(env, name, env.services[name]),
    ...boundaryProblems(env, name),
  ];
}

/**
 * A task role carries the account's workload boundary: an action it does not allow would be granted
 * in the policy and refused at run time, with nothing but an AccessDenied in the application's log.
 */
function boundaryProblems(env: EnvironmentConfig, name: string): Problem[] {
  return (env.services[name].taskPolicyStatements ?? []).flatMap((statement, i) =>
    statement.actions
      .filter((action) => IAM_ACTION_FORM.test(action) && !isWorkloadAction(action))
      .flatMap((action) =>
        check(
          false,
          `${env.name}.services.${name}.taskPolicyStatements[${i}].actions`,
          action,
          'is refused by the workload boundary every task role carries',
          `one of ${WORKLOAD_ACTIONS.join(', ')} (modules/workload-boundary/workload-actions.ts)`,
        ),
      ),
  );
}

/** The EcsService module's own rules, on the props this service's stack passes it, said at config paths. */
function ecsServiceRuleProblems(project: ProjectConfig, env: EnvironmentConfig, name: string): Problem[] {
  const { service, secrets } = resolveService(project, env, name);
  return ecsServiceProblems(service.props).flatMap((problem) => {
    const secret = /^secrets\[(\d+)\]/.exec(problem.path);
    return secret
      ? [
          secretProblem(
            problem,
            env.services[name],
            `${env.name}.services.${name}`,
            secrets[Number(secret[1])],
          ),
        ]
      : saidAtSources(service, [problem]);
  });
}

/**
 * A problem with a variable the service gets as a secret, said against what the user wrote: a
 * plain variable of the same name (that is what to rename), or the parameter the name comes from.
 */
function secretProblem(problem: Problem, service: ServiceConfig, at: string, source: SecretSource): Problem {
  const variable = String(problem.value);
  if (variable in service.environment) {
    return {
      ...problem,
      path: `${at}.environment.${variable}`,
      problem: `is also a variable the service gets as a secret (from ${source.configPath}); ECS refuses both`,
      accepted: 'another name',
    };
  }
  const named = /\.parameters\.(.+)$|\.secureParameters\[(\d+)\]$/.exec(source.configPath);
  return named
    ? {
        ...problem,
        path: source.configPath,
        value: named[1] ?? service.secureParameters[Number(named[2])],
        problem: `becomes the variable ${variable}, which ${problem.problem}`,
      }
    : { ...problem, path: source.configPath };
}

/** A public service needs a listener rule; an internal one must not carry load balancer settings. */
function exposureProblems(project: ProjectConfig, env: EnvironmentConfig, name: string): Problem[] {
  const at = `${env.name}.services.${name}`;
  const service = env.services[name];
  if (project.services[name].exposure === 'public') {
    return check(
      service.listenerRule !== undefined,
      `${at}.listenerRule`,
      null,
      'is missing for a public service',
      'a listener rule with a priority and path patterns and/or host headers',
    );
  }
  return (['listenerRule', 'requestsPerTarget'] as const).flatMap((field) =>
    check(
      service[field] === undefined,
      `${at}.${field}`,
      service[field] ?? null,
      'is set on an internal service',
      `no ${field}: internal services are not behind the load balancer`,
    ),
  );
}

/** Variables the platform sets (the URLs of the internal services this one calls) are not the user's. */
function platformVariableProblems(project: ProjectConfig, env: EnvironmentConfig, name: string): Problem[] {
  const platformVariables = new Set(upstreams(project, env, name).map(upstreamVariable));
  return Object.keys(env.services[name].environment).flatMap((variable) =>
    check(
      !platformVariables.has(variable),
      `${env.name}.services.${name}.environment.${variable}`,
      variable,
      'is set by the platform (the URL of an internal service this one calls)',
      'another name',
    ),
  );
}

/** A task on EC2 capacity must fit every instance type the group may launch (spot picks any of them). */
function ec2FitProblems(env: EnvironmentConfig, name: string, service: ServiceConfig): Problem[] {
  if (service.capacity.type !== 'ec2') return [];
  const tooSmall = env.cluster.ec2.instanceTypes.flatMap((type) => {
    const capacity = instanceCapacity(type);
    return capacity && (service.cpu > taskCpuUnits(capacity) || service.memory > taskMemoryMiB(capacity))
      ? [`${type} (${taskCpuUnits(capacity)} CPU units, about ${taskMemoryMiB(capacity)} MiB for tasks)`]
      : [];
  });
  return check(
    tooSmall.length === 0,
    `${env.name}.services.${name}.cpu/memory`,
    { cpu: service.cpu, memory: service.memory },
    `does not fit ${tooSmall.join(', ')} of ${env.name}.cluster.ec2.instanceTypes`,
    'a task no larger than the smallest instance type, or larger instance types',
  );
}

/**
 * The EC2 capacity at its largest must hold every EC2 service at its largest while it deploys
 * (maxCount x maximumPercent tasks), or a rolling deploy or a spot replacement at peak has nowhere
 * to go. Each task holds an ENI, CPU units and memory; the instance type the group may launch
 * that holds the least decides.
 */
function ec2PeakCapacityProblems(env: EnvironmentConfig): Problem[] {
  const ec2 = env.cluster.ec2;
  const trunking = ec2.eniTrunking ?? DEFAULT_ENI_TRUNKING;
  const peaks = Object.entries(env.services)
    .filter(([, s]) => s.capacity.type === 'ec2')
    .map(([name, s]) => ({
      name,
      service: s,
      tasks: Math.ceil((s.maxCount * s.deployment.maximumPercent) / 100),
    }));
  const total = (of: (p: (typeof peaks)[number]) => number) => peaks.reduce((sum, p) => sum + of(p), 0);
  const tasks = total((p) => p.tasks);
  const worst = bindingInstanceType(ec2.instanceTypes, trunking, tasks, {
    cpu: total((p) => p.tasks * p.service.cpu),
    memory: total((p) => p.tasks * p.service.memory),
  });
  // A task larger than an instance is ec2FitProblems' to report; capacity adds nothing to it.
  const oversized = peaks.some((p) =>
    ec2.instanceTypes.some((type) => {
      const capacity = instanceCapacity(type);
      return (
        capacity && (p.service.cpu > taskCpuUnits(capacity) || p.service.memory > taskMemoryMiB(capacity))
      );
    }),
  );
  if (peaks.length === 0 || oversized || !worst || !Number.isInteger(ec2.maxSize)) return [];
  const demand = peaks.map(
    (p) =>
      `${p.name}: maxCount ${p.service.maxCount} at maximumPercent ${p.service.deployment.maximumPercent}`,
  );
  return check(
    ec2.maxSize >= worst.needed,
    `${env.name}.cluster.ec2.maxSize`,
    ec2.maxSize,
    `instances cannot hold the ${tasks} tasks a deployment at maximum scale starts (${demand.join('; ')}): ` +
      `a ${worst.type} holds ${worst.holds}, so ${worst.needed} are needed`,
    [
      `at least ${worst.needed}`,
      'larger instance types',
      ...(trunking ? [] : ['eniTrunking on']),
      'a lower maxCount',
    ]
      .join(', ')
      .replace(/, ([^,]+)$/, ', or $1'),
  );
}

/**
 * Per instance type the group may launch, how many instances each resource of the peak needs
 * (ENIs, CPU units, memory): the type and resource that need the most decide.
 */
function bindingInstanceType(
  instanceTypes: readonly string[],
  trunking: boolean,
  tasks: number,
  peak: { readonly cpu: number; readonly memory: number },
): { type: string; needed: number; holds: string } | undefined {
  return instanceTypes
    .flatMap((type) => {
      const capacity = instanceCapacity(type);
      if (!capacity) return [];
      const slots = awsvpcTaskSlots(capacity, trunking);
      return [
        {
          type,
          needed: Math.ceil(tasks / slots),
          holds: `${slots} awsvpc tasks${trunking ? ' with ENI trunking' : ''}`,
        },
        {
          type,
          needed: Math.ceil(peak.cpu / taskCpuUnits(capacity)),
          holds: `${taskCpuUnits(capacity)} CPU units`,
        },
        {
          type,
          needed: Math.ceil(peak.memory / taskMemoryMiB(capacity)),
          holds: `about ${taskMemoryMiB(capacity)} MiB for tasks`,
        },
      ];
    })
    .sort((a, b) => b.needed - a.needed)[0];
}

function acrossEnvironments(project: ProjectConfig, environments: readonly EnvironmentConfig[]): Problem[] {
  return [
    ...environments.flatMap((env, i) => [
      ...check(
        !environments.slice(0, i).some((other) => other.name === env.name),
        `${env.name}.name`,
        env.name,
        'is used by two environments',
        'a name unique among environments',
      ),
      ...environments
        .slice(0, i)
        .flatMap((other) =>
          check(
            other.domain !== env.domain,
            `${env.name}.domain`,
            env.domain,
            `is also ${other.name}'s domain (their records and certificates would collide)`,
            'a domain no other environment uses',
          ),
        ),
      ...environments.slice(0, i).flatMap((other) => {
        const mine = parseCidr(env.network.cidr);
        const theirs = parseCidr(other.network.cidr);
        return check(
          !(mine && theirs && cidrsOverlap(mine, theirs)),
          `${env.name}.network.cidr`,
          env.network.cidr,
          `overlaps ${other.name}.network.cidr ${JSON.stringify(other.network.cidr)}`,
          'a range shared with no other environment, so that VPCs can be peered or routed',
        );
      }),
    ]),
    ...environments.flatMap((env) => listenerRuleProblems(project, env)),
    ...trunkingOwnerProblems(environments),
  ];
}

/**
 * ENI trunking is an account-wide default setting: two environment stacks in one account would
 * both manage it, and destroying either would turn it off for the other's new instances.
 */
function trunkingOwnerProblems(environments: readonly EnvironmentConfig[]): Problem[] {
  const managing = environments.filter(
    (env) => runsOnEc2(env) && (env.cluster.ec2.eniTrunking ?? DEFAULT_ENI_TRUNKING),
  );
  return managing.flatMap((env, i) => {
    const owner = managing.slice(0, i).find((other) => other.accountId === env.accountId);
    return check(
      owner === undefined,
      `${env.name}.cluster.ec2.eniTrunking`,
      env.cluster.ec2.eniTrunking ?? DEFAULT_ENI_TRUNKING,
      `also manages account ${env.accountId}'s awsvpcTrunking setting, which ${owner?.name} manages ` +
        '(destroying either stack would turn it off for both)',
      'false in every environment of the account but one; their instances are trunked all the same',
    );
  });
}

/**
 * Listener rules of one environment: priorities unique (the ALB refuses duplicates), and none
 * that can never match because a catch-all rule (`/*`, no host) of a lower number answers first.
 */
function listenerRuleProblems(project: ProjectConfig, env: EnvironmentConfig): Problem[] {
  const rules = Object.entries(env.services)
    .filter(
      ([name, service]) =>
        service.listenerRule !== undefined && project.services[name]?.exposure === 'public',
    )
    .map(([name, service]) => ({ name, ...service.listenerRule! }));
  return rules.flatMap((rule, i) => {
    const path = `${env.name}.services.${rule.name}.listenerRule.priority`;
    const earlier = rules.slice(0, i).find((other) => other.priority === rule.priority);
    const catchAll = rules.find(
      (other) =>
        other.priority < rule.priority &&
        (other.hostHeaders ?? []).length === 0 &&
        (other.pathPatterns ?? []).some((pattern) => CATCH_ALL_PATHS.includes(pattern)),
    );
    return [
      ...check(
        earlier === undefined,
        path,
        rule.priority,
        `collides with ${env.name}.services.${earlier?.name}.listenerRule.priority`,
        'a priority no other service of the environment uses',
      ),
      ...check(
        catchAll === undefined,
        path,
        rule.priority,
        `is never reached: ${catchAll?.name}'s rule (priority ${catchAll?.priority}, path ${JSON.stringify(catchAll?.pathPatterns)}) matches every request first`,
        `a priority below ${catchAll?.priority}, or narrower patterns on ${catchAll?.name}`,
      ),
    ];
  });
}

export function accountIdProblems(path: string, value: string): Problem[] {
  return check(
    ACCOUNT_ID.test(value),
    path,
    value,
    'is not an AWS account ID',
    'exactly 12 digits, as a string',
  );
}
