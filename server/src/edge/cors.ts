// CORS as the browser edge SDK needs it: every site may call (the project uid is public, like Contentstack's own edge
// API), custom request headers allowed, and the user uid response header exposed — the SDK reads it after every
// manifest call, and a browser hides it unless it is listed.
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = [
  'Content-Type',
  'X-Project-Uid',
  'X-CS-Personalize-User-Uid',
  'X-Live-Attributes',
  'X-Page-Url',
  'X-User-Agent',
  'X-Lytics-Id-Field',
  'X-Lytics-Id-Value',
].join(', ');

export const edgeCors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'X-CS-Personalize-User-Uid');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, PATCH, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  next();
};
