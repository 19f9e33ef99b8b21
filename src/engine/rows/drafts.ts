import { checkPolicy } from '@shared/policy';
import type { DraftDetail } from '@shared/api/channels/policy';

/** A row of `drafts` (migration 003); the document is JSON, kept as the user left it. */
export interface DraftRow {
  id: number;
  name: string;
  document: string;
  based_on_version: number | null;
  created_at: number;
  updated_at: number;
  actor: string;
}

export function toDraft(r: DraftRow): DraftDetail {
  const document = JSON.parse(r.document) as Record<string, unknown>;
  const check = checkPolicy(document);
  const issues = check.ok ? [] : check.issues;
  return {
    id: r.id,
    name: r.name,
    basedOnVersion: r.based_on_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    actor: r.actor,
    valid: check.ok,
    issueCount: issues.length,
    document,
    issues,
    policy: check.ok ? check.policy : null,
  };
}
