import type { ReadableDB, WritableDB } from './sql/connection';
import { audit } from './audit';
import { DomainError } from './errors';
import { toDraft, type DraftRow } from './rows/drafts';
import type { DraftDetail, DraftSummary } from '@shared/api/channels/policy';

export type { DraftSummary };

/** A draft as every read returns it (the public DraftDetail). */
export type Draft = DraftDetail;

export interface SaveDraftInput {
  /** Absent: create a new draft. */
  id?: number;
  name: string;
  document: unknown;
  basedOnVersion?: number | null;
  /** Optimistic check: the `updatedAt` the editor loaded; a save over a newer version is refused. */
  ifUpdatedAt?: number;
}

export interface DraftActor {
  actor: string;
  now: () => number;
}

const MAX_NAME = 100;
const MAX_DOCUMENT = 1 << 20;

/** Every draft, most recently edited first. */
export function listDrafts(db: ReadableDB): DraftSummary[] {
  return db
    .prepare<[], DraftRow>('SELECT * FROM drafts ORDER BY updated_at DESC, id DESC')
    .all()
    .map((r) => {
      const { document: _d, issues: _i, policy: _p, ...summary } = toDraft(r);
      return summary;
    });
}

export function getDraft(db: ReadableDB, id: number): Draft {
  const r = db.prepare<[number], DraftRow>('SELECT * FROM drafts WHERE id = ?').get(id);
  if (!r) throw new DomainError('DRAFT_NOT_FOUND', `draft ${id} does not exist (it may have been deleted)`);
  return toDraft(r);
}

function checkInput(db: ReadableDB, input: SaveDraftInput): { name: string; text: string } {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) throw new DomainError('DRAFT_NAME', 'a draft needs a name');
  if (name.length > MAX_NAME)
    throw new DomainError('DRAFT_NAME', `draft name is too long (${name.length} characters, at most ${MAX_NAME})`);
  const doc = input.document;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new DomainError('DRAFT_DOCUMENT', `draft "${name}": the document must be a JSON object (a policy document)`);
  const text = JSON.stringify(doc);
  if (text.length > MAX_DOCUMENT)
    throw new DomainError(
      'DRAFT_DOCUMENT',
      `draft "${name}": the document is too large (${text.length} characters, at most ${MAX_DOCUMENT})`,
    );
  const clash = db.prepare<[string], Pick<DraftRow, 'id'>>('SELECT id FROM drafts WHERE name = ?').get(name);
  if (clash && clash.id !== input.id)
    throw new DomainError('DRAFT_NAME_TAKEN', `a draft named "${name}" already exists; choose another name`);
  if (input.basedOnVersion != null && !db.prepare('SELECT 1 FROM policies WHERE version = ?').get(input.basedOnVersion)) {
    throw new DomainError('DRAFT_BASE', `draft "${name}": policy version ${input.basedOnVersion} does not exist`);
  }
  return { name, text };
}

/** Creates (no `id`) or updates a draft, valid or not, and audits it in the same transaction. */
export function saveDraft(db: WritableDB, input: SaveDraftInput, by: DraftActor): Draft {
  return db.transaction((): Draft => {
    const { name, text } = checkInput(db, input);
    const at = by.now();
    if (input.id === undefined) {
      const r = db
        .prepare('INSERT INTO drafts (name, document, based_on_version, created_at, updated_at, actor) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, text, input.basedOnVersion ?? null, at, at, by.actor);
      const created = getDraft(db, Number(r.lastInsertRowid));
      audit(db, at, {
        actor: by.actor,
        action: 'draft.create',
        entity: 'draft',
        entityId: String(created.id),
        after: { name, basedOnVersion: created.basedOnVersion, document: created.document },
      });
      return created;
    }
    const before = getDraft(db, input.id);
    if (input.ifUpdatedAt !== undefined && input.ifUpdatedAt !== before.updatedAt) {
      throw new DomainError('DRAFT_CHANGED', `draft "${before.name}" was changed elsewhere since it was opened; reload it before saving`);
    }
    const basedOn = input.basedOnVersion === undefined ? before.basedOnVersion : input.basedOnVersion;
    // updated_at strictly increases so the optimistic check sees two saves within one millisecond.
    const updatedAt = Math.max(at, before.updatedAt + 1);
    db.prepare('UPDATE drafts SET name = ?, document = ?, based_on_version = ?, updated_at = ?, actor = ? WHERE id = ?').run(
      name,
      text,
      basedOn,
      updatedAt,
      by.actor,
      input.id,
    );
    const after = getDraft(db, input.id);
    audit(db, at, {
      actor: by.actor,
      action: 'draft.update',
      entity: 'draft',
      entityId: String(input.id),
      before: { name: before.name, basedOnVersion: before.basedOnVersion, document: before.document },
      after: { name: after.name, basedOnVersion: after.basedOnVersion, document: after.document },
    });
    return after;
  })();
}

export function deleteDraft(db: WritableDB, id: number, by: DraftActor): void {
  db.transaction(() => {
    const before = getDraft(db, id);
    db.prepare('DELETE FROM drafts WHERE id = ?').run(id);
    audit(db, by.now(), {
      actor: by.actor,
      action: 'draft.delete',
      entity: 'draft',
      entityId: String(id),
      before: { name: before.name, basedOnVersion: before.basedOnVersion, document: before.document },
    });
  })();
}
