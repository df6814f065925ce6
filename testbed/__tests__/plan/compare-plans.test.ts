import { IGNORED, UNORDERED, planDifferences } from '../../plan/compare-plans';

/** A `terraform show -json` of a plan, cut down to the parts these tests vary. */
function plan(
  overrides: { after?: object; timestamp?: string; extra?: object[]; references?: string[] } = {},
) {
  const vpc = {
    address: 'aws_vpc.network_vpc',
    type: 'aws_vpc',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions: ['create'], after: { cidr_block: '10.10.0.0/16', ...overrides.after } },
  };
  return {
    format_version: '1.2',
    timestamp: overrides.timestamp ?? '2025-01-01T00:00:00Z',
    resource_changes: [vpc, ...(overrides.extra ?? [])],
    configuration: {
      root_module: {
        resources: [
          {
            address: 'aws_subnet.a',
            provider_config_key: 'aws',
            expressions: {
              vpc_id: {
                references: overrides.references ?? ['aws_vpc.network_vpc.id', 'aws_vpc.network_vpc'],
              },
            },
          },
        ],
      },
    },
  };
}

const subnet = {
  address: 'aws_subnet.a',
  type: 'aws_subnet',
  change: { actions: ['create'], after: { cidr_block: '10.10.0.0/19' } },
};

test('two plans of the same configuration have no differences', () => {
  expect(planDifferences(plan(), plan())).toEqual([]);
});

test('a resource the HCL form lost is named by its address', () => {
  expect(planDifferences(plan({ extra: [subnet] }), plan())).toEqual([
    'resource_changes[aws_subnet.a]: missing from the HCL form',
  ]);
});

test('a planned value the HCL form changed is named by its path, with both values', () => {
  expect(planDifferences(plan(), plan({ after: { cidr_block: '10.10.0.0/17' } }))).toEqual([
    'resource_changes[aws_vpc.network_vpc].change.after.cidr_block: "10.10.0.0/16" in the JSON form, "10.10.0.0/17" in the HCL form',
  ]);
});

test('an argument only the HCL form sets is reported', () => {
  expect(planDifferences(plan(), plan({ after: { ingress: [] } }))).toEqual([
    'resource_changes[aws_vpc.network_vpc].change.after.ingress: only in the HCL form',
  ]);
});

test('resources are matched by address, not by their order in the file', () => {
  const [a, b] = [plan({ extra: [subnet] }), plan({ extra: [subnet] })];
  b.resource_changes.reverse();
  expect(planDifferences(a, b)).toEqual([]);
});

test('the time of the plan is not compared', () => {
  expect(planDifferences(plan(), plan({ timestamp: '2030-06-30T12:00:00Z' }))).toEqual([]);
});

test('references are compared as a set: their order is not compared, their content is', () => {
  const reordered = plan({ references: ['aws_vpc.network_vpc', 'aws_vpc.network_vpc.id'] });
  expect(planDifferences(plan(), reordered)).toEqual([]);
  const other = plan({ references: ['aws_vpc.other.id', 'aws_vpc.other'] });
  expect(planDifferences(plan(), other).length).toBeGreaterThan(0);
});

describe('constant_value', () => {
  const withExpression = (expression: object) => ({
    configuration: {
      root_module: { resources: [{ address: 'aws_subnet.a', expressions: { vpc_id: expression } }] },
    },
  });

  test("the JSON syntax's template text of an expression with references is not compared", () => {
    const json = withExpression({
      constant_value: '${aws_vpc.x.id}',
      references: ['aws_vpc.x.id', 'aws_vpc.x'],
    });
    const hcl = withExpression({ references: ['aws_vpc.x.id', 'aws_vpc.x'] });
    expect(planDifferences(json, hcl)).toEqual([]);
  });

  test('a constant (no references) is compared', () => {
    expect(
      planDifferences(
        withExpression({ constant_value: 'vpc-1' }),
        withExpression({ constant_value: 'vpc-2' }),
      ),
    ).toEqual([
      'configuration.root_module.resources[aws_subnet.a].expressions.vpc_id.constant_value: "vpc-1" in the JSON form, "vpc-2" in the HCL form',
    ]);
    expect(planDifferences(withExpression({ constant_value: 'vpc-1' }), withExpression({}))).toHaveLength(1);
  });
});

test('every ignored or unordered part says why', () => {
  for (const entry of [...IGNORED, ...UNORDERED]) expect(entry.reason.length).toBeGreaterThan(20);
});

test('a long list of differences is cut, saying how many more there are', () => {
  const many = Array.from({ length: 50 }, (_, i) => ({ ...subnet, address: `aws_subnet.s${i}` }));
  const differences = planDifferences(plan({ extra: many }), plan(), 10);
  expect(differences).toHaveLength(11);
  expect(differences[10]).toBe('... and 40 more');
});
