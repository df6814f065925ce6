import { Construct } from 'constructs';
import { type TerraformProvider } from 'cdktf';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { PrivateBucket, throwOnProblems } from '../core';
import {
  ALB_NAME_SUFFIX,
  DEFAULT_SSL_POLICY,
  loadBalancerProblems,
  loadBalancerWiringProblems,
  type IpAddressType,
  type LoadBalancerSettings,
} from './validation';

const DEFAULT_DELETION_PROTECTION = false;
const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
const DEFAULT_IP_ADDRESS_TYPE: IpAddressType = 'ipv4';
const DEFAULT_PREVENT_LOG_BUCKET_DESTROY = false;
/** Key prefix of the access logs; the bucket policy admits writes under it only. */
const ACCESS_LOG_PREFIX = 'alb';

/**
 * Types of the alias records `dns` gets: A, and AAAA when dualstack. Whoever grants the right to
 * write them (a role in the zone's account) asks here.
 */
export function aliasRecordTypes(ipAddressType: IpAddressType = DEFAULT_IP_ADDRESS_TYPE): string[] {
  return ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A'];
}

export interface AccessLogsProps {
  /** Globally unique name of the bucket this module creates for the logs. */
  readonly bucketName: string;
  /** Days a log object is kept before it expires. */
  readonly retentionDays: number;
  /**
   * Refuse `terraform destroy` of the log bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

export interface LoadBalancerDnsProps {
  /** Public hosted zone the alias records go into. */
  readonly zoneId: string;
  /** Full name of the alias record, for example `dev.example.com`. */
  readonly recordName: string;
  /**
   * Provider that writes the records, when the zone lives in another account.
   * @default - the scope's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

export interface LoadBalancerProps extends LoadBalancerSettings {
  /** Prefix of resource names, for example `webapp-dev`; the ALB is named `<namePrefix>-alb`. */
  readonly namePrefix: string;
  /** VPC of the ALB's security group. */
  readonly vpcId: string;
  /** Public subnets in at least two availability zones. */
  readonly publicSubnetIds: string[];
  /** ACM certificate of the HTTPS listener; pass `Certificate.certificateArn` so it is issued first. */
  readonly certificateArn: string;
  /**
   * Write access logs to a private bucket created here.
   * @default - no access logs
   */
  readonly accessLogs?: AccessLogsProps;
  /**
   * Alias records pointing at the ALB (A, plus AAAA when dualstack).
   * @default - no record
   */
  readonly dns?: LoadBalancerDnsProps;
}

/**
 * An internet-facing Application Load Balancer: HTTP redirected to HTTPS, HTTPS terminated
 * with the given certificate, and a 404 for any request no service's listener rule claims.
 *
 * The ALB's security group gets NO egress rules here. The environment stack adds one egress
 * rule per service, from `securityGroupId` to that service's security group on its port, so
 * the ALB can reach its targets and nothing else.
 */
export class LoadBalancer extends Construct {
  /** The `app/<name>/<id>` part of the ARN, which CloudWatch metrics use as dimension. */
  public readonly albArnSuffix: string;
  public readonly dnsName: string;
  /** Route53 zone of the ALB's DNS name, for alias records. */
  public readonly zoneId: string;
  public readonly securityGroupId: string;
  /** Where services attach their listener rules. */
  public readonly httpsListenerArn: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? DEFAULT_DELETION_PROTECTION;
    const idleTimeout = props.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
    const ipAddressType = props.ipAddressType ?? DEFAULT_IP_ADDRESS_TYPE;
    const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
    const preventLogBucketDestroy = props.accessLogs?.preventDestroy ?? DEFAULT_PREVENT_LOG_BUCKET_DESTROY;
    throwOnProblems(this.node.path, [...loadBalancerProblems(props), ...loadBalancerWiringProblems(props)]);

    const albName = `${props.namePrefix}${ALB_NAME_SUFFIX}`;
    const securityGroup = this.addSecurityGroup(albName, props.vpcId, props.ingressCidrs);
    this.securityGroupId = securityGroup.id;

    const logBucket = props.accessLogs
      ? this.addAccessLogBucket(props.accessLogs, preventLogBucketDestroy)
      : undefined;

    const alb = this.addAlb(albName, props.publicSubnetIds, securityGroup, logBucket, {
      ipAddressType,
      idleTimeout,
      deletionProtection,
    });
    this.albArnSuffix = alb.arnSuffix;
    this.dnsName = alb.dnsName;
    this.zoneId = alb.zoneId;

    this.addHttpListener(alb);
    this.httpsListenerArn = this.addHttpsListener(alb, sslPolicy, props.certificateArn).arn;

    if (props.dns) {
      this.addAliasRecords(props.dns, alb, ipAddressType);
    }
  }

  private addSecurityGroup(albName: string, vpcId: string, ingressCidrs: readonly string[]): SecurityGroup {
    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: albName,
      description: 'Internet-facing ALB: HTTPS and HTTP (redirected) from the allowed CIDRs',
      vpcId,
      // No inline ingress/egress: inline rules would fight the separate egress rules the
      // environment stack adds. Terraform removes AWS's default allow-all egress on creation.
      tags: { Name: albName },
    });
    ingressCidrs.forEach((cidr, i) => {
      for (const [protocol, port] of [
        ['https', 443],
        ['http', 80],
      ] as const) {
        new VpcSecurityGroupIngressRule(this, `${protocol}-ingress-${i + 1}`, {
          securityGroupId: securityGroup.id,
          description: `${protocol.toUpperCase()} from ${cidr}`,
          cidrIpv4: cidr,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
        });
      }
    });
    return securityGroup;
  }

  private addAlb(
    albName: string,
    subnetIds: string[],
    securityGroup: SecurityGroup,
    logBucket: AccessLogBucket | undefined,
    settings: AlbSettings,
  ): Lb {
    return new Lb(this, 'alb', {
      name: albName,
      internal: false,
      loadBalancerType: 'application',
      securityGroups: [securityGroup.id],
      subnets: subnetIds,
      ipAddressType: settings.ipAddressType,
      idleTimeout: settings.idleTimeout,
      enableDeletionProtection: settings.deletionProtection,
      dropInvalidHeaderFields: true,
      // `defensive` (AWS's default) blocks the request shapes that enable HTTP desync;
      // `strictest` also rejects merely non-RFC-7230 requests that some real clients still send.
      desyncMitigationMode: 'defensive',
      accessLogs: logBucket && {
        bucket: logBucket.bucket.bucketName,
        enabled: true,
        prefix: ACCESS_LOG_PREFIX,
      },
      // ALB creation writes a test object and fails unless the bucket policy already admits it.
      dependsOn: logBucket ? [logBucket.policy] : undefined,
      tags: { Name: albName },
    });
  }

  /** Port 80 answers with a permanent redirect to the same URL over HTTPS. */
  private addHttpListener(alb: Lb): LbListener {
    return new LbListener(this, 'http-listener', {
      loadBalancerArn: alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: {
            protocol: 'HTTPS',
            port: '443',
            host: '#{host}',
            path: '/#{path}',
            query: '#{query}',
            statusCode: 'HTTP_301',
          },
        },
      ],
    });
  }

  /** Port 443 answers 404 to whatever no service's listener rule claims. */
  private addHttpsListener(alb: Lb, sslPolicy: string, certificateArn: string): LbListener {
    return new LbListener(this, 'https-listener', {
      loadBalancerArn: alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy,
      certificateArn,
      defaultAction: [
        {
          type: 'fixed-response',
          fixedResponse: { statusCode: '404', contentType: 'text/plain', messageBody: 'Not Found' },
        },
      ],
    });
  }

  private addAliasRecords(dns: LoadBalancerDnsProps, alb: Lb, ipAddressType: IpAddressType): void {
    for (const type of aliasRecordTypes(ipAddressType)) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        provider: dns.provider,
        zoneId: dns.zoneId,
        name: dns.recordName,
        type,
        alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
      });
    }
  }

  private addAccessLogBucket(accessLogs: AccessLogsProps, preventDestroy: boolean): AccessLogBucket {
    // Regions opened before August 2022 (ap-northeast-1 among them) deliver logs as the regional
    // ELB account; newer regions use the service principal. Granting both covers either.
    const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account', {});
    const bucket = new PrivateBucket(this, 'access-logs', {
      bucketName: accessLogs.bucketName,
      expirationDays: accessLogs.retentionDays,
      preventDestroy,
      policyStatements: (bucketArn) => [
        {
          sid: 'AlbLogDeliveryElbAccount',
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/*`],
          principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
        },
        {
          sid: 'AlbLogDeliveryService',
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/*`],
          principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
        },
      ],
    });
    return { bucket, policy: bucket.policy };
  }
}

/** The access-log bucket and its policy, which the ALB must wait for. */
interface AccessLogBucket {
  readonly bucket: PrivateBucket;
  readonly policy: S3BucketPolicy;
}

/** The ALB's own settings, defaults applied. */
interface AlbSettings {
  readonly ipAddressType: IpAddressType;
  readonly idleTimeout: number;
  readonly deletionProtection: boolean;
}
