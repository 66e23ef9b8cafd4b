/**
 * Made-up areas for the hubs whose real areas no public source gives: the local authorities left
 * over once the known areas (reference/maths-hub-areas.csv) are placed, given to the hubs of their
 * region. Every assignment here is marked as demonstration in the network. A pair is one district
 * of a county: the hub with the whole county keeps the rest.
 */
export const demonstrationAreas: Record<
  string,
  readonly (string | readonly [laCode: string, districtCode: string])[]
> = {
  'abacus-nw': ['888', '889'],
  angles: ['926', '935'],
  'cheshire-and-wirral': ['877'],
  'cornwall-and-west-devon': ['908', '420', '879', ['878', 'E07000047']],
  'east-midlands-east': ['891', '925'],
  'east-midlands-south': ['941'],
  'essex-southend-and-thurrock': ['881', '882', '883'],
  glow: ['916', '885'],
  'great-north': ['390', '391', '392', '393', '394', '929'],
  jurassic: ['838', '839', '880', '878'],
  'kent-and-medway': ['886', '887'],
  'north-lancashire-and-cumbria': ['942', '943', '890', ['888', 'E07000121'], ['888', 'E07000128']],
  'london-central-and-north-west': ['201', '202', '213', '207', '304', '302', '310'],
  'london-central-and-west': ['205', '307', '313', '312'],
  'london-north-east': ['204', '206', '309', '308', '320', '317'],
  'london-south-east-plus': ['210', '209', '203', '303', '305', '208'],
  'london-south-west': ['212', '315', '319', '306', '314', '318'],
  'london-thames': ['211', '316', '301', '311'],
  matrix: ['919'],
  'north-midlands-and-peak': ['860', '861', '335', '336'],
  shaw: ['893', '894', '884'],
  'surrey-plus': ['936'],
  'turing-nw': ['350', '355', '357', '358'],
  'yorkshire-and-the-humber': ['382', '384', '810', '811', '812', '813'],
  'yorkshire-ridings': ['815', '816'],
};
