import type { Command } from '../framework';

export const commands: Command[] = [];
