import type { Level, SchoolType } from './types.ts';

// What a Dutch school offers per level and year: which subjects every pupil takes and which ones
// they choose from (profile subjects in the upper years of havo/vwo, electives in vmbo 3–4).
// Simplified, but close enough that per-subject student counts vary the way real ones do.

export const SUBJECT_NAMES: Readonly<Record<string, string>> = {
  NE: 'Nederlands', EN: 'Engels', FA: 'Frans', DU: 'Duits', WI: 'Wiskunde', WA: 'Wiskunde A',
  WB: 'Wiskunde B', GS: 'Geschiedenis', AK: 'Aardrijkskunde', BI: 'Biologie', NA: 'Natuurkunde',
  SK: 'Scheikunde', NASK: 'Natuur- en scheikunde', NASK1: 'Natuur- en scheikunde 1', EC: 'Economie',
  BE: 'Bedrijfseconomie', MA: 'Maatschappijleer', LO: 'Lichamelijke opvoeding',
  TAAL: 'Taal', REK: 'Rekenen', LEZ: 'Lezen', SPEL: 'Spelling', WO: 'Wereldoriëntatie',
  BEW: 'Bewegingsonderwijs',
};

export function subjectName(code: string): string {
  const name = SUBJECT_NAMES[code];
  if (name === undefined) throw new Error(`unknown subject code ${code}`);
  return name;
}

export interface ChoiceBlock {
  /** Same key in consecutive years: a pupil keeps its choice (havo 4 → havo 5). */
  key: string;
  from: readonly string[];
  count: readonly [number, number];
}

export interface Programme {
  core: readonly string[];
  choices: readonly ChoiceBlock[];
}

/** The grades a level has at a school type; vavo offers only the exam year. */
export function gradesOf(level: Level, schoolType: SchoolType): number[] {
  if (schoolType === 'vavo') return [level === 'vwo' ? 6 : 5];
  const max = level === 'po' ? 8 : level === 'vwo' ? 6 : level === 'havo' ? 5 : 4;
  return Array.from({ length: max }, (_, i) => i + 1);
}

const UPPER_ELECTIVES = ['NA', 'SK', 'BI', 'EC', 'BE', 'GS', 'AK', 'DU', 'FA'] as const;

export function programmeOf(level: Level, grade: number, schoolType: SchoolType): Programme {
  if (schoolType === 'vavo') {
    return {
      core: [],
      choices: [
        { key: 'vavo-math', from: ['WA', 'WB'], count: [0, 1] },
        { key: 'vavo', from: ['NE', 'EN', 'NA', 'SK', 'BI', 'EC', 'GS', 'AK'], count: [3, 4] },
      ],
    };
  }
  if (level === 'po') {
    if (grade <= 2) return { core: ['TAAL', 'REK', 'BEW'], choices: [] };
    if (grade === 3) return { core: ['TAAL', 'REK', 'LEZ', 'SPEL', 'BEW'], choices: [] };
    const core = ['TAAL', 'REK', 'LEZ', 'SPEL', 'WO', 'BEW'];
    return { core: grade >= 7 ? [...core, 'EN'] : core, choices: [] };
  }
  if (level === 'havo' || level === 'vwo') {
    if (grade <= 3) {
      const core = ['NE', 'EN', 'FA', 'WI', 'GS', 'AK', 'BI', 'LO'];
      if (grade >= 2) core.push('DU');
      if (grade === 3) core.push('NA', 'EC');
      return { core, choices: [] };
    }
    return {
      core: grade === 4 ? ['NE', 'EN', 'LO', 'MA'] : ['NE', 'EN', 'LO'],
      choices: [
        { key: 'upper-math', from: ['WA', 'WB'], count: [1, 1] },
        { key: 'upper', from: UPPER_ELECTIVES, count: [3, 4] },
      ],
    };
  }
  // vmbo
  if (grade <= 2) return { core: ['NE', 'EN', 'WI', 'NASK', 'GS', 'AK', 'BI', 'LO'], choices: [] };
  const core = grade === 3 ? ['NE', 'EN', 'LO', 'MA'] : ['NE', 'EN', 'LO'];
  const electives = level === 'vmbo-gt' ? ['WI', 'NASK1', 'BI', 'EC', 'DU', 'GS', 'AK'] : ['WI', 'NASK1', 'BI', 'EC'];
  return { core, choices: [{ key: 'vmbo', from: electives, count: level === 'vmbo-gt' ? [4, 4] : [2, 2] }] };
}

/** Every subject a study offering offers: the core and all choosable ones. */
export function offeredSubjects(p: Programme): string[] {
  return [...new Set([...p.core, ...p.choices.flatMap((c) => c.from)])];
}

const LEVEL_SHORT: Readonly<Record<Level, string>> = {
  po: 'G', 'vmbo-bb': 'BB', 'vmbo-kb': 'KB', 'vmbo-gt': 'GT', havo: 'H', vwo: 'V',
};

export function levelShort(level: Level): string {
  return LEVEL_SHORT[level];
}

/** "havo 4", "vmbo-gt 3", "groep 5". */
export function studyName(level: Level, grade: number): string {
  return level === 'po' ? `groep ${grade}` : `${level} ${grade}`;
}
