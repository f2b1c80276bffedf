// What the edge API accepts: the schemas live in @pb/shared (shared/src/edge-runtime/requests.ts) because the edge
// worker runtime validates the same headers and must refuse them with the same words.
export {
  attributeValueSchema,
  describeEdgeIssue as describeIssues,
  ingestEventSchema,
  ingestEventsSchema,
  liveAttributesSchema,
  mergeBodySchema,
  projectUidSchema,
  userAttributesSchema,
  userUidSchema,
  type IngestEvent,
  type UserAttributes,
} from '@pb/shared';
