/**
 * Finds secrets in synthesized Terraform JSON: attributes that carry a password, literal values
 * shaped like credentials, secret-looking names among plain container environment variables, and
 * SecureString parameters whose value Terraform would know.
 */
const PASSWORD_ATTRIBUTES =
  /^(master_password|password|master_user_password|secret_string|secret_binary|value_wo)$/;
const CREDENTIAL_SHAPES: [string, RegExp][] = [
  ['AWS access key ID', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['credentials in a URL', /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
];
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;

export function findSecrets(stackJson: string, allowedPlaceholder: string): string[] {
  const findings: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const [label, shape] of CREDENTIAL_SHAPES) {
        if (shape.test(value)) findings.push(`${path}: looks like a ${label}`);
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (PASSWORD_ATTRIBUTES.test(key) && child !== allowedPlaceholder) {
          findings.push(`${path}.${key}: carries a secret value`);
        }
        visit(child, `${path}.${key}`);
      }
    }
  };
  const json = JSON.parse(stackJson) as {
    resource?: Record<string, Record<string, Record<string, unknown>>>;
  };
  visit(json, '$');

  for (const [name, task] of Object.entries(json.resource?.aws_ecs_task_definition ?? {})) {
    const containers = JSON.parse(String(task.container_definitions)) as {
      environment?: { name: string }[];
    }[];
    for (const variable of containers.flatMap((c) => c.environment ?? [])) {
      if (SECRET_NAME.test(variable.name)) {
        findings.push(
          `aws_ecs_task_definition.${name}: plain environment variable ${variable.name} looks secret`,
        );
      }
    }
  }
  for (const [name, parameter] of Object.entries(json.resource?.aws_ssm_parameter ?? {})) {
    if (
      parameter.type === 'SecureString' &&
      (parameter.value !== undefined || parameter.insecure_value !== undefined)
    ) {
      findings.push(
        `aws_ssm_parameter.${name}: SecureString value is written by Terraform and kept in state`,
      );
    }
  }
  return findings;
}
