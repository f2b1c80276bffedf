// What the server and the edge worker runtime share about edge decisions: the requests the edge API accepts and the
// table document `GET /edge/table` publishes. The worker runtime itself (worker/, which uses fetch and Web Crypto) is
// bundled on its own by `npm run build:edge` and is not part of this pure surface.
export * from './cors';
export * from './requests';
export * from './table-document';
