// The few API shapes every part of the contract uses (identifiers, levels, subjects). They live
// apart so that association-types.ts and result-types.ts can use them without importing types.ts,
// which imports those two for the dataset type (no import cycles, see .dependency-cruiser.cjs).

export const LEVELS = ['po', 'vmbo-bb', 'vmbo-kb', 'vmbo-gt', 'havo', 'vwo'] as const;
export type Level = (typeof LEVELS)[number];

export interface UserId {
  userId: string;
  userIdType: string;
}

export interface Subject {
  code: string;
  name: string;
}
