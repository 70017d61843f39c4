// The Organisatie-identificatienummer (OIN) of an Edu-V participant: exactly 20 digits, the first
// eight naming the register the number was derived from. Suppliers are registered with a prefix of
// 00000003, which Logius fills as 00000003 + the 8-digit KvK number + 0000; any other number with
// that prefix cannot have been issued, so it is refused rather than trusted. For other prefixes
// (00000001 government organisations, 00000004 …) the rest is opaque: 20 digits is all we can check.

export const SUPPLIER_OIN_PREFIX = '00000003';

export const TWENTY_DIGITS = /^[0-9]{20}$/;
const SUPPLIER = /^00000003([0-9]{8})0000$/;

export type OinCheck = { ok: true } | { ok: false; problem: string };

export function checkOin(oin: string): OinCheck {
  if (typeof oin !== 'string' || oin.length === 0) return { ok: false, problem: 'an OIN is required' };
  if (!/^[0-9]*$/.test(oin)) return { ok: false, problem: 'an OIN consists of digits only' };
  if (!TWENTY_DIGITS.test(oin)) {
    return { ok: false, problem: `an OIN has exactly 20 digits, this one has ${oin.length}` };
  }
  if (oin.startsWith(SUPPLIER_OIN_PREFIX)) {
    const match = SUPPLIER.exec(oin);
    if (!match) {
      return {
        ok: false,
        problem: 'a supplier OIN (prefix 00000003) is 00000003 + the 8-digit KvK number + 0000',
      };
    }
    if (match[1] === '00000000') return { ok: false, problem: 'a supplier OIN must carry a KvK number, not 00000000' };
  }
  return { ok: true };
}

/** The KvK number inside a supplier OIN, or undefined for other (or invalid) OINs. */
export function kvkNumberOf(oin: string): string | undefined {
  const match = SUPPLIER.exec(oin);
  return match && checkOin(oin).ok ? match[1] : undefined;
}
