import { SECURE_PLACEHOLDER } from '../modules/parameters';
import { findSecrets } from './secret-scan';
import { synthApp } from './stacks/app-fixture';

describe('no secret in synthesized JSON', () => {
  const stacks = synthApp();

  test.each(Object.keys(stacks).sort())('%s carries no password, credential or secret value', (id) => {
    expect(findSecrets(stacks[id].text, SECURE_PLACEHOLDER)).toEqual([]);
  });

  test('the database password is managed by RDS, not written by Terraform', () => {
    expect(stacks.prod.text).toContain('"manage_master_user_password": true');
    expect(stacks.prod.text).not.toMatch(/"master_password"/);
  });

  describe('the scanner fires', () => {
    const stack = (resource: object) => JSON.stringify({ resource });

    test('on a literal password attribute', () => {
      expect(findSecrets(stack({ aws_rds_cluster: { db: { master_password: 'hunter22' } } }), 'x')).toEqual([
        '$.resource.aws_rds_cluster.db.master_password: carries a secret value',
      ]);
    });

    test('on an access key and on credentials inside a URL', () => {
      const findings = findSecrets(
        stack({
          aws_ssm_parameter: {
            a: { type: 'String', value: 'AKIAABCDEFGHIJKLMNOP' },
            b: { type: 'String', value: 'mysql://app:pw@db:3306/app' },
          },
        }),
        'x',
      );
      expect(findings).toEqual([
        '$.resource.aws_ssm_parameter.a.value: looks like a AWS access key ID',
        '$.resource.aws_ssm_parameter.b.value: looks like a credentials in a URL',
      ]);
    });

    test('on a secret-looking plain environment variable', () => {
      const containers = JSON.stringify([{ environment: [{ name: 'STRIPE_API_KEY', value: 'x' }] }]);
      expect(
        findSecrets(stack({ aws_ecs_task_definition: { t: { container_definitions: containers } } }), 'x'),
      ).toEqual(['aws_ecs_task_definition.t: plain environment variable STRIPE_API_KEY looks secret']);
    });

    test('on a SecureString whose value Terraform writes', () => {
      expect(
        findSecrets(stack({ aws_ssm_parameter: { k: { type: 'SecureString', value: 'abc' } } }), 'x'),
      ).toEqual(['aws_ssm_parameter.k: SecureString value is written by Terraform and kept in state']);
    });
  });
});
