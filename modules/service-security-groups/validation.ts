import { check, type Problem } from '../core';
import type { ServiceSecurityGroupsProps } from './service-security-groups';

/** Every client a service admits is one of the services. */
export function serviceSecurityGroupsProblems(
  props: Pick<ServiceSecurityGroupsProps, 'services'>,
): Problem[] {
  const names = props.services.map((s) => s.name);
  return props.services.flatMap((service, i) =>
    service.clients.flatMap((client) =>
      check(
        names.includes(client),
        `services[${i}].clients`,
        client,
        'is not one of the services',
        names.join(', '),
      ),
    ),
  );
}

/** The services named are among `known`, the services of the construct. */
export function serviceNameProblems(services: readonly string[], known: readonly string[]): Problem[] {
  return services.flatMap((service) =>
    check(known.includes(service), 'services', service, 'is not one of the services', known.join(', ')),
  );
}
