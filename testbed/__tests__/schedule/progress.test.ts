import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { Progress } from '../../schedule/progress';

/** A stream that keeps what is written to it, a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(out, { isTTY, columns: 60, rows: 20, text: () => chunks.join('') }) as never;
}

const result = (stack: string) => ({ stack, ok: true, summary: 'ok', seconds: 1 });

// CI logs keep every byte: a redrawn line would leave each of its frames there.
test('writes the lines alone, without control sequences, when the stream is not a terminal', () => {
  const out = stream(false);
  const progress = new Progress(out);
  progress.started('dev');
  progress.line('PASS dev');
  progress.finished(result('dev'));
  progress.end();
  expect(out.text()).toBe('PASS dev\n');
});

test('in a terminal, draws one status line of what runs under the lines, and removes it at the end', () => {
  const out = stream(true);
  const progress = new Progress(out);
  progress.started('deploy:dev');
  progress.started('replan:a-stack-with-a-long-name-that-does-not-fit');
  const drawn = stripVTControlCharacters(out.text());
  expect(drawn).toContain('0 done, running: deploy:dev 0s, replan:a-stack-with-a-long…');
  expect(drawn.split('\n').every((row) => row.length < 60)).toBe(true);

  progress.finished(result('deploy:dev'));
  progress.line('ok   deployed   dev');
  progress.end();

  const text = out.text();
  // The status line is erased (cursor up, erase line) before the line that stays is written.
  expect(text).toMatch(/\u001b\[2K[^\n]*ok {3}deployed {3}dev\n/);
  expect(stripVTControlCharacters(text)).toContain('1 done, running: replan:');
  // ... and the last status line is erased, leaving the terminal to what the tier prints next.
  expect(text).toMatch(/1 done, running: replan:[^\n]*\n\u001b\[2K\u001b\[1A\u001b\[2K\u001b\[G$/);
});
