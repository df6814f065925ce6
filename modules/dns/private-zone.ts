import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { ServiceDiscoveryPrivateDnsNamespace } from '@cdktf/provider-aws/lib/service-discovery-private-dns-namespace';

export interface PrivateZoneProps {
  /** Zone name, for example `dev.internal`; resolvable only inside the VPC. */
  readonly domainName: string;
  /** The VPC the zone answers in. */
  readonly vpcId: string;
  /**
   * Sub-domain of the zone that Cloud Map manages for service discovery.
   * @default 'svc' (services resolve as `<service>.svc.<domainName>`)
   */
  readonly serviceDiscoverySubdomain?: string;
}

/**
 * The environment's internal names: a private hosted zone for records Terraform writes (the
 * database), and a Cloud Map namespace one level below it for the records ECS writes. Two zones,
 * because Cloud Map owns its namespace's zone and would fight Terraform over shared records.
 */
export class PrivateZone extends Construct {
  public readonly zoneId: string;
  public readonly domainName: string;
  /** Cloud Map private DNS namespace ID, for service registration. */
  public readonly namespaceId: string;
  /** Name services register under, for example `svc.dev.internal`. */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: PrivateZoneProps) {
    super(scope, id);
    const subdomain = props.serviceDiscoverySubdomain ?? 'svc';
    const zone = new Route53Zone(this, 'zone', {
      name: props.domainName,
      comment: `Internal names of ${props.domainName}`,
      vpc: [{ vpcId: props.vpcId }],
    });
    this.zoneId = zone.zoneId;
    this.domainName = props.domainName;

    this.namespaceName = `${subdomain}.${props.domainName}`;
    const namespace = new ServiceDiscoveryPrivateDnsNamespace(this, 'namespace', {
      name: this.namespaceName,
      description: `Service discovery for ${props.domainName}`,
      vpc: props.vpcId,
    });
    this.namespaceId = namespace.id;
  }
}
