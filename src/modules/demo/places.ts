import type { Random } from './random.ts';

/**
 * Made-up place words for synthetic school names, towns and streets: syllables that sound English
 * but name no real school.
 */
const townStarts = [
  'Ash',
  'Ald',
  'Amber',
  'Bar',
  'Beck',
  'Bram',
  'Brad',
  'Bur',
  'Cal',
  'Carl',
  'Chal',
  'Ched',
  'Chil',
  'Cor',
  'Cran',
  'Dal',
  'Dun',
  'Eas',
  'Elm',
  'Fal',
  'Farn',
  'Fen',
  'Gar',
  'Glen',
  'Hal',
  'Har',
  'Haw',
  'Hel',
  'Hol',
  'Kel',
  'Ken',
  'Kir',
  'Lam',
  'Lang',
  'Lid',
  'Lin',
  'Mal',
  'Mar',
  'Mel',
  'Mor',
  'Nor',
  'Oak',
  'Ock',
  'Pen',
  'Pol',
  'Ren',
  'Rod',
  'Sal',
  'Sand',
  'Shel',
  'Stan',
  'Stow',
  'Sut',
  'Tam',
  'Thorn',
  'Tid',
  'Wal',
  'Wen',
  'Whit',
  'Wil',
  'Wim',
  'Win',
  'Wor',
  'Yar',
];
const townEnds = [
  'ton',
  'ley',
  'bury',
  'field',
  'ham',
  'ford',
  'wick',
  'by',
  'thorpe',
  'stead',
  'well',
  'combe',
  'den',
  'hurst',
  'worth',
  'mere',
  'stow',
  'bridge',
  'dale',
  'holme',
  'cott',
  'minster',
  'borough',
  'brook',
  'sey',
  'cliffe',
  'leigh',
  'marsh',
  'gate',
  'wood',
];
const featureStarts = [
  'Oak',
  'Ash',
  'Elm',
  'Willow',
  'Beech',
  'Birch',
  'Holly',
  'Hazel',
  'Rowan',
  'Cedar',
  'Maple',
  'Fern',
  'Heather',
  'Meadow',
  'Brook',
  'River',
  'Lake',
  'Moor',
  'Heath',
  'Hill',
  'Bank',
  'Park',
  'Green',
  'Lark',
  'Wren',
  'Kingfisher',
  'Sunny',
  'Spring',
  'Bright',
  'Clover',
  'Orchard',
  'Mill',
  'Church',
  'Castle',
  'Bridge',
  'Fair',
  'High',
  'Long',
  'Red',
  'White',
  'Stone',
  'Wood',
  'Glebe',
  'Primrose',
  'Bluebell',
  'Foxes',
  'Badger',
  'Swallow',
  'Robin',
  'Acorn',
];
const featureEnds = [
  'wood',
  'field',
  'side',
  'bank',
  'brook',
  'lands',
  'view',
  'dale',
  'grove',
  'hurst',
  'mead',
  'croft',
  'gate',
  'rise',
  'acre',
  'ley',
  'way',
  'hill',
  'well',
  'lea',
  'fold',
  'court',
  'stone',
  'moor',
];
const streetEnds = ['Road', 'Lane', 'Street', 'Avenue', 'Way', 'Close', 'Drive', 'Crescent', 'Grove', 'Hill'];

export const saints = [
  'Mary',
  'John',
  'Peter',
  'Paul',
  'Michael',
  'Andrew',
  'George',
  'Joseph',
  'Anne',
  'Thomas',
  'James',
  'Mark',
  'Luke',
  'Margaret',
  'Bede',
  'Catherine',
  'Edmund',
  'Nicholas',
  'Patrick',
  'Teresa',
  'Augustine',
  'Francis',
  'Anthony',
  'Helen',
  'Chad',
  'Alban',
  'Oswald',
  'Cuthbert',
  'Wilfrid',
  'Aidan',
  'Benedict',
  'Bernadette',
  'Clare',
  'Hilda',
  'Lawrence',
  'Martin',
  'Stephen',
  'Bartholomew',
  'Leonard',
  'Giles',
  'Edward',
  'Barnabas',
  'Philip',
  'Swithun',
  'Botolph',
  'Dunstan',
  'Werburgh',
  'Alphege',
];
export const ourLadyTitles = [
  'Lourdes',
  'Walsingham',
  'Fatima',
  'the Rosary',
  'Perpetual Succour',
  'Mount Carmel',
];

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A made-up town name, like "Kelthorpe" or "Stanmere"; sometimes "Great …", "Little …" or "… Green". */
export function townName(random: Random): string {
  const start = random.pick(townStarts);
  let end = random.pick(townEnds);
  if (start.toLowerCase().endsWith(end.charAt(0))) end = random.pick(townEnds);
  const base = capitalise(start + end);
  const roll = random.next();
  if (roll < 0.05) return `Great ${base}`;
  if (roll < 0.08) return `Little ${base}`;
  if (roll < 0.1) return `Upper ${base}`;
  if (roll < 0.12) return `${base} Green`;
  return base;
}

/** A landscape word, like "Oakwood", "Meadowbank" or "Riverside". */
export const featureName = (random: Random) =>
  capitalise(random.pick(featureStarts) + random.pick(featureEnds));

export const streetName = (random: Random, town: string) =>
  `${random.chance(0.6) ? featureName(random) : town.replace(/^(Great|Little|Upper) /, '')} ${random.pick(streetEnds)}`;

/** `count` distinct made-up towns. */
export function townNames(random: Random, count: number, taken: Set<string> = new Set()): string[] {
  const towns: string[] = [];
  for (let tries = 0; towns.length < count && tries < count * 50; tries++) {
    const town = townName(random);
    if (taken.has(town)) continue;
    taken.add(town);
    towns.push(town);
  }
  return towns;
}
