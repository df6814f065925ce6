import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accountsOf,
  ADMINISTERED_ROLE_PATH,
  administratorStackId,
  deployPlatformRoleName,
  deployServicesRoleName,
  dnsPlanRoleName,
  dnsRecordsRoleName,
  imagePublisherRoleName,
  partitionOf,
  planRoleName,
  platformGithubEnvironment,
  repositoryName,
  servicesGithubEnvironment,
  SHARED_GITHUB_ENVIRONMENT,
} from '../../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';

/**
 * What the workflows are generated from: the stacks and their dependencies as `cdktf synth` wrote
 * them (manifest.json), each stack's account and required variables (its cdk.tf.json), and the
 * names the configuration gives the delivery roles and GitHub Environments (envs/derive.ts).
 */

export type StackKind = 'bootstrap' | 'administrator' | 'shared' | 'environment' | 'service';

export interface StackModel {
  readonly name: string;
  readonly kind: StackKind;
  /** Directory of the synthesized stack, relative to the repository (`cdktf.out/stacks/<name>`). */
  readonly directory: string;
  /** Stacks it reads (manifest dependencies) that CI applies: not the bootstrap or administrator stacks. */
  readonly needs: readonly string[];
  readonly accountId: string;
  /** The environment it belongs to (environments and services). */
  readonly environment?: string;
  readonly service?: string;
  /** Variables it declares without a default (`image_tag`): a deploy must pass each. */
  readonly requiredVariables: readonly string[];
  /** Role a plan assumes (on pull requests, and before an apply on main): reads states only. */
  readonly planRoleArn: string;
  /** Role and GitHub Environment of its apply on main; none for the stacks an administrator applies. */
  readonly apply?: { readonly roleArn: string; readonly githubEnvironment: string };
  /**
   * The roles its DNS provider assumes (its `dns_role_arn` variable), for an environment stack: the
   * zone reader when planning, the record writer when applying.
   */
  readonly dnsRole?: { readonly plan: string; readonly apply: string };
}

export interface ImageSourceModel {
  readonly service: string;
  readonly repository: string;
  readonly branch: string;
  readonly ecrRepository: string;
  readonly publisherRoleArn: string;
  /** Environments that run the service: each a target of promotion. */
  readonly environments: readonly string[];
  /** Those among them that take every new image at once (project.autoDeploy). */
  readonly autoDeploy: readonly string[];
}

export interface DeliveryModel {
  /** This repository, `owner/name`. */
  readonly repository: string;
  readonly region: string;
  /** The account of the image repositories (and their publishers). */
  readonly sharedAccountId: string;
  /** Every stack, sorted by name. */
  readonly stacks: readonly StackModel[];
  readonly sources: readonly ImageSourceModel[];
  /** Environment names, sorted. */
  readonly environments: readonly string[];
}

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies: string[]; readonly workingDirectory: string }>;
}

interface StackJson {
  readonly provider?: { readonly aws?: readonly { alias?: string; allowed_account_ids?: string[] }[] };
  readonly terraform?: { readonly backend?: Record<string, unknown> };
  readonly variable?: Record<string, { default?: unknown }>;
}

export { partitionOf };

/** Reads a synthesized app (`cdktf.out`) and the configuration it was synthesized from. */
export function deliveryModel(
  synthDir: string,
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): DeliveryModel {
  const manifest = JSON.parse(readFileSync(join(synthDir, 'manifest.json'), 'utf8')) as Manifest;
  const partition = partitionOf(project.region);
  const roleArn = (accountId: string, name: string) =>
    `arn:${partition}:iam::${accountId}:role${ADMINISTERED_ROLE_PATH}${name}`;
  // An account's stacks an administrator applies are planned with the plan role of the shared
  // stack there, or else of its first environment by name.
  const planRoleOfAccount = (accountId: string) =>
    accountId === project.sharedAccountId
      ? roleArn(accountId, planRoleName(project, 'shared'))
      : roleArn(
          accountId,
          planRoleName(
            project,
            [...environments]
              .sort((a, b) => a.name.localeCompare(b.name))
              .find((e) => e.accountId === accountId)!.name,
          ),
        );
  const names = Object.keys(manifest.stacks).sort();
  const json = (name: string) =>
    JSON.parse(
      readFileSync(join(synthDir, manifest.stacks[name].workingDirectory, 'cdk.tf.json'), 'utf8'),
    ) as StackJson;
  const bootstrap = names.filter((n) => json(n).terraform?.backend?.local !== undefined);
  const administrators = accountsOf(project, environments).map(administratorStackId);
  const appliedByHand = [...bootstrap, ...administrators];

  const stacks = names.map((name): StackModel => {
    const stack = json(name);
    const provider = (stack.provider?.aws ?? []).find((p) => p.alias === undefined);
    const accountId = provider?.allowed_account_ids?.[0];
    if (!accountId) throw new Error(`stack ${name} has no default AWS provider with allowed_account_ids`);
    const base = {
      name,
      directory: join('cdktf.out', manifest.stacks[name].workingDirectory),
      needs: manifest.stacks[name].dependencies.filter((d) => !appliedByHand.includes(d)).sort(),
      accountId,
      requiredVariables: Object.entries(stack.variable ?? {})
        .filter(([, v]) => v.default === undefined)
        .map(([n]) => n)
        .sort(),
    };
    if (appliedByHand.includes(name)) {
      return {
        ...base,
        kind: bootstrap.includes(name) ? 'bootstrap' : 'administrator',
        planRoleArn: planRoleOfAccount(accountId),
      };
    }
    if (name === 'shared') {
      return {
        ...base,
        kind: 'shared',
        planRoleArn: roleArn(project.sharedAccountId, planRoleName(project, 'shared')),
        apply: {
          roleArn: roleArn(project.sharedAccountId, deployPlatformRoleName(project, 'shared')),
          githubEnvironment: SHARED_GITHUB_ENVIRONMENT,
        },
      };
    }
    const env = environments.find((e) => e.name === name || name.startsWith(`${e.name}-`));
    const service = env && name !== env.name ? name.slice(env.name.length + 1) : undefined;
    if (!env || (service !== undefined && !(service in env.services))) {
      throw new Error(`stack ${name} is neither shared, an environment nor one of its services`);
    }
    return {
      ...base,
      kind: service === undefined ? 'environment' : 'service',
      environment: env.name,
      service,
      planRoleArn: roleArn(env.accountId, planRoleName(project, env.name)),
      apply:
        service === undefined
          ? {
              roleArn: roleArn(env.accountId, deployPlatformRoleName(project, env.name)),
              githubEnvironment: platformGithubEnvironment(env),
            }
          : {
              roleArn: roleArn(env.accountId, deployServicesRoleName(project, env)),
              githubEnvironment: servicesGithubEnvironment(env),
            },
      dnsRole:
        service === undefined && stack.variable?.dns_role_arn
          ? {
              plan: roleArn(project.sharedAccountId, dnsPlanRoleName(project, env)),
              apply: roleArn(project.sharedAccountId, dnsRecordsRoleName(project, env)),
            }
          : undefined,
    };
  });

  const sources = Object.entries(project.services)
    .filter(([, definition]) => definition.source !== undefined)
    .map(([service, definition]): ImageSourceModel => {
      const running = environments
        .filter((e) => service in e.services)
        .map((e) => e.name)
        .sort();
      return {
        service,
        repository: definition.source!.repository,
        branch: definition.source!.branch ?? 'main',
        ecrRepository: repositoryName(project, service),
        publisherRoleArn: roleArn(project.sharedAccountId, imagePublisherRoleName(project, service)),
        environments: running,
        autoDeploy: running.filter((e) => (project.autoDeploy ?? []).includes(e)),
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service));

  return {
    repository: project.repository,
    region: project.region,
    sharedAccountId: project.sharedAccountId,
    stacks,
    sources,
    environments: environments.map((e) => e.name).sort(),
  };
}
