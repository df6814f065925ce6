import { applyChanges, judge, type Change } from './config-arbitraries';

/**
 * Every counterexample the property test (config-contract.test.ts) has found, by name: the
 * configuration it generated, and what validate() now says about it. Each once passed validate()
 * and then failed inside a construct or a security rule.
 */
const REGRESSIONS: { name: string; environment: string; changes: Change[]; problems: string[] }[] = [
  {
    name: 'a task policy statement allowing s3:* on every resource',
    environment: 'dev',
    changes: [
      {
        path: ['services', 'frontend', 'taskPolicyStatements'],
        value: [{ actions: ['s3:*'], resources: ['*'] }],
      },
    ],
    problems: [
      'dev.services.frontend.taskPolicyStatements[0].actions: ["s3:*"] allow every action (of a service); security rule IAM-001 refuses that (accepted: named actions, such as "s3:GetObject")',
      'dev.services.frontend.taskPolicyStatements[0].resources: ["*"] gives Resource "*" to s3:*, which can be scoped to resources; security rule IAM-002 refuses that (accepted: the ARNs of the resources, or "*" only for actions that have no resource type (modules/core/iam-statements.ts))',
    ],
  },
  {
    name: 'production without data protection',
    environment: 'prod',
    changes: [{ path: ['protectData'], value: false }],
    problems: [
      'prod.protectData: false is refused in production: security rule RDS-004 wants deletion protection on its database (accepted: true when production is true)',
    ],
  },
  {
    name: 'production backups kept 6 days',
    environment: 'prod',
    changes: [{ path: ['database', 'backupRetentionDays'], value: 6 }],
    problems: [
      'prod.database.backupRetentionDays: 6 is shorter than security rule RDS-005 allows in production (accepted: 7 to 35 days when production is true)',
    ],
  },
  {
    name: 'a client listed twice',
    environment: 'dev',
    changes: [{ path: ['project', 'services', 'backend', 'clients'], value: ['frontend', 'frontend'] }],
    problems: [
      'project.services.backend.clients[1]: "frontend" is listed twice (accepted: each client once)',
    ],
  },
];

describe('counterexamples the property test found', () => {
  test.each(REGRESSIONS)('$name is refused, naming the field', ({ environment, changes, problems }) => {
    expect(judge(applyChanges(environment, changes))).toEqual({ refused: problems });
  });
});
