import { environments, project } from '../../envs';
import { assertValid } from '../../envs/validate';
import type { EnvironmentConfig, ProjectConfig, ServiceDefinition } from '../../envs/types';
import { messages, withProject } from './fixtures';

/**
 * The settings continuous delivery reads (docs/delivery.md): each bad value, and the
 * exact problem it produces, alone.
 */

type Config = [ProjectConfig, EnvironmentConfig[]];

const firstService = Object.keys(project.services)[0];
const withSource = (source: ServiceDefinition['source']): Config =>
  withProject({
    services: { ...project.services, [firstService]: { ...project.services[firstService], source } },
  });
const names = environments.map((e) => e.name).join(', ');
/** A valid environment name that no environment has. */
const unused = ['qa', 'uat', 'sandbox', 'perf'].find((n) => !environments.some((e) => e.name === n))!;

describe('validate: delivery settings', () => {
  test('the shipped configuration names this repository and the environments that take every image', () => {
    expect(messages(project, [...environments])).toEqual([]);
    expect(project.repository).toMatch(/^[^/*]+\/[^/*]+$/);
  });

  test.each<[string, Config, string]>([
    [
      'the repository is a pattern',
      withProject({ repository: 'acme/*' }),
      'project.repository: "acme/*" is not one GitHub repository (accepted: owner/name as GitHub spells it, such as "acme/webapp-platform", with no wildcard)',
    ],
    [
      'the repository has no owner',
      withProject({ repository: 'webapp-platform' }),
      'project.repository: "webapp-platform" is not one GitHub repository (accepted: owner/name as GitHub spells it, such as "acme/webapp-platform", with no wildcard)',
    ],
    [
      'the registry keeps builds (sha-) before promoted images (release-)',
      withProject({
        registry: { ...project.registry, keepTagged: [...project.registry.keepTagged].reverse() },
      }),
      'project.registry.keepTagged: ["sha-","release-"] expires promoted images with old builds (accepted: a rule for "release-" listed before the rule for "sha-": the release workflows push sha-<commit> and tag each promoted image release-<commit>, and only an earlier rule keeps it from the later one)',
    ],
    [
      'the registry keeps builds but no promoted images',
      withProject({ registry: { ...project.registry, keepTagged: [{ tagPrefix: 'sha-', count: 50 }] } }),
      'project.registry.keepTagged: ["sha-"] expires promoted images with old builds (accepted: a rule for "release-" listed before the rule for "sha-": the release workflows push sha-<commit> and tag each promoted image release-<commit>, and only an earlier rule keeps it from the later one)',
    ],
    [
      'the registry keeps fewer promoted images than builds',
      withProject({
        registry: {
          ...project.registry,
          keepTagged: [
            { tagPrefix: 'release-', count: 30 },
            { tagPrefix: 'sha-', count: 50 },
          ],
        },
      }),
      'project.registry.keepTagged[0].count: 30 keeps fewer promoted images than builds (50) (accepted: 50 or more: a promoted image is kept by this rule alone, so it would otherwise go sooner than a build)',
    ],
    [
      'autoDeploy names no environment',
      withProject({ autoDeploy: [unused] }),
      `project.autoDeploy[0]: "${unused}" is not an environment (accepted: ${names})`,
    ],
    [
      'autoDeploy names an environment twice',
      withProject({ autoDeploy: [environments[0].name, environments[0].name] }),
      'project.autoDeploy[1]: ' +
        JSON.stringify(environments[0].name) +
        ' is listed twice (accepted: each environment once)',
    ],
    [
      "a service's source is a repository pattern",
      withSource({ repository: 'acme/webapp-*' }),
      `project.services.${firstService}.source.repository: "acme/webapp-*" is not one GitHub repository (accepted: owner/name as GitHub spells it, such as "acme/webapp-platform", with no wildcard)`,
    ],
    [
      "a service's source branch is a pattern",
      withSource({ repository: 'acme/webapp-frontend', branch: 'release/*' }),
      `project.services.${firstService}.source.branch: "release/*" is not one branch name (accepted: a branch such as "main" or "release/v2": no wildcard, space, "..", leading "-" or "refs/")`,
    ],
    [
      "a service's source branch is a full ref",
      withSource({ repository: 'acme/webapp-frontend', branch: 'refs/heads/main' }),
      `project.services.${firstService}.source.branch: "refs/heads/main" is not one branch name (accepted: a branch such as "main" or "release/v2": no wildcard, space, "..", leading "-" or "refs/")`,
    ],
  ])('fails when %s', (_name, config, problem) => {
    expect(messages(...config)).toEqual([problem]);
  });

  test('a service without a source is accepted (no workflow may push its images)', () => {
    expect(messages(...withSource(undefined))).toEqual([]);
  });

  test('fails when the repository is missing, before any value is checked (the shape)', () => {
    const { repository: _dropped, ...rest } = project;
    expect(() => assertValid(rest as ProjectConfig, environments)).toThrow(
      '  - project.repository: undefined is missing (accepted: GitHub repository of this code, `owner/name` (for example `acme/webapp-platform`): the only repository whose workflows may plan and deploy the stacks (docs/delivery.md).)',
    );
  });
});
