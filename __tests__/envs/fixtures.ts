import { environments, project } from '../../envs';
import type { EnvironmentConfig, ProjectConfig } from '../../envs/types';
import { validate } from '../../envs/validate';
import { formatProblem } from '../../modules/core';

/** The real configuration with one environment or the project changed by `patch`. */
export function withEnv(
  name: string,
  patch: (env: EnvironmentConfig) => EnvironmentConfig,
): [ProjectConfig, EnvironmentConfig[]] {
  return [project, environments.map((env) => (env.name === name ? patch(env) : env))];
}

export function withProject(patch: Partial<ProjectConfig>): [ProjectConfig, EnvironmentConfig[]] {
  return [{ ...project, ...patch }, [...environments]];
}

export function withNetwork(
  name: string,
  patch: Partial<EnvironmentConfig['network']>,
): [ProjectConfig, EnvironmentConfig[]] {
  return withEnv(name, (env) => ({ ...env, network: { ...env.network, ...patch } }));
}

/** validate()'s problems as the lines the app prints. */
export function messages(project: ProjectConfig, environments: readonly EnvironmentConfig[]): string[] {
  return validate(project, environments).map(formatProblem);
}
