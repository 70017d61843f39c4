// What the Activation resolvers work with: the registry's activation with
// ISO timestamps; its history is resolved only when selected.
import type { Activation } from './registry/types.ts';

export type ActivationModel = Omit<Activation, 'createdAt' | 'updatedAt' | 'subjectOfferingIds'> & {
  createdAt: string;
  updatedAt: string;
  subjectOfferingIds: string[] | null;
};

export function toActivationModel(a: Activation): ActivationModel {
  return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(), subjectOfferingIds: a.subjectOfferingIds ?? null };
}
