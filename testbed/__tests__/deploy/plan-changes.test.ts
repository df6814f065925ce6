import { plannedChanges, type PlanJson } from '../../deploy/plan-changes';
import { explains, reconcile, type EmulatorDiff } from '../../deploy/emulator-diffs';

describe('plannedChanges', () => {
  test('lists each attribute an in-place update changes, with its values', () => {
    const plan: PlanJson = {
      resource_changes: [
        {
          address: 'aws_vpc_security_group_egress_rule.to_db',
          type: 'aws_vpc_security_group_egress_rule',
          change: {
            actions: ['update'],
            before: { description: null, from_port: 3306, id: 'sgr-1' },
            after: { description: 'to database on 3306', from_port: 3306, id: 'sgr-1' },
            after_unknown: {},
          },
        },
      ],
    };

    expect(plannedChanges('dev', plan)).toEqual([
      {
        stack: 'dev',
        address: 'aws_vpc_security_group_egress_rule.to_db',
        type: 'aws_vpc_security_group_egress_rule',
        actions: ['update'],
        attribute: 'description',
        values: 'null -> "to database on 3306"',
      },
    ]);
  });

  test('counts an attribute that only becomes unknown as changed', () => {
    const plan: PlanJson = {
      resource_changes: [
        {
          address: 'aws_launch_template.lt',
          type: 'aws_launch_template',
          change: {
            actions: ['update'],
            before: { latest_version: 1, name: 'lt' },
            after: { name: 'lt' },
            after_unknown: { latest_version: true },
          },
        },
      ],
    };

    expect(plannedChanges('dev', plan).map((c) => [c.attribute, c.values])).toEqual([
      ['latest_version', '1 -> (known after apply)'],
    ]);
  });

  test('marks a resource to create or delete as a whole and skips no-ops, reads and data sources', () => {
    const plan: PlanJson = {
      resource_changes: [
        {
          address: 'aws_s3_bucket.logs',
          type: 'aws_s3_bucket',
          change: { actions: ['create'], before: null, after: {} },
        },
        { address: 'aws_vpc.main', type: 'aws_vpc', change: { actions: ['no-op'], before: {}, after: {} } },
        {
          address: 'data.aws_iam_policy_document.p',
          type: 'aws_iam_policy_document',
          mode: 'data',
          change: { actions: ['read'], before: null, after: {} },
        },
      ],
      output_changes: { 'bucket-name': { actions: ['update'] }, unchanged: { actions: ['no-op'] } },
    };

    expect(plannedChanges('state', plan).map((c) => `${c.type} ${c.attribute}`)).toEqual([
      'aws_s3_bucket *',
      'output bucket-name',
    ]);
  });
});

describe('emulator-diff list', () => {
  const change = (stack: string, type: string, attribute: string) => ({
    stack,
    type,
    attribute,
    address: `${type}.x`,
    actions: ['update'],
  });
  const entry: EmulatorDiff = {
    stacks: '*-frontend',
    type: 'aws_ecs_service',
    attribute: 'triggers',
    why: 'example',
    source: 'moto/ecs/models.py',
  };

  test('an entry explains changes of its type and attribute in the stacks its pattern names', () => {
    expect(explains(entry, change('dev-frontend', 'aws_ecs_service', 'triggers'))).toBe(true);
    expect(explains(entry, change('dev-backend', 'aws_ecs_service', 'triggers'))).toBe(false);
    expect(explains(entry, change('dev-frontend', 'aws_ecs_service', 'desired_count'))).toBe(false);
  });

  test('fails a run on a change no entry explains and on an entry nothing needed', () => {
    const stale: EmulatorDiff = { ...entry, attribute: 'tags' };
    const ours = change('prod', 'aws_lb', 'idle_timeout');

    const result = reconcile([change('stg-frontend', 'aws_ecs_service', 'triggers'), ours], [entry, stale]);

    expect(result.unexplained).toEqual([ours]);
    expect(result.unused).toEqual([stale]);
  });
});
