import type { RowProblem } from './errors.ts';

/**
 * Text PostgreSQL cannot store, and text the database driver would change without saying: the NUL
 * character (U+0000), which a `text` column refuses, and a lone half of a UTF-16 surrogate pair, which
 * has no UTF-8 form (the driver would write U+FFFD in its place).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point.
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorableEverywhere = new RegExp(unstorable.source, 'g');

/** What is wrong with a text, in words for a message ("a NUL character (U+0000)"), or null if nothing. */
export function unstorableCharacter(text: string): string | null {
  const found = unstorable.exec(text);
  if (!found) return null;
  return found[0] === '\u0000'
    ? 'a NUL character (U+0000)'
    : `an unpaired surrogate character (U+${found[0].charCodeAt(0).toString(16).toUpperCase()})`;
}

/** The message for a field or value holding such a character: "Name must not contain a NUL character (U+0000)". */
export const unstorableMessage = (label: string, character: string) =>
  `${label} must not contain ${character}: remove it and try again`;

/** Every string inside a value (a parsed form, JSON body or query), with its path ("rows.2.name"). */
export function* stringsIn(value: unknown, path = ''): Generator<[path: string, text: string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], path ? `${path}.${i}` : String(i));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // A key is text too: `{"\u0000": 1}` must not reach a jsonb column.
      yield* stringsIn(key, path ? `${path}.${key}` : key);
      yield* stringsIn(item, path ? `${path}.${key}` : key);
    }
  }
}

/** The first string in a value that cannot be stored, with its path and what is wrong; null if none. */
export function findUnstorable(value: unknown): { path: string; character: string } | null {
  for (const [path, text] of stringsIn(value)) {
    const character = unstorableCharacter(text);
    if (character) return { path, character };
  }
  return null;
}

/**
 * A problem for each line of an imported file's text that holds a character that cannot be stored
 * (at most `limit`, so a binary file does not make a million of them). Lines are counted from 1.
 */
export function unstorableLines(text: string, limit = 20): RowProblem[] {
  const problems: RowProblem[] = [];
  // A full GIAS extract is 66 MB: look closer only if there is something to find.
  if (!text.includes('\u0000') && (text as string & { isWellFormed(): boolean }).isWellFormed())
    return problems;
  unstorableEverywhere.lastIndex = 0;
  let line = 1;
  let counted = 0;
  let lastLine = 0;
  for (let found = unstorableEverywhere.exec(text); found; found = unstorableEverywhere.exec(text)) {
    for (
      let at = text.indexOf('\n', counted);
      at !== -1 && at < found.index;
      at = text.indexOf('\n', at + 1)
    ) {
      line++;
      counted = at + 1;
    }
    if (line !== lastLine) {
      problems.push({
        line,
        message: `the line contains ${unstorableCharacter(found[0])}, which cannot be stored: remove it and try again`,
      });
      lastLine = line;
      if (problems.length >= limit) break;
    }
  }
  return problems;
}

/** A problem for parsed JSON (a catalogue, grant rules) holding such a character, or null. */
export function unstorableInJson(data: unknown): string | null {
  const found = findUnstorable(data);
  return found ? unstorableMessage(`The value at ${found.path || 'the top'}`, found.character) : null;
}

/** A field's name as words for a message: `givenName` and `given_name` become "Given name". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/[-_.]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'The value';
}
