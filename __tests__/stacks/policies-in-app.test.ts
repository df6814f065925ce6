import { environments } from '../../envs';
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
    expect(Object.keys(stacks)).toHaveLength(
      2 + environments.length + environments.reduce((n, env) => n + Object.keys(env.services).length, 0),
    );
  });

  test('the only exemptions are ECS-003 where ECS Exec is on, each with its reason', () => {
    const all = Object.fromEntries(
      Object.entries(stacks)
        .map(([id, stack]) => [id, suppressions(stack)] as const)
        .filter(([, found]) => Object.keys(found).length > 0),
    );
    const withExec = environments.flatMap((env) =>
      Object.entries(env.services)
        .filter(([, service]) => service.enableExec)
        .map(([name]) => `${env.name}-${name}`),
    );
    expect(Object.keys(all).sort()).toEqual(withExec.sort());
    for (const found of Object.values(all)) {
      const [[address, rules]] = Object.entries(found);
      expect(address).toMatch(/^aws_ecs_task_definition\./);
      expect(Object.keys(rules)).toEqual(['ECS-003']);
      expect(rules['ECS-003']).toMatch(/ECS Exec is on .* read-only/);
    }
  });

  test('prod exempts nothing', () => {
    for (const id of Object.keys(stacks).filter((s) => s.startsWith('prod'))) {
      expect(suppressions(stacks[id])).toEqual({});
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
