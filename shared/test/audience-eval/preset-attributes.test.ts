import { describe, expect, it } from 'vitest';
import { classifyUserAgent, parseQueryParameters, presetAttributesFromRequest, userAgentCases } from './subject';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('classifyUserAgent', () => {
  it.each(userAgentCases.cases)('$name → $deviceType / $operatingSystem', (c) => {
    expect(classifyUserAgent(c.userAgent)).toEqual({
      deviceType: c.deviceType,
      operatingSystem: c.operatingSystem,
    });
  });

  it('gives nothing for an absent or blank UA', () => {
    expect(classifyUserAgent(undefined)).toBeUndefined();
    expect(classifyUserAgent('  ')).toBeUndefined();
  });
});

describe('presetAttributesFromRequest', () => {
  it.each([
    ['cf-ipcountry', 'de'],
    ['x-vercel-ip-country', 'DE'],
    ['cloudfront-viewer-country', 'DE'],
    ['x-country-code', 'DE'],
    ['x-appengine-country', 'DE'],
  ])('reads the country from %s, upper-cased', (name, value) => {
    expect(presetAttributesFromRequest({ headers: { [name]: value }, now: NOW }).COUNTRY).toBe('DE');
  });

  it('treats CDN placeholders for "unknown" as missing', () => {
    for (const unknown of ['XX', 'T1', 'ZZ', '']) {
      expect(presetAttributesFromRequest({ headers: { 'cf-ipcountry': unknown }, now: NOW })).not.toHaveProperty(
        'COUNTRY',
      );
    }
  });

  it('reads region and city, decoding URL-encoded names', () => {
    const preset = presetAttributesFromRequest({
      headers: { 'x-vercel-ip-country-region': 'SP', 'x-vercel-ip-city': 'S%C3%A3o%20Paulo' },
      now: NOW,
    });
    expect(preset.REGION).toBe('SP');
    expect(preset.CITY).toBe('São Paulo');
    const cloudfront = presetAttributesFromRequest({
      headers: { 'cloudfront-viewer-country-region': 'BE', 'cloudfront-viewer-city': 'Berlin' },
      now: NOW,
    });
    expect(cloudfront.REGION).toBe('BE');
    expect(cloudfront.CITY).toBe('Berlin');
  });

  it('takes the first header value when a header repeats', () => {
    expect(presetAttributesFromRequest({ headers: { 'cf-ipcountry': ['FR', 'DE'] }, now: NOW }).COUNTRY).toBe('FR');
  });

  it('classifies the User-Agent and lets client hints override the platform and mobility', () => {
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
    expect(presetAttributesFromRequest({ headers: { 'user-agent': iphone }, now: NOW })).toMatchObject({
      DEVICE_TYPE: 'MOBILE',
      OPERATING_SYSTEM: 'IOS',
    });
    const frozenChromeUa =
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
    const withHints = presetAttributesFromRequest({
      headers: { 'user-agent': frozenChromeUa, 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"' },
      now: NOW,
    });
    expect(withHints).toMatchObject({ DEVICE_TYPE: 'MOBILE', OPERATING_SYSTEM: 'ANDROID' });
  });

  it('takes the referrer, the page URL query and the time', () => {
    const preset = presetAttributesFromRequest({
      headers: { referer: 'https://www.google.com/', 'x-page-url': 'https://shop.example/p?utm_source=Google&x=1' },
      now: NOW,
    });
    expect(preset.REFERRER).toBe('https://www.google.com/');
    expect(preset.QUERY_PARAMETERS?.values).toEqual({ utm_source: 'Google', x: '1' });
    expect(preset.QUERY_PARAMETERS?.pairs.has('utm_source=google')).toBe(true);
    expect(preset.DATE_AND_TIME).toBe(NOW);
  });

  it('prefers an explicit page URL over the header', () => {
    const preset = presetAttributesFromRequest({
      headers: { 'x-page-url': 'https://a.example/?from=header' },
      pageUrl: 'https://a.example/?from=argument',
      now: NOW,
    });
    expect(preset.QUERY_PARAMETERS?.values).toEqual({ from: 'argument' });
  });

  it('leaves out what the request does not tell', () => {
    expect(presetAttributesFromRequest({ headers: {}, now: NOW })).toEqual({ DATE_AND_TIME: NOW });
  });
});

describe('parseQueryParameters', () => {
  it('decodes keys and values, keeps the first of repeated keys, and survives bad escapes', () => {
    const q = parseQueryParameters('http://example.com/example?abc=pqr&par%3F%3Dam2=value2&abc=again&bad=%E0%A4%A');
    expect(q.values).toEqual({ abc: 'pqr', 'par?=am2': 'value2', bad: '%E0%A4%A' });
    expect(q.pairs.has('abc=again')).toBe(true);
    expect(q.keys.has('par?=am2')).toBe(true);
  });

  it('accepts a bare query with or without "?" and ignores the fragment', () => {
    expect(parseQueryParameters('a=1&b').values).toEqual({ a: '1', b: '' });
    expect(parseQueryParameters('?a=1#frag').values).toEqual({ a: '1' });
    expect(parseQueryParameters('').pairs.size).toBe(0);
  });
});
