import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DEFAULT_INTERFACE_ENDPOINTS, Network, subnetLayout, type NetworkProps } from '../../modules/network';
import { dataSources, parse, resources, synthConstruct } from '../helpers';

const AZS = ['apne1-az1', 'apne1-az2', 'apne1-az4'];
const base: NetworkProps = {
  namePrefix: 'webapp-dev',
  region: 'ap-northeast-1',
  cidr: '10.10.0.0/16',
  availabilityZoneIds: AZS,
};
const synthNetwork = (props: Partial<NetworkProps> = {}) =>
  synthConstruct((scope) => new Network(scope, 'network', { ...base, ...props }));

type Route = {
  destination_cidr_block?: string;
  gateway_id?: string;
  nat_gateway_id?: string;
  route_table_id: string;
};

describe('subnetLayout', () => {
  test('carves app /19s from the first half and public/db /20s from the last two quarters of a /16', () => {
    expect(subnetLayout('10.0.0.0/16')).toEqual({
      app: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
      public: ['10.0.128.0/20', '10.0.144.0/20', '10.0.160.0/20'],
      db: ['10.0.192.0/20', '10.0.208.0/20', '10.0.224.0/20'],
    });
  });

  test('still yields /27 public subnets, the smallest an ALB accepts, for a /23', () => {
    const layout = subnetLayout('192.168.2.0/23');
    expect(layout.public).toEqual(['192.168.3.0/27', '192.168.3.32/27', '192.168.3.64/27']);
    expect(layout.app[2]).toBe('192.168.2.128/26');
  });

  test('fails when the VPC is smaller than /23', () => {
    expect(() => subnetLayout('10.0.0.0/24')).toThrow('must be an IPv4 CIDR from /16 to /23');
  });
});

describe('Network', () => {
  test('VPC has DNS support and hostnames', () => {
    expect(synthNetwork()).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.10.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  test('nine subnets, three tiers over three zones named by ID, none assigning public IPs', () => {
    // GIVEN the default network WHEN synthesized
    const subnets = resources(synthNetwork(), Subnet.tfResourceType);
    // THEN
    expect(subnets).toHaveLength(9);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    for (const tier of ['public', 'app', 'db']) {
      const inTier = subnets.filter((s) => (s.tags as Record<string, string>).Tier === tier);
      // By ID: a zone name maps to a different physical zone in each account.
      expect(inTier.map((s) => s.availability_zone_id)).toEqual(AZS);
      expect(inTier.map((s) => s.availability_zone)).toEqual([undefined, undefined, undefined]);
    }
    expect(subnets.map((s) => s.cidr_block)).toContain('10.10.192.0/20');
  });

  test('only the public route table has a route to the internet gateway, and there is no NAT by default', () => {
    const json = synthNetwork();
    const routes = resources(json, 'aws_route') as Route[];
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ destination_cidr_block: '0.0.0.0/0' });
    expect(routes[0].gateway_id).toMatch(/aws_internet_gateway/);
    expect(routes[0].route_table_id).toMatch(/public-rt/);
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(0);
  });

  test.each([
    ['single', 1],
    ['per-az', 3],
  ] as const)('NAT %s: %d gateway(s), default routes only in the app route tables', (nat, count) => {
    const json = synthNetwork({ nat });
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(count);
    const natRoutes = (resources(json, 'aws_route') as Route[]).filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(natRoutes.every((r) => /app-rt/.test(r.route_table_id))).toBe(true);
    const gateways = new Set(natRoutes.map((r) => r.nat_gateway_id));
    expect(gateways.size).toBe(count);
  });

  test('the DB route table never gets a route out of the VPC, whatever the NAT mode', () => {
    for (const nat of ['none', 'single', 'per-az'] as const) {
      const routes = resources(synthNetwork({ nat }), 'aws_route') as Route[];
      expect(routes.filter((r) => /db-rt/.test(r.route_table_id))).toEqual([]);
    }
  });

  test('S3 gateway endpoint on the app and DB route tables', () => {
    const endpoints = resources(synthNetwork(), VpcEndpoint.tfResourceType);
    const s3 = endpoints.find((e) => e.vpc_endpoint_type === 'Gateway');
    expect(s3?.service_name).toBe('com.amazonaws.ap-northeast-1.s3');
    const tables = s3?.route_table_ids as string[];
    expect(tables).toHaveLength(4);
    expect(tables.filter((t) => /app-rt/.test(t))).toHaveLength(3);
    expect(tables.filter((t) => /db-rt/.test(t))).toHaveLength(1);
  });

  test('interface endpoints with private DNS in the app subnets, 443 from the VPC only', () => {
    // GIVEN the default endpoint list WHEN synthesized
    const json = synthNetwork();
    const interfaces = resources(json, VpcEndpoint.tfResourceType).filter(
      (e) => e.vpc_endpoint_type === 'Interface',
    );
    // THEN every default service has one
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      DEFAULT_INTERFACE_ENDPOINTS.map((s) => `com.amazonaws.ap-northeast-1.${s}`).sort(),
    );
    for (const endpoint of interfaces) {
      expect(endpoint.private_dns_enabled).toBe(true);
      expect((endpoint.subnet_ids as string[]).every((s) => /app-/.test(s))).toBe(true);
    }
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule');
    expect(ingress).toEqual([
      expect.objectContaining({
        cidr_ipv4: '10.10.0.0/16',
        from_port: 443,
        to_port: 443,
        ip_protocol: 'tcp',
      }),
    ]);
  });

  test('the interface endpoint list is configurable', () => {
    const interfaces = resources(
      synthNetwork({ interfaceEndpoints: ['ecr.api', 'logs'] }),
      VpcEndpoint.tfResourceType,
    )
      .filter((e) => e.vpc_endpoint_type === 'Interface')
      .map((e) => e.service_name)
      .sort();
    expect(interfaces).toEqual(['com.amazonaws.ap-northeast-1.ecr.api', 'com.amazonaws.ap-northeast-1.logs']);
  });

  test('the default security group is adopted with no rules', () => {
    expect(synthNetwork()).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
  });

  test('flow logs go to a log group with retention through a role scoped to that group', () => {
    // GIVEN a retention WHEN synthesized
    const json = synthNetwork({ flowLogRetentionDays: 30 });
    // THEN
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/vpc/webapp-dev/flow-logs',
      retention_in_days: 30,
    });
    expect(json).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
    });
    const write = dataSources(json, 'aws_iam_policy_document').find((d) =>
      JSON.stringify(d).includes('logs:PutLogEvents'),
    ) as { statement: { resources: string[] }[] };
    expect(
      write.statement[0].resources.every((r) =>
        r.includes('aws_cloudwatch_log_group.network_flow-log-group'),
      ),
    ).toBe(true);
  });

  test('fails when not given exactly three AZs', () => {
    expect(() => synthNetwork({ availabilityZoneIds: AZS.slice(0, 2) })).toThrow(
      `network.availabilityZoneIds: ${JSON.stringify(AZS.slice(0, 2))} is not 3 distinct availability zone IDs (accepted: exactly 3 different zone IDs of ap-northeast-1)`,
    );
  });

  test('fails when the CIDR cannot hold the subnet scheme', () => {
    expect(() => synthNetwork({ cidr: '10.0.0.0/24' })).toThrow(
      'network.cidr: "10.0.0.0/24" has prefix /24, outside what AWS and the subnet scheme allow (accepted: a prefix from /16',
    );
  });

  test('fails on a zone of ap-northeast-1 where Fargate is not offered, or on a zone name', () => {
    const attempt = () =>
      synthNetwork({ availabilityZoneIds: ['apne1-az1', 'apne1-az3', 'ap-northeast-1c'] });
    expect(attempt).toThrow(
      'network.availabilityZoneIds[1]: "apne1-az3" is not a zone of ap-northeast-1 that offers Fargate (accepted: "apne1-az1", "apne1-az2", "apne1-az4")',
    );
    expect(attempt).toThrow(
      'network.availabilityZoneIds[2]: "ap-northeast-1c" is not an availability zone ID (a zone name such as "ap-northeast-1a" differs per account) (accepted: "apne1-az1", "apne1-az2", "apne1-az4")',
    );
  });

  test('in a region where every zone offers Fargate, accepts its zone IDs and refuses others', () => {
    const region = { region: 'eu-west-1', namePrefix: 'webapp-dev' };
    expect(() =>
      synthNetwork({ ...region, availabilityZoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'] }),
    ).not.toThrow();
    expect(() =>
      synthNetwork({ ...region, availabilityZoneIds: ['euw1-az1', 'euw1-az2', 'eu-west-1c'] }),
    ).toThrow(
      'network.availabilityZoneIds[2]: "eu-west-1c" is not an availability zone ID of eu-west-1 (accepted: "euw1-az" and a number, such as "euw1-az1" (a zone name such as "eu-west-1a" differs per account))',
    );
  });

  test('exposes subnet IDs by tier', () => {
    let network: Network | undefined;
    parse(synthConstruct((scope) => (network = new Network(scope, 'network', base))));
    expect(network!.appSubnetIds).toHaveLength(3);
    expect(network!.appSubnetCidrs).toEqual(['10.10.0.0/19', '10.10.32.0/19', '10.10.64.0/19']);
  });
});
