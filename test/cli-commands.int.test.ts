import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/modules/catalogue/load-catalogue.ts';
import { ncps } from '../src/modules/catalogue/schema.ts';
import { shippedCatalogue } from '../src/modules/catalogue/shipped-catalogues.ts';
import { loadGrantRules } from '../src/modules/funding/load-grant-rules.ts';
import { activityFundingRoles, grantStatements } from '../src/modules/funding/schema.ts';
import { shippedRules } from '../src/modules/funding/shipped-rules.ts';
import { accreditations } from '../src/modules/people/schema.ts';
import { systemActor } from '../src/platform/audit.ts';
import { eventLog } from '../src/platform/audit-schema.ts';
import { createTestDatabase } from './support/database.ts';
import { makeActivity } from './support/delivery-factories.ts';
import { makeHub, makePerson } from './support/factories.ts';

// What the national team and a hub need from the command line (issue 14): recording accreditations,
// one hub's annual report, a hub's role in the exchange, closing a grant statement's period. Each
// command says what is wrong and exits 1 on a refusal, 0 on success.

const root = path.resolve(import.meta.dirname, '..');
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dir: string;
function mathshubs(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '', DATABASE_URL: database.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const year = '2019/20';
let hub: Awaited<ReturnType<typeof makeHub>>;
let llme: Awaited<ReturnType<typeof makePerson>>;
let other: Awaited<ReturnType<typeof makePerson>>;
let exchangeId: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mh-cli-commands-'));
  database = await createTestDatabase();
  const db = database.db;
  await loadCatalogue(db, systemActor('test'), shippedCatalogue(year));
  await loadGrantRules(db, systemActor('test'), shippedRules(year));
  hub = await makeHub(db, { slug: 'central', name: 'Central Maths Hub' });
  await makeHub(db, { slug: 'coastal', name: 'Coastal Maths Hub' });
  llme = await makePerson(db, [{ role: 'llme', hubId: hub.id }], { email: 'ada@example.org' });
  other = await makePerson(db, [{ role: 'llme', hubId: hub.id }], { email: 'grace@example.org' });
  const [exchange] = await db
    .select()
    .from(ncps)
    .where(and(eq(ncps.yearCode, year), eq(ncps.code, 'NCP 19-02')));
  exchangeId = (
    await makeActivity(db, {
      hubId: hub.id,
      ncpId: exchange!.id,
      yearCode: year,
      kind: 'programme_cohort',
      title: 'Shanghai exchange',
    })
  ).id;
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const accreditationsOf = (personId: number) =>
  database.db
    .select({ kind: accreditations.kind, cohort: accreditations.cohort, awardedOn: accreditations.awardedOn })
    .from(accreditations)
    .where(eq(accreditations.personId, personId));

describe('accreditations', () => {
  it('`people accredit` records one, with an event; again, it is unchanged', async () => {
    const run = await mathshubs([
      'people',
      'accredit',
      '--email',
      'ADA@example.org',
      '--accreditation',
      'PD Lead',
      '--cohort',
      '3',
      '--awarded-on',
      '2024-01-08',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1 accreditations added, 0 changed, 0 unchanged\n');
    expect(run.code).toBe(0);
    expect(await accreditationsOf(llme.id)).toEqual([
      { kind: 'pd_lead', cohort: '3', awardedOn: '2024-01-08' },
    ]);
    const events = await database.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'person.accreditation_recorded'), eq(eventLog.subjectId, String(llme.id))),
      );
    expect(events.map((e) => e.changes)).toEqual([{ kind: 'pd_lead', cohort: '3', awardedOn: '2024-01-08' }]);

    const again = await mathshubs([
      'people',
      'accredit',
      '--email',
      'ada@example.org',
      '--accreditation',
      'pd_lead',
      '--cohort',
      '3',
    ]);
    expect(again.stdout).toBe('0 accreditations added, 0 changed, 1 unchanged\n');
    expect(again.code).toBe(0);
  }, 600_000);

  it('refuses someone not on the platform, an unknown accreditation and a bad date, saying which, exit 1', async () => {
    const nobody = await mathshubs([
      'people',
      'accredit',
      '--email',
      'nobody@example.org',
      '--accreditation',
      'pd_lead',
    ]);
    expect(nobody.stderr).toBe('No one on the platform has the email nobody@example.org: add them first\n');
    expect(nobody.code).toBe(1);
    const kind = await mathshubs([
      'people',
      'accredit',
      '--email',
      'ada@example.org',
      '--accreditation',
      'Wizard',
      '--awarded-on',
      '31/02/2024',
    ]);
    expect(kind.stderr).toContain('accreditation: Wizard is not an accreditation: use mastery_specialist, ');
    expect(kind.stderr).toContain('awarded_on: 31/02/2024 is not a date like 2024-01-08 or 08/01/2024');
    expect(kind.code).toBe(1);
    expect(await accreditationsOf(llme.id)).toHaveLength(1);
  }, 600_000);

  it('`import accreditations` records a file all or nothing, with the lines of its problems', async () => {
    const bad = await mathshubs([
      'import',
      'accreditations',
      file(
        'bad.csv',
        'email,accreditation,cohort,awarded_on\ngrace@example.org,primary Mastery Specialist,9,08/07/2024\nnobody@example.org,PD Lead,,\n',
      ),
    ]);
    expect(bad.stderr).toBe(
      'The file was rejected; nothing was changed\n  line 3: No one on the platform has the email nobody@example.org: add them first\n',
    );
    expect(bad.code).toBe(1);
    expect(await accreditationsOf(other.id)).toEqual([]);

    const good = await mathshubs([
      'import',
      'accreditations',
      file(
        'good.csv',
        'Email,Accreditation,Cohort,Awarded on\ngrace@example.org,primary Mastery Specialist,9,08/07/2024\nada@example.org,pd_lead,3,2024-01-09\n',
      ),
    ]);
    expect(good.stderr).toBe('');
    expect(good.stdout).toBe('1 accreditations added, 1 changed, 0 unchanged\n');
    expect(good.code).toBe(0);
    expect(await accreditationsOf(other.id)).toEqual([
      { kind: 'mastery_specialist', cohort: '9', awardedOn: '2024-07-08' },
    ]);
    expect(await accreditationsOf(llme.id)).toEqual([
      { kind: 'pd_lead', cohort: '3', awardedOn: '2024-01-09' },
    ]);
  }, 600_000);
});

describe('one hub’s annual report', () => {
  it('`report annual --hub` gives the hub’s report; an unknown hub or year exits 1', async () => {
    const run = await mathshubs(['report', 'annual', '--year', '2019/20', '--hub', 'central']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ year: '2019/20', hub: 'Central Maths Hub' });
    const unknown = await mathshubs(['report', 'annual', '--year', '2019/20', '--hub', 'nowhere']);
    expect(unknown.stderr).toBe('There is no hub nowhere\n');
    expect(unknown.code).toBe(1);
    const badYear = await mathshubs(['report', 'annual', '--year', '2019', '--hub', 'central']);
    expect(badYear.stderr).toBe('2019 is not an academic year like 2023/24\n');
    expect(badYear.code).toBe(1);
  }, 600_000);
});

describe('the hub’s exchange role and closing a statement', () => {
  it('`funding set-role` records the role; a role the NCP does not pay or another hub’s activity exits 1', async () => {
    const wrongRole = await mathshubs([
      'funding',
      'set-role',
      '--activity',
      String(exchangeId),
      '--role',
      'hosting',
    ]);
    expect(wrongRole.stderr).toBe(
      'hosting is not a role of NCP 19-02: choose primary, secondary_hosting, secondary_non_hosting\n',
    );
    expect(wrongRole.code).toBe(1);
    const wrongHub = await mathshubs([
      'funding',
      'set-role',
      '--activity',
      String(exchangeId),
      '--role',
      'secondary_hosting',
      '--hub',
      'coastal',
    ]);
    expect(wrongHub.stderr).toBe(`Coastal Maths Hub has no activity ${exchangeId}\n`);
    expect(wrongHub.code).toBe(1);
    const notANumber = await mathshubs([
      'funding',
      'set-role',
      '--activity',
      'exchange',
      '--role',
      'primary',
    ]);
    expect(notANumber.stderr).toBe('exchange is not an activity number like 123\n');
    expect(notANumber.code).toBe(1);
    expect(
      await database.db
        .select()
        .from(activityFundingRoles)
        .where(eq(activityFundingRoles.activityId, exchangeId)),
    ).toEqual([]);

    const run = await mathshubs([
      'funding',
      'set-role',
      '--activity',
      String(exchangeId),
      '--role',
      'secondary_hosting',
      '--hub',
      'central',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('The hub’s role for “Shanghai exchange” is recorded: secondary_hosting\n');
    expect(run.code).toBe(0);
  }, 600_000);

  it('`funding close` closes the open statement at its total; closing it again by number exits 1', async () => {
    const run = await mathshubs([
      'funding',
      'close',
      '--hub',
      'central',
      '--year',
      '2019/20',
      '--statement',
      '1',
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Central Maths Hub, 2019/20: statement 1 is closed at £6,000\n');
    expect(run.code).toBe(0);
    const again = await mathshubs([
      'funding',
      'close',
      '--hub',
      'central',
      '--year',
      '2019/20',
      '--statement',
      '1',
    ]);
    expect(again.stderr).toBe('Statement 1 is already closed\n');
    expect(again.code).toBe(1);
    const statements = await database.db
      .select({ number: grantStatements.number, status: grantStatements.status })
      .from(grantStatements)
      .where(eq(grantStatements.hubId, hub.id));
    expect(statements.sort((a, b) => a.number - b.number)).toEqual([
      { number: 1, status: 'closed' },
      { number: 2, status: 'open' },
    ]);
    const unknown = await mathshubs(['funding', 'close', '--hub', 'nowhere', '--year', '2019/20']);
    expect(unknown.stderr).toBe('There is no hub nowhere\n');
    expect(unknown.code).toBe(1);
  }, 600_000);
});
