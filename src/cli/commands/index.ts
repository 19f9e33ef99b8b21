import type { Command } from '../framework';
import { commands as core } from './core';
import { commands as importCommands } from './import';
import { commands as contracts } from './contracts';
import { commands as serve } from './serve';
import { commands as simulate } from './simulate';

/** Every `tierdesk` command, in the order `tierdesk --help` lists them. */
export const COMMANDS: Command[] = [...core, ...importCommands, ...simulate, ...contracts, ...serve];
