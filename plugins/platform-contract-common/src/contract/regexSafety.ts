/**
 * Why a regular expression may take exponential time on a crafted input, or
 * undefined when it looks safe. Checks what makes JavaScript's backtracking
 * engine blow up in practice (the star height of safe-regex): a repeated
 * group that itself contains a repetition, e.g. `(a+)+` or `(\w*,?)*`, and
 * backreferences. A conservative check: some safe patterns are refused too,
 * and they can always be written without nesting.
 */
export function catastrophicRegexReason(pattern: string): string | undefined {
  // Per open group: whether something inside it repeats.
  const groups: boolean[] = [];
  // Whether the atom just closed contains a repetition (a group's content).
  let lastAtomRepeats = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') {
        return 'it uses a backreference';
      }
      i++;
      lastAtomRepeats = false;
    } else if (char === '[') {
      // A character class is one atom; skip to its closing bracket.
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) {
        if (pattern[i] === '\\') i++;
      }
      lastAtomRepeats = false;
    } else if (char === '(') {
      groups.push(false);
      lastAtomRepeats = false;
    } else if (char === ')') {
      lastAtomRepeats = groups.pop() ?? false;
      // A group with a repetition inside makes its parent contain one too.
      if (lastAtomRepeats && groups.length > 0) {
        groups[groups.length - 1] = true;
      }
    } else if (char === '*' || char === '+' || isRangeQuantifier(pattern, i)) {
      if (char === '{') i = pattern.indexOf('}', i);
      if (lastAtomRepeats) {
        return 'a repeated group contains a repetition (nested quantifiers such as (a+)+)';
      }
      if (groups.length > 0) groups[groups.length - 1] = true;
      lastAtomRepeats = false;
    } else {
      lastAtomRepeats = false;
    }
  }
  return undefined;
}

/** `{n,}` or `{n,m}` at `index`: a repetition (`{n}` repeats a fixed number of times). */
function isRangeQuantifier(pattern: string, index: number) {
  return /^\{\d+,\d*\}/.test(pattern.slice(index, index + 24));
}
