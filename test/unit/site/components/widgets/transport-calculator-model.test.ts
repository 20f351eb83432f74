import { describe, expect, it } from 'vitest';
import { Opcode, encodeFrame, createFrame } from '../../../../../lib/index.ts';
import {
  ASSUMPTIONS,
  DEFAULT_INPUTS,
  INPUT_LIMITS,
  LONG_POLL_HOLD_SECONDS,
  PRESETS,
  computeTransports,
  formatBytes,
  formatCount,
  formatLatency,
  normalizeInputs,
  shares,
  sseEventBytes,
  websocketFrameHeaderBytes,
  type TransportInputs,
  type TransportResult,
} from '../../../../../site/components/widgets/transport-calculator-model.ts';

const byId = (results: TransportResult[], id: TransportResult['id']) => {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

const inputs = (overrides: Partial<TransportInputs> = {}): TransportInputs => ({ ...DEFAULT_INPUTS, ...overrides });

describe('websocketFrameHeaderBytes', () => {
  it.each([
    // [payload bytes, masked, header bytes]
    [0, false, 2],
    [100, false, 2],
    [100, true, 6],
    [125, false, 2],
    [126, false, 4],
    [126, true, 8],
    [65_535, false, 4],
    [65_536, false, 10],
    [65_536, true, 14],
  ])('a %i-byte text frame, masked: %s, has a %i-byte header', (payload, masked, header) => {
    expect(websocketFrameHeaderBytes(payload, masked)).toBe(header);
  });

  it('agrees with the length of a whole frame encoded by lib, less its payload', () => {
    const payload = new Uint8Array(100);
    const frame = encodeFrame(createFrame(Opcode.Text, payload, { maskingKey: new Uint8Array([1, 2, 3, 4]) }));
    expect(frame.length - payload.length).toBe(websocketFrameHeaderBytes(100, true));
  });
});

describe('sseEventBytes', () => {
  it('counts "data: ", the payload, the blank line and the chunk framing', () => {
    // event = 6 + 100 + 2 = 108 = 0x6c → "6c\r\n" + 108 bytes + "\r\n"
    expect(sseEventBytes(100)).toBe(2 + 2 + 108 + 2);
  });

  it('grows the chunk-size line with the event', () => {
    // event = 6 + 4088 + 2 = 4096 = 0x1000: four hex digits
    expect(sseEventBytes(4088)).toBe(4 + 2 + 4096 + 2);
  });
});

describe('normalizeInputs', () => {
  it('keeps valid input as it is', () => {
    expect(normalizeInputs(DEFAULT_INPUTS)).toEqual(DEFAULT_INPUTS);
  });

  it('clamps numbers into their limits', () => {
    const n = normalizeInputs({ ...DEFAULT_INPUTS, messagesPerMinute: -5, rttMs: 0, pollIntervalSeconds: 10_000 });
    expect(n.messagesPerMinute).toBe(INPUT_LIMITS.messagesPerMinute.min);
    expect(n.rttMs).toBe(INPUT_LIMITS.rttMs.min);
    expect(n.pollIntervalSeconds).toBe(INPUT_LIMITS.pollIntervalSeconds.max);
  });

  it('falls back to the default for a missing, empty or non-numeric input', () => {
    const n = normalizeInputs({ messagesPerMinute: Number.NaN, messageBytes: '', httpHeaderBytes: 'lots' });
    expect(n.messagesPerMinute).toBe(DEFAULT_INPUTS.messagesPerMinute);
    expect(n.messageBytes).toBe(DEFAULT_INPUTS.messageBytes);
    expect(n.httpHeaderBytes).toBe(DEFAULT_INPUTS.httpHeaderBytes);
    expect(n.rttMs).toBe(DEFAULT_INPUTS.rttMs);
    expect(n.direction).toBe('server→client');
  });

  it('rounds sizes to whole bytes', () => {
    expect(normalizeInputs({ messageBytes: 10.6 }).messageBytes).toBe(11);
  });
});

describe('computeTransports, server to client (the default chat)', () => {
  // 6 messages a minute of 100 bytes, 800 header bytes per exchange, 100 ms RTT, 5 s polls.
  const results = computeTransports(inputs());
  const messages = 360;
  const payload = messages * 100;

  it('lists the four techniques in lesson order', () => {
    expect(results.map((r) => r.id)).toEqual(['short-polling', 'long-polling', 'sse', 'websocket']);
  });

  it('gives every technique the same payload', () => {
    for (const r of results) expect(r.payloadBytesPerHour).toBe(payload);
  });

  it('short polling: 720 polls of 800 header bytes, plus the payload', () => {
    const r = byId(results, 'short-polling');
    expect(r.httpRequestsPerHour).toBe(720);
    expect(r.bytesPerHour).toBe(720 * 800 + payload);
    // half the 5 s interval, plus the 50 ms one-way trip
    expect(r.averageLatencyMs).toBe(2550);
    // P(no message in 5 s) = e^(−0.1·5)
    expect(r.emptyResponsesPerHour).toBeCloseTo(720 * Math.exp(-0.5), 6);
  });

  it('long polling: one exchange per delivery or timeout, about one round trip of latency at most', () => {
    const r = byId(results, 'long-polling');
    const hold = LONG_POLL_HOLD_SECONDS;
    const cycle = 0.1 + Math.exp(-0.1 * 0.1) * ((1 - Math.exp(-0.1 * hold)) / 0.1);
    expect(r.httpRequestsPerHour).toBeCloseTo(3600 / cycle, 9);
    expect(r.bytesPerHour).toBeCloseTo((3600 / cycle) * 800 + payload, 6);
    expect(r.averageLatencyMs).toBeGreaterThan(50);
    expect(r.averageLatencyMs).toBeLessThan(100);
    expect(r.bytesPerHour).toBeLessThan(byId(results, 'short-polling').bytesPerHour);
  });

  it('SSE: one exchange, then 114 bytes per 100-byte event', () => {
    const r = byId(results, 'sse');
    expect(r.httpRequestsPerHour).toBe(1);
    expect(r.bytesPerHour).toBe(800 + messages * 114);
    expect(r.overheadBytesPerMessage).toBeCloseTo((800 + messages * 14) / messages, 9);
    expect(r.averageLatencyMs).toBe(50);
  });

  it('WebSocket: one upgrade, then 2 header bytes per unmasked server frame', () => {
    const r = byId(results, 'websocket');
    expect(r.httpRequestsPerHour).toBe(1);
    expect(r.bytesPerHour).toBe(800 + messages * (2 + 100));
    expect(r.averageLatencyMs).toBe(50);
    expect(r.emptyResponsesPerHour).toBe(0);
  });

  it('overhead is total less payload', () => {
    for (const r of results) expect(r.overheadBytesPerHour).toBeCloseTo(r.bytesPerHour - r.payloadBytesPerHour, 9);
  });
});

describe('computeTransports, client to server', () => {
  const results = computeTransports(inputs({ direction: 'client→server', messagesPerMinute: 60 }));

  it('sends each message as one POST with every HTTP technique', () => {
    for (const id of ['short-polling', 'long-polling', 'sse'] as const) {
      const r = byId(results, id);
      expect(r.httpRequestsPerHour).toBe(3600);
      expect(r.bytesPerHour).toBe(3600 * (800 + 100));
      expect(r.averageLatencyMs).toBe(50);
    }
  });

  it('masks WebSocket client frames: a 100-byte text frame has a 6-byte header', () => {
    const r = byId(results, 'websocket');
    expect(r.bytesPerHour).toBe(800 + 3600 * (6 + 100));
  });
});

describe('computeTransports, edge cases', () => {
  it('reports no latency and only the fixed costs when nothing is sent', () => {
    const results = computeTransports(inputs({ messagesPerMinute: 0 }));
    for (const r of results) {
      expect(r.averageLatencyMs).toBeNull();
      expect(r.overheadBytesPerMessage).toBeNull();
      expect(r.payloadBytesPerHour).toBe(0);
    }
    expect(byId(results, 'short-polling').bytesPerHour).toBe(720 * 800);
    // Nothing arrives: every long poll is held for the full hold time, then answered empty.
    const longPolling = byId(results, 'long-polling');
    expect(longPolling.httpRequestsPerHour).toBeCloseTo(3600 / (0.1 + LONG_POLL_HOLD_SECONDS), 9);
    expect(longPolling.emptyResponsesPerHour).toBeCloseTo(longPolling.httpRequestsPerHour, 9);
    expect(byId(results, 'websocket').bytesPerHour).toBe(800);
  });

  it('long polling latency approaches one round trip when messages never stop', () => {
    const r = byId(computeTransports(inputs({ messagesPerMinute: 6000 })), 'long-polling');
    expect(r.averageLatencyMs).toBeGreaterThan(99);
    expect(r.averageLatencyMs).toBeLessThanOrEqual(100);
  });

  it('uses 4 extra length bytes once a message passes 125 bytes', () => {
    const small = byId(computeTransports(inputs({ messageBytes: 125 })), 'websocket');
    const large = byId(computeTransports(inputs({ messageBytes: 126 })), 'websocket');
    expect(large.overheadBytesPerHour - small.overheadBytesPerHour).toBe(360 * 2);
  });

  it('never returns NaN or Infinity across the input limits', () => {
    const corners: TransportInputs[] = [];
    for (const direction of ['server→client', 'client→server'] as const) {
      for (const edge of ['min', 'max'] as const) {
        corners.push({
          messagesPerMinute: INPUT_LIMITS.messagesPerMinute[edge],
          messageBytes: INPUT_LIMITS.messageBytes[edge],
          httpHeaderBytes: INPUT_LIMITS.httpHeaderBytes[edge],
          rttMs: INPUT_LIMITS.rttMs[edge],
          pollIntervalSeconds: INPUT_LIMITS.pollIntervalSeconds[edge],
          direction,
        });
      }
    }
    for (const corner of corners) {
      for (const r of computeTransports(corner)) {
        for (const value of [r.bytesPerHour, r.httpRequestsPerHour, r.emptyResponsesPerHour, r.averageLatencyMs ?? 0]) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }
    }
  });
});

describe('presets and assumptions', () => {
  it('every preset is already normalized', () => {
    for (const preset of PRESETS) expect(normalizeInputs(preset.inputs)).toEqual(preset.inputs);
  });

  it('states the hold time and the frame header sizes', () => {
    expect(ASSUMPTIONS.join(' ')).toContain(`${LONG_POLL_HOLD_SECONDS} s`);
    expect(ASSUMPTIONS.join(' ')).toMatch(/masking key/);
  });
});

describe('formatters', () => {
  it.each([
    [840, '840 B'],
    [612_000, '612 kB'],
    [37_520, '37.5 kB'],
    [1_234_567, '1.23 MB'],
  ])('formatBytes(%i) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [null, '—'],
    [50, '50 ms'],
    [50.52, '50.5 ms'],
    [2550, '2.55 s'],
    [300_000, '5 min'],
  ])('formatLatency(%s) = %s', (ms, text) => expect(formatLatency(ms)).toBe(text));

  it('rounds counts', () => {
    expect(formatCount(720)).toBe('720');
    expect(formatCount(378.64)).toBe('379');
    expect(formatCount(12_000)).toBe('12,000');
    expect(formatCount(0.4)).toBe('0.4');
  });

  it('scales bars to the largest value', () => {
    expect(shares([50, 100, 0])).toEqual([0.5, 1, 0]);
    expect(shares([0, 0])).toEqual([0, 0]);
  });
});
