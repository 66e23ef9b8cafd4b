import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Progress } from '../../../platform/progress.ts';

/** A GIAS file to import: its bytes (an upload) or a path (the command line). */
export type RegisterFile = { fileName: string; bytes: Uint8Array } | { path: string };

/** What an import of the register is given: the file, and where to show its progress (the command line). */
export type RegisterImportInput = RegisterFile & { progress?: Progress };

export async function readRegisterFile(file: RegisterFile): Promise<{ fileName: string; bytes: Uint8Array }> {
  if ('bytes' in file) return file;
  return { fileName: path.basename(file.path), bytes: await readFile(file.path) };
}
