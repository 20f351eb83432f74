/**
 * Content negotiation and conditional requests for static files: which content coding
 * to send (RFC 9110 §12.5.3) and whether the client's copy is current (§13.1.2).
 */

/** Content codings the site may be precompressed in, best first. */
export type Coding = 'br' | 'gzip';

/** The q-value of each coding named in an Accept-Encoding header (names lowercased). */
function acceptedCodings(header: string): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([0-9.]+)$/i.exec(param);
      if (match) q = Math.min(1, Math.max(0, Number(match[1]) || 0));
    }
    accepted.set(name.toLowerCase(), q);
  }
  return accepted;
}

/**
 * The coding to send among those `available` (in the server's order of preference) or
 * 'identity': the one the client weighs highest, the server's order breaking ties.
 * Without Accept-Encoding a response is sent as it is. "If the representation has no
 * content coding, then it is acceptable by default unless specifically excluded", and a
 * server with nothing acceptable sends it uncompressed rather than fail (§12.5.3). An
 * identity the header does not name weighs what its least wanted coding does (as the
 * `negotiator` package reads it), so `gzip;q=0.5, br;q=0.9` still gets br.
 */
export function pickCoding(header: string | undefined, available: readonly Coding[]): Coding | 'identity' {
  if (header === undefined) return 'identity';
  const accepted = acceptedCodings(header);
  const wildcard = accepted.get('*');
  let best: Coding | 'identity' = 'identity';
  let bestQ = accepted.get('identity') ?? Math.min(1, ...accepted.values());
  for (const coding of available) {
    const q = accepted.get(coding) ?? (coding === 'gzip' ? accepted.get('x-gzip') : undefined) ?? wildcard ?? 0;
    if (q > 0 && q >= bestQ) {
      // Equal weights go to the coding: it is the smaller copy of the same representation.
      if (q > bestQ || best === 'identity') {
        best = coding;
        bestQ = q;
      }
    }
  }
  return best;
}

/**
 * Whether If-None-Match names `etag` (or is `*`): the client's copy is current and gets
 * 304. Weak comparison, as §13.1.2 requires for this header.
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}
