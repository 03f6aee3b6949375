import { createReadStream } from 'fs';
import { createGunzip } from 'zlib';

/** Headers longer than this are not a FOCUS export's. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The column names of a CSV file's first line (RFC 4180 quoting, a UTF-8
 * byte order mark dropped), reading no further than that line. Empty for an
 * empty file.
 */
export async function readCsvHeader(
  file: string,
  compressed: boolean,
): Promise<string[]> {
  const raw = createReadStream(file);
  const stream = compressed ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk.toString('utf8');
      const end = lineEnd(text);
      if (end >= 0) {
        text = text.slice(0, end);
        break;
      }
      if (text.length > MAX_HEADER_BYTES) {
        throw new Error('the first line is not a CSV header');
      }
    }
  } finally {
    raw.destroy();
  }
  return text
    ? splitFields(text.replace(/^\uFEFF/, '').replace(/\r$/, ''))
    : [];
}

/** Index of the first line break outside quotes, or -1. */
function lineEnd(text: string) {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) return i;
  }
  return -1;
}

function splitFields(line: string) {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}
