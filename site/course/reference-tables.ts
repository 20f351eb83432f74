/**
 * Rows for the reference pages, built from lib's own tables — opcodes, close codes and
 * protocol errors — so a page can never drift from the code that enforces the rules.
 */
import {
  OPCODE_NAMES,
  Opcode,
  PROTOCOL_ERRORS,
  isControlOpcode,
  isKnownOpcode,
  type ProtocolErrorCode,
} from '../../lib/index.ts';

/** A link to a section of RFC 6455 on the RFC Editor's site: `'5.5.1'` → `…#section-5.5.1`. */
export function rfcSectionUrl(section: string): string {
  return `https://www.rfc-editor.org/rfc/rfc6455#section-${section}`;
}

/** One opcode value, 0x0–0xF. */
export interface OpcodeRow {
  value: number;
  /** `0x9` */
  hex: string;
  /** The four opcode bits, `1001`. */
  bits: string;
  /** From lib's `OPCODE_NAMES`. */
  name: string;
  /** The key in lib's `Opcode` map (`Ping`), for defined opcodes. */
  constant?: string;
  kind: 'control' | 'data';
  defined: boolean;
  /** What the frame is for, or what a receiver does with a reserved one. */
  meaning: string;
}

const OPCODE_MEANINGS: Readonly<Record<number, string>> = {
  [Opcode.Continuation]: 'The next fragment of a message begun by a text or binary frame with FIN clear.',
  [Opcode.Text]: 'A message (or its first fragment) of UTF-8 text.',
  [Opcode.Binary]: 'A message (or its first fragment) of arbitrary bytes.',
  [Opcode.Close]: 'Starts or answers the closing handshake; payload: optional 2-byte code and UTF-8 reason.',
  [Opcode.Ping]: 'Asks the peer for a Pong; payload up to 125 bytes of application data.',
  [Opcode.Pong]: 'Answers a Ping with the same payload, or is sent unasked as a one-way heartbeat.',
};

/** All sixteen opcode values in order, with lib's names and classification. @see RFC 6455 §5.2 and §5.5 */
export function opcodeRows(): OpcodeRow[] {
  const constants = new Map<number, string>(Object.entries(Opcode).map(([key, value]) => [value, key]));
  return OPCODE_NAMES.map((name, value) => {
    const defined = isKnownOpcode(value);
    const kind = isControlOpcode(value) ? 'control' : 'data';
    return {
      value,
      hex: `0x${value.toString(16).toUpperCase()}`,
      bits: value.toString(2).padStart(4, '0'),
      name,
      constant: constants.get(value),
      kind,
      defined,
      meaning: defined
        ? OPCODE_MEANINGS[value]
        : `Reserved for future ${kind} frames. A receiver that meets it must fail the connection (1002).`,
    };
  });
}

/** One protocol error from lib's `PROTOCOL_ERRORS`. */
export interface ProtocolErrorRow {
  code: ProtocolErrorCode;
  closeCode: number;
  section: string;
  sectionUrl: string;
  message: string;
  must: string;
}

/** Every protocol error in lib's table order. */
export function protocolErrorRows(): ProtocolErrorRow[] {
  return (Object.keys(PROTOCOL_ERRORS) as ProtocolErrorCode[]).map((code) => {
    const entry = PROTOCOL_ERRORS[code];
    return {
      code,
      closeCode: entry.closeCode,
      section: entry.section,
      sectionUrl: rfcSectionUrl(entry.section),
      message: entry.message,
      must: entry.must,
    };
  });
}

/** How many protocol errors fail the connection with each close code, e.g. `{ 1002: 12, 1007: 2 }`. */
export function countByCloseCode(rows: readonly { closeCode: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.closeCode, (counts.get(row.closeCode) ?? 0) + 1);
  return new Map([...counts.entries()].sort(([a], [b]) => a - b));
}
