// The plan vocabulary of the whole schema: each domain's own, combined.
import { brpVocabulary } from '../brp/plan-vocabulary.ts';
import { eduvVocabulary } from '../eduv/plan-vocabulary.ts';
import { combineVocabularies } from '../plan/vocabulary.ts';

export const facadeVocabulary = combineVocabularies(brpVocabulary, eduvVocabulary);
