import { runCli } from './framework';
import { COMMANDS } from './commands/index';

/** Entry of the `tierdesk` bin. */
export async function main(argv: string[]): Promise<void> {
  const code = await runCli(COMMANDS, argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    now: () => Date.now(),
    env: process.env,
  });
  process.exitCode = code;
}
