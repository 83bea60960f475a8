/**
 * Ends a sentence with a full stop, unless it already ends with one: a Russian date ends in "г."
 * ("31 марта 2030 г."), and a sentence closing on it must not read "2030 г..".
 */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
