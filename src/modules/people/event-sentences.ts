import { inArray } from 'drizzle-orm';
import {
  actionDefinition,
  personRef,
  type RecordKind,
  type RecordRef,
  type SentencePart,
} from '../../platform/audit-actions.ts';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { hubActivities } from '../activities/schema.ts';
import { programmeEvents } from '../events/schema.ts';
import { hubs, localAuthorities } from '../hubs/schema.ts';
import { schools } from '../schools/schema.ts';
import { people } from './schema.ts';

/** A piece of a sentence as shown: text, linked to the record's page where it has one. */
export interface Segment {
  text: string;
  href?: string;
}

/** What a sentence is made from: an event log row. */
export interface LoggedEvent {
  actorPersonId: number | null;
  actorLabel: string;
  action: string;
  subjectId: string;
  hubId: number | null;
  reason: string | null;
  changes: Record<string, unknown> | null;
}

interface Named {
  name: string;
  href?: string;
}
type Names = Map<string, Named>;
const key = (kind: RecordKind, id: string | number) => `${kind}:${id}`;

/** Who made a change, when it was not a person: the system, the demonstration loader, the command line. */
export function actorLabelText(label: string): string {
  if (label === 'system') return 'The platform';
  if (label === 'demo') return 'The demonstration loader';
  if (label.startsWith('cli:')) return `${label.slice(4)} (command line)`;
  if (label === 'cli') return 'Someone at the command line';
  return label;
}

/** The parts of a row's sentence, with references still unresolved. */
function partsOf(row: LoggedEvent): SentencePart[] {
  const actor: SentencePart =
    row.actorPersonId !== null ? personRef(row.actorPersonId) : actorLabelText(row.actorLabel);
  return actionDefinition(row.action).sentence({
    actor,
    subjectId: row.subjectId,
    hubId: row.hubId,
    changes: row.changes ?? {},
  });
}

const isRef = (part: SentencePart): part is RecordRef => typeof part !== 'string';
const ids = (refs: RecordRef[], kind: RecordKind) => [
  ...new Set(refs.filter((r) => r.kind === kind && r.id != null && r.id !== '').map((r) => String(r.id))),
];
const numbers = (list: string[]) =>
  list.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1);

/** A read by keys, or no rows (and no statement) when there are no keys. */
const unlessNone =
  <Row>(keys: readonly unknown[], read: () => Promise<Row[]>) =>
  async (): Promise<Row[]> =>
    keys.length ? read() : [];

/** The names of every record the sentences refer to: one query per kind of record, for the whole page. */
async function lookUpNames(db: Executor, refs: RecordRef[]): Promise<Names> {
  const names: Names = new Map();
  const personIds = numbers(ids(refs, 'person'));
  const schoolUrns = numbers(ids(refs, 'school'));
  const activityIds = numbers(ids(refs, 'activity'));
  const eventIds = numbers(ids(refs, 'event'));
  const hubIds = numbers(ids(refs, 'hub'));
  const laCodes = ids(refs, 'local_authority');
  const [personRows, schoolRows, activityRows, eventRows, hubRows, laRows] = await readsAtOnce(db, [
    unlessNone(personIds, () =>
      db
        .select({
          id: people.id,
          given: people.givenName,
          family: people.familyName,
          erasedAt: people.erasedAt,
        })
        .from(people)
        .where(inArray(people.id, personIds)),
    ),
    unlessNone(schoolUrns, () =>
      db
        .select({ urn: schools.urn, name: schools.name })
        .from(schools)
        .where(inArray(schools.urn, schoolUrns)),
    ),
    unlessNone(activityIds, () =>
      db
        .select({ id: hubActivities.id, title: hubActivities.title })
        .from(hubActivities)
        .where(inArray(hubActivities.id, activityIds)),
    ),
    unlessNone(eventIds, () =>
      db
        .select({ id: programmeEvents.id, title: programmeEvents.title })
        .from(programmeEvents)
        .where(inArray(programmeEvents.id, eventIds)),
    ),
    unlessNone(hubIds, () =>
      db.select({ id: hubs.id, name: hubs.name, slug: hubs.slug }).from(hubs).where(inArray(hubs.id, hubIds)),
    ),
    unlessNone(laCodes, () =>
      db
        .select({ code: localAuthorities.code, name: localAuthorities.name })
        .from(localAuthorities)
        .where(inArray(localAuthorities.code, laCodes)),
    ),
  ]);
  for (const p of personRows) {
    names.set(
      key('person', p.id),
      p.erasedAt
        ? { name: 'a person whose data was erased' }
        : { name: `${p.given} ${p.family}`, href: paths.admin.person(p.id) },
    );
  }
  for (const s of schoolRows) names.set(key('school', s.urn), { name: s.name, href: paths.school(s.urn) });
  for (const a of activityRows)
    names.set(key('activity', a.id), { name: a.title, href: paths.activity.show(a.id) });
  for (const e of eventRows)
    names.set(key('event', e.id), { name: e.title, href: paths.events.manage(e.id) });
  // The hub's own page, which everyone may open (its admin page is the national team's only).
  for (const h of hubRows) names.set(key('hub', h.id), { name: h.name, href: paths.hub(h.slug) });
  for (const la of laRows) {
    names.set(key('local_authority', la.code), { name: la.name, href: paths.admin.localAuthority(la.code) });
  }
  for (const id of ids(refs, 'claim')) {
    names.set(key('claim', id), { name: `claim ${id}`, href: paths.funding.claim(id) });
  }
  return names;
}

function segmentOf(part: SentencePart, names: Names): Segment {
  if (!isRef(part)) return { text: part };
  if (part.id == null || part.id === '') return { text: part.fallback };
  const named = names.get(key(part.kind, part.id));
  if (named) return named.href ? { text: named.name, href: named.href } : { text: named.name };
  return { text: part.kind === 'person' ? 'a person no longer on the platform' : part.fallback };
}

/** Joins adjacent texts and starts the sentence with a capital letter. */
function tidy(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    if (!s.text) continue;
    const last = out.at(-1);
    if (last && !last.href && !s.href) last.text += s.text;
    else out.push({ ...s });
  }
  const first = out[0];
  if (first) first.text = first.text.charAt(0).toUpperCase() + first.text.slice(1);
  return out;
}

/**
 * The sentences of a page of rows, names looked up in one query per kind of record (never per row):
 * "Sam Patel withdrew Acorndale Primary School from Developing Mastery WG 3: moved away".
 */
export async function sentencesOf(db: Executor, rows: readonly LoggedEvent[]): Promise<Segment[][]> {
  const parts = rows.map(partsOf);
  const names = await lookUpNames(db, parts.flat().filter(isRef));
  return rows.map((row, i) =>
    tidy([
      ...parts[i]!.map((p) => segmentOf(p, names)),
      ...(row.reason ? [{ text: `: ${row.reason}` }] : []),
    ]),
  );
}

/** A sentence as plain text (the CSV export). */
export const sentenceText = (segments: readonly Segment[]) => segments.map((s) => s.text).join('');
