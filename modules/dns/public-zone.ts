import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';

export interface PublicZoneProps {
  /** Apex domain the zone is authoritative for, for example `example.com`. */
  readonly domainName: string;
}

/**
 * The public hosted zone of the apex domain. A recreated zone gets new name servers, which
 * breaks the registrar's delegation and stalls ACM validation, so it refuses to be destroyed.
 */
export class PublicZone extends Construct {
  public readonly zoneId: string;
  public readonly zoneArn: string;
  public readonly domainName: string;
  public readonly nameServers: string[];

  constructor(scope: Construct, id: string, props: PublicZoneProps) {
    super(scope, id);
    const zone = new Route53Zone(this, 'zone', {
      name: props.domainName,
      comment: `Public zone for ${props.domainName}; managed by the shared stack`,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    this.zoneId = zone.zoneId;
    this.zoneArn = zone.arn;
    this.domainName = props.domainName;
    this.nameServers = zone.nameServers;
  }
}
