// Both classes also run in the CSV worker from their source text (csvWorker.ts): they may use
// nothing from outside their own bodies but globals, and their fields are `declare`d and set in the
// constructor, so that no bundler turns field initializers into calls of its own helpers.

/**
 * A set of string keys, each with a number (the line it was first seen on), for duplicate detection
 * in files of tens of millions of rows. A V8 Set or Map holds at most 2^24 entries and costs ~70
 * bytes of heap per short key; this keeps the keys as UTF-8 in one growing buffer outside the JS
 * heap with an open-addressing table of entry numbers: ~20 bytes plus the key bytes per entry.
 */
export class KeySet {
  declare private arena: Buffer;
  declare private used: number;
  /** Entry i's key occupies arena[starts[i], starts[i + 1]); the last one ends at `used`. */
  declare private starts: Uint32Array;
  declare private hashes: Int32Array;
  declare private values: Uint32Array;
  /** Entry number + 1 per slot, 0 = empty. Kept at most half full. */
  declare private slots: Uint32Array;
  declare private count: number;

  constructor() {
    this.arena = Buffer.allocUnsafe(1 << 16);
    this.used = 0;
    this.starts = new Uint32Array(1 << 10);
    this.hashes = new Int32Array(1 << 10);
    this.values = new Uint32Array(1 << 10);
    this.slots = new Uint32Array(1 << 11);
    this.count = 0;
  }

  /**
   * Adds `key` with `value` (a positive number below 2^32) and returns 0, or, when the key is
   * already there, returns the value it was added with and changes nothing.
   */
  add(key: string, value: number): number {
    if (this.used + key.length * 3 > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + key.length * 3));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    const arena = this.arena;
    const start = this.used;
    let end = start;
    let h = 0x811c9dc5 | 0;
    let ascii = true;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      arena[end++] = c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (!ascii) {
      end = start + arena.write(key, start, 'utf8');
      h = 0x811c9dc5 | 0;
      for (let i = start; i < end; i++) h = Math.imul(h ^ arena[i]!, 0x01000193);
    }
    const len = end - start;
    const mask = this.slots.length - 1;
    const hashes = this.hashes;
    const starts = this.starts;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      const e = entry - 1;
      if (hashes[e] === h) {
        const s = starts[e]!;
        const l = (e + 1 < this.count ? starts[e + 1]! : start) - s;
        if (l === len && arena.compare(arena, start, end, s, s + l) === 0) return this.values[e]!;
      }
      slot = (slot + 1) & mask;
    }
    const e = this.count;
    if (e === this.starts.length) {
      const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Uint32Array(n));
      this.hashes = grow(this.hashes, (n) => new Int32Array(n));
      this.values = grow(this.values, (n) => new Uint32Array(n));
    }
    this.starts[e] = start;
    this.hashes[e] = h;
    this.values[e] = value;
    this.slots[slot] = e + 1;
    this.count = e + 1;
    this.used = end;
    if (this.count * 2 > this.slots.length) {
      const slots = new Uint32Array(this.slots.length * 2);
      const m = slots.length - 1;
      for (let k = 0; k < this.count; k++) {
        const hk = this.hashes[k]!;
        let sl = (hk ^ (hk >>> 15)) & m;
        while (slots[sl] !== 0) sl = (sl + 1) & m;
        slots[sl] = k + 1;
      }
      this.slots = slots;
    }
    return 0;
  }
}

/**
 * A string → number map past the 2^24 entries of one V8 Map (a platform with tens of millions of
 * customers), split over 64 maps chosen by the last two characters, which vary most in platform ids.
 */
export class StringMap {
  declare private readonly shards: Map<string, number>[];

  constructor() {
    this.shards = [];
    for (let i = 0; i < 64; i++) this.shards.push(new Map());
  }

  private shard(key: string): Map<string, number> {
    const n = key.length;
    return this.shards[(n === 0 ? 0 : key.charCodeAt(n - 1) * 31 + (n > 1 ? key.charCodeAt(n - 2) : 0)) & 63]!;
  }

  get(key: string): number | undefined {
    return this.shard(key).get(key);
  }

  set(key: string, value: number): void {
    this.shard(key).set(key, value);
  }

  /** Every entry, as two parallel arrays (to send to a worker). */
  entries(): { keys: string[]; values: Int32Array } {
    let size = 0;
    for (const m of this.shards) size += m.size;
    const keys: string[] = new Array(size);
    const values = new Int32Array(size);
    let i = 0;
    for (const m of this.shards) {
      for (const [k, v] of m) {
        keys[i] = k;
        values[i++] = v;
      }
    }
    return { keys, values };
  }
}
