import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OutStream } from '../src/io.js';
import { Progress } from '../src/output/progress.js';

function capture(isTTY: boolean): { stream: OutStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as OutStream;
  stream.isTTY = isTTY;
  stream.columns = 80;
  return { stream, text: () => text };
}

describe('Progress', () => {
  it('draws one redrawn bar on a terminal', () => {
    const { stream, text } = capture(true);
    const progress = new Progress(stream, 'copy', 4);
    progress.step('a');
    progress.step('b');
    progress.finish();
    expect(text()).toContain('\r\x1b[2Kcopy ');
    expect(text()).toContain('2/4 (50%)');
    expect(text()).not.toContain(' a\n');
    expect(text().endsWith('\n')).toBe(true);
  });

  it('writes plain lines when not on a terminal', () => {
    const { stream, text } = capture(false);
    const progress = new Progress(stream, 'import', undefined);
    progress.step('s1: imported 3 item(s)');
    progress.step('s2: already there, skipped');
    progress.finish();
    expect(text()).toBe('import 1/? s1: imported 3 item(s)\nimport 2/? s2: already there, skipped\n');
  });
});
