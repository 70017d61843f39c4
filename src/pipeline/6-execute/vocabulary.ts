// The plan vocabulary of the whole schema: each domain's own, combined.
import { brpVocabulary } from '../../domains/brp/plan-vocabulary.ts';
import { eduvVocabulary } from '../../domains/eduv/plan-vocabulary.ts';
import { oversightVocabulary } from '../../engine/protocol/oversight/plan-vocabulary.ts';
import { combineVocabularies } from '../../engine/plan/vocabulary.ts';

export const facadeVocabulary = combineVocabularies(brpVocabulary, eduvVocabulary, oversightVocabulary);
