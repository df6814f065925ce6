import {
  DNS_NAME,
  HOSTED_ZONE_ID,
  check,
  integerIn,
  isKnown,
  parseCidr,
  repeatedIndexes,
  type Problem,
} from '../core';

export type IpAddressType = 'ipv4' | 'dualstack';
export const IP_ADDRESS_TYPES: readonly IpAddressType[] = ['ipv4', 'dualstack'];
/** TLS 1.3 and 1.2 only, forward-secret ciphers. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
export const ALB_NAME_SUFFIX = '-alb';
const MAX_ALB_NAME_LENGTH = 32;
const MIN_IDLE_TIMEOUT_SECONDS = 1;
const MAX_IDLE_TIMEOUT_SECONDS = 4000;
/** An ALB needs subnets in at least two availability zones. */
const MIN_SUBNETS = 2;
/** Two rules (443 and 80) per CIDR on one security group; AWS's default quota is 60 inbound rules. */
export const MAX_INGRESS_CIDRS = 30;
const ALB_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The part of the load balancer a configuration chooses; the rest is wiring. */
export interface LoadBalancerSettings {
  /** IPv4 CIDRs admitted on ports 443 and 80, for example `['0.0.0.0/0']`. */
  readonly ingressCidrs: readonly string[];
  /**
   * Refuse deletion of the ALB through the API.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * Seconds an idle connection is kept open, 1 to 4000.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * Address families of the ALB; `dualstack` needs subnets with IPv6 CIDRs.
   * @default 'ipv4'
   */
  readonly ipAddressType?: IpAddressType;
  /**
   * TLS negotiation policy of the HTTPS listener.
   * @default DEFAULT_SSL_POLICY
   */
  readonly sslPolicy?: string;
}

/** Every problem with the settings, the ALB name they make, and the access logs and record they ask for. */
export function loadBalancerProblems(
  props: LoadBalancerSettings & {
    readonly namePrefix: string;
    readonly accessLogs?: { readonly bucketName: string; readonly retentionDays: number };
    readonly dns?: { readonly recordName: string };
  },
): Problem[] {
  const sslPolicy = props.sslPolicy ?? DEFAULT_SSL_POLICY;
  const record = props.dns?.recordName;
  return [
    ...namePrefixProblems(props.namePrefix),
    ...ingressCidrProblems(props.ingressCidrs),
    ...(props.idleTimeoutSeconds === undefined
      ? []
      : integerIn(
          'idleTimeoutSeconds',
          props.idleTimeoutSeconds,
          MIN_IDLE_TIMEOUT_SECONDS,
          MAX_IDLE_TIMEOUT_SECONDS,
          'seconds',
        )),
    ...check(
      props.ipAddressType === undefined || IP_ADDRESS_TYPES.includes(props.ipAddressType),
      'ipAddressType',
      props.ipAddressType,
      'is not an ALB address type',
      IP_ADDRESS_TYPES.map((t) => `"${t}"`).join(', '),
    ),
    ...check(
      !isKnown(sslPolicy) || sslPolicy.startsWith('ELBSecurityPolicy-'),
      'sslPolicy',
      sslPolicy,
      'is not an ELB security policy',
      `a policy name such as "${DEFAULT_SSL_POLICY}"`,
    ),
    ...(props.accessLogs ? accessLogProblems(props.accessLogs) : []),
    ...check(
      record === undefined || !isKnown(record) || DNS_NAME.test(record),
      'dns.recordName',
      record,
      'is not a DNS name',
      'lower-case labels separated by dots',
    ),
  ];
}

/** The prefix as the start of the ALB's name, `<namePrefix>-alb`. */
function namePrefixProblems(namePrefix: string): Problem[] {
  if (!isKnown(namePrefix)) return [];
  const albName = `${namePrefix}${ALB_NAME_SUFFIX}`;
  return [
    ...check(
      ALB_NAME.test(namePrefix) && !namePrefix.startsWith('internal-'),
      'namePrefix',
      namePrefix,
      'is not usable in an ALB name',
      'letters, digits and hyphens, not starting or ending with a hyphen nor starting with "internal-"',
    ),
    ...check(
      albName.length <= MAX_ALB_NAME_LENGTH,
      'namePrefix',
      namePrefix,
      `makes the ALB name "${albName}" ${albName.length} characters long, more than AWS accepts`,
      `a prefix of at most ${MAX_ALB_NAME_LENGTH - ALB_NAME_SUFFIX.length} characters`,
    ),
  ];
}

function ingressCidrProblems(cidrs: readonly string[]): Problem[] {
  return [
    ...check(
      cidrs.length > 0,
      'ingressCidrs',
      cidrs,
      'admits nobody',
      'one or more IPv4 CIDRs, such as "0.0.0.0/0"',
    ),
    ...check(
      cidrs.length <= MAX_INGRESS_CIDRS,
      'ingressCidrs',
      cidrs.length,
      'CIDRs need more inbound rules (two each) than a security group holds',
      `at most ${MAX_INGRESS_CIDRS} CIDRs`,
    ),
    ...cidrs.flatMap((cidr, i) =>
      check(
        !isKnown(cidr) || parseCidr(cidr) !== undefined,
        `ingressCidrs[${i}]`,
        cidr,
        'is not a valid IPv4 CIDR',
        'a network address a.b.c.d/n with no host bits set, such as "203.0.113.0/24" or "0.0.0.0/0"',
      ),
    ),
    ...repeatedIndexes(cidrs).flatMap((i) =>
      check(
        false,
        `ingressCidrs[${i}]`,
        cidrs[i],
        'is listed twice (AWS refuses duplicate rules)',
        'each CIDR once',
      ),
    ),
  ];
}

function accessLogProblems(logs: { readonly bucketName: string; readonly retentionDays: number }): Problem[] {
  return [
    ...check(
      !isKnown(logs.bucketName) || (S3_BUCKET_NAME.test(logs.bucketName) && !logs.bucketName.includes('..')),
      'accessLogs.bucketName',
      logs.bucketName,
      'is not a valid S3 bucket name',
      '3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
    ),
    ...integerIn('accessLogs.retentionDays', logs.retentionDays, 1, 36500, 'days'),
  ];
}

/** Problems with what the stack wires in: subnets, certificate, zone. */
export function loadBalancerWiringProblems(props: {
  readonly publicSubnetIds: readonly string[];
  readonly certificateArn: string;
  readonly dns?: { readonly zoneId: string };
}): Problem[] {
  const subnets = props.publicSubnetIds;
  return [
    ...check(
      !isKnown(subnets) || subnets.length >= MIN_SUBNETS,
      'publicSubnetIds',
      subnets,
      `has fewer than ${MIN_SUBNETS} subnets`,
      `at least ${MIN_SUBNETS} subnets in different availability zones`,
    ),
    ...(isKnown(subnets)
      ? repeatedIndexes(subnets).flatMap((i) =>
          check(false, `publicSubnetIds[${i}]`, subnets[i], 'is listed twice', 'each subnet once'),
        )
      : []),
    ...check(
      !isKnown(props.certificateArn) || /^arn:[a-z-]+:acm:/.test(props.certificateArn),
      'certificateArn',
      props.certificateArn,
      'is not an ACM certificate ARN',
      '"arn:<partition>:acm:..."',
    ),
    ...check(
      props.dns === undefined || !isKnown(props.dns.zoneId) || HOSTED_ZONE_ID.test(props.dns.zoneId),
      'dns.zoneId',
      props.dns?.zoneId,
      'is not a Route53 hosted zone ID',
      '"Z" followed by upper-case letters and digits',
    ),
  ];
}
