// The four gegevensdiensten and what their classification asks of an exchange.
// The classification is data: the x-eduv-classification of each information
// object in the upstream contract (data/eduv/openapi.yaml), whose shipped
// values are the Edu-V classification table (data/eduv/SOURCES.md names its source):
//
//   class  confidential  directed by  personal data  agreement   layers
//   I      no            supplier     no             no          1–3
//   II     no            school       no             no          1–4
//   III    yes           supplier     no             no          1–3 + extra
//   IV     yes           school       yes            yes         1–5 + extra
import { loadEduvContract, type EduvClassification } from './contract.ts';

export type Gegevensdienst = 'students' | 'schoolvak' | 'catalogue' | 'orders' | 'employees' | 'association' | 'schoolperiods' | 'results' | 'norms';

const INFORMATION_OBJECT: Record<Gegevensdienst, string> = {
  students: 'Student',
  schoolvak: 'SubjectOffering',
  catalogue: 'Product',
  orders: 'Order',
  employees: 'Employee',
  // Groups with their members: enrolments and assignments are exchanged with them, classified alike.
  association: 'Group',
  schoolperiods: 'SchoolPeriod',
  results: 'Result',
  norms: 'Norm',
};

/** Objects delivered per scope group: an exchange of them needs their basic group at least. */
const BASIC_GROUP: Readonly<Record<string, string>> = { Student: 'eduv.student.basic', Employee: 'eduv.employee.basic' };

export interface DienstProfile {
  dienst: Gegevensdienst;
  informationObject: string;
  classification: EduvClassification;
  /** The scope a token must carry for this gegevensdienst at all. */
  scope: string;
  /** Layer 3 extras: certificate-bound, short-lived token (confidential information). */
  extras: boolean;
  /** Layer 4: the school organisation directs the exchange, so it must be activated. */
  activation: boolean;
  /** Layer 5: a processing agreement (verwerkersovereenkomst) with the onderwijsbestuur. */
  agreement: boolean;
  /** The processing activity recorded in the protocol log. */
  processingActivity: string;
}

const profiles = new Map<Gegevensdienst, DienstProfile>();

export function dienstProfile(dienst: Gegevensdienst): DienstProfile {
  let profile = profiles.get(dienst);
  if (!profile) {
    const object = loadEduvContract().informationObjects.get(INFORMATION_OBJECT[dienst]);
    if (!object) throw new Error(`the Edu-V contract has no information object ${INFORMATION_OBJECT[dienst]}`);
    const { classification } = object;
    profile = {
      dienst,
      informationObject: object.name,
      classification,
      // A student or employee exchange is an exchange of the basic group at least; the other groups are per field.
      scope: object.scope ?? BASIC_GROUP[object.name] ?? 'eduv.student.basic',
      extras: classification.confidential,
      activation: classification.directedBy === 'school',
      agreement: classification.processingAgreement,
      processingActivity: `EDUV-${object.gegevensdienst}`,
    };
    profiles.set(dienst, profile);
  }
  return profile;
}

/** Scope of each Student field (GraphQL names equal the contract's property names). */
export function studentFieldScopes(): ReadonlyMap<string, string> {
  return fieldScopes('Student');
}

/** Scope of each field of an information object delivered per scope group (Student, Employee). */
export function fieldScopes(informationObject: string): ReadonlyMap<string, string> {
  const object = loadEduvContract().informationObjects.get(informationObject);
  if (!object) throw new Error(`the Edu-V contract has no ${informationObject}`);
  return object.propertyScopes;
}
