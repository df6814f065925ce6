import { rewriteImports, swapPackages, targetRange } from '../../rehearse/swap';
import { diffSynth, formatSynthDiff, type StackJson } from '../../rehearse/synth-diff';

describe('swapPackages', () => {
  const pkg = {
    name: 'container-platform',
    dependencies: { '@cdktf/provider-aws': '20.1.0', cdktf: '0.21.0', constructs: '10.4.2' },
    devDependencies: { 'cdktf-cli': '0.21.0', jest: '29.7.0' },
  };
  const swapped = swapPackages(
    pkg,
    { cdktn: '0.24.0', 'cdktn-cli': '0.24.0', '@cdktn/provider-aws': '25.7.0' },
    '>=10.6.0 <10.8.0',
  );

  test('replaces each CDKTF package by its successor in the same section', () => {
    expect(swapped.dependencies).toEqual({
      '@cdktn/provider-aws': '25.7.0',
      cdktn: '0.24.0',
      constructs: '>=10.6.0 <10.8.0',
    });
    expect(swapped.devDependencies).toEqual({ 'cdktn-cli': '0.24.0', jest: '29.7.0' });
  });

  test('keeps everything else and does not touch its input', () => {
    expect(swapped.name).toBe('container-platform');
    expect(pkg.dependencies.cdktf).toBe('0.21.0');
  });
});

describe('rewriteImports', () => {
  test('rewrites every kind of module specifier, keeping the subpath', () => {
    const source = [
      "import { App, TerraformStack } from 'cdktf';",
      "import { Vpc } from '@cdktf/provider-aws/lib/vpc';",
      "import 'cdktf/lib/testing/adapters/jest';",
      'const { Testing } = require("cdktf");',
    ].join('\n');
    expect(rewriteImports(source)).toEqual({
      text: [
        "import { App, TerraformStack } from 'cdktn';",
        "import { Vpc } from '@cdktn/provider-aws/lib/vpc';",
        "import 'cdktn/lib/testing/adapters/jest';",
        'const { Testing } = require("cdktn");',
      ].join('\n'),
      count: 4,
    });
  });

  test('leaves strings that are not module specifiers, such as a tag value', () => {
    const source = "const tags = { ManagedBy: 'cdktf' }; // from 'cdktf.json'";
    expect(rewriteImports(source)).toEqual({ text: source, count: 0 });
  });
});

describe('targetRange', () => {
  test("turns Terraform's required_version into an npm semver range", () => {
    expect(targetRange('>= 1.11.0')).toBe('>=1.11.0');
  });

  test('fails on ~>, which npm semver reads differently from Terraform', () => {
    expect(() => targetRange('~> 1.11')).toThrow('uses ~>');
  });
});

describe('diffSynth', () => {
  const stack = (overrides: Partial<Record<string, unknown>> = {}): StackJson =>
    ({
      '//': { metadata: { version: '0.21.0' } },
      terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
      resource: {
        aws_vpc: { vpc: { '//': { metadata: { path: 'dev/vpc' } }, cidr_block: '10.0.0.0/16' } },
        aws_subnet: { a: { cidr_block: '10.0.0.0/19' } },
      },
      data: { aws_partition: { p: {} } },
      ...overrides,
    }) as StackJson;

  test('two identical synths have no differences, whatever their "//" comments say', () => {
    const after = stack({ '//': { metadata: { version: '0.24.0' } } });
    expect(diffSynth({ dev: stack() }, { dev: after })).toEqual([
      {
        stack: 'dev',
        presence: 'both',
        resourcesAdded: [],
        resourcesRemoved: [],
        resourcesChanged: {},
        otherChanges: [],
      },
    ]);
  });

  test('names resources added, removed and changed by address, and other changes by path', () => {
    const after = stack({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '6.66.0' } } },
      resource: {
        aws_vpc: { vpc: { cidr_block: '10.1.0.0/16' } },
        aws_flow_log: { log: { traffic_type: 'ALL' } },
      },
      data: {},
    });
    const [diff] = diffSynth({ dev: stack() }, { dev: after });
    expect(diff.resourcesAdded).toEqual(['aws_flow_log.log']);
    expect(diff.resourcesRemoved).toEqual(['aws_subnet.a', 'data.aws_partition.p']);
    expect(diff.resourcesChanged).toEqual({ 'aws_vpc.vpc': ['cidr_block'] });
    expect(diff.otherChanges).toEqual([
      { path: 'terraform.required_providers.aws.source', before: 'aws', after: 'hashicorp/aws' },
      { path: 'terraform.required_providers.aws.version', before: '5.100.0', after: '6.66.0' },
    ]);
  });

  test('a stack only one side has is reported as added or removed', () => {
    const diffs = diffSynth({ dev: stack() }, { prod: stack() });
    expect(diffs.map((d) => [d.stack, d.presence])).toEqual([
      ['dev', 'removed'],
      ['prod', 'added'],
    ]);
  });

  test('the summary has a row per stack and says when a change is in every stack', () => {
    const after = stack({ terraform: { required_providers: { aws: { source: 'aws', version: '6.66.0' } } } });
    const lines = formatSynthDiff(diffSynth({ dev: stack(), stg: stack() }, { dev: after, stg: after }));
    expect(lines.filter((l) => l.startsWith('| dev ') || l.startsWith('| stg '))).toHaveLength(2);
    expect(lines).toContain(
      '- terraform.required_providers.aws.version: "5.100.0" -> "6.66.0" (every stack)',
    );
  });
});
