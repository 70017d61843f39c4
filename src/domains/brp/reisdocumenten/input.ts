// The arguments of a reisdocumenten question, checked before any call.
import { badInput } from '../input.ts';

/** The spec's pattern: nine capitals or digits. */
export function checkReisdocumentnummer(argument: string, value: string): string {
  if (!/^[A-Z0-9]{9}$/.test(value)) throw badInput(argument, `${argument} must be 9 capital letters or digits`);
  return value;
}
