import { TerraformOutput, TerraformVariable } from 'cdktf';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import {
  ContainerRegistry,
  ContainerRegistryProps,
  LifecyclePolicySpec,
  lifecyclePolicy,
  lifecyclePolicyProblems,
} from '../../modules/container-registry';
import { formatProblem, under } from '../../modules/core';
import { dataSources, parse, resources, synthConstruct } from '../helpers';

const LIFECYCLE: LifecyclePolicySpec = {
  untaggedExpiryDays: 7,
  keepTagged: [
    { tagPrefix: 'v', count: 30 },
    { tagPrefix: 'main-', count: 10 },
  ],
};

const PROPS: ContainerRegistryProps = { repositoryName: 'webapp/backend', lifecycle: LIFECYCLE };

function synthRegistry(overrides: Partial<ContainerRegistryProps> = {}): string {
  return synthConstruct((scope) => new ContainerRegistry(scope, 'backend', { ...PROPS, ...overrides }));
}

/** Terraform name of the only resource (or data source) of a type. */
function onlyName(json: string, kind: 'resource' | 'data', type: string): string {
  const names = Object.keys(parse(json)[kind]?.[type] ?? {});
  expect(names).toHaveLength(1);
  return names[0];
}

interface PolicyRule {
  rulePriority: number;
  selection: Record<string, unknown>;
  action: { type: string };
}

describe('lifecyclePolicy', () => {
  test('expires untagged images first, then keeps the newest images per tag prefix', () => {
    // GIVEN a spec with two tag prefixes
    // WHEN the policy is rendered
    const rules = (JSON.parse(lifecyclePolicy(LIFECYCLE)) as { rules: PolicyRule[] }).rules;

    // THEN rule 1 expires untagged images by age, and each prefix gets its own count rule
    expect(rules.map((r) => r.rulePriority)).toEqual([1, 2, 3]);
    expect(rules[0].selection).toEqual({
      tagStatus: 'untagged',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: 7,
    });
    expect(rules[1].selection).toEqual({
      tagStatus: 'tagged',
      tagPrefixList: ['v'],
      countType: 'imageCountMoreThan',
      countNumber: 30,
    });
    expect(rules[2].selection).toEqual({
      tagStatus: 'tagged',
      tagPrefixList: ['main-'],
      countType: 'imageCountMoreThan',
      countNumber: 10,
    });
    expect(rules.every((r) => r.action.type === 'expire')).toBe(true);
  });

  test('an empty keepTagged list leaves only the untagged rule', () => {
    const rules = (
      JSON.parse(lifecyclePolicy({ untaggedExpiryDays: 1, keepTagged: [] })) as { rules: PolicyRule[] }
    ).rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].selection.tagStatus).toBe('untagged');
  });

  test('a count from a Terraform variable is rendered through jsonencode', () => {
    // GIVEN a count that is only known to Terraform
    const json = synthConstruct((scope) => {
      const keep = new TerraformVariable(scope, 'keep', { type: 'number' });
      new ContainerRegistry(scope, 'backend', {
        ...PROPS,
        lifecycle: { untaggedExpiryDays: 7, keepTagged: [{ tagPrefix: 'v', count: keep.numberValue }] },
      });
    });

    // THEN the policy is an expression that reads the variable, not a frozen number
    const [policy] = resources(json, 'aws_ecr_lifecycle_policy');
    expect(policy.policy).toMatch(/^\$\{jsonencode\(/);
    expect(policy.policy).toContain('var.keep');
  });

  test('fails when untaggedExpiryDays is not a positive integer', () => {
    expect(() => lifecyclePolicy({ ...LIFECYCLE, untaggedExpiryDays: 0 })).toThrow(
      'Invalid lifecycle policy spec, 1 problem(s):\n  - untaggedExpiryDays: 0 is not a positive integer (accepted: a whole number of days, 1 or more)',
    );
    expect(() => lifecyclePolicy({ ...LIFECYCLE, untaggedExpiryDays: 1.5 })).toThrow(
      'untaggedExpiryDays: 1.5 is not a positive integer',
    );
  });

  test('fails when a count is not a positive integer', () => {
    expect(() =>
      lifecyclePolicy({ untaggedExpiryDays: 7, keepTagged: [{ tagPrefix: 'v', count: -3 }] }),
    ).toThrow(
      'keepTagged[0].count: -3 is not a positive integer (accepted: a whole number of images, 1 or more)',
    );
  });

  test('fails when a tag prefix is empty', () => {
    expect(() =>
      lifecyclePolicy({ untaggedExpiryDays: 7, keepTagged: [{ tagPrefix: '', count: 3 }] }),
    ).toThrow('keepTagged[0].tagPrefix: "" is empty (accepted: a non-empty image tag prefix such as "v")');
  });

  test('fails when a tag prefix holds a wildcard or a character no image tag may hold', () => {
    expect(() =>
      lifecyclePolicy({ untaggedExpiryDays: 7, keepTagged: [{ tagPrefix: 'v*', count: 3 }] }),
    ).toThrow('keepTagged[0].tagPrefix: "v*" is not the start of a valid image tag');
    expect(() =>
      lifecyclePolicy({ untaggedExpiryDays: 7, keepTagged: [{ tagPrefix: '-rc', count: 3 }] }),
    ).toThrow('is not the start of a valid image tag');
  });

  test('fails when a tag prefix is listed twice', () => {
    const spec = {
      untaggedExpiryDays: 7,
      keepTagged: [
        { tagPrefix: 'v', count: 3 },
        { tagPrefix: 'v', count: 5 },
      ],
    };
    expect(() => lifecyclePolicy(spec)).toThrow(
      'keepTagged[1].tagPrefix: "v" repeats keepTagged[0].tagPrefix (accepted: each tag prefix once)',
    );
  });

  test('fails when one tag prefix is a prefix of another, in either order', () => {
    const overlapping = (first: string, second: string) => ({
      untaggedExpiryDays: 7,
      keepTagged: [
        { tagPrefix: first, count: 3 },
        { tagPrefix: second, count: 5 },
      ],
    });
    expect(() => lifecyclePolicy(overlapping('v', 'v1'))).toThrow(
      'keepTagged[1].tagPrefix: "v1" overlaps keepTagged[0].tagPrefix "v": "v" is a prefix of "v1", so images tagged "v1"... fall under both rules (accepted: tag prefixes none of which starts another)',
    );
    expect(() => lifecyclePolicy(overlapping('release-', 'rel'))).toThrow(
      'keepTagged[1].tagPrefix: "rel" overlaps keepTagged[0].tagPrefix "release-": "rel" is a prefix of "release-"',
    );
    expect(() => lifecyclePolicy(overlapping('v', 'main-'))).not.toThrow();
  });

  test('lifecyclePolicyProblems reports every problem at once, under a given path', () => {
    // GIVEN a spec with three independent problems
    const problems = lifecyclePolicyProblems({
      untaggedExpiryDays: 0,
      keepTagged: [{ tagPrefix: '', count: 0 }],
    });

    // THEN each is reported with its full path
    expect(under('project.registry', problems).map(formatProblem)).toEqual([
      'project.registry.untaggedExpiryDays: 0 is not a positive integer (accepted: a whole number of days, 1 or more)',
      'project.registry.keepTagged[0].count: 0 is not a positive integer (accepted: a whole number of images, 1 or more)',
      'project.registry.keepTagged[0].tagPrefix: "" is empty (accepted: a non-empty image tag prefix such as "v")',
    ]);
    expect(lifecyclePolicyProblems(LIFECYCLE)).toEqual([]);
  });
});

describe('ContainerRegistry', () => {
  test('repository: immutable tags, scan on push, KMS, no force delete, prevent_destroy', () => {
    // GIVEN default props
    // WHEN synthesized
    const json = synthRegistry();

    // THEN
    expect(json).toHaveResourceWithProperties(EcrRepository, {
      name: 'webapp/backend',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS' }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
    const [repository] = resources(json, 'aws_ecr_repository');
    expect((repository.encryption_configuration as Record<string, unknown>[])[0].kms_key).toBeUndefined();
  });

  test('a customer KMS key and preventDestroy false are passed through', () => {
    const json = synthRegistry({ kmsKeyArn: 'KEY-ARN', preventDestroy: false });
    expect(json).toHaveResourceWithProperties(EcrRepository, {
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: 'KEY-ARN' }],
      lifecycle: { prevent_destroy: false },
    });
  });

  test('the lifecycle policy on the repository is the one the helper renders', () => {
    const json = synthRegistry();
    const repository = onlyName(json, 'resource', 'aws_ecr_repository');
    expect(json).toHaveResourceWithProperties(EcrLifecyclePolicy, {
      repository: `\${aws_ecr_repository.${repository}.name}`,
    });
    const [policy] = resources(json, 'aws_ecr_lifecycle_policy');
    expect(JSON.parse(policy.policy as string)).toEqual(JSON.parse(lifecyclePolicy(LIFECYCLE)));
  });

  test('no repository policy without pull accounts', () => {
    const json = synthRegistry();
    expect(json).not.toHaveResource(EcrRepositoryPolicy);
    expect(dataSources(json, 'aws_iam_policy_document')).toHaveLength(0);
  });

  test('pull accounts get the three pull actions through their account roots', () => {
    // GIVEN two environment accounts
    // WHEN synthesized
    const json = synthRegistry({ pullAccountIds: ['111111111111', '222222222222'] });

    // THEN a repository policy grants pull (and only pull) to both account roots
    expect(json).toHaveResource(EcrRepositoryPolicy);
    const [document] = dataSources(json, 'aws_iam_policy_document');
    const [statement] = document.statement as Record<string, unknown>[];
    expect(statement.actions).toEqual([
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchCheckLayerAvailability',
    ]);
    expect(statement.effect).toBeUndefined();
    const [principal] = statement.principals as { type: string; identifiers: string[] }[];
    expect(principal.type).toBe('AWS');
    const partition = onlyName(json, 'data', 'aws_partition');
    expect(principal.identifiers).toEqual([
      `arn:\${data.aws_partition.${partition}.partition}:iam::111111111111:root`,
      `arn:\${data.aws_partition.${partition}.partition}:iam::222222222222:root`,
    ]);
    expect(json).toHaveResourceWithProperties(EcrRepositoryPolicy, {
      policy: `\${data.aws_iam_policy_document.${onlyName(json, 'data', 'aws_iam_policy_document')}.json}`,
    });
    expect(json).not.toContain('arn:aws:');
  });

  test('exposes the repository URL, ARN and name as references', () => {
    const json = synthConstruct((scope) => {
      const registry = new ContainerRegistry(scope, 'backend', PROPS);
      new TerraformOutput(scope, 'url', { value: registry.repositoryUrl });
      new TerraformOutput(scope, 'arn', { value: registry.repositoryArn });
      new TerraformOutput(scope, 'name', { value: registry.repositoryName });
    });
    const outputs = parse(json).output ?? {};
    const resolved = ['url', 'arn', 'name'].map((o) => outputs[o]?.value);
    const repository = onlyName(json, 'resource', 'aws_ecr_repository');
    expect(resolved).toEqual([
      `\${aws_ecr_repository.${repository}.repository_url}`,
      `\${aws_ecr_repository.${repository}.arn}`,
      `\${aws_ecr_repository.${repository}.name}`,
    ]);
  });

  test('fails when the repository name is not valid for ECR', () => {
    expect(() => synthRegistry({ repositoryName: 'WebApp/Backend' })).toThrow(
      'backend.repositoryName: "WebApp/Backend" is not a valid ECR repository name (accepted: 2-256 characters',
    );
    expect(() => synthRegistry({ repositoryName: 'webapp//backend' })).toThrow(
      'is not a valid ECR repository name',
    );
  });

  test('fails when a pull account is not a 12-digit ID or is listed twice', () => {
    expect(() => synthRegistry({ pullAccountIds: ['12345'] })).toThrow(
      'backend.pullAccountIds[0]: "12345" is not an AWS account ID (accepted: exactly 12 digits)',
    );
    expect(() => synthRegistry({ pullAccountIds: ['111111111111', '111111111111'] })).toThrow(
      'backend.pullAccountIds[1]: "111111111111" is listed twice (accepted: each account once)',
    );
  });

  test('fails when the lifecycle spec is invalid, naming the construct and the field', () => {
    expect(() => synthRegistry({ lifecycle: { untaggedExpiryDays: -1, keepTagged: [] } })).toThrow(
      'backend.lifecycle.untaggedExpiryDays: -1 is not a positive integer',
    );
  });
});
