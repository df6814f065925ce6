import { Testing, type TerraformStack } from 'cdktf';
import { measureStack, QUOTAS, renderDocument, AppView } from '../../modules/limits';
import { project } from '../../envs';
import { generatedApp } from '../../testbed/bench/generated-environments';

/**
 * The stacks whose policies grow with the number of environments, synthesized for 50 of them:
 * `state` (the bucket policy names every environment account) and `shared` (the repository
 * policies, and a DNS role per environment), plus one environment and its services, which do not
 * grow but must still fit. The whole app of 50 environments is synthesized, and its `state` stack
 * planned, in __tests__/e2e/fifty-environments.test.ts.
 */
const ENVIRONMENTS = 50;

/** The state bucket policy as S3 will receive it (minified), with its size. */
function bucketPolicy(state: TerraformStack): { text: string; size: number } {
  const finding = measureStack(state).find((f) => f.quota === QUOTAS.s3BucketPolicy)!;
  const app = AppView.of(state);
  const rendered = renderDocument(finding.element.attrs.policy, app.view(state), app);
  if ('unmeasurable' in rendered || !('size' in finding.measurement)) throw new Error('not measurable');
  return { text: rendered.text, size: finding.measurement.size };
}

describe(`${ENVIRONMENTS} generated environments`, () => {
  const built = generatedApp(ENVIRONMENTS);
  const first = built.environments[0];
  const stacks = [
    built.state,
    built.shared,
    first,
    ...built.services.filter((s) => s.node.id.startsWith(`${first.node.id}-`)),
  ];

  test.each(stacks.map((s) => [s.node.id, s]))('%s synthesizes within every AWS limit', (_id, stack) => {
    // The limits check runs during synth and throws LimitExceededError on any excess.
    expect(() => Testing.synth(stack as TerraformStack)).not.toThrow();
  });

  test('the state bucket policy stays under 20 KB, with room left', () => {
    const { size } = bucketPolicy(built.state);
    expect(size).toBeLessThan(QUOTAS.s3BucketPolicy.limit);
    // What one more environment account costs: its ID in each statement's principal list.
    expect(size).toBeLessThan(QUOTAS.s3BucketPolicy.limit / 2);
  });

  test('each environment account adds only its principal, not statements', () => {
    const small = generatedApp(3);
    Testing.synth(small.state);
    Testing.synth(built.state);
    const growth = (bucketPolicy(built.state).size - bucketPolicy(small.state).size) / (ENVIRONMENTS - 3);
    // Four statements name the accounts: `"arn:aws-us-gov:iam::<12 digits>:root",` is 40 bytes.
    expect(growth).toBeLessThanOrEqual(4 * 40);
    const statements = (text: string) => (JSON.parse(text) as { Statement: unknown[] }).Statement.length;
    expect(statements(bucketPolicy(built.state).text)).toBe(statements(bucketPolicy(small.state).text));
  });

  test(`every one of the ${ENVIRONMENTS} accounts is named, and each reaches only its own account's prefix`, () => {
    const policy = JSON.parse(bucketPolicy(built.state).text) as {
      Statement: { Sid: string; Resource: string | string[]; Principal: { AWS?: string[] } | string }[];
    };
    const grants = policy.Statement.filter((s) => s.Sid !== 'DenyInsecureTransport');
    const accounts = built.configs.map((env) => env.accountId).sort();
    for (const grant of grants) {
      const principals =
        typeof grant.Principal === 'string' ? [grant.Principal] : (grant.Principal.AWS ?? []);
      expect(principals.map((p) => /:iam::(\d{12}):root$/.exec(p)?.[1]).sort()).toEqual(accounts);
    }
    // Keys are granted through the caller's own account ID, never a literal account's prefix.
    const resources = grants.flatMap((g) => [g.Resource].flat()).map((r) => r.replace(/^x+/, '<bucket>'));
    expect(resources).toEqual([
      '<bucket>',
      `<bucket>/${project.name}/\${aws:PrincipalAccount}/*`,
      `<bucket>/${project.name}/\${aws:PrincipalAccount}/*.tflock`,
      // (the public zone's state: the shared account's administrator stack)
      `<bucket>/${project.name}/${project.sharedAccountId}/admin-${project.sharedAccountId}.tfstate`,
    ]);
  });
});
