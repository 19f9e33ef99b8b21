import { parsePolicy, type Policy } from '@shared/policy';

/** A row of `policies` (migration 001): one published version. */
export interface PolicyRow {
  version: number;
  document: string;
  published_at: number;
  actor: string;
  reason: string | null;
}

export interface StoredPolicy {
  version: number;
  policy: Policy;
  publishedAt: number;
  actor: string;
  reason: string | null;
}

export const toStoredPolicy = (r: PolicyRow): StoredPolicy => ({
  version: r.version,
  policy: parsePolicy(JSON.parse(r.document)),
  publishedAt: r.published_at,
  actor: r.actor,
  reason: r.reason,
});

/** A version as the version list shows it: its name, not its (parsed) document. */
export const toPolicyListEntry = (r: PolicyRow): Omit<StoredPolicy, 'policy'> & { name: string } => ({
  version: r.version,
  name: (JSON.parse(r.document) as Pick<Policy, 'name'>).name,
  publishedAt: r.published_at,
  actor: r.actor,
  reason: r.reason,
});
