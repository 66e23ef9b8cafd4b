import { DEMO_EMAIL_DOMAIN } from '../people/demo-accounts.ts';
import type { Role } from '../people/schema.ts';
import type { DemoSchool } from './generate-schools.ts';
import type { Random } from './random.ts';

/** Common given and family names of England, combined at random: the people are synthetic. */
const givenNames = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mia',
  'Ivy',
  'Lily',
  'Sophia',
  'Grace',
  'Freya',
  'Poppy',
  'Ella',
  'Evie',
  'Charlotte',
  'Aisha',
  'Fatima',
  'Zara',
  'Priya',
  'Anika',
  'Chloe',
  'Hannah',
  'Rachel',
  'Sarah',
  'Laura',
  'Helen',
  'Joanne',
  'Nicola',
  'Rebecca',
  'Sophie',
  'Katie',
  'Megan',
  'Jessica',
  'Eleanor',
  'Harriet',
  'Niamh',
  'Siobhan',
  'Maryam',
  'Noah',
  'Oliver',
  'George',
  'Arthur',
  'Leo',
  'Harry',
  'Oscar',
  'Jack',
  'Charlie',
  'Jacob',
  'Thomas',
  'James',
  'William',
  'Daniel',
  'Samuel',
  'Joseph',
  'Adam',
  'Luke',
  'Mohammed',
  'Ibrahim',
  'Yusuf',
  'Arjun',
  'Rohan',
  'Kwame',
  'Tariq',
  'Hamza',
  'Callum',
  'Ryan',
  'Connor',
  'Liam',
  'Owen',
  'Rhys',
  'Dylan',
  'Ethan',
  'Nathan',
  'Aaron',
  'Simon',
  'Mark',
  'Stephen',
  'Richard',
  'David',
  'Michael',
  'Gareth',
  'Neil',
  'Imran',
  'Kiran',
  'Anita',
  'Bethany',
  'Gemma',
  'Ruth',
  'Alison',
  'Fiona',
  'Yasmin',
  'Leah',
  'Abigail',
  'Martha',
  'Rosie',
  'Tom',
  'Jamal',
  'Hugo',
  'Felix',
];
const familyNames = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Watson',
  'Harrison',
  'Morgan',
  'Young',
  'Allen',
  'Mitchell',
  'Anderson',
  'Lee',
  'Martin',
  'Begum',
  'Ali',
  'Shah',
  'Hussain',
  'Singh',
  'Kaur',
  'Okafor',
  'Mensah',
  'Nowak',
  "O'Brien",
  'Murphy',
  'Kelly',
  'Campbell',
  'Stewart',
  'Scott',
  'Reid',
  'Fraser',
  'Ahmed',
  'Chowdhury',
  'Rahman',
  'Sharma',
  'Das',
  'Nguyen',
  'Chen',
  'Wong',
  'Osei',
  'Adeyemi',
  'Bennett',
  'Carter',
  'Phillips',
  'Parker',
  'Shaw',
  'Lloyd',
  'Marsh',
  'Holmes',
  'Fletcher',
  'Barnes',
  'Fox',
  'Hunt',
  'Lane',
  'Pearce',
  'Rose',
  'Webb',
  'Woods',
  'Gray',
  'Mills',
  'Palmer',
  'Dixon',
  'Knight',
  'Harvey',
  'Grant',
  'Mason',
  'Price',
  'Ellis',
  'Hart',
  'Brooks',
];

export interface DemoRole {
  role: Role;
  title: string | null;
  /** The hub, by slug (its id is known only once it is stored). */
  hubSlug: string | null;
  schoolUrn: number | null;
  /** An NCP role's NCP by its key across years; a local authority partner's LA (migration 0041). */
  ncpKey?: string;
  laCode?: string;
}

/** The NCP whose own team are in the demo: Primary Teaching for Mastery Development Work Groups. */
export const DEMO_NCP_KEY = '09';

export interface DemoPerson {
  email: string;
  givenName: string;
  familyName: string;
  schoolUrn: number | null;
  roles: DemoRole[];
}

/** The people of one hub: its leadership, its LLMEs and some participants and school contacts. */
export const hubStaffing = {
  leadership: [
    ['Maths Hub Lead', 1],
    ['Assistant Maths Hub Lead', 3],
    ['Project Manager', 1],
  ],
  llme: [
    ['Work Group Lead', 4],
    ['Mastery Specialist', 3],
    ['Cohort Lead', 1],
    ['Community Lead', 1],
    ['Intensive Support Partner', 1],
  ],
  participants: 8,
  schoolContacts: [
    ['Maths Lead', 4],
    ['Headteacher', 2],
  ],
} as const;

export const ROLES_START_ON = '2023-09-01';

/**
 * Synthetic people in every role, with addresses at the demonstration domain: the national team,
 * then each hub's people (the first hub's are the demo accounts' shortcuts). LLMEs, participants
 * and school contacts work at schools the hub serves.
 */
export function generatePeople(
  random: Random,
  hubs: { slug: string; schools: DemoSchool[] }[],
): DemoPerson[] {
  const usedEmails = new Set<string>();
  const person = (r: Random, schoolUrn: number | null, roles: DemoRole[]): DemoPerson => {
    const givenName = r.pick(givenNames);
    const familyName = r.pick(familyNames);
    const local = `${givenName}.${familyName}`.toLowerCase().replace(/[^a-z.]/g, '');
    let email = `${local}@${DEMO_EMAIL_DOMAIN}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${local}${n}@${DEMO_EMAIL_DOMAIN}`;
    usedEmails.add(email);
    return { email, givenName, familyName, schoolUrn, roles };
  };
  const national = random.fork('national');
  const people: DemoPerson[] = [
    ...Array.from({ length: 3 }, () =>
      person(national, null, [{ role: 'national_admin', title: null, hubSlug: null, schoolUrn: null }]),
    ),
    ...Array.from({ length: 2 }, () =>
      person(national, null, [{ role: 'national_analyst', title: null, hubSlug: null, schoolUrn: null }]),
    ),
    // The NCP's own team: its Project Lead and a member of its Project Coordination Team (national).
    person(national, null, [
      {
        role: 'ncp_project_lead',
        title: 'Project Lead',
        hubSlug: null,
        schoolUrn: null,
        ncpKey: DEMO_NCP_KEY,
      },
    ]),
    person(national, null, [
      {
        role: 'ncp_coordination',
        title: 'Project Coordination Team',
        hubSlug: null,
        schoolUrn: null,
        ncpKey: DEMO_NCP_KEY,
      },
    ]),
  ];
  for (const hub of hubs) {
    const r = random.fork(`people:${hub.slug}`);
    const schools = hub.schools.filter((s) => s.statusName === 'Open');
    const someSchool = () => (schools.length ? r.pick(schools).urn : null);
    for (const [title, count] of hubStaffing.leadership) {
      for (let i = 0; i < count; i++) {
        people.push(person(r, null, [{ role: 'hub_leadership', title, hubSlug: hub.slug, schoolUrn: null }]));
      }
    }
    for (const [title, count] of hubStaffing.llme) {
      for (let i = 0; i < count; i++) {
        const urn = someSchool();
        people.push(person(r, urn, [{ role: 'llme', title, hubSlug: hub.slug, schoolUrn: null }]));
      }
    }
    for (let i = 0; i < hubStaffing.participants; i++) {
      const urn = someSchool();
      people.push(person(r, urn, [{ role: 'participant', title: null, hubSlug: hub.slug, schoolUrn: urn }]));
    }
    for (const [title, count] of hubStaffing.schoolContacts) {
      for (let i = 0; i < count; i++) {
        const urn = someSchool();
        people.push(person(r, urn, [{ role: 'school_contact', title, hubSlug: null, schoolUrn: urn }]));
      }
    }
    // The first hub's local authority partner, for the local authority of its first open school.
    if (hub === hubs[0] && schools[0]) {
      const laCode = schools[0].laCode;
      people.push(
        person(r, null, [
          {
            role: 'la_partner',
            title: 'School improvement adviser',
            hubSlug: hub.slug,
            schoolUrn: null,
            laCode,
          },
        ]),
      );
    }
  }
  return people;
}
