import type { App } from 'cdktf';
import { accountsOf, administratorStackId } from '../envs/derive';
import type { EnvironmentConfig, ProjectConfig } from '../envs/types';
import { AdministratorStack } from './administrator-stack';
import { EnvironmentStack } from './environment-stack';
import { ServiceStack } from './service-stack';
import { SharedStack } from './shared-stack';
import { StateStack } from './state-stack';

export interface PlatformApp {
  readonly state: StateStack;
  /** One per account, shared account first: applied by hand, never by CI. */
  readonly administrators: readonly AdministratorStack[];
  readonly shared: SharedStack;
  readonly environments: readonly EnvironmentStack[];
  readonly services: readonly ServiceStack[];
}

/**
 * Every stack of a validated configuration: the state bucket, one administrator stack per account,
 * the shared stack, one stack per environment and one per service it runs. main.ts and the tests
 * build the app with this alone.
 */
export function buildApp(
  app: App,
  project: ProjectConfig,
  environments: readonly EnvironmentConfig[],
): PlatformApp {
  const zoneStackId = administratorStackId(project.sharedAccountId);
  const state = new StateStack(app, 'state', { project, environments, zoneStackId });
  const administrators = accountsOf(project, environments).map(
    (accountId) =>
      new AdministratorStack(app, administratorStackId(accountId), {
        project,
        accountId,
        allEnvironments: environments,
      }),
  );
  const zone = administrators[0].publicZone!;
  const shared = new SharedStack(app, 'shared', { project, environments });
  const environmentStacks = environments.map(
    (env) => new EnvironmentStack(app, env.name, { project, env, zone }),
  );
  const services = environments.map((env, i) =>
    Object.keys(env.services).map(
      (serviceName) =>
        new ServiceStack(app, `${env.name}-${serviceName}`, {
          project,
          env,
          serviceName,
          environment: environmentStacks[i],
        }),
    ),
  );
  // The roles CI deploys with are derived from what they deploy, so they are added last.
  for (const admin of administrators) {
    admin.addDelivery({
      shared: admin.accountId === project.sharedAccountId ? shared : undefined,
      environments: environments
        .map((env, i) => ({ env, stack: environmentStacks[i], services: services[i] }))
        .filter(({ env }) => env.accountId === admin.accountId),
    });
  }
  return { state, administrators, shared, environments: environmentStacks, services: services.flat() };
}
