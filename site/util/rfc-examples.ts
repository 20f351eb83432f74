/**
 * RFC 6455's own example values, kept in one place so every widget shows bytes a reader
 * can check against the RFC.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.7
 */

/** The masking key of the RFC's masked "Hello" (§5.7); the lab's widgets mask with it. */
export const RFC_MASKING_KEY: readonly number[] = Object.freeze([0x37, 0xfa, 0x21, 0x3d]);

/** §5.7: "A single-frame masked text message", "Hello" from a client, masked with {@link RFC_MASKING_KEY}. */
export const RFC_MASKED_HELLO = '81 85 37 fa 21 3d 7f 9f 4d 51 58';
