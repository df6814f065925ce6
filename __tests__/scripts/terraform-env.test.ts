import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh copy of the module, so that "said once" starts from nothing in each test. */
function load(): typeof import('../../scripts/terraform-env') {
  let module: typeof import('../../scripts/terraform-env') | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jest.isolateModules(() => (module = require('../../scripts/terraform-env')));
  return module!;
}

describe('terraformEnv', () => {
  test('drops a TF_CLI_CONFIG_FILE that names no file, and says so once however often it is asked', () => {
    const { terraformEnv } = load();
    const said: string[] = [];
    const env = { TF_CLI_CONFIG_FILE: '/nonexistent/terraformrc', PATH: '/bin' };
    const first = terraformEnv(env, (line) => said.push(line));
    const second = terraformEnv(env, (line) => said.push(line));
    expect(first.TF_CLI_CONFIG_FILE).toBeUndefined();
    expect(second.TF_CLI_CONFIG_FILE).toBeUndefined();
    expect(first.PATH).toBe('/bin');
    expect(said).toEqual([
      'TF_CLI_CONFIG_FILE names /nonexistent/terraformrc, which does not exist: Terraform runs without it.',
    ]);
  });

  test('keeps a TF_CLI_CONFIG_FILE that exists, silently', () => {
    const { terraformEnv } = load();
    const file = join(mkdtempSync(join(tmpdir(), 'tfrc-')), 'terraform.rc');
    writeFileSync(file, '');
    const said: string[] = [];
    expect(terraformEnv({ TF_CLI_CONFIG_FILE: file }, (line) => said.push(line)).TF_CLI_CONFIG_FILE).toBe(
      file,
    );
    expect(said).toEqual([]);
  });

  test('turns off the checkpoint service unless the user chose otherwise', () => {
    const { terraformEnv } = load();
    expect(terraformEnv({}).CHECKPOINT_DISABLE).toBe('1');
    expect(terraformEnv({ CHECKPOINT_DISABLE: '' }).CHECKPOINT_DISABLE).toBe('');
  });
});
