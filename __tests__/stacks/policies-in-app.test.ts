import { environments, project } from '../../envs';
import { accountsOf, administratorStackId } from '../../envs/derive';
import { RULES } from '../../modules/policies';
import { synthApp } from './app-fixture';

/** `{ address: { ruleId: justification } }` of every suppression in a synthesized stack. */
function suppressions(stack: { resource?: Record<string, Record<string, Record<string, any>>> }) {
  const found: Record<string, Record<string, string>> = {};
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const rules = body['//']?.suppressed_rules;
      if (rules) found[`${type}.${name}`] = rules;
    }
  }
  return found;
}

describe('security rules on the real app', () => {
  // synthApp runs app.synth(): a violation anywhere would throw here and fail every test below.
  const stacks = synthApp();

  test('every stack synthesizes under the rules', () => {
    // state, shared, one administrator stack per account, each environment and each of its services
    expect(Object.keys(stacks)).toHaveLength(
      2 +
        accountsOf(project, environments).length +
        environments.length +
        environments.reduce((n, env) => n + Object.keys(env.services).length, 0),
    );
  });

  test('the only exemptions: ECS-003 where ECS Exec is on, IAM-003 on the ECS instance role, IAM-002 on each workload boundary, each with its reason', () => {
    const found = Object.entries(stacks).flatMap(([id, stack]) =>
      Object.entries(suppressions(stack)).flatMap(([address, rules]) =>
        Object.entries(rules).map(([rule, reason]) => ({ id, address, rule, reason })),
      ),
    );
    const withExec = environments.flatMap((env) =>
      Object.entries(env.services)
        .filter(([, service]) => service.enableExec)
        .map(([name]) => `${env.name}-${name}`),
    );
    const exec = found.filter((f) => f.rule === 'ECS-003');
    expect(exec.map((f) => f.id).sort()).toEqual(withExec.sort());
    for (const f of exec) {
      expect(f.address).toMatch(/^aws_ecs_task_definition\./);
      expect(f.reason).toMatch(/ECS Exec is on .* read-only/);
    }
    const managed = found.filter((f) => f.rule === 'IAM-003');
    expect(
      managed
        .map((f) => f.address)
        .every((a) => /^aws_iam_role_policy_attachment\.cluster_instance-/.test(a)),
    ).toBe(true);
    for (const policy of [
      'AmazonSSMManagedInstanceCore',
      'service-role/AmazonEC2ContainerServiceforEC2Role',
    ]) {
      const envsWithIt = managed
        .filter((f) => f.reason.startsWith(`AWS-managed ${policy}:`))
        .map((f) => f.id);
      expect(envsWithIt.sort()).toEqual(environments.map((e) => e.name).sort());
    }
    // A permissions boundary caps actions on "*": one per account, in its administrator stack.
    const boundaries = found.filter((f) => f.rule === 'IAM-002');
    expect(boundaries.map((f) => f.id).sort()).toEqual(
      accountsOf(project, environments).map(administratorStackId).sort(),
    );
    for (const f of boundaries) {
      expect(f.address).toMatch(/^aws_iam_policy\.workload-boundary_/);
      expect(f.reason).toMatch(/permissions boundary caps actions/);
    }
    expect(found.filter((f) => !['ECS-003', 'IAM-003', 'IAM-002'].includes(f.rule))).toEqual([]);
  });

  test('prod exempts nothing of its own: no ECS-003', () => {
    for (const id of Object.keys(stacks).filter((s) => s.startsWith('prod'))) {
      expect(Object.values(suppressions(stacks[id])).flatMap((rules) => Object.keys(rules))).not.toContain(
        'ECS-003',
      );
    }
  });

  test('every rule has an id, a reason and the resource types it covers', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[A-Z0-9]+-\d{3}$/);
      expect(rule.reason.length).toBeGreaterThan(10);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
