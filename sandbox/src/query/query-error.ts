/**
 * A query the sandbox refuses, with the operator (or parameter) it names. Kept free of HTTP so the evaluator stays
 * pure; each API turns it into its own envelope and status (CMA 422, CDA 400).
 */
export class QueryError extends Error {
  constructor(
    message: string,
    /** The operator or parameter at fault, e.g. `$elemMatch` or `asc`. */
    readonly operator: string,
    /** The request parameter it came in: `query` for the query language, else the list parameter itself. */
    readonly parameter = 'query',
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
