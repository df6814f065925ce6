import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { WorkloadRole, throwOnProblems } from '../core';
import { AZ_COUNT, subnetLayout, type SubnetLayout } from './subnet-layout';
import { networkProblems, networkWiringProblems, type NatMode, type NetworkSettings } from './validation';

/** What ECS tasks need to run without NAT: image pulls, logs, SSM, ECS Exec, STS. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'ecs',
  'ecs-agent',
  'ecs-telemetry',
  'secretsmanager',
  'sts',
];
const DEFAULT_FLOW_LOG_RETENTION_DAYS = 90;

export interface NetworkProps extends NetworkSettings {
  /** Prefix of resource names, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** Region of the VPC; builds the endpoint service names and decides which zones exist. */
  readonly region: string;
  /**
   * Retention of the flow-log group, days.
   * @default 90
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Permissions boundary of the flow logs' role (the account's workload boundary).
   * @default - no boundary
   */
  readonly permissionsBoundaryArn?: string;
}

/**
 * A three-tier VPC over three AZs: public (ALB, NAT), private-app (ECS tasks and instances),
 * isolated DB (no route out of the VPC). Without NAT, AWS APIs are reached through endpoints.
 */
export class Network extends Construct {
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly publicSubnetIds: string[];
  public readonly appSubnetIds: string[];
  public readonly dbSubnetIds: string[];
  /** Zone names (as this account names them) of the DB subnets, in order; known after apply. */
  public readonly dbSubnetZones: string[];
  /** CIDRs of the private-app subnets, for rules that admit only the app tier. */
  public readonly appSubnetCidrs: string[];
  /** Prefix list of the S3 gateway endpoint, for egress rules to S3 (ECR image layers). */
  public readonly s3PrefixListId: string;
  /** Security group of the interface endpoints (443 from the VPC). */
  public readonly endpointSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const nat = props.nat ?? 'none';
    const endpoints = props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS;
    const flowLogRetentionDays = props.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS;

    throwOnProblems(this.node.path, [...networkWiringProblems(props), ...networkProblems(props)]);
    const layout = subnetLayout(props.cidr);
    const name = nameTag(props.namePrefix);

    const vpc = this.addVpc(props.cidr, name);
    this.vpcId = vpc.id;
    this.vpcCidr = props.cidr;

    const subnets = this.addSubnets(vpc, props.availabilityZoneIds, layout, name);
    this.publicSubnetIds = subnets.public.map((s) => s.id);
    this.appSubnetIds = subnets.app.map((s) => s.id);
    this.dbSubnetIds = subnets.db.map((s) => s.id);
    this.dbSubnetZones = subnets.db.map((s) => s.availabilityZone);
    this.appSubnetCidrs = [...layout.app];

    const igw = this.addPublicRouteTable(vpc, subnets.public, name);
    const appTables = this.addAppRouteTables(vpc, subnets.app, props.availabilityZoneIds, name);
    this.addNatGateways(nat, igw, subnets.public, appTables, name);
    const dbTable = this.addDbRouteTable(vpc, subnets.db, name);

    this.s3PrefixListId = this.addS3Endpoint(
      vpc,
      props.region,
      [...appTables.map((t) => t.id), dbTable.id],
      name,
    );
    this.endpointSecurityGroupId = this.addInterfaceEndpoints(vpc, props, endpoints, this.appSubnetIds, name);

    this.addFlowLogs(vpc, props.namePrefix, flowLogRetentionDays, props.permissionsBoundaryArn);
  }

  private addVpc(cidr: string, name: NameTag): Vpc {
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: name('vpc'),
    });
    // Adopting the default security group and giving it no rules closes it for anything
    // launched without an explicit group (CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: vpc.id,
      ingress: [],
      egress: [],
      tags: name('default-closed'),
    });
    return vpc;
  }

  private addSubnets(
    vpc: Vpc,
    zoneIds: readonly string[],
    layout: SubnetLayout,
    name: NameTag,
  ): Record<Tier, Subnet[]> {
    const subnets = (tier: Tier) =>
      zoneIds.map(
        (az, i) =>
          new Subnet(this, `${tier}-${i + 1}`, {
            vpcId: vpc.id,
            // The ID, not the name: names map to different physical zones in each account.
            availabilityZoneId: az,
            cidrBlock: layout[tier][i],
            mapPublicIpOnLaunch: false,
            tags: { ...name(`${tier}-${az}`), Tier: tier },
          }),
      );
    return { public: subnets('public'), app: subnets('app'), db: subnets('db') };
  }

  /** The internet gateway and the public tier's route table; returns the gateway for NAT. */
  private addPublicRouteTable(vpc: Vpc, publicSubnets: Subnet[], name: NameTag): InternetGateway {
    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: name('igw') });
    const publicTable = new RouteTable(this, 'public-rt', { vpcId: vpc.id, tags: name('public') });
    new Route(this, 'public-default-route', {
      routeTableId: publicTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-rta-${i + 1}`, {
          subnetId: subnet.id,
          routeTableId: publicTable.id,
        }),
    );
    return igw;
  }

  private addAppRouteTables(
    vpc: Vpc,
    appSubnets: Subnet[],
    zoneIds: readonly string[],
    name: NameTag,
  ): RouteTable[] {
    // One app table per AZ so that switching NAT between single and per-az only changes routes.
    return appSubnets.map((subnet, i) => {
      const table = new RouteTable(this, `app-rt-${i + 1}`, {
        vpcId: vpc.id,
        tags: name(`app-${zoneIds[i]}`),
      });
      new RouteTableAssociation(this, `app-rta-${i + 1}`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
      return table;
    });
  }

  private addNatGateways(
    nat: NatMode,
    igw: InternetGateway,
    publicSubnets: Subnet[],
    appTables: RouteTable[],
    name: NameTag,
  ): void {
    const natCount = { none: 0, single: 1, 'per-az': AZ_COUNT }[nat];
    const natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i + 1}`, { domain: 'vpc', tags: name(`nat-${i + 1}`) });
      return new NatGateway(this, `nat-${i + 1}`, {
        allocationId: eip.id,
        subnetId: publicSubnets[i].id,
        tags: name(`nat-${i + 1}`),
        dependsOn: [igw],
      });
    });
    if (natGateways.length > 0) {
      appTables.forEach(
        (table, i) =>
          new Route(this, `app-nat-route-${i + 1}`, {
            routeTableId: table.id,
            destinationCidrBlock: '0.0.0.0/0',
            natGatewayId: natGateways[i % natGateways.length].id,
          }),
      );
    }
  }

  private addDbRouteTable(vpc: Vpc, dbSubnets: Subnet[], name: NameTag): RouteTable {
    // The DB table holds only the local route (and the S3 prefix list): no default route.
    const dbTable = new RouteTable(this, 'db-rt', { vpcId: vpc.id, tags: name('db') });
    dbSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `db-rta-${i + 1}`, {
          subnetId: subnet.id,
          routeTableId: dbTable.id,
        }),
    );
    return dbTable;
  }

  /** Returns the endpoint's prefix list, for egress rules to S3. */
  private addS3Endpoint(vpc: Vpc, region: string, routeTableIds: string[], name: NameTag): string {
    // ECR image layers are served from S3; the gateway endpoint is free and keeps them off NAT.
    const s3Endpoint = new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds,
      tags: name('s3'),
    });
    return s3Endpoint.prefixListId;
  }

  /** Interface endpoints in the app subnets behind one security group; returns the group's ID. */
  private addInterfaceEndpoints(
    vpc: Vpc,
    props: NetworkProps,
    endpoints: readonly string[],
    subnetIds: string[],
    name: NameTag,
  ): string {
    const endpointSg = new SecurityGroup(this, 'endpoint-sg', {
      name: `${props.namePrefix}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      vpcId: vpc.id,
      tags: name('vpc-endpoints'),
    });
    new VpcSecurityGroupIngressRule(this, 'endpoint-sg-https', {
      securityGroupId: endpointSg.id,
      description: 'HTTPS from the VPC',
      cidrIpv4: props.cidr,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
    });

    for (const service of endpoints) {
      new VpcEndpoint(this, `endpoint-${service.replace(/\./g, '-')}`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds,
        securityGroupIds: [endpointSg.id],
        tags: name(service),
      });
    }
    return endpointSg.id;
  }

  private addFlowLogs(vpc: Vpc, namePrefix: string, retentionDays: number, boundaryArn?: string): void {
    const group = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/vpc/${namePrefix}/flow-logs`,
      retentionInDays: retentionDays,
    });
    const role = new WorkloadRole(this, 'flow-log-role', {
      roleName: `${namePrefix}-vpc-flow-logs`,
      servicePrincipal: 'vpc-flow-logs.amazonaws.com',
      permissionsBoundaryArn: boundaryArn,
    });
    const write = new DataAwsIamPolicyDocument(this, 'flow-log-write', {
      statement: [
        {
          sid: 'WriteOwnLogGroupOnly',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group.arn, `${group.arn}:*`],
        },
      ],
    });
    new IamRolePolicy(this, 'flow-log-policy', {
      name: 'write-flow-logs',
      role: role.id,
      policy: write.json,
    });
    new FlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${namePrefix}-flow-log` },
    });
  }
}

type Tier = 'public' | 'app' | 'db';
/** The `Name` tag of a resource: `<namePrefix>-<suffix>`. */
type NameTag = (suffix: string) => { Name: string };

function nameTag(namePrefix: string): NameTag {
  return (suffix) => ({ Name: `${namePrefix}-${suffix}` });
}
