import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanLog } from '../../plan/offline-plan';
import { findProviderMirror, terraform, writeCliConfig } from '../../plan/terraform-cli';

/**
 * The plan tier runs no `terraform validate`: it reads the warnings from the plan's own log. That is
 * only sound while `plan -json` reports what `validate` does, so it is checked here with real
 * Terraform and the AWS provider, for the two kinds of warning the HCL form has had: a quoted
 * provider reference (Terraform's) and a deprecated argument (the provider's).
 */
jest.setTimeout(120_000);

const CONFIG = `
provider "aws" {
  alias                       = "dns"
  region                      = "us-east-1"
  access_key                  = "plan-diagnostics"
  secret_key                  = "plan-diagnostics"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

data "aws_partition" "current" {
  provider = "aws.dns"
}

resource "aws_s3_bucket" "logs" {
  provider = aws.dns
  bucket   = "plan-diagnostics-logs"
  acl      = "private"
}
`;

test('terraform plan -json reports every warning terraform validate reports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-diagnostics-'));
  try {
    writeFileSync(join(dir, 'main.tf'), CONFIG);
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(AWS_|TF_)/.test(key))),
      TF_CLI_CONFIG_FILE: writeCliConfig(join(dir, 'terraform.rc'), findProviderMirror()),
    };
    expect(await terraform(dir, ['init', '-input=false', '-no-color'], env)).toMatchObject({ code: 0 });

    const validated = await terraform(dir, ['validate', '-json', '-no-color'], env);
    const fromValidate = (
      JSON.parse(validated.stdout) as { diagnostics: { severity: string; summary: string }[] }
    ).diagnostics.map((d) => `${d.severity}: ${d.summary}`);
    const planned = await terraform(dir, ['plan', '-json', '-input=false', '-out=p.tfplan'], env);
    const fromPlan = readPlanLog(planned.stdout).diagnostics.map((d) => `${d.severity}: ${d.summary}`);

    expect(planned.code).toBe(0);
    expect(fromValidate.sort()).toEqual([
      'warning: Argument is deprecated',
      'warning: Quoted references are deprecated',
    ]);
    expect(fromPlan).toEqual(expect.arrayContaining(fromValidate));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
