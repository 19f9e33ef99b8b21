import type { DB } from './db';
import { audit } from './audit';
import { parsePolicy, type Policy } from '@shared/policy';

export interface StoredPolicy {
  version: number;
  policy: Policy;
  publishedAt: number;
  actor: string;
  reason: string | null;
}

interface Row {
  version: number;
  document: string;
  published_at: number;
  actor: string;
  reason: string | null;
}
const toStored = (r: Row): StoredPolicy => ({
  version: r.version,
  policy: parsePolicy(JSON.parse(r.document)),
  publishedAt: r.published_at,
  actor: r.actor,
  reason: r.reason,
});

/** The active policy is the latest published version. */
export function getActivePolicy(db: DB): StoredPolicy {
  const r = db.prepare('SELECT * FROM policies ORDER BY version DESC LIMIT 1').get() as Row;
  return toStored(r);
}

export function getPolicyVersion(db: DB, version: number): StoredPolicy | undefined {
  const r = db.prepare('SELECT * FROM policies WHERE version = ?').get(version) as Row | undefined;
  return r && toStored(r);
}

export function listPolicyVersions(db: DB): Array<Omit<StoredPolicy, 'policy'> & { name: string }> {
  return (db.prepare('SELECT * FROM policies ORDER BY version DESC').all() as Row[]).map((r) => ({
    version: r.version,
    name: (JSON.parse(r.document) as { name: string }).name,
    publishedAt: r.published_at,
    actor: r.actor,
    reason: r.reason,
  }));
}

/**
 * Validates and stores a new version. It moves nobody: the next evaluation applies it (with the
 * protection period, so nobody drops on the day a threshold is raised).
 */
export function publishPolicy(db: DB, doc: unknown, opts: { actor: string; reason?: string; now: () => number }): StoredPolicy {
  const policy = parsePolicy(doc);
  return db.transaction(() => {
    const before = getActivePolicy(db);
    const version = before.version + 1;
    const at = opts.now();
    db.prepare('INSERT INTO policies (version, document, published_at, actor, reason) VALUES (?, ?, ?, ?, ?)').run(
      version,
      JSON.stringify(policy),
      at,
      opts.actor,
      opts.reason ?? null,
    );
    audit(db, at, {
      actor: opts.actor,
      action: 'policy.publish',
      entity: 'policy',
      entityId: String(version),
      before: { version: before.version, document: before.policy },
      after: { version, document: policy },
      details: opts.reason ? { reason: opts.reason } : undefined,
    });
    return { version, policy, publishedAt: at, actor: opts.actor, reason: opts.reason ?? null };
  })();
}
