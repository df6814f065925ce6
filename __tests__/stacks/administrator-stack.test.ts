import { environments, project } from '../../envs';
import {
  accountsOf,
  administratorStackId,
  planRoleName,
  deployPlatformRoleName,
  workloadBoundaryName,
} from '../../envs/derive';
import { evaluate } from '../../testbed/iam/evaluate';
import { synthesizedRoles } from '../../testbed/iam/synthesized-roles';
import { synthOutput } from './app-fixture';

/**
 * The administrator stack of each account (applied by hand, never by CI): the workload boundary,
 * protected where the account's data is; in the shared account the public zone, and the roles
 * through which each environment writes its records (its deploy role) and reads them (its plans).
 */

const { stacks } = synthOutput();
const sharedAdmin = administratorStackId(project.sharedAccountId);
const zoneArn = 'arn:aws:route53:::hostedzone/Z0SHAREDZONE';
/** The shared administrator stack's roles, its zone's ARN as an apply would give it. */
const sharedRoles = () => {
  const zones = Object.keys(stacks[sharedAdmin].resource?.aws_route53_zone ?? {});
  const references = Object.fromEntries(zones.map((name) => [`\${aws_route53_zone.${name}.arn}`, zoneArn]));
  return synthesizedRoles(stacks[sharedAdmin], project.sharedAccountId, project.region, references);
};
const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/delivery/${name}`;

describe('administrator stacks', () => {
  test.each(accountsOf(project, environments).map((a) => [a]))(
    'account %s: one boundary, protected from destroy exactly when an environment there protects its data',
    (account) => {
      const policies = Object.values(
        stacks[administratorStackId(account)].resource?.aws_iam_policy ?? {},
      ).filter((p) => p.name === workloadBoundaryName(project));
      expect(policies).toHaveLength(1);
      const protectsData = environments.some((e) => e.accountId === account && e.protectData);
      expect(
        (policies[0].lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy ?? false,
      ).toBe(protectsData);
    },
  );

  test('only the shared account holds the public zone and the DNS roles', () => {
    for (const account of accountsOf(project, environments)) {
      const stack = stacks[administratorStackId(account)];
      const dnsRoles = Object.values(stack.resource?.aws_iam_role ?? {}).filter((r) =>
        /-dns-/.test(String(r.name)),
      );
      const shared = account === project.sharedAccountId;
      expect(Object.keys(stack.resource?.aws_route53_zone ?? {})).toHaveLength(shared ? 1 : 0);
      expect(dnsRoles).toHaveLength(shared ? 2 * environments.length : 0);
    }
  });

  describe.each(environments.map((env) => [env.name, env] as const))('%s', (name, env) => {
    const reader = () => sharedRoles().find((r) => r.name === `${project.name}-${name}-dns-plan`)!;
    const writer = () => sharedRoles().find((r) => r.name === `${project.name}-${name}-dns-records`)!;
    const assume = (trust: unknown, caller: string) =>
      evaluate(
        {
          roleArn: caller,
          policies: [{ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
        },
        { action: 'sts:AssumeRole', resource: reader().arn },
        { policy: trust as never },
      );

    test("the zone reader is assumed by the environment's plan role, and by no other role", async () => {
      const plan = roleArn(env.accountId, planRoleName(project, name));
      const deploy = roleArn(env.accountId, deployPlatformRoleName(project, name));
      const elsewhere = roleArn('999999999999', planRoleName(project, name));
      expect((await assume(reader().trust, plan)).decision).toBe('allowed');
      expect((await assume(reader().trust, deploy)).decision).not.toBe('allowed');
      expect((await assume(reader().trust, elsewhere)).decision).not.toBe('allowed');
    });

    test('the zone reader may read the zone and change nothing in it', async () => {
      const role = { roleArn: reader().arn, policies: reader().policies };
      expect(
        (await evaluate(role, { action: 'route53:ListResourceRecordSets', resource: zoneArn })).decision,
      ).toBe('allowed');
      const change = {
        action: 'route53:ChangeResourceRecordSets',
        resource: zoneArn,
        context: {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': [env.domain],
          'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          'route53:ChangeResourceRecordSetsActions': ['UPSERT'],
        },
      };
      expect((await evaluate(role, change)).decision).not.toBe('allowed');
      // (while the writer may make that very change)
      expect((await evaluate({ roleArn: writer().arn, policies: writer().policies }, change)).decision).toBe(
        'allowed',
      );
    });
  });
});
