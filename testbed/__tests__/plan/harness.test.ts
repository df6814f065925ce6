import { OVERRIDE_FILE, offlineOverrides, requiredVariableArgs, type StackJson } from '../../plan/overrides';
import { PLACEHOLDER_ACCOUNT, placeholderValue } from '../../plan/placeholders';
import { commandName, readPlanLog } from '../../plan/offline-plan';
import { seededState } from '../../plan/seed-state';
import { withTestTierGc, writeCliConfig } from '../../plan/terraform-cli';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const target = { s3Endpoint: 'http://127.0.0.1:4567', accessKey: 'offline-plan', secretKey: 'offline-plan' };

describe('offlineOverrides', () => {
  const stack: StackJson = {
    provider: { aws: [{ region: 'ap-northeast-1', allowed_account_ids: ['222222222222'] }] },
    terraform: {
      backend: {
        s3: { bucket: 'state', key: 'webapp/dev.tfstate', region: 'ap-northeast-1', use_lockfile: true },
      },
    },
    data: {
      terraform_remote_state: {
        'cross-stack-reference-input-shared': {
          backend: 's3',
          config: { bucket: 'state', key: 'webapp/shared.tfstate' },
        },
      },
    },
  };
  const override = offlineOverrides(stack, target) as Record<string, any>;

  test('is a Terraform override file', () => {
    expect(OVERRIDE_FILE).toMatch(/_override\.tf\.json$/);
  });

  test('keeps the real backend settings and adds only the loopback endpoint and skip flags', () => {
    expect(override.terraform.backend.s3).toEqual({
      bucket: 'state',
      key: 'webapp/dev.tfstate',
      region: 'ap-northeast-1',
      use_lockfile: true,
      endpoints: { s3: 'http://127.0.0.1:4567' },
      use_path_style: true,
      access_key: 'offline-plan',
      secret_key: 'offline-plan',
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  });

  test('points remote state reads at the same server', () => {
    expect(override.data.terraform_remote_state['cross-stack-reference-input-shared'].config).toMatchObject({
      bucket: 'state',
      key: 'webapp/shared.tfstate',
      endpoints: { s3: 'http://127.0.0.1:4567' },
    });
  });

  test('gives the provider dummy keys and lifts only the account pin, which needs STS', () => {
    expect(override.provider.aws[0]).toMatchObject({
      access_key: 'offline-plan',
      allowed_account_ids: null,
      skip_requesting_account_id: true,
    });
    expect(override.provider.aws[0].region).toBeUndefined();
  });

  test('a provider that assumes a role keeps it, with no endpoints block (STS comes from the environment)', () => {
    const stack = {
      provider: { aws: [{ region: 'r' }, { alias: 'dns', assume_role: [{ role_arn: 'arn' }] }] },
    };
    const withRole = offlineOverrides(stack, target) as Record<string, any>;
    expect(withRole.provider.aws[1]).toMatchObject({ alias: 'dns', access_key: 'offline-plan' });
    expect(withRole.provider.aws[1]).not.toHaveProperty('assume_role');
    for (const provider of withRole.provider.aws) expect(provider).not.toHaveProperty('endpoints');
  });

  test('a local-backend stack gets no backend override', () => {
    expect(offlineOverrides({ provider: stack.provider }, target).terraform).toBeUndefined();
  });

  test('fails when a remote state is not on S3', () => {
    expect(() =>
      offlineOverrides({ data: { terraform_remote_state: { x: { backend: 'gcs', config: {} } } } }, target),
    ).toThrow('remote state "x" uses backend "gcs"; only s3 is served offline');
  });
});

test('variables a deploy must pass get a placeholder; those with a default are left alone', () => {
  expect(
    requiredVariableArgs({
      variable: { image_tag: { type: 'string' }, replicas: { type: 'number', default: 2 } },
    }),
  ).toEqual(['-var=image_tag=offline-plan']);
});

describe('placeholders', () => {
  test('ARNs are ARN-shaped, with the service and no region for IAM', () => {
    expect(placeholderValue('aws_lb_listener', 'https', 'arn', 'string', 'ap-northeast-1')).toBe(
      `arn:aws:elasticloadbalancing:ap-northeast-1:${PLACEHOLDER_ACCOUNT}:lb_listener/https`,
    );
    expect(placeholderValue('aws_iam_role', 'task', 'arn', 'string', 'ap-northeast-1')).toMatch(
      /^arn:aws:iam::\d{12}:/,
    );
  });

  test('IDs carry the prefix AWS uses and are stable', () => {
    const id = placeholderValue('aws_vpc', 'network_vpc', 'id', 'string', 'r');
    expect(id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(placeholderValue('aws_vpc', 'network_vpc', 'id', 'string', 'r')).toBe(id);
  });

  test('collections hold one element of the element type', () => {
    expect(placeholderValue('aws_route53_zone', 'z', 'name_servers', ['list', 'string'], 'r')).toHaveLength(
      1,
    );
    expect(placeholderValue('aws_x', 'y', 'count', 'number', 'r')).toBe(1);
  });
});

describe('seededState', () => {
  const schemas = {
    provider_schemas: {
      'registry.terraform.io/hashicorp/aws': {
        resource_schemas: {
          aws_route53_zone: { block: { attributes: { zone_id: { type: 'string' as const } } } },
        },
      },
    },
  };

  test('known outputs keep their planned value; unknown ones get a typed placeholder', () => {
    const state = seededState(
      {
        output_changes: {
          known: { after: 'example.com', after_unknown: false },
          zone: { after_unknown: true },
        },
        configuration: {
          root_module: {
            outputs: { zone: { expression: { references: ['aws_route53_zone.public_zone.zone_id'] } } },
          },
        },
      },
      schemas,
      'ap-northeast-1',
    ) as { version: number; outputs: Record<string, { value: unknown; type: unknown }> };
    expect(state.version).toBe(4);
    expect(state.outputs.known).toEqual({ value: 'example.com', type: 'string' });
    expect(state.outputs.zone.value).toMatch(/^Z[0-9A-F]{20}$/);
  });

  test('follows nested references into object attributes', () => {
    const nested = {
      provider_schemas: {
        aws: {
          resource_schemas: {
            aws_rds_cluster: {
              block: {
                attributes: {
                  master_user_secret: {
                    type: ['list', ['object', { secret_arn: 'string', kms_key_id: 'string' }]] as never,
                  },
                },
              },
            },
          },
        },
      },
    };
    const state = seededState(
      {
        output_changes: { secret: { after_unknown: true } },
        configuration: {
          root_module: {
            outputs: {
              secret: {
                expression: {
                  references: [
                    'aws_rds_cluster.db.master_user_secret[0].secret_arn',
                    'aws_rds_cluster.db.master_user_secret[0]',
                  ],
                },
              },
            },
          },
        },
      },
      nested,
      'ap-northeast-1',
    ) as { outputs: Record<string, { value: unknown }> };
    expect(state.outputs.secret.value).toMatch(/^arn:aws:rds:ap-northeast-1:\d{12}:rds_cluster\/db$/);
  });

  test('fails when an unknown output refers to nothing it can imitate', () => {
    expect(() =>
      seededState({ output_changes: { odd: { after_unknown: true } } }, schemas, 'ap-northeast-1'),
    ).toThrow('output "odd" is unknown at plan time');
  });
});

test('readPlanLog reads the summary and each diagnostic once from a plan -json log', () => {
  const deprecated = {
    severity: 'warning',
    summary: 'Argument is deprecated',
    range: { filename: 'cdk.tf', start: { line: 12 } },
  };
  const log = [
    JSON.stringify({ '@message': 'Terraform 1.11.4', type: 'version' }),
    JSON.stringify({ type: 'diagnostic', diagnostic: deprecated }),
    JSON.stringify({ type: 'planned_change', '@message': 'aws_s3_bucket.b: Plan to create' }),
    // The plan walk repeats what the validate walk said.
    JSON.stringify({ type: 'diagnostic', diagnostic: deprecated }),
    JSON.stringify({
      type: 'diagnostic',
      diagnostic: { ...deprecated, range: { filename: 'cdk.tf', start: { line: 40 } } },
    }),
    JSON.stringify({
      type: 'change_summary',
      '@message': 'Plan: 3 to add, 0 to change, 0 to destroy.',
      changes: { add: 3, change: 0, remove: 0 },
    }),
    '',
  ].join('\n');
  const { diagnostics, summary } = readPlanLog(log);
  expect(summary).toBe('Plan: 3 to add, 0 to change, 0 to destroy.');
  expect(diagnostics.map((d) => d.range?.start.line)).toEqual([12, 40]);
  expect(readPlanLog('').summary).toBe('planned (no summary line)');
});

test('the CLI config installs providers only from the mirror', () => {
  const path = writeCliConfig(join(mkdtempSync(join(tmpdir(), 'cli-')), 'rc'), '/opt/mirror');
  const text = readFileSync(path, 'utf8');
  expect(text).toContain('path    = "/opt/mirror"');
  expect(text).toMatch(/direct \{\s+exclude/);
});

test("the tiers' Terraform processes collect garbage less often, unless GOGC is set already", () => {
  expect(withTestTierGc({ PATH: '/bin' })).toEqual({ PATH: '/bin', GOGC: '400' });
  expect(withTestTierGc({ GOGC: 'off' }).GOGC).toBe('off');
});

describe('commandName (the plan tier times each Terraform command under this name)', () => {
  test.each([
    [['init', '-input=false', '-no-color'], 'init'],
    [['plan', '-input=false', '-out=json.tfplan', '-var=image_tag=x'], 'plan'],
    [['show', '-json', 'json.tfplan'], 'show'],
    [['fmt', '-check', '-diff', 'cdk.tf'], 'fmt'],
    [['state', 'push', 'seeded.tfstate'], 'state push'],
    [['providers', 'schema', '-json'], 'providers schema'],
  ])('%j is %s', (args, name) => {
    expect(commandName(args)).toBe(name);
  });
});
