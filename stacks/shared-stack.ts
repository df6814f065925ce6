import { Construct } from 'constructs';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { ContainerRegistry } from '../modules/container-registry';
import { PlatformStack } from './platform-stack';

export interface SharedStackProps {
  readonly project: ProjectConfig;
  /** Every environment: each account that runs one may pull images. */
  readonly environments: readonly EnvironmentConfig[];
}

/**
 * The image repositories every environment pulls from, one per service of the catalogue: images
 * are built once and promoted from dev to prod by tag. (The public zone, which rebuilding nothing
 * may change, is the shared account's administrator stack's.)
 */
export class SharedStack extends PlatformStack {
  /** Image repository per service name. */
  public readonly repositories: Readonly<Record<string, ContainerRegistry>>;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    const { project, environments } = props;
    super(scope, id, { project, environment: 'shared', accountId: project.sharedAccountId });
    // Environments in other accounts pull across accounts; the shared account needs no grant.
    const pullAccountIds = [...new Set(environments.map((env) => env.accountId))].filter(
      (account) => account !== project.sharedAccountId,
    );
    this.repositories = Object.fromEntries(
      Object.keys(project.services).map((service) => [
        service,
        new ContainerRegistry(this, `repository-${service}`, {
          repositoryName: `${project.name}/${service}`,
          lifecycle: project.registry,
          pullAccountIds,
        }),
      ]),
    );
  }
}
