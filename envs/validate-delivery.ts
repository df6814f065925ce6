import { imageSourceProblems, repositoryProblems } from '../modules/github-oidc';
import { check, repeatedIndexes, under, type Problem } from '../modules/core/validation';
import type { LifecyclePolicySpec } from '../modules/container-registry';
import { IMAGE_TAGS } from './derive';
import type { EnvironmentConfig, ProjectConfig } from './types';

/**
 * The settings continuous delivery reads (docs/delivery.md): this repository, the
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
    ...promotedImageProblems(project.registry),
  ];
}

/**
 * An image an environment runs must outlive old builds: ECR's lifecycle rules count images by
 * push time, so a rule keeping the newest N `sha-` images would, N builds later, expire the image
 * prod was promoted to. The release workflows tag each promoted image `release-<commit>` too, and
 * an image matching a rule of higher priority (listed earlier) cannot be expired by a later rule
 * (ECR, "Lifecycle policy evaluation rules"): the `release-` rule must come before the `sha-` one,
 * and keep at least as many images, or a promoted image would go sooner than a build.
 */
function promotedImageProblems(registry: LifecyclePolicySpec): Problem[] {
  const rules = registry.keepTagged;
  // (an empty prefix is refused on its own: lifecyclePolicyProblems)
  const matching = (tag: string) => rules.findIndex((r) => r.tagPrefix !== '' && tag.startsWith(r.tagPrefix));
  const build = matching(`${IMAGE_TAGS.build}0`);
  const promoted = matching(`${IMAGE_TAGS.promoted}0`);
  const why = `the release workflows push ${IMAGE_TAGS.build}<commit> and tag each promoted image ${IMAGE_TAGS.promoted}<commit>, and only an earlier rule keeps it from the later one`;
  if (build === -1) return [];
  if (promoted === -1 || promoted > build) {
    return check(
      false,
      'project.registry.keepTagged',
      rules.map((r) => r.tagPrefix),
      'expires promoted images with old builds',
      `a rule for "${IMAGE_TAGS.promoted}" listed before the rule for "${IMAGE_TAGS.build}": ${why}`,
    );
  }
  return check(
    rules[promoted].count >= rules[build].count,
    `project.registry.keepTagged[${promoted}].count`,
    rules[promoted].count,
    `keeps fewer promoted images than builds (${rules[build].count})`,
    `${rules[build].count} or more: a promoted image is kept by this rule alone, so it would otherwise go sooner than a build`,
  );
}
