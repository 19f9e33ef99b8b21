import fs from 'node:fs';
import type { CommandContext } from './framework';
import { DomainError } from '../engine/errors';
import { checkPolicy, type Policy } from '@shared/policy';

/** Reads and validates a policy file; each problem goes to stderr named by file and path (exit 1). */
export function readPolicyFile(ctx: CommandContext, file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('FILE_NOT_FOUND', `no such file: ${file}`);
    throw new DomainError('FILE_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DomainError('BAD_POLICY', `${file}: not valid JSON: ${(e as Error).message}`);
  }
  const r = checkPolicy(doc);
  if (!r.ok) {
    for (const issue of r.issues) ctx.err(`${file}: ${issue}`);
    throw new DomainError('BAD_POLICY', `${file}: policy refused: ${r.issues.length} problem(s)`);
  }
  return r.policy;
}
