import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ValidationError, throwOnProblems } from '../core';
import { serviceNameProblems, serviceSecurityGroupsProblems } from './validation';

/** One service as the firewall sees it. */
export interface ServicePorts {
  /** Service name; also the key of `groupIds`. */
  readonly name: string;
  /** Port the service's tasks listen on. */
  readonly port: number;
  /** Admit the load balancer on `port`. */
  readonly behindLoadBalancer: boolean;
  /** Names of the services admitted on `port`. */
  readonly clients: readonly string[];
}

export interface ServiceSecurityGroupsProps {
  /** Prefix of group names, for example `webapp-dev`. */
  readonly namePrefix: string;
  /** VPC of the groups. */
  readonly vpcId: string;
  /** Every service of the environment, with its port and who may call it. */
  readonly services: readonly ServicePorts[];
  /** The load balancer's security group; gets one egress rule per service behind it. */
  readonly loadBalancerSecurityGroupId: string;
  /** AWS APIs every task needs: the interface endpoints' security group, and S3 (ECR layers). */
  readonly endpointAccess: { readonly endpointSecurityGroupId: string; readonly s3PrefixListId: string };
}

/**
 * The environment's east-west firewall: one security group per service, and every rule between
 * them, the load balancer and the VPC endpoints, each referencing groups rather than CIDRs.
 * It lives in the environment stack so that a rule and both its ends always change together,
 * and service stacks (deployed often) never edit another stack's groups.
 */
export class ServiceSecurityGroups extends Construct {
  /** Security group ID per service name. */
  public readonly groupIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ServiceSecurityGroupsProps) {
    super(scope, id);
    throwOnProblems(this.node.path, serviceSecurityGroupsProblems(props));

    const groups: Record<string, string> = {};
    for (const service of props.services) {
      const group = new SecurityGroup(this, service.name, {
        name: `${props.namePrefix}-${service.name}`,
        description: `ECS service ${service.name}: only the rules of the environment firewall`,
        vpcId: props.vpcId,
        tags: { Name: `${props.namePrefix}-${service.name}`, Service: service.name },
      });
      groups[service.name] = group.id;
      this.egress(`${service.name}-to-endpoints`, group.id, 443, 'AWS APIs through interface endpoints', {
        referencedSecurityGroupId: props.endpointAccess.endpointSecurityGroupId,
      });
      this.egress(`${service.name}-to-s3`, group.id, 443, 'S3 gateway endpoint (ECR image layers)', {
        prefixListId: props.endpointAccess.s3PrefixListId,
      });
    }
    this.groupIds = groups;

    for (const service of props.services) {
      if (service.behindLoadBalancer) {
        this.allow(
          'alb',
          props.loadBalancerSecurityGroupId,
          service.name,
          groups[service.name],
          service.port,
        );
      }
      for (const client of service.clients) {
        this.allow(client, groups[client], service.name, groups[service.name], service.port);
      }
    }
  }

  /** Admits `from` to `to` on `port`: an egress rule on `from` and an ingress rule on `to`. */
  public allow(fromName: string, fromGroupId: string, toName: string, toGroupId: string, port: number): void {
    this.egress(`${fromName}-to-${toName}`, fromGroupId, port, `to ${toName} on ${port}`, {
      referencedSecurityGroupId: toGroupId,
    });
    new VpcSecurityGroupIngressRule(this, `${toName}-from-${fromName}`, {
      securityGroupId: toGroupId,
      referencedSecurityGroupId: fromGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `from ${fromName} on ${port}`,
    });
  }

  /** Lets the named services reach a group outside this construct, such as the database. */
  public allowServicesTo(
    services: readonly string[],
    targetName: string,
    targetGroupId: string,
    port: number,
  ) {
    const problems = serviceNameProblems(services, Object.keys(this.groupIds));
    if (problems.length > 0) {
      throw new ValidationError(problems, `${this.node.path}.allowServicesTo(${targetName})`);
    }
    for (const service of services) {
      this.allow(service, this.groupIds[service], targetName, targetGroupId, port);
    }
  }

  private egress(
    id: string,
    groupId: string,
    port: number,
    description: string,
    destination: EgressDestination,
  ): void {
    new VpcSecurityGroupEgressRule(this, id, {
      securityGroupId: groupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description,
      ...destination,
    });
  }
}

/** Where an egress rule leads: exactly one of a CIDR, a prefix list or another security group. */
interface EgressDestination {
  /**
   * An IPv4 range.
   * @default - not a CIDR
   */
  readonly cidrIpv4?: string;
  /**
   * A managed prefix list, such as the S3 gateway endpoint's.
   * @default - not a prefix list
   */
  readonly prefixListId?: string;
  /**
   * Another security group.
   * @default - not a security group
   */
  readonly referencedSecurityGroupId?: string;
}
