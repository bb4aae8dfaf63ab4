import { RuleMatch, RuleReply } from './inbound.entities';

export const MAX_PATTERN = 100;

/** A rule ready to match: regexes compiled once when the account's rules are (re)loaded. */
export interface CompiledRule {
  id: string;
  matchType: RuleMatch;
  pattern: string;
  replyKind: RuleReply;
  replyText: string | null;
  priority: number;
  regex: RegExp | null;
}

export interface RuleHit {
  rule: CompiledRule;
  /** The search words for a product-search reply: a regex's first group, else the text without the keyword. */
  term: string;
}

/**
 * Why a regex is refused, or null. Patterns run inside the 5-second callback budget, so anything that can
 * backtrack exponentially is out: a quantified group that itself contains a quantifier ((a+)+, (a*)*,
 * (\w+\s?)*), and backreferences. Length is capped too.
 */
export function regexProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN) return `1 to ${MAX_PATTERN} characters`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed';
  const groups: boolean[] = []; // per open group: does it contain a quantifier?
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push(false);
    else if (c === ')') {
      const quantifiedInside = groups.pop();
      if (quantifiedInside === undefined) return 'unbalanced parentheses';
      if (quantifiedInside && isQuantifier(pattern, i + 1)) return 'nested quantifiers are not allowed';
      if (quantifiedInside && groups.length > 0) groups[groups.length - 1] = true;
    } else if (isQuantifier(pattern, i) && groups.length > 0) groups[groups.length - 1] = true;
  }
  try {
    new RegExp(pattern, 'i');
  } catch {
    return 'not a valid regular expression';
  }
  return null;
}

function isQuantifier(pattern: string, at: number): boolean {
  const c = pattern[at];
  if (c === '*' || c === '+') return true;
  // `?` after `(` is group syntax, not a quantifier; a lone `?` makes a group optional, which is harmless.
  return c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(at));
}

/** The first rule (by priority, then age) that matches the text. */
export function matchRule(rules: readonly CompiledRule[], text: string): RuleHit | null {
  const content = text.trim();
  const lower = content.toLowerCase();
  for (const rule of rules) {
    const keyword = rule.pattern.toLowerCase();
    if (rule.matchType === 'exact' && lower === keyword) return { rule, term: '' };
    if (rule.matchType === 'contains' && lower.includes(keyword)) {
      const at = lower.indexOf(keyword);
      return { rule, term: (content.slice(0, at) + ' ' + content.slice(at + keyword.length)).trim() };
    }
    if (rule.matchType === 'regex' && rule.regex) {
      const found = rule.regex.exec(content);
      if (found) return { rule, term: (found[1] ?? content.replace(found[0], ' ')).trim() };
    }
  }
  return null;
}
