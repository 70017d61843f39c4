import type { Level, Onderwijsaanbieder, Onderwijsbestuur, Organisation, SchoolPeriod, SchoolType } from './types.ts';

// The organisations are written out, not drawn: tests and the demo configuration (activations,
// processing agreements) refer to them by id, and they must not move when the seed changes.
// Names and identifiers are fictional; the identifier formats are those of RIO and the registers.

export const SCHOOL_PERIODS: readonly SchoolPeriod[] = [
  { id: '2025-2026', startDate: '2025-08-01', endDate: '2026-07-31' },
  { id: '2026-2027', startDate: '2026-08-01', endDate: '2027-07-31' },
];

/** Where the students of a school live: towns with their four-digit postcode ranges. */
export interface Town {
  city: string;
  postcodes: readonly [number, number];
}

export interface AanbiederDefinition {
  id: string;
  name: string;
  bestuurNumber: string;
  schoolType: SchoolType;
  levels: readonly Level[];
  oieCode: string;
  basispoortId: string;
  digiDeliveryId: string;
  administrationId: string;
  emailDomain: string;
  towns: readonly Town[];
  /** Students per class (cohort) before scaling, drawn from this range. */
  cohortSize: readonly [number, number];
}

const ZEEWEIDE_TOWNS: readonly Town[] = [
  { city: 'Houten', postcodes: [3991, 3998] },
  { city: 'Nieuwegein', postcodes: [3430, 3439] },
  { city: 'Vianen', postcodes: [4131, 4133] },
  { city: 'IJsselstein', postcodes: [3400, 3404] },
];
const BETUWE_TOWNS: readonly Town[] = [
  { city: 'Culemborg', postcodes: [4101, 4107] },
  { city: 'Buren', postcodes: [4116, 4116] },
  { city: 'Geldermalsen', postcodes: [4191, 4191] },
];
const MAAS_TOWNS: readonly Town[] = [
  { city: 'Roermond', postcodes: [6041, 6045] },
  { city: 'Maasbracht', postcodes: [6051, 6051] },
  { city: 'Echt', postcodes: [6101, 6101] },
];
const DELTA_TOWNS: readonly Town[] = [
  { city: 'Rotterdam', postcodes: [3011, 3089] },
  { city: 'Schiedam', postcodes: [3111, 3125] },
];

export const BESTUUR_DEFINITIONS: readonly { bestuurNumber: string; name: string }[] = [
  { bestuurNumber: '41821', name: 'Stichting Voortgezet Onderwijs Zeeweide' },
  { bestuurNumber: '30457', name: 'Vereniging voor Christelijk Primair Onderwijs De Waardse Kring' },
  { bestuurNumber: '28113', name: 'Stichting Katholiek Onderwijs Midden-Maas' },
  { bestuurNumber: '50962', name: 'Stichting Vavo Deltastad' },
];

export const AANBIEDER_DEFINITIONS: readonly AanbiederDefinition[] = [
  {
    id: '110A133', name: 'Zeeweide College', bestuurNumber: '41821', schoolType: 'vo', levels: ['havo', 'vwo'],
    oieCode: '06AB', basispoortId: '100133', digiDeliveryId: 'dd-7f3a91c2', administrationId: 'LAS-0001',
    emailDomain: 'zeeweidecollege.example', towns: ZEEWEIDE_TOWNS, cohortSize: [12, 16],
  },
  {
    id: '111B222', name: 'cbs De Wilgenhoek', bestuurNumber: '30457', schoolType: 'po', levels: ['po'],
    oieCode: '12PQ', basispoortId: '100222', digiDeliveryId: 'dd-2b8e4d07', administrationId: 'LAS-0002',
    emailDomain: 'wilgenhoek.example', towns: BETUWE_TOWNS, cohortSize: [6, 10],
  },
  {
    id: '112C410', name: 'Zeeweide Mavo', bestuurNumber: '41821', schoolType: 'vo', levels: ['vmbo-gt'],
    oieCode: '07CD', basispoortId: '100410', digiDeliveryId: 'dd-5c19a6e3', administrationId: 'LAS-0003',
    emailDomain: 'zeeweidemavo.example', towns: ZEEWEIDE_TOWNS, cohortSize: [13, 18],
  },
  {
    id: '113D051', name: 'cbs Het Klaverveld', bestuurNumber: '30457', schoolType: 'po', levels: ['po'],
    oieCode: '14XY', basispoortId: '100051', digiDeliveryId: 'dd-9d40f2b8', administrationId: 'LAS-0004',
    emailDomain: 'klaverveld.example', towns: BETUWE_TOWNS, cohortSize: [4, 8],
  },
  {
    id: '114E377', name: 'Sint-Aldegondis College', bestuurNumber: '28113', schoolType: 'vo', levels: ['vmbo-bb', 'vmbo-kb', 'havo'],
    oieCode: '21KL', basispoortId: '100377', digiDeliveryId: 'dd-e61b7a54', administrationId: 'LAS-0005',
    emailDomain: 'aldegondis.example', towns: MAAS_TOWNS, cohortSize: [5, 9],
  },
  {
    id: '115F624', name: 'Vavo Deltastad', bestuurNumber: '50962', schoolType: 'vavo', levels: ['havo', 'vwo'],
    oieCode: '31VR', basispoortId: '100624', digiDeliveryId: 'dd-03c8e5f1', administrationId: 'LAS-0006',
    emailDomain: 'vavodeltastad.example', towns: DELTA_TOWNS, cohortSize: [7, 11],
  },
];

export function buildOrganisations(): { besturen: Onderwijsbestuur[]; aanbieders: Onderwijsaanbieder[] } {
  const besturen: Onderwijsbestuur[] = BESTUUR_DEFINITIONS.map((b) => ({
    bestuurNumber: b.bestuurNumber,
    name: b.name,
    aanbiederIds: AANBIEDER_DEFINITIONS.filter((a) => a.bestuurNumber === b.bestuurNumber).map((a) => a.id),
  }));
  const aanbieders = AANBIEDER_DEFINITIONS.map((def): Onderwijsaanbieder => {
    const bestuur = besturen.find((b) => b.bestuurNumber === def.bestuurNumber);
    if (!bestuur) throw new Error(`aanbieder ${def.id}: unknown bestuur ${def.bestuurNumber}`);
    const city = def.towns[0]?.city ?? '';
    const organisation: Organisation = {
      organisationMasterIdentifier: def.id,
      organisationIds: [
        { organisationId: def.oieCode, organisationIdType: 'OIE_CODE' },
        { organisationId: `${def.oieCode}00`, organisationIdType: 'V_ID' },
        { organisationId: def.basispoortId, organisationIdType: 'BP_ID' },
        { organisationId: def.digiDeliveryId, organisationIdType: 'DD_ID' },
        { organisationId: def.administrationId, organisationIdType: 'AS_ID' },
      ],
      name: def.name,
      schoolType: def.schoolType,
      levels: [...def.levels],
      city,
      board: { bestuurNumber: bestuur.bestuurNumber, name: bestuur.name },
    };
    return {
      id: def.id,
      name: def.name,
      bestuurNumber: def.bestuurNumber,
      schoolType: def.schoolType,
      levels: [...def.levels],
      oieCode: def.oieCode,
      city,
      emailDomain: def.emailDomain,
      organisation,
    };
  });
  return { besturen, aanbieders };
}
