import { LOG_RETENTION_DAYS, check, isKnown, parseCidr, repeatedIndexes, type Problem } from '../core';
import { AZ_COUNT, LARGEST_VPC_PREFIX, SMALLEST_VPC_PREFIX } from './subnet-layout';

export type NatMode = 'none' | 'single' | 'per-az';
export const NAT_MODES: readonly NatMode[] = ['none', 'single', 'per-az'];

/** The part of the network a configuration chooses; the rest is wiring. */
export interface NetworkSettings {
  /** VPC IPv4 CIDR, /16 to /23; subnets are carved from it by `subnetLayout`. */
  readonly cidr: string;
  /**
   * Exactly three distinct availability zone IDs of the region, such as `apne1-az1`. An ID names
   * the same physical zone in every account, where a name such as `ap-northeast-1a` maps to a
   * different zone per account; and some zones do not offer Fargate.
   */
  readonly availabilityZoneIds: readonly string[];
  /**
   * NAT for private-app subnets. Public and DB subnets never use it.
   * @default 'none'
   */
  readonly nat?: NatMode;
  /**
   * Interface endpoints (service short names, as after `com.amazonaws.<region>.`) placed in the
   * private-app subnets.
   * @default DEFAULT_INTERFACE_ENDPOINTS
   */
  readonly interfaceEndpoints?: readonly string[];
}

const ENDPOINT_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * Zone IDs where the platform runs, for regions in which not every zone offers Fargate (Amazon ECS
 * Developer Guide, "Supported Regions for Amazon ECS on AWS Fargate": in ap-northeast-1 only
 * apne1-az1, apne1-az2 and apne1-az4; apne1-az3 is also closed to accounts made since 2012). In
 * other regions any zone ID of the region is accepted.
 */
export const FARGATE_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'us-west-1': ['usw1-az1', 'usw1-az3'],
};

/** How a zone ID abbreviates its region: `ap-northeast-1` -> `apne1`, `us-east-1` -> `use1`. */
const DIRECTIONS: Readonly<Record<string, string>> = {
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

export function zoneIdPrefix(region: string): string | undefined {
  const match = /^([a-z]{2})-([a-z]+)-(\d+)$/.exec(region);
  const direction = match && DIRECTIONS[match[2]];
  return match && direction ? `${match[1]}${direction}${match[3]}` : undefined;
}

/** Every problem with the settings; `region` decides which zones exist. */
export function networkProblems(
  settings: NetworkSettings & { readonly region: string; readonly flowLogRetentionDays?: number },
): Problem[] {
  const { availabilityZoneIds: zoneIds, region } = settings;
  return [
    ...cidrProblems(settings.cidr),
    ...check(
      zoneIds.length === AZ_COUNT && new Set(zoneIds).size === AZ_COUNT,
      'availabilityZoneIds',
      zoneIds,
      `is not ${AZ_COUNT} distinct availability zone IDs`,
      `exactly ${AZ_COUNT} different zone IDs of ${region}`,
    ),
    ...zoneIds.flatMap((zoneId, i) => zoneIdProblems(`availabilityZoneIds[${i}]`, zoneId, region)),
    ...check(
      settings.nat === undefined || NAT_MODES.includes(settings.nat),
      'nat',
      settings.nat,
      'is not a NAT mode',
      NAT_MODES.map((m) => `"${m}"`).join(', '),
    ),
    ...interfaceEndpointProblems(settings.interfaceEndpoints ?? []),
    ...check(
      settings.flowLogRetentionDays === undefined ||
        LOG_RETENTION_DAYS.includes(settings.flowLogRetentionDays),
      'flowLogRetentionDays',
      settings.flowLogRetentionDays,
      'is not a retention period CloudWatch Logs accepts',
      LOG_RETENTION_DAYS.join(', '),
    ),
  ];
}

/** Problems with what only the construct is given: a CIDR that is a token. */
export function networkWiringProblems(props: { readonly cidr: string }): Problem[] {
  return check(
    isKnown(props.cidr),
    'cidr',
    '<token>',
    'is a token',
    'a literal CIDR: subnets are laid out at synth time',
  );
}

function cidrProblems(cidr: string): Problem[] {
  const parsed = isKnown(cidr) ? parseCidr(cidr) : undefined;
  return [
    ...check(
      !isKnown(cidr) || parsed !== undefined,
      'cidr',
      cidr,
      'is not a valid IPv4 CIDR',
      `a network address a.b.c.d/n with a prefix from /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
    ),
    ...check(
      parsed === undefined || (parsed.prefix >= LARGEST_VPC_PREFIX && parsed.prefix <= SMALLEST_VPC_PREFIX),
      'cidr',
      cidr,
      `has prefix /${parsed?.prefix}, outside what AWS and the subnet scheme allow`,
      `a prefix from /${LARGEST_VPC_PREFIX} (AWS's largest VPC) to /${SMALLEST_VPC_PREFIX} (smallest whose public subnets, /${SMALLEST_VPC_PREFIX + 4}, can hold an ALB)`,
    ),
  ];
}

function interfaceEndpointProblems(services: readonly string[]): Problem[] {
  return [
    ...services.flatMap((service, i) =>
      check(
        ENDPOINT_SERVICE.test(service),
        `interfaceEndpoints[${i}]`,
        service,
        'is not an endpoint service short name',
        'the name after "com.amazonaws.<region>.", such as "ecr.api"',
      ),
    ),
    ...repeatedIndexes(services).flatMap((i) =>
      check(false, `interfaceEndpoints[${i}]`, services[i], 'is listed twice', 'each service once'),
    ),
  ];
}

function zoneIdProblems(path: string, zoneId: string, region: string): Problem[] {
  const fargateZones = FARGATE_ZONE_IDS[region];
  if (fargateZones) {
    return check(
      fargateZones.includes(zoneId),
      path,
      zoneId,
      /^[a-z]+\d+-az\d+$/.test(zoneId)
        ? `is not a zone of ${region} that offers Fargate`
        : 'is not an availability zone ID (a zone name such as "ap-northeast-1a" differs per account)',
      fargateZones.map((z) => `"${z}"`).join(', '),
    );
  }
  const prefix = zoneIdPrefix(region);
  return check(
    prefix === undefined || new RegExp(`^${prefix}-az\\d+$`).test(zoneId),
    path,
    zoneId,
    `is not an availability zone ID of ${region}`,
    `"${prefix}-az" and a number, such as "${prefix}-az1" (a zone name such as "${region}a" differs per account)`,
  );
}
