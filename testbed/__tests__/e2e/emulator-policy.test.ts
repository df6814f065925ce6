import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The policy evaluations testbed/emulator/moto_launcher.py puts into moto, tested in Python
 * (testbed/emulator/test_moto_launcher.py) with the Python the emulator runs under: bucket policies
 * with policy variables such as `${aws:PrincipalAccount}`, which the state bucket policy keys every
 * account's grant on, filled in from the request as S3 does; and the trust policies of web identity
 * roles, which STS evaluates over the token's claims (another repository, branch, GitHub
 * Environment, audience, or no provider in the account: refused). The deploy tier's "other-state"
 * and "web-identity-*" checks then show the same on deployed buckets and roles.
 */
test('the emulator evaluates bucket policies as S3 does and web identity trust as STS does', () => {
  const root = join(__dirname, '../../..');
  const result = spawnSync(
    process.env.EMULATOR_PYTHON ?? 'python3',
    ['-m', 'unittest', '-v', 'testbed/emulator/test_moto_launcher.py'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
  );
  expect(result.stderr).toMatch(/^Ran \d+ tests/m);
  expect(result.stderr).toMatch(/^OK$/m);
  expect(result.status).toBe(0);
});
