/**
 * The subset of MLflow's search filter and order_by grammar the emulator
 * understands: `<entity>.<key> <op> <value>` clauses joined by AND, where entity
 * is metrics/metric, params/param, tags/tag or attributes/attribute (a bare key
 * is an attribute), keys may be quoted with "double quotes" or `backticks`,
 * values are numbers or 'quoted' strings, and ops are = != > >= < <= LIKE ILIKE
 * IN and NOT IN.
 */

/** Raised for input MLflow rejects with INVALID_PARAMETER_VALUE. */
export class InvalidParameterError extends Error {}

export type FilterEntity = 'metric' | 'param' | 'tag' | 'attribute';

export interface FilterClause {
  entity: FilterEntity;
  key: string;
  op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';
  value: string | number | string[];
}

export interface OrderClause {
  entity: FilterEntity;
  key: string;
  ascending: boolean;
}

type Token =
  | { kind: 'ident'; entity: FilterEntity; key: string }
  | { kind: 'op'; op: FilterClause['op'] }
  | { kind: 'and' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'punct'; value: '(' | ')' | ',' };

const ENTITIES: Record<string, FilterEntity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
};

function parseIdent(text: string, at: number): { token: Token; end: number } {
  const word = /^[A-Za-z_][\w]*/.exec(text.slice(at));
  if (!word) {
    throw new InvalidParameterError(`Invalid filter at position ${at}`);
  }
  let end = at + word[0].length;
  const entity = ENTITIES[word[0].toLowerCase()];
  if (entity && text[end] === '.') {
    end += 1;
    const quote = text[end];
    if (quote === '"' || quote === '`') {
      const close = text.indexOf(quote, end + 1);
      if (close < 0) {
        throw new InvalidParameterError(`Unterminated quoted key in filter`);
      }
      return {
        token: { kind: 'ident', entity, key: text.slice(end + 1, close) },
        end: close + 1,
      };
    }
    const key = /^[\w\-./:]+/.exec(text.slice(end));
    if (!key) {
      throw new InvalidParameterError(`Missing key after '${word[0]}.'`);
    }
    return {
      token: { kind: 'ident', entity, key: key[0] },
      end: end + key[0].length,
    };
  }
  return {
    token: { kind: 'ident', entity: 'attribute', key: word[0] },
    end,
  };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const keyword = /^(NOT\s+IN|ILIKE|LIKE|IN|AND)\b/i.exec(rest);
    if (keyword) {
      const upper = keyword[1].toUpperCase().replace(/\s+/, ' ');
      tokens.push(
        upper === 'AND'
          ? { kind: 'and' }
          : { kind: 'op', op: upper as FilterClause['op'] },
      );
      i += keyword[0].length;
      continue;
    }
    const op = /^(>=|<=|!=|=|>|<)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', op: op[1] as FilterClause['op'] });
      i += op[0].length;
      continue;
    }
    if (rest[0] === "'" || rest[0] === '"') {
      const close = text.indexOf(rest[0], i + 1);
      if (close < 0) {
        throw new InvalidParameterError(`Unterminated string in filter`);
      }
      tokens.push({ kind: 'string', value: text.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    const num = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (rest[0] === '(' || rest[0] === ')' || rest[0] === ',') {
      tokens.push({ kind: 'punct', value: rest[0] });
      i += 1;
      continue;
    }
    const ident = parseIdent(text, i);
    tokens.push(ident.token);
    i = ident.end;
  }
  return tokens;
}

/** Parses a search filter; an empty or missing filter matches everything. */
export function parseFilter(filter: string | undefined): FilterClause[] {
  if (!filter || !filter.trim()) {
    return [];
  }
  const tokens = tokenize(filter);
  const clauses: FilterClause[] = [];
  let i = 0;
  for (;;) {
    const ident = tokens[i];
    const op = tokens[i + 1];
    if (ident?.kind !== 'ident' || op?.kind !== 'op') {
      throw new InvalidParameterError(
        `Invalid filter '${filter}': expected <entity>.<key> <operator> <value>`,
      );
    }
    i += 2;
    let value: FilterClause['value'];
    if (op.op === 'IN' || op.op === 'NOT IN') {
      if (tokens[i]?.kind !== 'punct') {
        throw new InvalidParameterError(`Expected a list after ${op.op}`);
      }
      const list: string[] = [];
      i += 1;
      for (;;) {
        const t = tokens[i];
        i += 1;
        if (t?.kind === 'punct' && t.value === ')') break;
        if (t?.kind === 'string') list.push(t.value);
        else if (t?.kind !== 'punct' || t.value !== ',') {
          throw new InvalidParameterError(`Invalid value list in filter`);
        }
      }
      value = list;
    } else {
      const v = tokens[i];
      if (v?.kind !== 'string' && v?.kind !== 'number') {
        throw new InvalidParameterError(
          `Invalid filter '${filter}': missing value after ${op.op}`,
        );
      }
      value = v.value;
      i += 1;
    }
    clauses.push({ entity: ident.entity, key: ident.key, op: op.op, value });
    if (i >= tokens.length) {
      return clauses;
    }
    if (tokens[i].kind !== 'and') {
      throw new InvalidParameterError(
        `Invalid filter '${filter}': clauses must be joined with AND`,
      );
    }
    i += 1;
  }
}

/** Parses `order_by` entries such as `metrics.rmse DESC` or `start_time`. */
export function parseOrderBy(orderBy: string[] | undefined): OrderClause[] {
  return (orderBy ?? []).map(entry => {
    const match = /^(.*?)(?:\s+(ASC|DESC))?\s*$/i.exec(entry.trim());
    const tokens = tokenize(match?.[1] ?? '');
    if (tokens.length !== 1 || tokens[0].kind !== 'ident') {
      throw new InvalidParameterError(`Invalid order_by clause '${entry}'`);
    }
    return {
      entity: tokens[0].entity,
      key: tokens[0].key,
      ascending: (match?.[2] ?? 'ASC').toUpperCase() === 'ASC',
    };
  });
}

function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .split('')
    .map(c => {
      if (c === '%') return '.*';
      if (c === '_') return '.';
      return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

/** Whether one value satisfies one clause; `undefined` (absent key) never matches. */
export function matchesClause(
  clause: FilterClause,
  actual: string | number | undefined,
): boolean {
  if (actual === undefined) {
    return false;
  }
  const { op, value } = clause;
  switch (op) {
    case 'IN':
      return (value as string[]).includes(String(actual));
    case 'NOT IN':
      return !(value as string[]).includes(String(actual));
    case 'LIKE':
    case 'ILIKE':
      return likeToRegExp(String(value), op === 'ILIKE').test(String(actual));
    default:
  }
  if (typeof actual === 'number') {
    if (typeof value !== 'number') {
      throw new InvalidParameterError(
        `Expected a numeric value for ${clause.entity} '${clause.key}', got '${value}'`,
      );
    }
    switch (op) {
      case '=':
        return actual === value;
      case '!=':
        return actual !== value;
      case '>':
        return actual > value;
      case '>=':
        return actual >= value;
      case '<':
        return actual < value;
      default:
        return actual <= value;
    }
  }
  if (op === '=') return actual === String(value);
  if (op === '!=') return actual !== String(value);
  throw new InvalidParameterError(
    `Invalid comparator '${op}' for string ${clause.entity} '${clause.key}'; only =, !=, LIKE, ILIKE and IN are supported`,
  );
}
