import type { Command } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';

/** `mathshubs catalogue …` commands. */
export function registerCatalogueCommands(_program: Command, _withServices: WithServices): void {}
