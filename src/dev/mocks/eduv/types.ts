// The shapes of data/eduv/openapi.yaml as TypeScript, and the generated dataset behind the mock.
// API objects are stored in the dataset exactly as the API returns them, so a test can compare a
// response item with `data` directly.

import type { Assignment, EmployeeRecord, Enrolment, OrganisationSchoolPeriod } from './association-types.ts';
import type { Norm, Result } from './result-types.ts';
import type { Level, Subject, UserId } from './shared-types.ts';

export { LEVELS, type Level, type Subject, type UserId } from './shared-types.ts';

export const ORG_ID_TYPES = ['OIE_CODE', 'BP_ID', 'DD_ID', 'AS_ID', 'V_ID'] as const;
export type OrganisationIdType = (typeof ORG_ID_TYPES)[number];

export const STUDENT_SCOPES = [
  'eduv.student.basic',
  'eduv.student.demographics',
  'eduv.student.communication',
  'eduv.student.deliveryaddress',
  'eduv.student.accessibility',
] as const;
export type StudentScope = (typeof STUDENT_SCOPES)[number];

export type SchoolType = 'po' | 'vo' | 'vavo';
export type Gender = 'male' | 'female' | 'other' | 'unspecified';
export const READING_AIDS = ['textToSpeech', 'enlargedText', 'dyslexiaFont', 'highContrast'] as const;
export type ReadingAid = (typeof READING_AIDS)[number];
export const PRODUCT_TYPES = ['print', 'digital', 'blended'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];
export const ORDER_STATUSES = ['received', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrganisationId {
  organisationId: string;
  organisationIdType: OrganisationIdType;
}

export interface Address {
  street: string;
  houseNumber: number;
  houseNumberSuffix?: string;
  postalCode: string;
  city: string;
  countryCode: string;
}

export interface Student {
  // eduv.student.basic
  userMasterIdentifier: string;
  userIds: UserId[];
  givenName: string;
  preferredFirstName?: string;
  familyName: string;
  familyNamePrefix?: string;
  subjectOfferingIds: string[];
  groupIds: string[];
  // eduv.student.demographics
  dateOfBirth?: string;
  gender?: Gender;
  // eduv.student.communication
  email?: string;
  // eduv.student.deliveryaddress
  homeAddress?: Address;
  emailPrivate?: string;
  emailsParents?: string[];
  // eduv.student.accessibility
  preferredLanguage?: string;
  extraTime?: boolean;
  readingAids?: ReadingAid[];
}

export interface Board {
  bestuurNumber: string;
  name: string;
}

export interface Organisation {
  organisationMasterIdentifier: string;
  organisationIds: OrganisationId[];
  name: string;
  schoolType: SchoolType;
  levels: Level[];
  city: string;
  board: Board;
}

export interface StudyOffering {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  name: string;
  level: Level;
  grade: number;
  subjectOfferingIds: string[];
}

export interface SubjectOffering {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  code: string;
  name: string;
  subject: Subject;
  level: Level;
  grade: number;
  studyOfferingId: string;
}

export interface Group {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  name: string;
  groupType: 'class' | 'teachingGroup';
  studyOfferingId?: string;
  subjectOfferingIds: string[];
}

export interface Money {
  amountInCents: number;
  currency: 'EUR';
}

export interface Product {
  id: string;
  ean: string;
  isbn?: string;
  name: string;
  publisher: { name: string };
  supplier: { name: string };
  productType: ProductType;
  subject: Subject;
  levels: Level[];
  grades: number[];
  price: Money;
  vatPercentage: 0 | 9 | 21;
}

export interface OrderLine {
  lineNumber: number;
  productId: string;
  ean: string;
  quantity: number;
  unitPrice: Money;
}

export interface Order {
  id: string;
  orderReference?: string;
  orderDate: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: Money;
}

export interface SchoolPeriod {
  id: string;
  startDate: string;
  endDate: string;
}

/** An onderwijsbestuur (bevoegd gezag) and the onderwijsaanbieders it governs. */
export interface Onderwijsbestuur {
  bestuurNumber: string;
  name: string;
  aanbiederIds: string[];
}

/** An onderwijsaanbieder as the dataset knows it; `organisation` is its API shape. */
export interface Onderwijsaanbieder {
  id: string;
  name: string;
  bestuurNumber: string;
  schoolType: SchoolType;
  levels: Level[];
  /** Onderwijsinstellingserkenning (BRIN-style), e.g. 06AB. */
  oieCode: string;
  city: string;
  /** Mail domain of the school (reserved .example TLD: the people are fictional). */
  emailDomain: string;
  organisation: Organisation;
}

/** A student with the onderwijsaanbieder it is enrolled at; `student` is the API shape. */
export interface StudentRecord {
  aanbiederId: string;
  /** The school periods the student is enrolled in (derived from its subject offerings). */
  schoolPeriodIds: string[];
  student: Student;
}

export interface EduvDataset {
  // Education and Students (the first parts of the contract)
  readonly seed: number;
  readonly scale: number;
  readonly schoolPeriods: readonly SchoolPeriod[];
  readonly besturen: readonly Onderwijsbestuur[];
  readonly aanbieders: readonly Onderwijsaanbieder[];
  readonly studyOfferings: readonly StudyOffering[];
  readonly subjectOfferings: readonly SubjectOffering[];
  readonly groups: readonly Group[];
  readonly students: readonly StudentRecord[];
  readonly products: readonly Product[];
  readonly orders: readonly Order[];
  // Employees, Association, Results and Norms: generated from their own seeded streams, so adding
  // them changed none of the values above.
  readonly employees: readonly EmployeeRecord[];
  readonly organisationSchoolPeriods: readonly OrganisationSchoolPeriod[];
  readonly enrolments: readonly Enrolment[];
  readonly assignments: readonly Assignment[];
  readonly norms: readonly Norm[];
  readonly results: readonly Result[];
}
