import type { App } from 'cdktf';
import { oidcProviderOwners } from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { EnvironmentStack } from './environment-stack';
import { ServiceStack } from './service-stack';
import { SharedStack } from './shared-stack';
import { StateStack } from './state-stack';

export interface PlatformApp {
  readonly state: StateStack;
  readonly shared: SharedStack;
  readonly environments: readonly EnvironmentStack[];
  readonly services: readonly ServiceStack[];
}

/**
 * Every stack of a validated configuration: the state bucket, the shared stack, one stack per
 * environment and one per service it runs. main.ts and the tests build the app with this alone.
 */
export function buildApp(
  app: App,
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): PlatformApp {
  const sharedStackId = 'shared';
  const state = new StateStack(app, 'state', { project, environments, sharedStackId });
  const shared = new SharedStack(app, sharedStackId, { project, environments });
  // One GitHub OIDC provider per account: an environment sharing its account with an earlier one
  // (or with `shared`) uses that stack's, so it deploys after it.
  const owners = oidcProviderOwners(project, environments);
  const environmentStacks = environments.map(
    (env) =>
      new EnvironmentStack(app, env.name, {
        project,
        env,
        shared,
        createsOidcProvider: owners.get(env.accountId) === env.name,
      }),
  );
  environmentStacks.forEach((stack, i) => {
    const owner = environmentStacks.find((other) => other.node.id === owners.get(environments[i].accountId));
    if (owner && owner !== stack) stack.addDependency(owner);
  });
  const services = environments.flatMap((env, i) =>
    Object.keys(env.services).map(
      (serviceName) =>
        new ServiceStack(app, `${env.name}-${serviceName}`, {
          project,
          env,
          serviceName,
          environment: environmentStacks[i],
          shared,
        }),
    ),
  );
  return { state, shared, environments: environmentStacks, services };
}
