import {
  DNS_NAME,
  HOSTED_ZONE_ID,
  MAX_DNS_NAME_LENGTH,
  check,
  integerIn,
  isKnown,
  repeatedIndexes,
  type Problem,
} from '../core';

/** Route53 accepts any TTL in this range. */
const MAX_TTL = 2_147_483_647;
/** ACM puts the first name in the certificate's CN, which X.509 limits to 64 characters. */
export const MAX_PRIMARY_NAME_LENGTH = 64;

/** Every problem with the names and TTL of a certificate. */
export function certificateProblems(props: {
  readonly domainName: string;
  readonly subjectAlternativeNames?: readonly string[];
  readonly validationRecordTtl?: number;
}): Problem[] {
  const alternatives = props.subjectAlternativeNames ?? [];
  const names = [props.domainName, ...alternatives];
  return [
    ...nameProblems('domainName', props.domainName),
    ...check(
      !isKnown(props.domainName) || props.domainName.length <= MAX_PRIMARY_NAME_LENGTH,
      'domainName',
      props.domainName,
      `has ${props.domainName.length} characters, more than the ${MAX_PRIMARY_NAME_LENGTH} ACM accepts for the first name of a certificate`,
      `a name of at most ${MAX_PRIMARY_NAME_LENGTH} characters (a longer one can only be an alternative name)`,
    ),
    ...alternatives.flatMap((name, i) => nameProblems(`subjectAlternativeNames[${i}]`, name)),
    ...repeatedIndexes(names).map((i) => ({
      path: `subjectAlternativeNames[${i - 1}]`,
      value: names[i],
      problem: 'repeats a name of the certificate',
      accepted: 'each name once, leaving out the domain name, which is always covered',
    })),
    ...(props.validationRecordTtl === undefined
      ? []
      : integerIn('validationRecordTtl', props.validationRecordTtl, 0, MAX_TTL, 'seconds')),
  ];
}

/** Problems with what the stack wires in: the hosted zone. */
export function certificateWiringProblems(props: { readonly zoneId: string }): Problem[] {
  return check(
    !isKnown(props.zoneId) || HOSTED_ZONE_ID.test(props.zoneId),
    'zoneId',
    props.zoneId,
    'is not a Route53 hosted zone ID',
    '"Z" followed by upper-case letters and digits',
  );
}

function nameProblems(path: string, name: string): Problem[] {
  // The names key the validation records at synth time, so they cannot wait for apply.
  if (!isKnown(name))
    return check(false, path, '<token>', 'is a token', 'a literal DNS name such as "dev.example.com"');
  return check(
    name.length <= MAX_DNS_NAME_LENGTH && DNS_NAME.test(name),
    path,
    name,
    'is not a DNS name ACM accepts',
    `lower-case labels separated by dots, optionally starting with "*.", at most ${MAX_DNS_NAME_LENGTH} characters`,
  );
}
