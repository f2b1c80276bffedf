// The edge API's cross-origin rules, as data: the server's edge routes and the edge worker runtime answer with the
// same headers, so the browser SDK sees one API wherever it is pointed. Every site may call (the project uid is
// public, like Contentstack's own edge API), the SDK's custom request headers are allowed, and the user uid response
// header is exposed: the SDK reads it after every manifest call, and a browser hides it unless it is listed.

/** The response header that carries the visitor's uid (the SDK keeps it for every later call). */
export const USER_UID_HEADER = 'X-CS-Personalize-User-Uid';

/** On every edge answer. */
export const EDGE_CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': USER_UID_HEADER,
};

/** On the answer to a preflight (OPTIONS), besides EDGE_CORS_HEADERS. */
export const EDGE_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-methods': 'GET, PATCH, POST, OPTIONS',
  'access-control-allow-headers': [
    'Content-Type',
    'X-Project-Uid',
    'X-CS-Personalize-User-Uid',
    'X-Live-Attributes',
    'X-Page-Url',
    'X-User-Agent',
    'X-Lytics-Id-Field',
    'X-Lytics-Id-Value',
  ].join(', '),
  'access-control-max-age': '86400',
};
