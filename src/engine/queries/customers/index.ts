// The customer list and the customer view's queries (issue 5). By job: filter.ts checks a filter and
// turns it into SQL, plan.ts chooses how to walk it, cache.ts keeps counts and cursors between calls,
// details.ts reads a page's rows, list.ts answers a page or a count; orders.ts, reviewQueue.ts and
// bench.ts are the other reads. This file is the surface the server, the CLI and the tests import.
export { customerFilterSql, normalizeFilter } from './filter';
export { LIST_LIMITS } from './plan';
export { countCustomers, listCustomers, type CustomerListQuery } from './list';
export { customerOrders, customerReferrals } from './orders';
export { reviewQueue } from './reviewQueue';
export { BENCH_FILTERS, benchCustomerList, type CustomerListBench } from './bench';
