import { subjectName } from './curriculum.ts';
import type { SeededRandom } from './seed-random.ts';
import type { Level, Product, ProductType } from './types.ts';

// The supplier's learning-materials catalogue: fictional methods, each in a few grade bands, as a
// printed workbook and a digital licence (some also as a combined package). Printed products carry
// an ISBN-13 as their EAN; digital licences an EAN-13 in the Dutch GS1 range.

const PUBLISHERS = ['Uitgeverij Lindeboom', 'Dijkhuis Educatief', 'Rijnstroom Leermiddelen', 'Methodehuis Delta'] as const;
const SUPPLIERS = ['Leermiddelenhuis Noord', 'Boekenbalie Educatief'] as const;

const VMBO: readonly Level[] = ['vmbo-bb', 'vmbo-kb', 'vmbo-gt'];
const HAVO_VWO: readonly Level[] = ['havo', 'vwo'];
const VO: readonly Level[] = [...VMBO, ...HAVO_VWO];

interface Method {
  name: string;
  subject: string;
  levels: readonly Level[];
  bands: readonly (readonly [number, number])[];
}

const METHODS: readonly Method[] = [
  { name: 'Rekenroute', subject: 'REK', levels: ['po'], bands: [[3, 4], [5, 6], [7, 8]] },
  { name: 'Taalstroom', subject: 'TAAL', levels: ['po'], bands: [[3, 4], [5, 6], [7, 8]] },
  { name: 'Spellingspoor', subject: 'SPEL', levels: ['po'], bands: [[4, 8]] },
  { name: 'Leesladder', subject: 'LEZ', levels: ['po'], bands: [[3, 5], [6, 8]] },
  { name: 'Wereldraam', subject: 'WO', levels: ['po'], bands: [[5, 8]] },
  { name: 'Hello Harbour', subject: 'EN', levels: ['po'], bands: [[7, 8]] },
  { name: 'Taalkompas', subject: 'NE', levels: HAVO_VWO, bands: [[1, 3], [4, 6]] },
  { name: 'Taalkompas vmbo', subject: 'NE', levels: VMBO, bands: [[1, 2], [3, 4]] },
  { name: 'Crossroads Plus', subject: 'EN', levels: VO, bands: [[1, 3], [4, 6]] },
  { name: 'Formule & Functie', subject: 'WI', levels: VO, bands: [[1, 3]] },
  { name: 'Formule & Functie A', subject: 'WA', levels: HAVO_VWO, bands: [[4, 6]] },
  { name: 'Formule & Functie B', subject: 'WB', levels: HAVO_VWO, bands: [[4, 6]] },
  { name: 'Tijdlijnen', subject: 'GS', levels: VO, bands: [[1, 3], [4, 6]] },
  { name: 'Wereldwijs', subject: 'AK', levels: VO, bands: [[1, 3], [4, 6]] },
  { name: 'Levend Lab', subject: 'BI', levels: VO, bands: [[1, 3], [4, 6]] },
  { name: 'Krachtveld', subject: 'NA', levels: HAVO_VWO, bands: [[3, 6]] },
  { name: 'Molecuul', subject: 'SK', levels: HAVO_VWO, bands: [[3, 6]] },
  { name: 'Markt & Mens', subject: 'EC', levels: VO, bands: [[3, 6]] },
  { name: 'Bonjour Ensemble', subject: 'FA', levels: HAVO_VWO, bands: [[1, 3]] },
  { name: 'Deutsch Direkt', subject: 'DU', levels: VO, bands: [[2, 4]] },
  { name: 'Nask Nu', subject: 'NASK', levels: VMBO, bands: [[1, 2]] },
];

/** GTIN-13 check digit over the first twelve digits. */
export function gtinCheckDigit(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function bandLabel(levels: readonly Level[], [from, to]: readonly [number, number]): string {
  const levelText = levels.includes('po') ? 'groep' : levels.every((l) => VMBO.includes(l)) ? 'vmbo' : levels.every((l) => HAVO_VWO.includes(l)) ? 'havo/vwo' : 'vo';
  return from === to ? `${levelText} ${from}` : `${levelText} ${from}-${to}`;
}

export function generateProducts(rng: SeededRandom): Product[] {
  const products: Product[] = [];
  let item = 100;
  for (const method of METHODS) {
    const publisherIndex = rng.int(0, PUBLISHERS.length - 1);
    const publisher = PUBLISHERS[publisherIndex] ?? PUBLISHERS[0];
    const supplier = rng.pick(SUPPLIERS);
    for (const band of method.bands) {
      const types: ProductType[] = rng.chance(0.3) ? ['print', 'digital', 'blended'] : ['print', 'digital'];
      const grades = Array.from({ length: band[1] - band[0] + 1 }, (_, i) => band[0] + i)
        .filter((g) => method.levels.includes('po') || g <= 6);
      for (const productType of types) {
        item += rng.int(1, 7);
        const printed = productType !== 'digital';
        const twelve = printed
          ? `9789${String(4610 + publisherIndex * 7).padStart(4, '0')}${String(item).padStart(4, '0')}`
          : `87${String(1_200_000 + publisherIndex * 100_000 + item).padStart(10, '0')}`;
        const ean = `${twelve}${gtinCheckDigit(twelve)}`;
        const suffix = productType === 'print' ? 'leerwerkboek' : productType === 'digital' ? 'digitale licentie (1 jaar)' : 'combipakket boek + licentie';
        const euros = productType === 'digital' ? rng.int(12, 39) : rng.int(18, 54);
        products.push({
          id: `LM-${String(products.length + 1).padStart(4, '0')}`,
          ean,
          ...(printed ? { isbn: ean } : {}),
          name: `${method.name} ${bandLabel(method.levels, band)} — ${suffix}`,
          publisher: { name: publisher },
          supplier: { name: supplier },
          productType,
          subject: { code: method.subject, name: subjectName(method.subject) },
          levels: [...method.levels],
          grades,
          price: { amountInCents: euros * 100 + rng.pick([50, 75, 95]), currency: 'EUR' },
          vatPercentage: productType === 'digital' ? 21 : 9,
        });
      }
    }
  }
  return products;
}
