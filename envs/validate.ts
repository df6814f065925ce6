import { cidrsOverlap, parseCidr } from '../modules/core/ipv4';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * Checks the whole configuration before any construct is built and returns every problem at
 * once, each as `<env>.<field path>: <value> <what is wrong> (accepted: <what would do>)`.
 */

/** CloudWatch Logs accepts exactly these retention periods (0, "never expire", is refused here). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Stack IDs that environment names must not take. */
const RESERVED_STACK_IDS = ['state', 'shared'];
const VPC_PREFIX = { largest: 16, smallest: 24 };
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

  get all(): readonly string[] {
    return this.list;
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const PROJECT_NAME = /^[a-z][a-z0-9-]{0,10}[a-z0-9]$/;
const ENV_NAME = /^[a-z][a-z0-9]{1,7}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const ENDPOINT_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A lower-case DNS name with at least two labels, as Route53 and ACM accept it. */
export function isDnsName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l));
}

export function validate(
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): readonly string[] {
  const problems = new Problems();
  validateProject(problems, project);
  const seen = new Set<string>();
  for (const env of environments) {
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
  return problems.all;
}

/** Throws a ConfigError listing every problem; returns quietly when the config is valid. */
export function assertValid(project: ProjectConfig, environments: readonly EnvironmentConfig[]) {
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

  const network = env.network;
  const cidr = parseCidr(network.cidr);
  if (
    problems.expect(
      cidr !== undefined,
      at('network.cidr'),
      network.cidr,
      'is not a valid IPv4 CIDR',
      `a network address a.b.c.d/n with a prefix from /${VPC_PREFIX.largest} to /${VPC_PREFIX.smallest}`,
    )
  ) {
    problems.expect(
      cidr!.prefix >= VPC_PREFIX.largest && cidr!.prefix <= VPC_PREFIX.smallest,
      at('network.cidr'),
      network.cidr,
      `has prefix /${cidr!.prefix}, outside what AWS and the subnet scheme allow`,
      `a prefix from /${VPC_PREFIX.largest} (AWS's largest VPC) to /${VPC_PREFIX.smallest} (smallest that fits nine subnets of at least /28)`,
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
    (LOG_RETENTION_DAYS as readonly number[]).includes(value),
    path,
    value,
    'is not a retention period CloudWatch Logs accepts',
    LOG_RETENTION_DAYS.join(', '),
  );
}
