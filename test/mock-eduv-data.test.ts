// The generated Edu-V dataset: deterministic per seed, the size and shape the facade's tests rely
// on, and internally consistent (enrolments point at offerings of the student's own school, ages fit
// the school type, identifiers have their register formats).
import { describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '../src/dev/mocks/eduv/catalogue.ts';
import { DEFAULT_EDUV_SEED, generateEduvDataset, studentsAt, studentsIn } from '../src/dev/mocks/eduv/generate.ts';
import { SeededRandom } from '../src/dev/mocks/eduv/seed-random.ts';

const data = generateEduvDataset();

describe('determinism', () => {
  it('the same seed gives the same dataset', () => {
    expect(generateEduvDataset(DEFAULT_EDUV_SEED)).toEqual(data);
  });

  it('another seed gives other people but the same organisations and offerings', () => {
    const other = generateEduvDataset(42);
    expect(other.aanbieders).toEqual(data.aanbieders);
    expect(other.subjectOfferings).toEqual(data.subjectOfferings);
    expect(other.students[0]?.student.userMasterIdentifier).not.toBe(data.students[0]?.student.userMasterIdentifier);
    const ours = new Set(data.students.map((s) => s.student.userMasterIdentifier));
    expect(other.students.filter((s) => ours.has(s.student.userMasterIdentifier))).toEqual([]);
  });

  it('pins named values, so a change of the generator is a conscious one', () => {
    const at110 = studentsAt(data, '110A133');
    expect(at110[0]?.student.userMasterIdentifier).toBe('https://ketenid.nl/201703/9eb1dcbd1d0216a3a59aaaeca5b442da09e22143236fc986a5463b8e73e135bd');
    expect(at110[1]?.student.userMasterIdentifier).toBe('https://ketenid.nl/201703/affa4f2ea7ec7048838a6c70ef6738cdcfdb1d762c7f19806a71a61a6a44544a');
    expect(at110).toHaveLength(176);
    expect(studentsIn(data, '110A133-2026-2027-H4-WB')).toHaveLength(10);
    expect(studentsIn(data, '110A133-2026-2027-H4-NE')).toHaveLength(15);
    expect(data.students).toHaveLength(540);
  });

  it('the PRNG is stable and forks independent streams', () => {
    const r = new SeededRandom(1);
    const again = new SeededRandom(1);
    expect([r.uint32(), r.uint32(), r.uint32()]).toEqual([again.uint32(), again.uint32(), again.uint32()]);
    expect(new SeededRandom(7).fork('a').hex(16)).toBe(new SeededRandom(7).fork('a').hex(16));
    expect(new SeededRandom(7).fork('a').hex(16)).not.toBe(new SeededRandom(7).fork('b').hex(16));
    const ints = Array.from({ length: 2000 }, () => r.int(1, 6));
    expect(Math.min(...ints)).toBe(1);
    expect(Math.max(...ints)).toBe(6);
  });
});

describe('organisations', () => {
  it('several onderwijsbesturen, each with onderwijsaanbieders, 110A133 and 111B222 among them', () => {
    expect(data.besturen.length).toBeGreaterThanOrEqual(3);
    for (const b of data.besturen) {
      expect(b.bestuurNumber).toMatch(/^[0-9]{5}$/);
      expect(b.aanbiederIds.length).toBeGreaterThan(0);
    }
    expect(data.besturen.some((b) => b.aanbiederIds.length >= 2)).toBe(true);
    const ids = data.aanbieders.map((a) => a.id);
    expect(ids).toContain('110A133');
    expect(ids).toContain('111B222');
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of data.aanbieders) {
      expect(a.id).toMatch(/^[0-9]{3}[A-Z][0-9]{3}$/);
      expect(a.oieCode).toMatch(/^[0-9]{2}[A-Z]{2}$/);
      expect(a.organisation.organisationIds.map((i) => i.organisationIdType).sort()).toEqual(['AS_ID', 'BP_ID', 'DD_ID', 'OIE_CODE', 'V_ID']);
      expect(a.organisation.board.bestuurNumber).toBe(a.bestuurNumber);
    }
    expect(data.aanbieders.find((a) => a.id === '110A133')?.oieCode).toBe('06AB');
  });
});

const ageOn = (dob: string, day: string): number => {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

describe('students', () => {
  const eckIds = data.students.map((s) => s.student.userMasterIdentifier);

  it('a few hundred in total, at least 150 at 110A133, every aanbieder has some', () => {
    expect(data.students.length).toBeGreaterThanOrEqual(300);
    expect(data.students.length).toBeLessThanOrEqual(600);
    expect(studentsAt(data, '110A133').length).toBeGreaterThanOrEqual(150);
    for (const a of data.aanbieders) expect(studentsAt(data, a.id).length).toBeGreaterThan(20);
  });

  it('have unique ECK iDs of the form https://ketenid.nl/201703/<64 lowercase hex>', () => {
    for (const id of eckIds) expect(id).toMatch(/^https:\/\/ketenid\.nl\/201703\/[0-9a-f]{64}$/);
    expect(new Set(eckIds).size).toBe(eckIds.length);
  });

  it('have Dutch names, with voorvoegsels and roepnamen where they occur', () => {
    const prefixes = new Set(data.students.map((s) => s.student.familyNamePrefix).filter((p) => p !== undefined));
    expect([...prefixes]).toEqual(expect.arrayContaining(['de', 'van', 'van der', 'van den']));
    for (const p of prefixes) expect(p).toMatch(/^[a-z' ]+$/);
    expect(data.students.filter((s) => s.student.familyNamePrefix !== undefined).length).toBeGreaterThan(data.students.length / 5);
    expect(data.students.filter((s) => s.student.preferredFirstName !== undefined).length).toBeGreaterThan(10);
    for (const { student } of data.students) {
      expect(student.givenName).toMatch(/^\p{Lu}/u);
      expect(student.familyName).toMatch(/^\p{Lu}/u);
    }
  });

  it('are enrolled in several subject offerings and a class of their own school, per school period', () => {
    const offerings = new Map(data.subjectOfferings.map((o) => [o.id, o]));
    const groups = new Map(data.groups.map((g) => [g.id, g]));
    for (const { aanbiederId, schoolPeriodIds, student } of data.students) {
      expect(student.subjectOfferingIds.length).toBeGreaterThanOrEqual(3);
      const periods = new Set<string>();
      for (const id of student.subjectOfferingIds) {
        const o = offerings.get(id);
        expect(o?.organisationMasterIdentifier).toBe(aanbiederId);
        periods.add(o?.schoolPeriodId ?? '');
      }
      expect([...periods].sort()).toEqual([...schoolPeriodIds].sort());
      for (const id of student.groupIds) expect(groups.get(id)?.organisationMasterIdentifier).toBe(aanbiederId);
      expect(student.groupIds.filter((id) => groups.get(id)?.groupType === 'class')).toHaveLength(schoolPeriodIds.length);
    }
    // Both periods are populated, and some pupils are in only one of them (leavers, newcomers).
    for (const p of data.schoolPeriods) expect(data.students.some((s) => s.schoolPeriodIds.includes(p.id))).toBe(true);
    expect(data.students.some((s) => s.schoolPeriodIds.length === 1)).toBe(true);
    expect(data.students.some((s) => s.schoolPeriodIds.length === 2)).toBe(true);
  });

  it('choosable subjects split a year, so subject offerings differ in size', () => {
    const sizes = new Set(data.subjectOfferings.filter((o) => o.organisationMasterIdentifier === '110A133' && o.grade >= 4)
      .map((o) => studentsIn(data, o.id).length));
    expect(sizes.size).toBeGreaterThan(5);
  });

  it('have dates of birth that fit the school type and year', () => {
    const offerings = new Map(data.subjectOfferings.map((o) => [o.id, o]));
    const types = new Map(data.aanbieders.map((a) => [a.id, a.schoolType]));
    const periods = new Map(data.schoolPeriods.map((p) => [p.id, p]));
    for (const { aanbiederId, student } of data.students) {
      const o = offerings.get(student.subjectOfferingIds[0] ?? '');
      const start = periods.get(o?.schoolPeriodId ?? '')?.startDate ?? '';
      const age = ageOn(student.dateOfBirth ?? '', `${start.slice(0, 4)}-10-01`);
      const grade = o?.grade ?? 0;
      const type = types.get(aanbiederId);
      // Groep 1 at 4, leerjaar 1 at 12, one year more for a pupil who repeated a year; vavo adults.
      const [min, max] = type === 'po' ? [grade + 3, grade + 4] : type === 'vo' ? [grade + 11, grade + 12] : [18, 25];
      expect(age).toBeGreaterThanOrEqual(min);
      expect(age).toBeLessThanOrEqual(max);
    }
  });

  it('have contact data as the scope groups describe it', () => {
    for (const { aanbiederId, schoolPeriodIds, student } of data.students) {
      const type = data.aanbieders.find((a) => a.id === aanbiederId)?.schoolType;
      const lastStart = data.schoolPeriods.find((p) => p.id === schoolPeriodIds[schoolPeriodIds.length - 1])?.startDate ?? '';
      const minor = ageOn(student.dateOfBirth ?? '', lastStart) < 18;
      expect(['male', 'female', 'other', 'unspecified']).toContain(student.gender);
      expect(student.homeAddress?.postalCode).toMatch(/^[1-9][0-9]{3}[A-Z]{2}$/);
      expect(student.homeAddress?.countryCode).toBe('NL');
      if (type !== 'po') expect(student.email).toMatch(/^[a-z0-9.]+@leerling\.[a-z.]+\.example$/);
      // Parents' addresses only for pupils under 18; vavo pupils are adults.
      if (type === 'vavo' || !minor) expect(student.emailsParents).toBeUndefined();
      else expect(student.emailsParents?.length ?? 0).toBeGreaterThanOrEqual(1);
      for (const mail of [student.email, student.emailPrivate, ...(student.emailsParents ?? [])]) {
        if (mail !== undefined) expect(mail).toMatch(/\.example$/);
      }
    }
    const emails = data.students.map((s) => s.student.email).filter((e) => e !== undefined);
    expect(new Set(emails).size).toBe(emails.length);
    // Young pupils have no school mail account: the communication group is sometimes empty.
    expect(data.students.some((s) => s.student.email === undefined)).toBe(true);
  });

  it('scale multiplies the students per cohort', () => {
    const big = generateEduvDataset(DEFAULT_EDUV_SEED, { scale: 6 });
    expect(studentsAt(big, '110A133').length).toBeGreaterThanOrEqual(1000);
    expect(new Set(big.students.map((s) => s.student.userMasterIdentifier)).size).toBe(big.students.length);
    expect(() => generateEduvDataset(DEFAULT_EDUV_SEED, { scale: 0 })).toThrow(RangeError);
  });
});

describe('education, catalogue and orders', () => {
  it('subject offerings per aanbieder and school period, with readable ids', () => {
    const h4wb = data.subjectOfferings.find((o) => o.id === '110A133-2026-2027-H4-WB');
    expect(h4wb).toMatchObject({ organisationMasterIdentifier: '110A133', schoolPeriodId: '2026-2027', code: 'H4-WB', level: 'havo', grade: 4, subject: { code: 'WB', name: 'Wiskunde B' }, studyOfferingId: '110A133-2026-2027-H4' });
    for (const a of data.aanbieders) {
      for (const p of data.schoolPeriods) {
        expect(data.subjectOfferings.some((o) => o.organisationMasterIdentifier === a.id && o.schoolPeriodId === p.id)).toBe(true);
      }
    }
    const ids = data.subjectOfferings.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const study = new Map(data.studyOfferings.map((s) => [s.id, s]));
    for (const o of data.subjectOfferings) expect(study.get(o.studyOfferingId)?.subjectOfferingIds).toContain(o.id);
  });

  it('some dozens of products with valid EAN-13s; printed ones with an ISBN', () => {
    expect(data.products.length).toBeGreaterThanOrEqual(24);
    for (const p of data.products) {
      expect(p.ean).toMatch(/^[0-9]{13}$/);
      expect(gtinCheckDigit(p.ean.slice(0, 12))).toBe(p.ean[12]);
      if (p.productType === 'digital') expect(p.isbn).toBeUndefined();
      else expect(p.isbn).toBe(p.ean);
    }
    expect(new Set(data.products.map((p) => p.ean)).size).toBe(data.products.length);
  });

  it('orders per aanbieder, of existing products of its levels, with correct totals', () => {
    const products = new Map(data.products.map((p) => [p.id, p]));
    for (const a of data.aanbieders) expect(data.orders.some((o) => o.organisationMasterIdentifier === a.id)).toBe(true);
    for (const o of data.orders) {
      const aanbieder = data.aanbieders.find((a) => a.id === o.organisationMasterIdentifier);
      let total = 0;
      for (const line of o.lines) {
        const p = products.get(line.productId);
        expect(p?.ean).toBe(line.ean);
        expect(p?.levels.some((l) => aanbieder?.levels.includes(l))).toBe(true);
        total += line.quantity * line.unitPrice.amountInCents;
      }
      expect(o.total.amountInCents).toBe(total);
    }
  });
});
