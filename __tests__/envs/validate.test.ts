import Ajv from 'ajv';
import { environments, project } from '../../envs';
import schema from '../../envs/config.schema.json';
import { ConfigError, assertValid } from '../../envs/validate';
import { messages, withEnv, withNetwork, withProject } from './fixtures';

describe('validate', () => {
  test('the shipped configuration is valid', () => {
    expect(messages(project, environments)).toEqual([]);
  });

  describe('project', () => {
    test('fails when the project name is not usable in resource names', () => {
      expect(messages(...withProject({ name: 'Web_App' }))).toEqual([
        'project.name: "Web_App" is not usable in AWS resource names (accepted: 2-12 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-")',
      ]);
    });

    test('fails when the region is not a region name', () => {
      expect(messages(...withProject({ name: 'webapp', region: 'tokyo' }))).toContain(
        'project.region: "tokyo" is not an AWS region name (accepted: a region such as "ap-northeast-1")',
      );
    });

    test('fails when the state bucket name breaks S3 naming rules', () => {
      expect(messages(...withProject({ stateBucket: 'My.State' }))).toEqual([
        'project.stateBucket: "My.State" is not a valid S3 bucket name (accepted: 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit)',
      ]);
    });

    test('fails when the apex domain is not a DNS name', () => {
      expect(messages(...withProject({ apexDomain: 'example_com' }))).toContain(
        'project.apexDomain: "example_com" is not a valid DNS name (accepted: lower-case labels of a-z, 0-9 and "-" separated by dots, such as "example.com")',
      );
    });

    test('fails when the shared account ID is not 12 digits', () => {
      expect(messages(...withProject({ sharedAccountId: '12345' }))).toEqual([
        'project.sharedAccountId: "12345" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
      ]);
    });
  });

  describe('environment', () => {
    test('fails when the account ID is not 12 digits', () => {
      expect(messages(...withEnv('prod', (env) => ({ ...env, accountId: '44444444444a' })))).toEqual([
        'prod.accountId: "44444444444a" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
      ]);
    });

    test('fails when the environment name is not usable, or is a reserved stack ID', () => {
      expect(messages(...withEnv('dev', (env) => ({ ...env, name: 'Dev-1' })))).toContain(
        'Dev-1.name: "Dev-1" is not usable as an environment name (accepted: 2-8 characters of a-z and 0-9 starting with a letter, other than state, shared, admin)',
      );
      expect(messages(...withEnv('dev', (env) => ({ ...env, name: 'shared' })))).toContain(
        'shared.name: "shared" is not usable as an environment name (accepted: 2-8 characters of a-z and 0-9 starting with a letter, other than state, shared, admin)',
      );
    });

    test('fails when an environment file and its name disagree', () => {
      const [p, envs] = withEnv('stg', (env) => ({ ...env, name: 'renamed', network: { ...env.network } }));
      expect(
        messages(
          p,
          envs.map((env) => ({ ...env, sourceFile: env.name === 'renamed' ? 'stg' : env.name })),
        ),
      ).toEqual([
        'renamed.name: "renamed" does not match its file envs/environments/stg.ts (accepted: the file name without .ts ("stg"), so that a file is found by its environment)',
      ]);
    });

    test('fails when two environments share a name', () => {
      expect(
        messages(...withEnv('stg', (env) => ({ ...env, name: 'dev', network: { ...env.network } }))),
      ).toContain('dev.name: "dev" is used by two environments (accepted: a name unique among environments)');
    });

    test('fails when log retention is not a CloudWatch period', () => {
      expect(messages(...withEnv('stg', (env) => ({ ...env, logRetentionDays: 10 })))).toEqual([
        'stg.logRetentionDays: 10 is not a retention period CloudWatch Logs accepts (accepted: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
      ]);
    });
  });

  describe('network', () => {
    test('fails when the VPC CIDR is not a CIDR', () => {
      expect(messages(...withNetwork('prod', { cidr: '10.0.0.0/33' }))).toEqual([
        'prod.network.cidr: "10.0.0.0/33" is not a valid IPv4 CIDR (accepted: a network address a.b.c.d/n with a prefix from /16 to /23)',
      ]);
    });

    test('fails when the VPC CIDR has host bits set', () => {
      expect(messages(...withNetwork('prod', { cidr: '10.30.0.1/16' }))).toEqual([
        'prod.network.cidr: "10.30.0.1/16" is not a valid IPv4 CIDR (accepted: a network address a.b.c.d/n with a prefix from /16 to /23)',
      ]);
    });

    test.each([
      ['172.16.0.0/12', 12],
      ['10.30.0.0/25', 25],
    ])('fails when the VPC prefix is outside /16-/24: %s', (cidr, prefix) => {
      expect(messages(...withNetwork('prod', { cidr }))).toEqual([
        `prod.network.cidr: "${cidr}" has prefix /${prefix}, outside what AWS and the subnet scheme allow (accepted: a prefix from /16 (AWS's largest VPC) to /23 (smallest whose public subnets, /27, can hold an ALB))`,
      ]);
    });

    test('fails when the VPC is too small for an ALB in the public subnets', () => {
      expect(messages(...withNetwork('prod', { cidr: '10.30.0.0/24' }))).toEqual([
        `prod.network.cidr: "10.30.0.0/24" has prefix /24, outside what AWS and the subnet scheme allow (accepted: a prefix from /16 (AWS's largest VPC) to /23 (smallest whose public subnets, /27, can hold an ALB))`,
      ]);
    });

    test('fails when two environments overlap', () => {
      expect(messages(...withNetwork('stg', { cidr: '10.10.128.0/20' }))).toEqual([
        'stg.network.cidr: "10.10.128.0/20" overlaps dev.network.cidr "10.10.0.0/16" (accepted: a range shared with no other environment, so that VPCs can be peered or routed)',
      ]);
    });

    test('fails when there are not three distinct zone IDs', () => {
      expect(
        messages(...withNetwork('dev', { availabilityZoneIds: ['apne1-az1', 'apne1-az1', 'apne1-az2'] })),
      ).toEqual([
        'dev.network.availabilityZoneIds: ["apne1-az1","apne1-az1","apne1-az2"] is not 3 distinct availability zone IDs (accepted: exactly 3 different zone IDs of ap-northeast-1)',
      ]);
      expect(
        messages(...withNetwork('dev', { availabilityZoneIds: ['apne1-az1', 'apne1-az2'] })),
      ).toHaveLength(1);
    });

    test('fails when a zone is named rather than given by ID', () => {
      expect(
        messages(
          ...withNetwork('dev', { availabilityZoneIds: ['apne1-az1', 'ap-northeast-1c', 'apne1-az4'] }),
        ),
      ).toEqual([
        'dev.network.availabilityZoneIds[1]: "ap-northeast-1c" is not an availability zone ID (a zone name such as "ap-northeast-1a" differs per account) (accepted: "apne1-az1", "apne1-az2", "apne1-az4")',
      ]);
    });

    test('fails when the NAT mode is unknown', () => {
      expect(messages(...withNetwork('dev', { nat: 'always' as never }))).toEqual([
        'dev.network.nat: "always" is not a NAT mode (accepted: "none", "single", "per-az")',
      ]);
    });

    test('fails when an endpoint service name is malformed or repeated', () => {
      expect(
        messages(...withNetwork('dev', { interfaceEndpoints: ['ecr.api', 'ECR DKR', 'ecr.api'] })),
      ).toEqual([
        'dev.network.interfaceEndpoints[1]: "ECR DKR" is not an endpoint service short name (accepted: the name after "com.amazonaws.<region>.", such as "ecr.api")',
        'dev.network.interfaceEndpoints[2]: "ecr.api" is listed twice (accepted: each service once)',
      ]);
    });
  });

  test('reports every problem at once: of the shape of each file and of the values of well-shaped files', () => {
    // GIVEN a mistyped setting in prod, a bad value in dev and one in the project
    const [p] = withProject({ sharedAccountId: '1' });
    const envs = environments.map((env) =>
      env.name === 'prod'
        ? { ...env, network: { ...env.network, nat: 'x' as never } }
        : env.name === 'dev'
          ? { ...env, network: { ...env.network, cidr: 'nope' } }
          : env,
    );

    // THEN all three are reported in one error
    expect(() => assertValid(p, envs)).toThrow(ConfigError);
    expect(() => assertValid(p, envs)).toThrow(
      [
        'Invalid configuration, 3 problem(s); nothing was synthesized:',
        '  - prod.network.nat: "x" is not one of the accepted values (accepted: "none", "single", "per-az")',
        '  - project.sharedAccountId: "1" is not an AWS account ID (accepted: exactly 12 digits, as a string)',
        '  - dev.network.cidr: "nope" is not a valid IPv4 CIDR (accepted: a network address a.b.c.d/n with a prefix from /16 to /23)',
      ].join('\n'),
    );
  });
});

// envs/shape.ts compiles the schema without checking it against the meta-schema (for speed).
describe('the configuration schema', () => {
  const metaSchemaErrors = (candidate: object) => {
    const ajv = new Ajv({ strict: false });
    return ajv.validateSchema(candidate)
      ? []
      : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };

  test('is valid JSON Schema', () => {
    expect(metaSchemaErrors(schema)).toEqual([]);
  });

  test('a definition with a misspelt type would be caught', () => {
    const broken = { ...schema, definitions: { ...schema.definitions, Broken: { type: 'strin' } } };
    expect(metaSchemaErrors(broken)).not.toEqual([]);
  });
});
