import { parseCidr, subnetCidr } from '../core';

/**
 * The subnet scheme. With a VPC of prefix /p, split it in sixteenths (/p+4):
 *
 *   first half      private-app  /p+3 per AZ   (AZ 1, 2, 3; the fourth /p+3 is spare)
 *   third quarter   public       /p+4 per AZ   (AZ 1, 2, 3; one spare)
 *   fourth quarter  isolated DB  /p+4 per AZ   (AZ 1, 2, 3; one spare)
 *
 * 10.0.0.0/16 gives app 10.0.0.0/19, 10.0.32.0/19, 10.0.64.0/19; public 10.0.128.0/20,
 * 10.0.144.0/20, 10.0.160.0/20; db 10.0.192.0/20, 10.0.208.0/20, 10.0.224.0/20.
 * Tasks in awsvpc mode take one address each, so the app tier gets the most room. The public
 * subnets hold the ALB, which needs subnets of /27 or larger: /p+4 <= /27, hence VPC prefixes /16
 * to /23.
 */
export const SMALLEST_VPC_PREFIX = 23;
export const LARGEST_VPC_PREFIX = 16;
export const AZ_COUNT = 3;

export interface SubnetLayout {
  readonly public: readonly string[];
  readonly app: readonly string[];
  readonly db: readonly string[];
}

export function subnetLayout(vpcCidr: string): SubnetLayout {
  const cidr = parseCidr(vpcCidr);
  if (!cidr || cidr.prefix < LARGEST_VPC_PREFIX || cidr.prefix > SMALLEST_VPC_PREFIX) {
    throw new Error(
      `subnetLayout: vpc cidr "${vpcCidr}" must be an IPv4 CIDR from /${LARGEST_VPC_PREFIX} to /${SMALLEST_VPC_PREFIX}`,
    );
  }
  const azs = [0, 1, 2];
  const sixteenth = cidr.prefix + 4;
  return {
    app: azs.map((i) => subnetCidr(vpcCidr, cidr.prefix + 3, i)),
    public: azs.map((i) => subnetCidr(vpcCidr, sixteenth, 8 + i)),
    db: azs.map((i) => subnetCidr(vpcCidr, sixteenth, 12 + i)),
  };
}
