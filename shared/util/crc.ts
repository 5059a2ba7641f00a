/** Table-driven reflected CRCs: CRC-32C (TFRecord) and CRC-32/IEEE (zlib; W&B's .wandb). */
function makeTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const T32C = makeTable(0x82f63b78);
const T32 = makeTable(0xedb88320);

function crc(table: Uint32Array, bytes: Uint8Array, start: number, end: number, init: number): number {
  let c = ~init >>> 0;
  for (let i = start; i < end; i++) c = (table[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc(T32C, bytes, start, end, 0);
}

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, init = 0): number {
  return crc(T32, bytes, start, end, init);
}

/** TFRecord's masked CRC-32C: rotate right by 15 and add a constant, so CRCs of CRCs stay well distributed. */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const c = crc32c(bytes, start, end);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
