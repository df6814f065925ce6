import { accountKeyPrefix } from '../modules/state-bucket';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * What the configuration implies beyond its own fields: names built from several fields and the
 * variables a service receives. The stacks build resources from these and `validate()` checks
 * them, so both read the same answer.
 */

/**
 * The partition of a region, for ARNs that must be literal (a variable's default, a workflow):
 * everywhere else the stacks read it from `data.aws_partition`.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `<project>-<env>`: prefix of every resource name of an environment. */
export function namePrefix(project: ProjectConfig, env: EnvironmentConfig): string {
  return `${project.name}-${env.name}`;
}

/** The environment's ALB log bucket; the account ID keeps the global name unique across forks. */
export function accessLogBucketName(project: ProjectConfig, env: EnvironmentConfig): string {
  return `${namePrefix(project, env)}-alb-logs-${env.accountId}`;
}

/** `feature-flags` -> `FEATURE_FLAGS`, `api/base-url` -> `API_BASE_URL`. */
export function toVariableName(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * Image tags the release workflows write (scripts/workflows): every build is pushed as
 * `sha-<commit>`, and an image promoted to an environment is also tagged `release-<commit>`, so
 * that the registry's lifecycle policy can keep what environments run apart from old builds.
 */
export const IMAGE_TAGS = { build: 'sha-', promoted: 'release-' } as const;

/** SSM paths (relative to `/<project>/<env>`) of the database connection facts. */
export const DB_PARAMETERS = {
  host: 'db/host',
  port: 'db/port',
  name: 'db/name',
  username: 'db/username',
  secretArn: 'db/master-secret-arn',
} as const;

/** Where one variable a task gets from a secret comes from. */
export type SecretSource =
  | {
      readonly kind: 'parameter';
      readonly name: string;
      readonly parameterPath: string;
      readonly configPath: string;
    }
  | { readonly kind: 'database-password'; readonly name: string; readonly configPath: string };

/**
 * The variables ECS fills from secrets for a service, in order: its plain and secure parameters
 * (under `<service>/`), then the database connection when it uses the database. `configPath`
 * says which field of the configuration asked for each.
 */
export function serviceSecrets(
  project: ProjectConfig,
  env: EnvironmentConfig,
  serviceName: string,
): SecretSource[] {
  const config = env.services[serviceName];
  const at = `${env.name}.services.${serviceName}`;
  const parameter = (path: string, configPath: string): SecretSource => ({
    kind: 'parameter',
    name: toVariableName(path),
    parameterPath: `${serviceName}/${path}`,
    configPath,
  });
  const database = `project.services.${serviceName}.usesDatabase`;
  return [
    ...Object.keys(config.parameters).map((path) => parameter(path, `${at}.parameters.${path}`)),
    ...config.secureParameters.map((path, i) => parameter(path, `${at}.secureParameters[${i}]`)),
    ...(project.services[serviceName]?.usesDatabase
      ? [
          {
            kind: 'parameter',
            name: 'DB_HOST',
            parameterPath: DB_PARAMETERS.host,
            configPath: database,
          } as const,
          {
            kind: 'parameter',
            name: 'DB_PORT',
            parameterPath: DB_PARAMETERS.port,
            configPath: database,
          } as const,
          {
            kind: 'parameter',
            name: 'DB_NAME',
            parameterPath: DB_PARAMETERS.name,
            configPath: database,
          } as const,
          {
            kind: 'parameter',
            name: 'DB_USER',
            parameterPath: DB_PARAMETERS.username,
            configPath: database,
          } as const,
          { kind: 'database-password', name: 'DB_PASSWORD', configPath: database } as const,
          // RDS rotates the password (every 7 days by default) and a task's DB_PASSWORD is the one
          // of its start: the application re-reads the secret this names (its task role may).
          {
            kind: 'parameter',
            name: 'DB_SECRET_ARN',
            parameterPath: DB_PARAMETERS.secretArn,
            configPath: database,
          } as const,
        ]
      : []),
  ];
}

/** Internal services `serviceName` calls (it is among their clients), each announced as `<NAME>_URL`. */
export function upstreams(project: ProjectConfig, env: EnvironmentConfig, serviceName: string): string[] {
  return Object.entries(project.services)
    .filter(
      ([name, other]) =>
        other.exposure === 'internal' && name in env.services && other.clients?.includes(serviceName),
    )
    .map(([name]) => name);
}

export function upstreamVariable(upstream: string): string {
  return `${toVariableName(upstream)}_URL`;
}

/**
 * Continuous delivery: the roles GitHub Actions assumes, and the GitHub Environments that guard
 * them. The stacks create the roles under these names and `npm run workflows` writes the same ARNs
 * into the workflows, so both read the answer here.
 */

/** The branch whose merges deploy; plans before an apply run on it. */
export const MAIN_BRANCH = 'main';

/** The GitHub Environment whose jobs apply the `shared` stack. */
export const SHARED_GITHUB_ENVIRONMENT = 'shared';

/** The GitHub Environment whose jobs apply an environment's own stack (network, database, ...). */
export function platformGithubEnvironment(env: Pick<EnvironmentConfig, 'name'>): string {
  return `${env.name}-platform`;
}

/** The GitHub Environment whose jobs deploy an environment's services (releases included). */
export function servicesGithubEnvironment(env: Pick<EnvironmentConfig, 'name'>): string {
  return env.name;
}

/** Applies the `shared` stack (`owner` = 'shared') or an environment's stack. */
export function deployPlatformRoleName(project: ProjectConfig, owner: string): string {
  return `${project.name}-${owner}-deploy-platform`;
}

/** Applies an environment's service stacks. */
export function deployServicesRoleName(project: ProjectConfig, env: Pick<EnvironmentConfig, 'name'>): string {
  return `${project.name}-${env.name}-deploy-services`;
}

/** Reads the states a pull request's plans need (`owner` = 'shared' or an environment). */
export function planRoleName(project: ProjectConfig, owner: string): string {
  return `${project.name}-${owner}-plan`;
}

/** Pushes one service's images from its application repository. */
export function imagePublisherRoleName(project: ProjectConfig, service: string): string {
  return `${project.name}-${service}-image-publisher`;
}

/** The ECR repository of a service. */
export function repositoryName(project: ProjectConfig, service: string): string {
  return `${project.name}/${service}`;
}

/**
 * State key of a stack in the state bucket: under its account's prefix, which the state bucket's
 * policy grants that account (modules/state-bucket).
 */
export function stateKey(project: ProjectConfig, accountId: string, stack: string): string {
  return `${accountKeyPrefix(project.name, accountId)}/${stack}.tfstate`;
}

/** Key pattern of an environment's service stacks' states (`<env>-<service>`). */
export function serviceStateKeys(project: ProjectConfig, env: EnvironmentConfig): string {
  return stateKey(project, env.accountId, `${env.name}-*`);
}

/**
 * Every account the configuration names, shared account first: each gets one administrator stack
 * (its identities: the GitHub OIDC provider, the roles CI assumes, the workload boundary).
 */
export function accountsOf(
  project: ProjectConfig,
  environments: readonly Pick<EnvironmentConfig, 'accountId'>[],
): string[] {
  return [...new Set([project.sharedAccountId, ...environments.map((env) => env.accountId)])];
}

/**
 * The administrator stack of an account: applied by hand with administrator credentials, never by
 * CI (docs/delivery.md, "One-time setup"). Named by the account ID, which never changes, so adding an
 * environment to an account never renames (and so never recreates) its stack.
 */
export function administratorStackId(accountId: string): string {
  return `admin-${accountId}`;
}

/**
 * IAM path of every role an administrator stack creates (the roles CI assumes, the DNS record
 * writers): the CI roles may write IAM only on roles outside it, so no name a service or an
 * environment may take can reach them.
 */
export const ADMINISTERED_ROLE_PATH = '/delivery/';

/**
 * The account's permissions boundary: every role CI creates (a workload role, assumed by an AWS
 * service) must carry it, and it caps whatever policy CI writes onto such a role.
 */
export function workloadBoundaryName(project: ProjectConfig): string {
  return `${project.name}-workload-boundary`;
}

/** Writes an environment's records into the shared public zone (assumed by its stack's `aws.dns` provider). */
export function dnsRecordsRoleName(project: ProjectConfig, env: Pick<EnvironmentConfig, 'name'>): string {
  return `${project.name}-${env.name}-dns-records`;
}

/**
 * Reads the shared public zone and writes nothing: what a plan of an environment stack assumes for
 * its `aws.dns` provider (a pull request's code must not be able to change production's records).
 */
export function dnsPlanRoleName(project: ProjectConfig, env: Pick<EnvironmentConfig, 'name'>): string {
  return `${project.name}-${env.name}-dns-plan`;
}
