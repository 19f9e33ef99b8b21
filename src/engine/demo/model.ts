import { DomainError } from '../errors';
import { addDays, addMonths, isDate, isValidZone, startOfDate } from '../time';
import { LocalClock } from './clock';
import { category, enterpriseName, personName } from './names';
import { mix32, Rng } from './rng';

export interface DemoOptions {
  customers: number;
  seed: number;
  /** The last day of the 24 months of orders, `YYYY-MM-DD` in the zone. */
  today: string;
  /** Platform time zone; defaults to the database's setting (or Asia/Shanghai for CSV). */
  zone?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface DemoCounts {
  customers: number;
  orders: number;
  referrals: number;
  contributions: number;
}

export type CustomerKind = 'individual' | 'enterprise';
export type OrderStatus = 'paid' | 'refunded';
const CONTRIBUTION_KINDS = ['review', 'community', 'event'] as const;

/**
 * Receives the records in an order that satisfies every foreign key: a customer before its orders,
 * contributions and the referrals naming it; referrers always come earlier than the customers they
 * refer. `cust` is the 1-based internal id; `key` is the customer_id text.
 */
export interface DemoSink {
  customer(cust: number, key: string, name: string, kind: CustomerKind, realname: boolean, phone: boolean, registeredAt: number): void;
  order(
    orderId: string,
    cust: number,
    key: string,
    placedAt: number,
    amountFen: number,
    status: OrderStatus,
    category: string,
    withOffset: boolean,
  ): void;
  referral(referrer: number, referrerKey: string, referred: number, referredKey: string, at: number): void;
  contribution(cust: number, key: string, kind: string, points: number, at: number): void;
}

// Shares and shapes of the population. Spend per customer is (orders per month) × (order size) ×
// (months active), each log-normal or uniform, which puts ~30% of GMV on the top 1% (seed 001).
const P_ENTERPRISE = 0.04;
const P_NO_ORDERS = 0.07;
const P_ONLY_REFUNDED = 0.01;
const P_REFUND = 0.022;
const P_FREE_ORDER = 0.002;
const P_WHOLE_YUAN = 0.55;
const P_REALNAME = 0.9;
const P_PHONE = 0.94;
const P_CHURN = 0.25;
const P_GROWING = 0.3;
const P_COOLING = 0.15;
const P_PROMOTER = 0.02;
const P_REFERRED = 0.18;
const P_BY_PROMOTER = 0.85;
const P_SECOND_REFERRER = 0.01;
const P_SAME_INSTANT = 0.3;
const P_SELF_REFERRAL = 0.002;
const P_CONTRIBUTOR = 0.2;
const P_OFFSET_TEXT = 0.02;
const RATE_MEDIAN = 0.46; // orders per month
const RATE_SIGMA = 0.95;
const SIZE_MEDIAN = 60; // CNY per order
const SIZE_SIGMA = 0.95;
const ORDER_SIGMA = 0.45;
const ENTERPRISE_RATE = 3;
const ENTERPRISE_SIZE = 3.5;
const MAX_ORDERS = 5000;
const MAX_CONTRIBUTIONS = 40;
const MONTH_MS = 30.44 * 86_400_000;
const DAY_MS = 86_400_000;

const ORDER_MONTHS = 24;
const REGISTRATION_MONTHS = 36;
/** Customers per transaction (DB) or per write (CSV): ~50k orders, a few MB. */
const CHUNK = 5000;

function checkOptions(opts: DemoOptions, zone: string): void {
  if (!Number.isSafeInteger(opts.customers) || opts.customers < 1)
    throw new DomainError('DEMO_OPTIONS', `demo: customers must be a positive integer (got ${opts.customers})`);
  if (!Number.isSafeInteger(opts.seed)) throw new DomainError('DEMO_OPTIONS', `demo: seed must be an integer (got ${opts.seed})`);
  if (!isDate(opts.today)) throw new DomainError('DEMO_OPTIONS', `demo: today must be a date YYYY-MM-DD (got "${opts.today}")`);
  if (!isValidZone(zone)) throw new DomainError('DEMO_OPTIONS', `demo: unknown time zone "${zone}"`);
}

/** First instant of the 24 months of orders ending with `today` (the annual-window rule of spec §3). */
export function ordersStart(today: string, zone: string): number {
  return startOfDate(addDays(addMonths(today, -ORDER_MONTHS), 1), zone);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Generates the demo population customer by customer. Each customer's records follow from
 * (seed, index) through its own PRNG stream, except the choice of promoter, which depends on the
 * promoters registered before it; so the output is a pure function of the options.
 */
export class DemoGenerator {
  readonly clock: LocalClock;
  readonly counts: DemoCounts = { customers: 0, orders: 0, referrals: 0, contributions: 0 };
  private readonly rng = new Rng();
  private readonly seedLo: number;
  private readonly seedHi: number;
  private readonly keyWidth: number;
  private readonly regStart: number;
  private readonly start: number;
  private readonly end: number;
  private readonly promoters: number[] = [];
  private next = 0;
  private times = new Float64Array(64);

  constructor(
    private readonly opts: DemoOptions,
    zone: string,
  ) {
    checkOptions(opts, zone);
    this.seedLo = opts.seed >>> 0;
    this.seedHi = Math.floor(opts.seed / 4294967296) >>> 0;
    this.keyWidth = Math.max(6, String(opts.customers).length);
    this.clock = new LocalClock(zone, addMonths(opts.today, -REGISTRATION_MONTHS), opts.today);
    this.regStart = this.clock.first;
    this.start = ordersStart(opts.today, zone);
    this.end = this.clock.end;
  }

  get done(): boolean {
    return this.next >= this.opts.customers;
  }

  customerKey(index: number): string {
    return 'C' + pad(index + 1, this.keyWidth);
  }

  /** Emits the next `CHUNK` customers (fewer at the end) and everything that belongs to them. */
  chunk(sink: DemoSink): void {
    const stop = Math.min(this.next + CHUNK, this.opts.customers);
    for (; this.next < stop; this.next++) this.customer(this.next, sink);
    this.opts.onProgress?.(this.next, this.opts.customers);
  }

  private customer(i: number, sink: DemoSink): void {
    const rng = this.rng;
    rng.reseed(mix32(mix32(this.seedLo ^ mix32(i)) ^ this.seedHi));
    const n = this.opts.customers;
    const cust = i + 1;
    const key = this.customerKey(i);
    const enterprise = rng.chance(P_ENTERPRISE);
    const name = enterprise ? enterpriseName(rng) : personName(rng);
    const realname = rng.chance(P_REALNAME);
    const phone = rng.chance(P_PHONE);
    // Registration follows the customer number, so a referrer (an earlier number) registered first.
    const registeredAt = this.second(this.regStart + ((i + rng.next()) / n) * (this.end - this.regStart));
    sink.customer(cust, key, name, enterprise ? 'enterprise' : 'individual', realname, phone, registeredAt);
    this.counts.customers++;

    const from = Math.max(registeredAt, this.start);
    const until = rng.chance(P_CHURN) ? from + rng.next() * (this.end - from) : this.end;
    if (!rng.chance(P_NO_ORDERS)) this.orders(cust, key, enterprise, from, until, sink);
    this.referrals(i, cust, key, registeredAt, sink);
    // The last hour before the end would leave no room for distinct contribution instants.
    if (rng.chance(P_CONTRIBUTOR) && from < this.end - 3_600_000) this.contributions(cust, key, from, sink);
  }

  private orders(cust: number, key: string, enterprise: boolean, from: number, until: number, sink: DemoSink): void {
    const rng = this.rng;
    const rate = RATE_MEDIAN * Math.exp(RATE_SIGMA * rng.gauss()) * (enterprise ? ENTERPRISE_RATE : 1);
    const size = SIZE_MEDIAN * Math.exp(SIZE_SIGMA * rng.gauss()) * (enterprise ? ENTERPRISE_SIZE : 1);
    const onlyRefunded = rng.chance(P_ONLY_REFUNDED);
    const count = Math.min(MAX_ORDERS, Math.max(1, Math.floor((rate * (until - from)) / MONTH_MS + rng.next())));
    // Growing and cooling customers give the rolling window (and so Diamond and protection) some life.
    const u = rng.next();
    const trend = u < P_GROWING ? 1 : u < P_GROWING + P_COOLING ? -1 : 0;
    const times = this.sortedTimes(count, from, until, trend);
    for (let k = 0; k < count; k++) {
      const orderId = 'O' + pad(++this.counts.orders, 8);
      let fen = 0;
      if (!rng.chance(P_FREE_ORDER)) {
        const cny = size * Math.exp(ORDER_SIGMA * rng.gauss());
        fen = rng.chance(P_WHOLE_YUAN) ? Math.max(1, Math.round(cny)) * 100 : Math.max(1, Math.round(cny * 100));
      }
      const status: OrderStatus = onlyRefunded || rng.chance(P_REFUND) ? 'refunded' : 'paid';
      sink.order(orderId, cust, key, times[k]!, fen, status, category(rng), rng.chance(P_OFFSET_TEXT));
    }
  }

  /**
   * Referred customers mostly come from promoters (a few customers who each bring many); some are
   * claimed by a second referrer (same instant or later) and a few refer themselves, so the referral
   * rules of spec §4 have something to decide.
   */
  private referrals(i: number, cust: number, key: string, registeredAt: number, sink: DemoSink): void {
    const rng = this.rng;
    const promoter = rng.chance(P_PROMOTER);
    const end = this.end - 1000;
    const at = Math.min(end, registeredAt + this.second(rng.next() * 600_000));
    if (i > 0 && rng.chance(P_REFERRED)) {
      const first = this.promoters.length > 0 && rng.chance(P_BY_PROMOTER) ? this.promoters[rng.int(this.promoters.length)]! : rng.int(i);
      this.emitReferral(first, cust, key, at, sink);
      if (i > 1 && rng.chance(P_SECOND_REFERRER)) {
        let second = rng.int(i - 1);
        if (second >= first) second++;
        const later = rng.chance(P_SAME_INSTANT) ? 0 : this.second(rng.next() * 30 * DAY_MS);
        this.emitReferral(second, cust, key, Math.min(end, at + later), sink);
      }
    }
    if (rng.chance(P_SELF_REFERRAL)) {
      // Up to a day before or after the real referral: sometimes the older of the two.
      const selfAt = Math.max(registeredAt, Math.min(end, at + this.second((rng.next() - 0.5) * 2 * DAY_MS)));
      sink.referral(cust, key, cust, key, selfAt);
      this.counts.referrals++;
    }
    if (promoter) this.promoters.push(i);
  }

  private emitReferral(referrer: number, cust: number, key: string, at: number, sink: DemoSink): void {
    sink.referral(referrer + 1, this.customerKey(referrer), cust, key, at);
    this.counts.referrals++;
  }

  private contributions(cust: number, key: string, from: number, sink: DemoSink): void {
    const rng = this.rng;
    let count = 1;
    while (count < MAX_CONTRIBUTIONS && rng.chance(0.6)) count++;
    // Whole seconds, strictly increasing: (customer, kind, at) is the key.
    const times = this.sortedTimes(count, from, Math.max(from + 1000, this.end - MAX_CONTRIBUTIONS * 1000));
    let prev = -Infinity;
    for (let k = 0; k < count; k++) {
      const at = Math.max(times[k]!, prev + 1000);
      prev = at;
      const kind = rng.pick(CONTRIBUTION_KINDS);
      const points = kind === 'review' ? 1 + rng.int(5) : kind === 'community' ? 1 + rng.int(10) : 5 + rng.int(16);
      sink.contribution(cust, key, kind, points, at);
      this.counts.contributions++;
    }
  }

  /**
   * `count` whole-second instants in [from, until), ascending (a reused buffer); trend 1 crowds them
   * towards `until` (density rising linearly), -1 towards `from`, 0 spreads them evenly.
   */
  private sortedTimes(count: number, from: number, until: number, trend = 0): Float64Array {
    if (this.times.length < count) this.times = new Float64Array(Math.max(count, this.times.length * 2));
    const t = this.times.subarray(0, count);
    const span = Math.max(0, until - from - 1000);
    for (let k = 0; k < count; k++) {
      const u = this.rng.next();
      const x = trend === 0 ? u : trend > 0 ? Math.sqrt(u) : 1 - Math.sqrt(u);
      t[k] = this.second(from + x * span);
    }
    return t.sort();
  }

  private second(ms: number): number {
    return Math.floor(ms / 1000) * 1000;
  }
}
