import type { ReadableDB, WritableDB } from './sql/connection';
import { audit } from './audit';
import { parsePolicy } from '@shared/policy';
import { toPolicyListEntry, toStoredPolicy, type PolicyRow, type StoredPolicy } from './rows/policies';

export type { StoredPolicy };

/** The active policy is the latest published version. */
export function getActivePolicy(db: ReadableDB): StoredPolicy {
  // Seeded with version 1 when the database is created: there always is one.
  return toStoredPolicy(db.prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY version DESC LIMIT 1').get()!);
}

export function getPolicyVersion(db: ReadableDB, version: number): StoredPolicy | undefined {
  const r = db.prepare<[number], PolicyRow>('SELECT * FROM policies WHERE version = ?').get(version);
  return r && toStoredPolicy(r);
}

export function listPolicyVersions(db: ReadableDB): Array<Omit<StoredPolicy, 'policy'> & { name: string }> {
  return db.prepare<[], PolicyRow>('SELECT * FROM policies ORDER BY version DESC').all().map(toPolicyListEntry);
}

/**
 * Validates and stores a new version. It moves nobody: the next evaluation applies it (with the
 * protection period, so nobody drops on the day a threshold is raised).
 */
export function publishPolicy(db: WritableDB, doc: unknown, opts: { actor: string; reason?: string; now: () => number }): StoredPolicy {
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
