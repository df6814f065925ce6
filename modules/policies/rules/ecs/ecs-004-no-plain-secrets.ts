import { blocks } from '../../../core';
import type { PolicyRule } from '../../policy-rule';
import { eachContainer } from './containers';

/** Fragments of environment variable names that suggest a secret (matched on the upper-cased name). */
const SECRET_NAME_PARTS = [
  'PASSWORD',
  'PASSWD',
  'SECRET',
  'TOKEN',
  'API_KEY',
  'APIKEY',
  'PRIVATE_KEY',
  'CREDENTIAL',
  'ACCESS_KEY',
];
const AWS_ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export const ECS_004_NO_PLAIN_SECRETS: PolicyRule = {
  id: 'ECS-004',
  reason:
    'no secrets in plain container environment variables; use `secrets` (AVD-AWS-0036 / Security Hub ECS.8)',
  severity: 'error',
  appliesTo: ['aws_ecs_task_definition'],
  check: (a) =>
    eachContainer(a, (c) => {
      const suspicious = blocks(c.environment)
        .filter((v) => {
          const name = String(v.name).toUpperCase();
          return (
            SECRET_NAME_PARTS.some((part) => name.includes(part)) || AWS_ACCESS_KEY_ID.test(String(v.value))
          );
        })
        .map((v) => String(v.name));
      return suspicious.length > 0 ? `environment holds ${suspicious.join(', ')}` : undefined;
    }),
};
