/**
 * The fields an expression reads: what the reference interpreter enumerates value combinations over
 * for a script leaf, and what `explain` shows the values of.
 */
import type { Expr } from './ast.js';

/** The distinct field names `expr` reads, in the order they first appear. */
export function fieldsOfExpr(expr: Expr): string[] {
  const out = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'field':
        out.add(e.name);
        return;
      case 'not':
      case 'unary':
        visit(e.operand);
        return;
      case 'and':
      case 'or':
        e.operands.forEach(visit);
        return;
      case 'compare':
      case 'arith':
        visit(e.left);
        visit(e.right);
        return;
      case 'in':
        visit(e.operand);
        e.values.forEach(visit);
        return;
      case 'pattern':
        visit(e.operand);
        e.patterns.forEach(visit);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'literal':
      case 'lineage':
        return;
    }
  };
  visit(expr);
  return [...out];
}
