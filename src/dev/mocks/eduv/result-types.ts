import type { Level, Subject } from './shared-types.ts';

// API shapes of the Results API (scores and usage — leermiddelgebruik — per student per product
// and subject offering) and of the supplier's norms (normeringen) of data/eduv/openapi.yaml.

export interface Usage {
  firstUsedOn: string;
  lastUsedOn: string;
  sessionCount: number;
  minutesActive: number;
  /** How far through the product the student is, 0–100. */
  progressPercentage: number;
}

export interface Score {
  normId: string;
  assessmentName: string;
  assessedOn: string;
  points: number;
  /** Dutch 1–10 grade with one decimal, from the points by the norm. */
  grade: number;
}

export interface Result {
  id: string;
  organisationMasterIdentifier: string;
  schoolPeriodId: string;
  /** The student's ECK iD. */
  studentId: string;
  productId: string;
  subjectOfferingId: string;
  usage: Usage;
  scores: Score[];
}

export interface Norm {
  id: string;
  productId: string;
  subject: Subject;
  levels: Level[];
  grades: number[];
  assessmentName: string;
  /** The calendar month (1–12) of the school year the assessment is planned in, e.g. 10 for October. */
  plannedMonth: number;
  maximumPoints: number;
  /** The lowest points that give a 5.5 or more. */
  passingPoints: number;
  /** N-term: grade = 9 × points / maximumPoints + nTerm, bounded to 1.0–10.0. */
  nTerm: number;
}
