/**
 * IPv4 CIDR arithmetic, small enough to keep in-house: subnet layouts must be plain strings at
 * synth time (so plans show them and for_each keys are known), which rules out Fn.cidrsubnet.
 */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/**
 * Parses `a.b.c.d/n`. Returns undefined for anything else, including a CIDR whose address has
 * host bits set (`10.0.0.1/16`), which AWS rejects for VPCs and subnets.
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const network = address - (address % 2 ** (32 - prefix));
  return network === address ? { network, prefix } : undefined;
}

/** Formats a parsed CIDR back to `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** The `index`-th block of size `/newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnetCidr(parent: string, newPrefix: number, index: number): string {
  const cidr = parseCidr(parent);
  if (!cidr) throw new Error(`subnetCidr: "${parent}" is not an IPv4 CIDR`);
  const blocks = 2 ** (newPrefix - cidr.prefix);
  if (newPrefix < cidr.prefix || newPrefix > 32 || index < 0 || index >= blocks) {
    throw new Error(`subnetCidr: block ${index} of /${newPrefix} does not fit in ${parent}`);
  }
  return formatCidr({ network: cidr.network + index * 2 ** (32 - newPrefix), prefix: newPrefix });
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + 2 ** (32 - a.prefix);
  const bEnd = b.network + 2 ** (32 - b.prefix);
  return a.network < bEnd && b.network < aEnd;
}
