import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environments, project } from '../../../envs';
import { writeAwsProfiles } from '../../deploy/accounts';
import { commandStep, destroyExpectation, refusalStep } from '../../deploy/steps';
import { EMULATOR_OVERRIDE_FILE, emulatorOverride } from '../../deploy/overrides';
import { accountOf, protectedResources, type StackJson } from '../../deploy/stack-json';
import { synthOutput } from '../../../__tests__/stacks/app-fixture';

const { stacks } = synthOutput();
const stack = (name: string) => stacks[name] as StackJson;

describe('emulator override', () => {
  test('is a Terraform override file', () => {
    expect(EMULATOR_OVERRIDE_FILE).toMatch(/_override\.tf\.json$/);
  });

  test('adds only path-style addressing: providers, backend and every remote state', () => {
    for (const env of environments) {
      const json = stack(env.name);
      const override = emulatorOverride(json) as Record<string, any>;

      expect(override.provider.aws).toEqual(
        json.provider!.aws!.map((p) => ({ ...(p.alias ? { alias: p.alias } : {}), s3_use_path_style: true })),
      );
      // The backend block is repeated whole (an override replaces it), with one setting added.
      expect(override.terraform.backend.s3).toEqual({ ...json.terraform!.backend!.s3, use_path_style: true });
      const remoteStates = json.data!.terraform_remote_state!;
      expect(Object.keys(override.data.terraform_remote_state)).toEqual(Object.keys(remoteStates));
      for (const [name, source] of Object.entries(remoteStates)) {
        expect(override.data.terraform_remote_state[name]).toEqual({
          config: { ...source.config, use_path_style: true },
        });
      }
      expect(Object.keys(override).sort()).toEqual(['data', 'provider', 'terraform']);
    }
  });

  test('keeps the state stack on its local backend', () => {
    expect(emulatorOverride(stack('state'))).not.toHaveProperty('terraform');
  });
});

describe('AWS profiles', () => {
  test('one profile per account assumes a role in that account from one base identity', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const profiles = writeAwsProfiles(
      dir,
      ['222222222222', '111111111111', '222222222222'],
      'ap-northeast-1',
    );
    const config = readFileSync(profiles.configFile, 'utf8');

    expect(config.match(/^\[profile account-/gm)).toHaveLength(2);
    expect(config).toContain(
      [
        `[profile ${profiles.profileFor('222222222222')}]`,
        'region = ap-northeast-1',
        'source_profile = emulator-base',
        'role_arn = arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
      ].join('\n'),
    );
    expect(readFileSync(profiles.credentialsFile, 'utf8')).toMatch(
      /^\[emulator-base\]\naws_access_key_id = /,
    );
  });

  test('every stack is deployed with the account its config names', () => {
    expect(accountOf(stack('shared'), 'shared')).toBe(project.sharedAccountId);
    expect(accountOf(stack('state'), 'state')).toBe(project.sharedAccountId);
    for (const env of environments) {
      expect(accountOf(stack(env.name), env.name)).toBe(env.accountId);
      for (const service of Object.keys(env.services)) {
        expect(accountOf(stack(`${env.name}-${service}`), service)).toBe(env.accountId);
      }
    }
  });
});

describe('destroy expectations', () => {
  test('an environment that protects its data must be refused, naming its database and log bucket', () => {
    for (const env of environments.filter((e) => e.protectData)) {
      const expectation = destroyExpectation(env.name, stack(env.name), environments);

      expect(expectation).not.toHaveProperty('problem');
      const { mustName } = expectation as { mustName: string[] };
      expect(mustName.some((a) => a.startsWith('aws_rds_cluster.'))).toBe(true);
      expect(mustName.some((a) => a.startsWith('aws_s3_bucket.'))).toBe(env.loadBalancer.accessLogs.enabled);
    }
  });

  test('an environment that does not protect its data must be destroyed completely', () => {
    for (const env of environments.filter((e) => !e.protectData)) {
      expect(destroyExpectation(env.name, stack(env.name), environments)).toEqual({
        protected: [],
        mustName: [],
      });
    }
  });

  test('fails, without destroying, when protectData is set but the database is not protected', () => {
    const prod = environments.find((e) => e.protectData)!;
    const json = structuredClone(stack(prod.name)) as any;
    for (const cluster of Object.values(json.resource.aws_rds_cluster) as any[]) delete cluster.lifecycle;

    expect(destroyExpectation(prod.name, json, environments)).toEqual({
      problem: expect.stringMatching(
        new RegExp(`^${prod.name} sets protectData but aws_rds_cluster\\.\\S+ lacks prevent_destroy`),
      ),
    });
  });

  test('the shared stacks keep their state bucket, image repositories and public zone', () => {
    expect(protectedResources(stack('state'))).toEqual([expect.stringMatching(/^aws_s3_bucket\./)]);
    expect(protectedResources(stack('shared'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_ecr_repository\./)]),
    );
    expect(protectedResources(stack(`admin-${project.sharedAccountId}`))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_route53_zone\./)]),
    );
  });
});

describe('refusalStep', () => {
  const message = (a: string) =>
    `Error: Instance cannot be destroyed\n\n  Resource ${a} (database/cluster) has\n       lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`;
  /** What `npm run destroy -- prod` prints: cdktf's relay, then Terraform's own plan's errors. */
  const refusal = (relayed: string[], explained = relayed) =>
    [
      ...relayed.map((a) => `prod  ${message(a)}`),
      'Invoking Terraform CLI failed with exit code 1',
      '',
      'prod: terraform plan -destroy in cdktf.out/stacks/prod says:',
      ...explained.map(message),
    ].join('\n');
  const db = 'aws_rds_cluster.database_cluster_1';
  const logs = 'aws_s3_bucket.logs_bucket_2';
  const key = 'aws_kms_key.database_key_3';

  test('passes when Terraform refuses, naming every data resource, wrapped and annotated as cdktf prints it', () => {
    const step = refusalStep(
      'prod',
      { code: 1, output: refusal([db, logs]), seconds: 3 },
      [db, logs, key],
      [db, logs],
    );

    expect(step).toMatchObject({ ok: true, summary: `refused by prevent_destroy on ${db}, ${logs}` });
  });

  test("passes when cdktf lost the end of Terraform's refusal, as in CI, and Terraform's own plan names it", () => {
    const cut = refusal([db], [db, logs]).replace(
      'Invoking',
      'prod  Error: Instance cannot be destroyed\n\n\n0 Stacks destroying     1 Stack done     0 Stacks waiting\nInvoking',
    );

    expect(refusalStep('prod', { code: 1, output: cut, seconds: 3 }, [db, logs], [db, logs])).toMatchObject({
      ok: true,
    });
  });

  test.each([
    ['its stack column', ['prod    set, but the plan calls for this resource to be destroyed.']],
    [
      'a progress line and its stack column',
      [
        '',
        '',
        '1 Stack destroying     0 Stacks done     0 Stacks waiting',
        'prod    set, but the plan calls',
      ],
    ],
  ])('reads a message that cdktf splits with %s, as it relayed it in CI', (_what, rest) => {
    const output = [
      'Error: Instance cannot be destroyed',
      `        Resource aws_vpc.main (network/vpc) has lifecycle.prevent_destroy`,
      ...rest,
      refusal([], [db]),
    ].join('\n');

    // Only read whole does the relayed message name aws_vpc.main, which is not protected.
    expect(refusalStep('prod', { code: 1, output, seconds: 3 }, [db], [db])).toMatchObject({
      ok: false,
      summary: expect.stringContaining('names unprotected aws_vpc.main'),
    });
  });

  test("fails when Terraform's own plan does not name a data resource, even if cdktf's relay does", () => {
    expect(
      refusalStep(
        'prod',
        { code: 1, output: refusal([db, logs], [logs]), seconds: 3 },
        [db, logs],
        [db, logs],
      ),
    ).toMatchObject({
      ok: false,
      summary: expect.stringContaining(`missing ${db}`),
    });
  });

  test("fails without Terraform's own plan after the failure", () => {
    const relayOnly = refusal([db]).split('\n\nprod: terraform plan')[0];

    expect(refusalStep('prod', { code: 1, output: relayOnly, seconds: 3 }, [db], [db])).toMatchObject({
      ok: false,
      summary: expect.stringContaining("no explanation from Terraform's own plan"),
    });
  });

  test('fails when the destroy went through', () => {
    expect(
      refusalStep(
        'prod',
        { code: 0, output: 'Destroy complete! Resources: 9 destroyed.', seconds: 3 },
        [db],
        [db],
      ),
    ).toMatchObject({ ok: false, summary: expect.stringContaining('exit 0') });
  });

  test('fails when Terraform names a resource that is not protected', () => {
    expect(
      refusalStep('prod', { code: 1, output: refusal([db, 'aws_vpc.main']), seconds: 3 }, [db], [db]).ok,
    ).toBe(false);
  });
});

describe('commandStep', () => {
  test("passes on exit 0, summarized by Terraform's line without cdktf's stack column", () => {
    const output = 'dev  Apply complete! Resources: 17 added, 0 changed, 0 destroyed.\n';

    expect(commandStep({ code: 0, output, seconds: 4 }, 'apply complete')).toEqual({
      ok: true,
      summary: 'Apply complete! Resources: 17 added, 0 changed, 0 destroyed.',
      seconds: 4,
    });
  });

  test('passes on exit 0 when cdktf lost the line, and says so', () => {
    expect(
      commandStep({ code: 0, output: 'dev  Destroying...\n', seconds: 4 }, 'destroy complete'),
    ).toMatchObject({
      ok: true,
      summary: `exit 0; cdktf did not relay Terraform's "destroy complete!"`,
    });
  });

  test('fails on any other exit, whatever it printed', () => {
    const output = 'dev  Apply complete! Resources: 1 added\nError: writing outputs';

    expect(commandStep({ code: 1, output, seconds: 4 }, 'apply complete')).toMatchObject({
      ok: false,
      summary: 'exit 1',
      detail: expect.stringContaining('Error: writing outputs'),
    });
  });
});
