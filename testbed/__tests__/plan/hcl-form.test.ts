import { diagnosticLines, quotedProviderReferences } from '../../plan/hcl-form';

describe('quotedProviderReferences', () => {
  test('finds a provider named in quotes, with file and line', () => {
    const hcl = ['resource "aws_route53_record" "r" {', '  provider = "aws.dns"', '}'].join('\n');
    expect(quotedProviderReferences(hcl)).toEqual(['cdk.tf:2: provider = "aws.dns"']);
  });

  test('accepts a bare provider reference and arguments that only end in "provider"', () => {
    const hcl = [
      'resource "aws_route53_record" "r" {',
      '  provider = aws.dns',
      '}',
      'resource "aws_ecs_cluster_capacity_providers" "c" {',
      '  default_capacity_provider_strategy {',
      '    capacity_provider = "FARGATE"',
      '  }',
      '}',
    ].join('\n');
    expect(quotedProviderReferences(hcl)).toEqual([]);
  });
});

test('diagnosticLines prints each diagnostic with its place and code', () => {
  expect(
    diagnosticLines([
      {
        severity: 'warning',
        summary: 'Quoted references are deprecated',
        range: { filename: 'cdk.tf', start: { line: 539 } },
        snippet: { code: '  provider = "aws.dns"' },
      },
      { severity: 'error', summary: 'No configuration files' },
    ]),
  ).toEqual([
    'warning: cdk.tf:539: Quoted references are deprecated (provider = "aws.dns")',
    'error: No configuration files',
  ]);
});
