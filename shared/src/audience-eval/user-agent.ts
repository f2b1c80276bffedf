// A small table-driven User-Agent classifier: device type and operating system are all the audience grammar asks
// of the UA, so a full parser (and its 50 KB of regexes) is not worth its weight on the decision path.
// Order matters: the first matching row wins, so more specific patterns come first (iPadOS in desktop mode, Android
// tablets vs phones, Windows Phone before Windows, Chrome OS before Linux).
import type { DeviceType, OperatingSystem } from './context';

const OS_TABLE: readonly (readonly [RegExp, OperatingSystem])[] = [
  [/windows phone/i, 'OTHER'],
  [/iphone|ipad|ipod|\bios\b|cfnetwork|darwin.*mobile/i, 'IOS'],
  [/android/i, 'ANDROID'],
  [/\bcros\b|chromeos/i, 'CHROME_OS'],
  [/windows|win32|win64/i, 'WINDOWS'],
  [/macintosh|mac os x|macos/i, 'MACOS'],
  [/linux|x11|ubuntu|fedora/i, 'LINUX'],
];

const TABLET = /ipad|tablet|kindle|silk\/|playbook|nexus (7|9|10)|sm-t\d/i;
const MOBILE = /mobi|iphone|ipod|windows phone|blackberry|opera mini|iemobile|\bwpdesktop\b/i;

export interface UserAgentClass {
  readonly deviceType: DeviceType;
  readonly operatingSystem: OperatingSystem;
}

/** Device type and OS of a User-Agent string; undefined when there is no UA to read. */
export function classifyUserAgent(userAgent: string | undefined): UserAgentClass | undefined {
  if (userAgent === undefined || userAgent.trim() === '') return undefined;
  let operatingSystem: OperatingSystem = 'OTHER';
  for (const [pattern, os] of OS_TABLE) {
    if (pattern.test(userAgent)) {
      operatingSystem = os;
      break;
    }
  }
  let deviceType: DeviceType = 'DESKTOP';
  if (TABLET.test(userAgent)) deviceType = 'TABLET';
  // Android phones say "Mobile"; Android tablets do not.
  else if (MOBILE.test(userAgent)) deviceType = 'MOBILE';
  else if (operatingSystem === 'ANDROID') deviceType = 'TABLET';
  return { deviceType, operatingSystem };
}
