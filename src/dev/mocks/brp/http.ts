// Content negotiation of the BRP API (zoek-fout-cases.feature): requests and responses are JSON in
// UTF-8; an absent or empty header means the default.

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseMediaRange(text: string): MediaRange {
  const [type = '', ...rest] = text.split(';');
  const params = new Map<string, string>();
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params.set(p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim().replace(/^"|"$/g, '').toLowerCase());
  }
  return { type: type.trim().toLowerCase(), params };
}

const utf8 = (r: MediaRange): boolean => {
  const charset = r.params.get('charset');
  return charset === undefined || charset === 'utf-8';
};

/** Content-Type of a request: only application/json, in UTF-8. */
export function isSupportedContentType(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  const r = parseMediaRange(header);
  return r.type === 'application/json' && utf8(r);
}

/** Accept of a request: anything that admits application/json in UTF-8. */
export function isAcceptable(header: string | undefined): boolean {
  if (header === undefined || header.trim() === '') return true;
  return header.split(',').some((part) => {
    const r = parseMediaRange(part);
    const q = Number(r.params.get('q') ?? '1');
    return (r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*') && utf8(r) && q > 0;
  });
}
