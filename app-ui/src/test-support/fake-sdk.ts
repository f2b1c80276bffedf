/** A fake `AppSdk` for component tests: the CMS side is in-memory, and tests fire the editor's events. */
import type { AppSdk, ContentTypeInfo, InstallationData, LocationKind } from '../sdk/app-sdk';
import type { JsonObject } from '@pb/shared/cms/entry-path';

export interface FakeSdk extends AppSdk {
  fireSave(entry: JsonObject): void;
  fireChange(draft: JsonObject): void;
  validity: { isValid: boolean; message: string | undefined }[];
  saved: InstallationData[];
}

export function fakeSdk(options: {
  location: LocationKind;
  entry?: JsonObject;
  contentType?: ContentTypeInfo;
  installation?: InstallationData;
  config?: JsonObject;
  appToken?: string | null;
}): FakeSdk {
  let entryData = options.entry ?? {};
  const saveListeners = new Set<(e: JsonObject) => void>();
  const changeListeners = new Set<(e: JsonObject) => void>();
  const validity: FakeSdk['validity'] = [];
  const saved: InstallationData[] = [];
  let installationData = options.installation ?? { configuration: {}, serverConfiguration: {} };
  return {
    location: options.location,
    stackApiKey: 'blt_stack',
    cmaBase: 'https://api.contentstack.io',
    userUid: 'user_1',
    appToken: options.appToken ?? null,
    entry:
      options.location === 'sidebar'
        ? {
            contentType: options.contentType ?? { uid: 'ct', title: 'CT', schema: [] },
            locale: 'en-us',
            getData: () => entryData,
            onSave: (l) => {
              saveListeners.add(l);
              return () => saveListeners.delete(l);
            },
            onChange: (l) => {
              changeListeners.add(l);
              return () => changeListeners.delete(l);
            },
          }
        : null,
    installation:
      options.location === 'config'
        ? {
            getInstallationData: () => Promise.resolve(installationData),
            setInstallationData: (data) => {
              installationData = data;
              saved.push(data);
              return Promise.resolve();
            },
            setValidity: (isValid, message) => {
              validity.push({ isValid, message });
              return Promise.resolve();
            },
          }
        : null,
    getConfig: () => Promise.resolve(options.config ?? {}),
    hostRequest: () => Promise.reject(new Error('component tests use fake ports')),
    fireSave(entry) {
      entryData = entry;
      saveListeners.forEach((l) => l(entry));
    },
    fireChange(draft) {
      changeListeners.forEach((l) => l(draft));
    },
    validity,
    saved,
  };
}
