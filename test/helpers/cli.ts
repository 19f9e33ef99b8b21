import { runCli } from '../../src/cli/framework';
import { COMMANDS } from '../../src/cli/commands/index';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tierdesk …` in-process with a fixed clock. */
export async function cli(args: string[], now: () => number = () => Date.parse('2026-11-23T10:00:00+08:00')): Promise<CliResult> {
  let stdout = '',
    stderr = '';
  const code = await runCli(COMMANDS, args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    now,
    env: { TIERDESK_ACTOR: 'cli-test' },
  });
  return { code, stdout, stderr };
}
