import { readFileSync } from 'fs';
import { Readable } from 'stream';
import { FOCUS_SAMPLE } from './csv';

/**
 * The FOCUS sample with its rows repeated `times` times, as a stream (so
 * that a file far larger than memory can be served or written): each total
 * is `times` the sample's.
 */
export function repeatedSample(times: number): Readable {
  const text = readFileSync(FOCUS_SAMPLE, 'utf8');
  const headerEnd = text.indexOf('\n') + 1;
  const body = Buffer.from(
    text.endsWith('\n') ? text.slice(headerEnd) : `${text.slice(headerEnd)}\n`,
  );
  let written = 0;
  return new Readable({
    read() {
      if (written === 0) this.push(text.slice(0, headerEnd));
      if (written === times) {
        this.push(null);
        return;
      }
      written++;
      this.push(body);
    },
  });
}
