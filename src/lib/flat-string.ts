/**
 * A copy of `text` in one piece. V8 keeps a string built by concatenation (a template literal) as
 * a tree of its parts, ~32 bytes a node, even once it has been used as a map key; a string kept
 * for as long as an object lives is worth copying flat once. The JSON round trip keeps every
 * code unit, lone surrogates included.
 */
export function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
