import { TerraformOutput } from 'cdktf';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { EcsAccountSettingDefault } from '@cdktf/provider-aws/lib/ecs-account-setting-default';
import { EcsCapacityProvider } from '@cdktf/provider-aws/lib/ecs-capacity-provider';
import { EcsCluster as EcsClusterResource } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Ec2CapacityProps, EcsCluster, EcsClusterProps } from '../../modules/ecs-cluster';
import { dataSources, parse, resources, synthConstruct } from '../helpers';

const EC2: Ec2CapacityProps = {
  instanceTypes: ['m6i.large', 'm5.large'],
  minSize: 0,
  maxSize: 6,
  onDemandBaseCapacity: 1,
  targetCapacityPercent: 90,
  rootVolumeGiB: 40,
};

const PROPS: EcsClusterProps = {
  namePrefix: 'webapp-dev',
  vpcId: 'vpc-0123',
  appSubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  endpointAccess: { vpcCidr: '10.0.0.0/16', s3PrefixListId: 'pl-61a54008' },
};

function synthCluster(overrides: Partial<EcsClusterProps> = {}): string {
  return synthConstruct((scope) => new EcsCluster(scope, 'cluster', { ...PROPS, ...overrides }));
}

function synthWithEc2(ec2: Partial<Ec2CapacityProps> = {}, overrides: Partial<EcsClusterProps> = {}): string {
  return synthCluster({ ...overrides, ec2: { ...EC2, ...ec2 } });
}

/** Terraform name of the only resource of a type. */
function onlyName(json: string, type: string): string {
  const names = Object.keys(parse(json).resource?.[type] ?? {});
  expect(names).toHaveLength(1);
  return names[0];
}

function only(json: string, type: string): Record<string, unknown> {
  const all = resources(json, type);
  expect(all).toHaveLength(1);
  return all[0];
}

/** The script inside `${base64encode("...")}`, with HCL string escapes undone. */
function decodeUserData(expression: string): string {
  const match = /^\$\{base64encode\((".*")\)\}$/s.exec(expression);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]) as string;
}

const EC2_TYPES = [
  'aws_launch_template',
  'aws_autoscaling_group',
  'aws_ecs_capacity_provider',
  'aws_iam_role',
  'aws_iam_instance_profile',
  'aws_iam_role_policy_attachment',
  'aws_security_group',
  'aws_vpc_security_group_egress_rule',
  'aws_ecs_account_setting_default',
];

describe('EcsCluster without EC2 capacity', () => {
  test('cluster: named by the prefix, Container Insights on, ECS Exec logging DEFAULT', () => {
    // GIVEN default props
    // WHEN synthesized
    const json = synthCluster();

    // THEN
    expect(json).toHaveResourceWithProperties(EcsClusterResource, {
      name: 'webapp-dev',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      configuration: { execute_command_configuration: { logging: 'DEFAULT' } },
    });
  });

  test('containerInsights false turns the setting off', () => {
    expect(synthCluster({ containerInsights: false })).toHaveResourceWithProperties(EcsClusterResource, {
      setting: [{ name: 'containerInsights', value: 'disabled' }],
    });
  });

  test('Fargate and Fargate Spot providers, Fargate the default strategy', () => {
    const json = synthCluster();
    const cluster = onlyName(json, 'aws_ecs_cluster');
    expect(only(json, 'aws_ecs_cluster_capacity_providers')).toEqual({
      cluster_name: `\${aws_ecs_cluster.${cluster}.name}`,
      capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
      default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1, base: 0 }],
    });
  });

  test('defaultCapacity FARGATE_SPOT becomes the default strategy', () => {
    expect(synthCluster({ defaultCapacity: 'FARGATE_SPOT' })).toHaveResourceWithProperties(
      EcsClusterCapacityProviders,
      { default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE_SPOT', weight: 1, base: 0 }] },
    );
  });

  test('creates no EC2 resources and exposes no EC2 fields', () => {
    // GIVEN no ec2 props
    let cluster: EcsCluster | undefined;
    const json = synthConstruct((scope) => {
      cluster = new EcsCluster(scope, 'cluster', PROPS);
    });

    // THEN nothing EC2-related exists
    for (const type of EC2_TYPES) {
      expect([type, resources(json, type)]).toEqual([type, []]);
    }
    expect(dataSources(json, 'aws_partition')).toEqual([]);
    expect(cluster!.ec2CapacityProviderName).toBeUndefined();
    expect(cluster!.instanceSecurityGroupId).toBeUndefined();
  });

  test('exposes the cluster name and ARN as references', () => {
    const json = synthConstruct((scope) => {
      const cluster = new EcsCluster(scope, 'cluster', PROPS);
      new TerraformOutput(scope, 'name', { value: cluster.clusterName });
      new TerraformOutput(scope, 'arn', { value: cluster.clusterArn });
    });
    const cluster = onlyName(json, 'aws_ecs_cluster');
    const outputs = parse(json).output ?? {};
    expect(outputs.name.value).toBe(`\${aws_ecs_cluster.${cluster}.name}`);
    expect(outputs.arn.value).toBe(`\${aws_ecs_cluster.${cluster}.arn}`);
  });
});

describe('EcsCluster with EC2 capacity', () => {
  test('the EC2 provider joins the cluster next to Fargate; Fargate stays the default', () => {
    const json = synthWithEc2();
    const provider = onlyName(json, 'aws_ecs_capacity_provider');
    expect(json).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ['FARGATE', 'FARGATE_SPOT', `\${aws_ecs_capacity_provider.${provider}.name}`],
      default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', weight: 1, base: 0 }],
    });
  });

  test('launch template: ECS AMI by SSM, IMDSv2 with hop limit 1, encrypted gp3 root, no public IP, no key', () => {
    // GIVEN EC2 capacity
    // WHEN synthesized
    const json = synthWithEc2();

    // THEN
    const sg = onlyName(json, 'aws_security_group');
    const profile = onlyName(json, 'aws_iam_instance_profile');
    expect(json).toHaveResourceWithProperties(LaunchTemplate, {
      image_id: 'resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id',
      metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
      block_device_mappings: [
        {
          device_name: '/dev/xvda',
          ebs: { volume_size: 40, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
        },
      ],
      network_interfaces: [
        {
          device_index: 0,
          associate_public_ip_address: 'false',
          delete_on_termination: 'true',
          security_groups: [`\${aws_security_group.${sg}.id}`],
        },
      ],
      iam_instance_profile: { arn: `\${aws_iam_instance_profile.${profile}.arn}` },
      monitoring: { enabled: true },
    });
    const template = only(json, 'aws_launch_template');
    expect(template.key_name).toBeUndefined();
    expect(template.vpc_security_group_ids).toBeUndefined();
    expect(template.instance_type).toBeUndefined();
    expect(dataSources(json, 'aws_ami')).toEqual([]);
    expect(dataSources(json, 'aws_ssm_parameter')).toEqual([]);
  });

  test('user data registers the instance with this cluster, blocks IMDS to awsvpc tasks, drains spot, serves task metadata', () => {
    const json = synthWithEc2();
    const cluster = onlyName(json, 'aws_ecs_cluster');
    const script = decodeUserData(only(json, 'aws_launch_template').user_data as string);

    expect(script.split('\n')).toEqual([
      '#!/bin/bash',
      "cat >> /etc/ecs/ecs.config <<'EOF'",
      `ECS_CLUSTER=\${aws_ecs_cluster.${cluster}.name}`,
      'ECS_AWSVPC_BLOCK_IMDS=true',
      'ECS_ENABLE_SPOT_INSTANCE_DRAINING=true',
      'ECS_ENABLE_CONTAINER_METADATA=true',
      'EOF',
      '',
    ]);
  });

  test('instance role: ECS and Session Manager managed policies, ARNs built from the partition', () => {
    const json = synthWithEc2();
    const partition = Object.keys(parse(json).data?.aws_partition ?? {})[0];
    const role = onlyName(json, 'aws_iam_role');
    const attachments = resources(json, 'aws_iam_role_policy_attachment');
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual([
      `arn:\${data.aws_partition.${partition}.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      `arn:\${data.aws_partition.${partition}.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`,
    ]);
    expect(attachments.every((a) => a.role === `\${aws_iam_role.${role}.name}`)).toBe(true);
    expect(json).toHaveResourceWithProperties(IamInstanceProfile, { role: `\${aws_iam_role.${role}.name}` });
    const [trust] = dataSources(json, 'aws_iam_policy_document');
    expect(trust.statement).toEqual([
      { actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] },
    ]);
    expect(json).not.toContain('arn:aws:');
  });

  test('instance security group: no ingress, HTTPS egress to the VPC and the S3 prefix list only', () => {
    const json = synthWithEc2();
    const sg = onlyName(json, 'aws_security_group');
    const group = only(json, 'aws_security_group');
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
    expect(json).toHaveResourceWithProperties(SecurityGroup, { vpc_id: 'vpc-0123' });
    expect(resources(json, 'aws_vpc_security_group_ingress_rule')).toEqual([]);

    const rules = resources(json, 'aws_vpc_security_group_egress_rule');
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule).toMatchObject({
        security_group_id: `\${aws_security_group.${sg}.id}`,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
      });
      expect(rule.description).toEqual(expect.stringMatching(/\S/));
    }
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { cidr_ipv4: '10.0.0.0/16' });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { prefix_list_id: 'pl-61a54008' });
  });

  test('Auto Scaling group: mixed instances, spot above the base, scale-in protected, ECS-managed tag', () => {
    // GIVEN EC2 capacity with one on-demand base instance
    // WHEN synthesized
    const json = synthWithEc2();

    // THEN
    const template = onlyName(json, 'aws_launch_template');
    expect(json).toHaveResourceWithProperties(AutoscalingGroup, {
      min_size: 0,
      max_size: 6,
      vpc_zone_identifier: ['subnet-a', 'subnet-b', 'subnet-c'],
      protect_from_scale_in: true,
      mixed_instances_policy: {
        launch_template: {
          launch_template_specification: {
            launch_template_id: `\${aws_launch_template.${template}.id}`,
            version: `\${aws_launch_template.${template}.latest_version}`,
          },
          override: [{ instance_type: 'm6i.large' }, { instance_type: 'm5.large' }],
        },
        instances_distribution: {
          on_demand_base_capacity: 1,
          on_demand_percentage_above_base_capacity: 0,
          spot_allocation_strategy: 'price-capacity-optimized',
        },
      },
      tag: [{ key: 'AmazonECSManaged', value: 'true', propagate_at_launch: true }],
      lifecycle: { ignore_changes: ['desired_capacity'] },
    });
    expect(only(json, 'aws_autoscaling_group').desired_capacity).toBeUndefined();
  });

  test('capacity provider: managed scaling to the target, termination protection and draining', () => {
    const json = synthWithEc2({ targetCapacityPercent: 75 });
    const group = onlyName(json, 'aws_autoscaling_group');
    expect(json).toHaveResourceWithProperties(EcsCapacityProvider, {
      name: 'webapp-dev-ec2',
      auto_scaling_group_provider: {
        auto_scaling_group_arn: `\${aws_autoscaling_group.${group}.arn}`,
        managed_scaling: { status: 'ENABLED', target_capacity: 75 },
        managed_termination_protection: 'ENABLED',
        managed_draining: 'ENABLED',
      },
    });
  });

  test('ENI trunking is on by default, and the group waits for it so its instances register trunked', () => {
    // GIVEN EC2 capacity with default settings WHEN synthesized
    const json = synthWithEc2();
    // THEN the account default awsvpcTrunking is enabled, and the Auto Scaling group depends on it
    expect(json).toHaveResourceWithProperties(EcsAccountSettingDefault, {
      name: 'awsvpcTrunking',
      value: 'enabled',
    });
    const setting = onlyName(json, 'aws_ecs_account_setting_default');
    expect(only(json, 'aws_autoscaling_group').depends_on).toEqual([
      `aws_ecs_account_setting_default.${setting}`,
    ]);
  });

  test('eniTrunking false leaves the account setting alone', () => {
    const json = synthWithEc2({ eniTrunking: false });
    expect(resources(json, 'aws_ecs_account_setting_default')).toEqual([]);
    expect(only(json, 'aws_autoscaling_group').depends_on).toBeUndefined();
  });

  test('exposes the EC2 capacity provider name and the instance security group', () => {
    const json = synthConstruct((scope) => {
      const cluster = new EcsCluster(scope, 'cluster', { ...PROPS, ec2: EC2 });
      new TerraformOutput(scope, 'provider', { value: cluster.ec2CapacityProviderName });
      new TerraformOutput(scope, 'sg', { value: cluster.instanceSecurityGroupId });
    });
    const outputs = parse(json).output ?? {};
    expect(outputs.provider.value).toBe(
      `\${aws_ecs_capacity_provider.${onlyName(json, 'aws_ecs_capacity_provider')}.name}`,
    );
    expect(outputs.sg.value).toBe(`\${aws_security_group.${onlyName(json, 'aws_security_group')}.id}`);
  });
});

describe('EcsCluster validation', () => {
  test('fails when min is greater than max', () => {
    expect(() => synthWithEc2({ minSize: 5, maxSize: 2 })).toThrow(
      'cluster.ec2.minSize: 5 is greater than maxSize 2 (accepted: a value from 0 to 2)',
    );
  });

  test('fails when instanceTypes is empty', () => {
    expect(() => synthWithEc2({ instanceTypes: [] })).toThrow(
      'cluster.ec2.instanceTypes: [] is empty (accepted: one or more x86_64 instance types)',
    );
  });

  test.each([0, 101, 50.5])('fails when targetCapacityPercent is %p', (percent) => {
    expect(() => synthWithEc2({ targetCapacityPercent: percent })).toThrow(
      `cluster.ec2.targetCapacityPercent: ${percent} is not a whole number from 1 to 100 (percent) (accepted: a whole number from 1 to 100)`,
    );
  });

  test('accepts targetCapacityPercent 1 and 100', () => {
    expect(() => synthWithEc2({ targetCapacityPercent: 1 })).not.toThrow();
    expect(() => synthWithEc2({ targetCapacityPercent: 100 })).not.toThrow();
  });

  test('fails when an instance type is malformed, arm64 or repeated', () => {
    expect(() => synthWithEc2({ instanceTypes: ['large'] })).toThrow(
      'ec2.instanceTypes[0]: "large" is not an EC2 instance type (accepted: a type such as "m6i.large")',
    );
    expect(() => synthWithEc2({ instanceTypes: ['m6i.large', 't4g.medium'] })).toThrow(
      'ec2.instanceTypes[1]: "t4g.medium" is an arm64 (Graviton) type, but the instances boot the x86_64 ECS-optimised AMI',
    );
    expect(() => synthWithEc2({ instanceTypes: ['m6i.large', 'm6i.large'] })).toThrow(
      'ec2.instanceTypes[1]: "m6i.large" is listed twice (accepted: each instance type once)',
    );
    expect(() =>
      synthWithEc2({ instanceTypes: ['g4dn.xlarge', 'c6in.large', 'm7i-flex.large'] }),
    ).not.toThrow();
  });

  test('fails when sizes are negative, fractional or the on-demand base exceeds max', () => {
    expect(() => synthWithEc2({ minSize: -1 })).toThrow(
      'ec2.minSize: -1 is not a whole number from 0 to 10000',
    );
    expect(() => synthWithEc2({ maxSize: 0 })).toThrow(
      'ec2.maxSize: 0 is not a whole number from 1 to 10000',
    );
    expect(() => synthWithEc2({ onDemandBaseCapacity: 1.5 })).toThrow(
      'ec2.onDemandBaseCapacity: 1.5 is not a whole number from 0 to 10000',
    );
    expect(() => synthWithEc2({ onDemandBaseCapacity: 7 })).toThrow(
      'ec2.onDemandBaseCapacity: 7 is greater than maxSize 6 (accepted: a value from 0 to 6)',
    );
  });

  test('fails when the root volume is smaller than the AMI snapshot', () => {
    expect(() => synthWithEc2({ rootVolumeGiB: 20 })).toThrow(
      'cluster.ec2.rootVolumeGiB: 20 is outside 30-16384 GiB',
    );
    expect(() => synthWithEc2({ rootVolumeGiB: 30 })).not.toThrow();
  });

  test('fails when the name prefix would give the capacity provider a reserved name', () => {
    expect(() => synthWithEc2({}, { namePrefix: 'ecs-dev' })).toThrow(
      'cluster.namePrefix: "ecs-dev" starts the EC2 capacity provider name with a prefix ECS reserves',
    );
    expect(() => synthCluster({ namePrefix: 'ecs-dev' })).not.toThrow();
  });

  test('fails when the name prefix is not usable in resource names', () => {
    expect(() => synthCluster({ namePrefix: 'webapp dev' })).toThrow(
      'cluster.namePrefix: "webapp dev" is not usable in ECS, IAM and Auto Scaling names',
    );
  });

  test('fails when endpoint access or subnets are malformed', () => {
    expect(() =>
      synthCluster({ endpointAccess: { vpcCidr: '10.0.0.1/16', s3PrefixListId: 'pl-61a54008' } }),
    ).toThrow('endpointAccess.vpcCidr: "10.0.0.1/16" is not an IPv4 network CIDR');
    expect(() =>
      synthCluster({ endpointAccess: { vpcCidr: '10.0.0.0/16', s3PrefixListId: 'vpce-123' } }),
    ).toThrow('endpointAccess.s3PrefixListId: "vpce-123" is not a prefix list ID');
    expect(() => synthCluster({ appSubnetIds: [] })).toThrow(
      'appSubnetIds: [] is empty (accepted: one or more subnet IDs)',
    );
  });

  test('fails when defaultCapacity is not a Fargate provider', () => {
    expect(() => synthCluster({ defaultCapacity: 'EC2' as 'FARGATE' })).toThrow(
      'cluster.defaultCapacity: "EC2" is not a Fargate capacity provider (accepted: "FARGATE" or "FARGATE_SPOT")',
    );
  });

  test('reports every problem in one error', () => {
    expect(() => synthWithEc2({ minSize: 3, maxSize: 1, targetCapacityPercent: 0 })).toThrow(
      /ec2\.minSize: 3 is greater[^\n]*\n.*ec2\.targetCapacityPercent: 0/,
    );
  });
});
