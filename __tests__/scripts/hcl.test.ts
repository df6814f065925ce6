import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatHcl } from '../../scripts/hcl';

describe('formatHcl', () => {
  test('formats every .tf file under the directory the way terraform fmt -check expects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcl-'));
    writeFileSync(
      join(dir, 'cdk.tf'),
      'resource "aws_vpc" "v" {\ncidr_block = "10.0.0.0/16"\ntags = {\nName = "v"\n}\n}\n',
    );
    formatHcl(dir);
    expect(readFileSync(join(dir, 'cdk.tf'), 'utf8')).toBe(
      'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n  tags = {\n    Name = "v"\n  }\n}\n',
    );
    expect(() => execFileSync('terraform', ['fmt', '-check', dir], { stdio: 'pipe' })).not.toThrow();
  });

  test("fails with terraform's reason when the HCL does not parse", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcl-'));
    writeFileSync(join(dir, 'cdk.tf'), 'resource "aws_vpc" "v" {\n');
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => formatHcl(dir)).toThrow(/terraform fmt failed on .*: .*Unclosed configuration block/s);
    } finally {
      error.mockRestore();
    }
  });
});
