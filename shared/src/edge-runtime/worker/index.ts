// The edge worker runtime's public surface: what `npm run build:edge` bundles into
// dist/edge/personalize-bridge-edge.mjs (one file, no Node built-ins, no imports).
export { USER_UID_HEADER } from '../cors';
export { createEdgeHandler } from './handler';
export type { EdgeContext, EdgeHandler, EdgeHandlerOptions } from './handler';
export { EdgeTableSource, EdgeTableUnavailable, tableUrl } from './table-source';
export type { EdgeConnection, LoadedTable, TableSourceOptions } from './table-source';
export { EDGE_TABLE_FORMAT } from '../table-document';
export type { EdgeTableDocument } from '../table-document';
