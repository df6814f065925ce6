import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The bucket-policy evaluation scripts/emulator/moto_launcher.py puts into moto, tested in Python
 * (scripts/emulator/test_moto_launcher.py) with the Python the emulator runs under: policy
 * variables such as `${aws:PrincipalAccount}`, which the state bucket policy keys every account's
 * grant on, filled in from the request as S3 does. The deploy tier's "other-state" check then
 * shows the same on a deployed bucket.
 */
test('the emulator evaluates bucket policies with their policy variables, as S3 does', () => {
  const root = join(__dirname, '../..');
  const result = spawnSync(
    process.env.EMULATOR_PYTHON ?? 'python3',
    ['-m', 'unittest', '-v', 'scripts/emulator/test_moto_launcher.py'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } },
  );
  expect(result.stderr).toMatch(/^Ran \d+ tests/m);
  expect(result.stderr).toMatch(/^OK$/m);
  expect(result.status).toBe(0);
});
