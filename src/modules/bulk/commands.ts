import type { Command } from 'commander';
import type { WithServices } from '../../platform/cli-output.ts';

/** `mathshubs import activities|enrolments|attendance FILE`. */
export function registerBulkCommands(_importCommand: Command, _withServices: WithServices): void {}
