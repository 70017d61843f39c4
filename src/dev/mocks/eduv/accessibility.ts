import type { SeededRandom } from './seed-random.ts';
import type { ReadingAid, Student, StudentRecord } from './types.ts';

// The eduv.student.accessibility group of each student: preferred language, extra time in tests
// (tijdverlenging) and reading aids. Drawn from a stream of its own per school, after the students
// were generated, so adding this group left every earlier student value as it was.

/** Roughly what Dutch schools see: about one pupil in ten has a dyslexia statement. */
const EXTRA_TIME_CHANCE = 0.1;

const LANGUAGES: readonly (readonly [string, number])[] = [['nl', 95], ['en', 2], ['tr', 1], ['ar', 1], ['pl', 0.5], ['uk', 0.5]];

function readingAids(rng: SeededRandom, extraTime: boolean): ReadingAid[] {
  // Reading aids mostly come with the statement that also gives extra time.
  if (extraTime) {
    const aids: ReadingAid[] = rng.chance(0.7) ? ['textToSpeech'] : [];
    if (rng.chance(0.4)) aids.push('dyslexiaFont');
    return aids;
  }
  if (rng.chance(0.02)) return [rng.pick(['enlargedText', 'highContrast'] as const)];
  return [];
}

export function accessibilityOf(rng: SeededRandom): Pick<Student, 'preferredLanguage' | 'extraTime' | 'readingAids'> {
  const preferredLanguage = rng.weighted(LANGUAGES);
  const extraTime = rng.chance(EXTRA_TIME_CHANCE);
  const aids = readingAids(rng, extraTime);
  return { preferredLanguage, extraTime, ...(aids.length > 0 ? { readingAids: aids } : {}) };
}

/** Adds the accessibility group to the students of one school, in their order. */
export function addAccessibility(rng: SeededRandom, records: readonly StudentRecord[]): void {
  for (const record of records) Object.assign(record.student, accessibilityOf(rng));
}
