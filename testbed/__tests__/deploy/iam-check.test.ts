import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkIamRequests } from '../../deploy/iam-check';
import type { SynthesizedRole } from '../../iam/synthesized-roles';

/**
 * The deploy tier's proof that the CI roles suffice: every request a CI role made, read from the
 * emulator's request log, evaluated against that role's policies.
 */

const account = '222222222222';
const deployer: SynthesizedRole = {
  address: 'aws_iam_role.deployer',
  name: 'webapp-dev-deploy-platform',
  arn: `arn:aws:iam::${account}:role/delivery/webapp-dev-deploy-platform`,
  trust: { Statement: [] },
  foreignPolicyArns: [],
  policies: [
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:CreateVpc', 'ec2:CreateTags'],
          Resource: `arn:aws:ec2:ap-northeast-1:${account}:*`,
        },
        { Effect: 'Allow', Action: 'ec2:DescribeVpcs', Resource: '*' },
      ],
    },
  ],
};
const request = (role: string, operation: string, params: Record<string, unknown>) =>
  JSON.stringify({
    account,
    role,
    session: 's',
    region: 'ap-northeast-1',
    service: 'ec2',
    operation,
    params,
    facts: {},
    status: 200,
  });

function log(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'iam-check-')), 'requests.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('checkIamRequests', () => {
  test("evaluates only the given roles' requests, and passes when each is allowed", async () => {
    // GIVEN a CI role's allowed requests, and an administrator's request it must not judge
    const file = log([
      request(deployer.arn, 'CreateVpc', { CidrBlock: '10.0.0.0/16' }),
      request(deployer.arn, 'DescribeVpcs', {}),
      request(`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, 'DeleteVpc', { VpcId: 'vpc-1' }),
    ]);
    // WHEN checked
    const result = await checkIamRequests(file, new Map([[deployer.arn, deployer]]));
    // THEN both of the CI role's requests were evaluated, none denied
    expect(result).toEqual({ evaluated: 2, denied: [], unexplained: [], stale: [] });
  });

  test('fails when a CI role made a request its policies do not allow, naming role, action, resource and call', async () => {
    const file = log([request(deployer.arn, 'DeleteVpc', { VpcId: 'vpc-0abc' })]);
    const result = await checkIamRequests(file, new Map([[deployer.arn, deployer]]));
    expect(result.evaluated).toBe(1);
    expect(result.denied).toEqual([
      `webapp-dev-deploy-platform: ec2:DeleteVpc on arn:aws:ec2:ap-northeast-1:${account}:vpc/vpc-0abc implicitly denied, for ec2:DeleteVpc`,
    ]);
  });

  test('fails when a request cannot be evaluated and no reviewed entry says why', async () => {
    const file = log([request(deployer.arn, 'NoSuchOperation', {})]);
    const result = await checkIamRequests(file, new Map([[deployer.arn, deployer]]));
    expect(result.unexplained).toEqual([
      expect.stringMatching(/^webapp-dev-deploy-platform: ec2:NoSuchOperation: /),
    ]);
  });
});
