import { imageSourceProblems, repositoryProblems } from '../modules/github-oidc';
import { check, repeatedIndexes, under, type Problem } from '../modules/core/validation';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * The settings continuous delivery reads (README, "Continuous delivery"): this repository, the
 * application repositories that publish images, and the environments that take every new image.
 */
export function deliveryProblems(
  project: ProjectConfig,
  environments: readonly Pick<EnvironmentConfig, 'name'>[],
): Problem[] {
  const names = environments.map((env) => env.name);
  const autoDeploy = project.autoDeploy ?? [];
  return [
    ...repositoryProblems('project.repository', project.repository),
    ...autoDeploy.flatMap((name, i) =>
      check(
        names.includes(name),
        `project.autoDeploy[${i}]`,
        name,
        'is not an environment',
        names.join(', '),
      ),
    ),
    ...repeatedIndexes(autoDeploy).flatMap((i) =>
      check(false, `project.autoDeploy[${i}]`, autoDeploy[i], 'is listed twice', 'each environment once'),
    ),
    ...Object.entries(project.services).flatMap(([name, service]) =>
      service.source ? under(`project.services.${name}.source`, imageSourceProblems(service.source)) : [],
    ),
  ];
}
