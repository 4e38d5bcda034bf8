/**
 * Renders an expression tree as an S-expression (`(and (== a 1) (not b))`) so that grammar tables can
 * state the exact tree compactly. Strings are JSON-quoted, fields are bare (`?` kept), numbers as values.
 */
import type { EventQuery, Expr, Query, Stage } from '../../../src/eql/ast.js';

export function sexpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'field':
      return `${expr.optional ? '?' : ''}${expr.name}`;
    case 'and':
    case 'or':
      return `(${expr.kind} ${expr.operands.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(expr.operand)})`;
    case 'compare':
    case 'arith':
      return `(${expr.op} ${sexpr(expr.left)} ${sexpr(expr.right)})`;
    case 'unary':
      return `(${expr.op} ${sexpr(expr.operand)})`;
    case 'in':
      return `(${expr.negated ? 'not-' : ''}in${expr.caseInsensitive ? '~' : ''} ${sexpr(expr.operand)} ${expr.values.map(sexpr).join(' ')})`;
    case 'pattern':
      return `(${expr.op}${expr.op !== ':' && expr.caseInsensitive ? '~' : ''} ${sexpr(expr.operand)} ${expr.patterns.map(sexpr).join(' ')})`;
    case 'call':
      return `(${expr.name}${expr.caseInsensitive ? '~' : ''}${expr.args.map((a) => ` ${sexpr(a)}`).join('')})`;
    case 'lineage':
      return `(${expr.relation}-of ${eventSexpr(expr.query)})`;
  }
}

export function eventSexpr(query: EventQuery): string {
  return `[${query.category ?? 'any'} ${sexpr(query.condition)}]`;
}

function stageSexpr(stage: Stage): string {
  const by = stage.by.length > 0 ? ` by ${stage.by.map(sexpr).join(',')}` : '';
  const runs = stage.runs !== null ? ` runs=${stage.runs}` : '';
  return `${stage.missing ? '!' : ''}${eventSexpr(stage.query)}${by}${runs}`;
}

export function querySexpr(query: Query): string {
  switch (query.kind) {
    case 'event':
      return eventSexpr(query);
    case 'sequence': {
      const by = query.by.length > 0 ? ` by ${query.by.map(sexpr).join(',')}` : '';
      const span = query.maxspan !== null ? ` maxspan=${query.maxspan.value}${query.maxspan.unit ?? ''}` : '';
      const until = query.until !== null ? ` until ${stageSexpr(query.until)}` : '';
      return `(sequence${by}${span} ${query.stages.map(stageSexpr).join(' ')}${until})`;
    }
    case 'sample': {
      const by = query.by.length > 0 ? ` by ${query.by.map(sexpr).join(',')}` : '';
      return `(sample${by} ${query.stages.map(stageSexpr).join(' ')})`;
    }
    case 'join': {
      const by = query.by.length > 0 ? ` by ${query.by.map(sexpr).join(',')}` : '';
      const until = query.until !== null ? ` until ${stageSexpr(query.until)}` : '';
      return `(join${by} ${query.stages.map(stageSexpr).join(' ')}${until})`;
    }
  }
}
