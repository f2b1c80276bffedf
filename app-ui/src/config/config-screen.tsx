/**
 * The app configuration location. Every edit is validated: `setValidity` tells the CMS whether it may save, and
 * valid drafts are handed over with `setInstallationData` (public part → configuration, HMAC secret →
 * serverConfiguration).
 */
import { Button, Field, FieldLabel, Heading, InstructionText, TextInput } from '@contentstack/venus-components';
import '@contentstack/venus-components/build/main.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { PersonalizeProject } from '../bridge/bridge-port';
import type { InstallationApi } from '../sdk/app-sdk';
import { useInstallation } from '../sdk/hooks';
import { usePorts } from '../ports/ports-context';
import { Empty, ErrorNotice, Loading } from '../ui/status';
import { draftFrom, REGIONS, validateDraft } from './config-model';
import type { ConfigDraft } from './config-model';
import '../ui/base.css';
import './config.css';

export default function ConfigLocation() {
  const installation = useInstallation();
  if (!installation) {
    return (
      <ErrorNotice title="Wrong location" reason="This page is the app configuration; the CMS opened it elsewhere." />
    );
  }
  return <ConfigScreen installation={installation} />;
}

type Listing<T> =
  { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; reason: string } | { kind: 'ready'; items: T[] };

function ConfigScreen({ installation }: { installation: InstallationApi }) {
  const { cma, bridge } = usePorts();
  const [draft, setDraft] = useState<ConfigDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [projects, setProjects] = useState<Listing<PersonalizeProject>>({ kind: 'idle' });
  const [contentTypes, setContentTypes] = useState<Listing<{ uid: string; title: string }>>({ kind: 'loading' });
  const [connection, setConnection] = useState<{ tone: 'ok' | 'error' | 'pending'; text: string } | null>(null);
  const touched = useRef(false);

  useEffect(() => {
    let live = true;
    installation.getInstallationData().then(
      (data) => live && setDraft(draftFrom(data)),
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : 'The CMS did not answer.'),
    );
    void cma.listContentTypes().then((answer) => {
      if (live)
        setContentTypes(answer.ok ? { kind: 'ready', items: answer.value } : { kind: 'failed', reason: answer.reason });
    });
    return () => {
      live = false;
    };
  }, [installation, cma]);

  const validation = useMemo(() => (draft ? validateDraft(draft) : null), [draft]);

  // Tell the CMS after every edit; the first render reports validity too so an empty install cannot be saved.
  useEffect(() => {
    if (!validation) return;
    if (validation.valid) {
      void installation.setValidity(true);
      if (touched.current) void installation.setInstallationData(validation.data);
    } else {
      void installation.setValidity(false, Object.values(validation.problems)[0] ?? 'The configuration is incomplete.');
    }
  }, [validation, installation]);

  const loadProjects = useCallback(async () => {
    if (!draft) return;
    setProjects({ kind: 'loading' });
    const answer = await bridge.personalizeProjects(draft.configuration.server_url, draft.configuration.region);
    setProjects(answer.ok ? { kind: 'ready', items: answer.value } : { kind: 'failed', reason: answer.reason });
  }, [bridge, draft]);

  if (loadError) return <ErrorNotice title="Could not read the installation" reason={loadError} />;
  if (!draft) return <Loading label="Loading the configuration…" />;

  const problems = validation && !validation.valid ? validation.problems : {};
  const update = (change: (d: ConfigDraft) => ConfigDraft) => {
    touched.current = true;
    setDraft((d) => (d ? change(d) : d));
  };
  const setConfig = <K extends keyof ConfigDraft['configuration']>(key: K, value: ConfigDraft['configuration'][K]) =>
    update((d) => ({ ...d, configuration: { ...d.configuration, [key]: value } }));
  const setMirror = <K extends keyof ConfigDraft['configuration']['mirror']>(
    key: K,
    value: ConfigDraft['configuration']['mirror'][K],
  ) =>
    update((d) => ({
      ...d,
      configuration: { ...d.configuration, mirror: { ...d.configuration.mirror, [key]: value } },
    }));

  const problem = (path: string) =>
    problems[path] ? (
      <p className="pb-field-problem" id={`${path}-problem`}>
        {problems[path]}
      </p>
    ) : null;
  const c = draft.configuration;

  async function testConnection() {
    setConnection({ tone: 'pending', text: 'Testing…' });
    const answer = await bridge.testConnection(c.server_url);
    if (!answer.ok) setConnection({ tone: 'error', text: answer.reason });
    else setConnection({ tone: answer.value.sessionOk ? 'ok' : 'error', text: answer.value.message });
  }

  return (
    <main className="pb-config">
      <Heading tagName="h1" text="Personalize Bridge configuration" />
      <InstructionText>
        Connects this stack to a Personalize project and to the Personalize Bridge server that mirrors experiences.
      </InstructionText>

      <section aria-label="Server">
        <h2>Server</h2>
        <Field>
          <FieldLabel htmlFor="server_url" required>
            Server URL
          </FieldLabel>
          {/* venus' TextInput names its input after `name` unless given an aria-label. */}
          <TextInput
            aria-label="Server URL"
            id="server_url"
            name="server_url"
            value={c.server_url}
            placeholder="https://bridge.example.com"
            error={Boolean(problems['configuration.server_url'])}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setConfig('server_url', e.target.value)}
          />
        </Field>
        {problem('configuration.server_url')}
        {/* venus' Button labels itself "aria-button" unless told otherwise: name it for screen readers. */}
        <Button
          buttonType="secondary"
          aria-label="Test connection"
          disabled={!c.server_url}
          onClick={() => void testConnection()}
        >
          Test connection
        </Button>
        {connection && (
          <p
            role={connection.tone === 'error' ? 'alert' : 'status'}
            className={`pb-message pb-message-${connection.tone}`}
          >
            {connection.text}
          </p>
        )}
      </section>

      <section aria-label="Personalize">
        <h2>Personalize project</h2>
        <div className="pb-field">
          <label htmlFor="region">Region</label>
          <select id="region" value={c.region} onChange={(e) => setConfig('region', e.target.value)}>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        {problem('configuration.region')}
        <div className="pb-field">
          <label htmlFor="project">Personalize project</label>
          {projects.kind === 'ready' && projects.items.length > 0 ? (
            <select
              id="project"
              value={c.personalize_project_uid}
              onChange={(e) => setConfig('personalize_project_uid', e.target.value)}
            >
              <option value="">Choose a project…</option>
              {projects.items.map((p) => (
                <option key={p.uid} value={p.uid}>
                  {p.name} ({p.uid})
                </option>
              ))}
            </select>
          ) : (
            <input
              id="project"
              type="text"
              value={c.personalize_project_uid}
              placeholder="Project uid"
              onChange={(e) => setConfig('personalize_project_uid', e.target.value)}
            />
          )}
        </div>
        {problem('configuration.personalize_project_uid')}
        <Button
          buttonType="secondary"
          aria-label="Load projects"
          disabled={!c.server_url || projects.kind === 'loading'}
          onClick={() => void loadProjects()}
        >
          Load projects
        </Button>
        {projects.kind === 'loading' && <Loading label="Loading projects…" />}
        {projects.kind === 'failed' && <ErrorNotice title="Could not list projects" reason={projects.reason} />}
        {projects.kind === 'ready' && projects.items.length === 0 && (
          <Empty>No project is connected to this stack.</Empty>
        )}
      </section>

      <section aria-label="Mirror policies">
        <h2>Mirror policies</h2>
        <p className="pb-meta">
          Personalize makes and names each experience&apos;s variant group; the app never creates, renames or deletes
          groups or variants. It links content types and reports what it sees.
        </p>
        <div className="pb-field">
          <label htmlFor="deleted_experience">When an experience is deleted</label>
          <select
            id="deleted_experience"
            value={c.mirror.deleted_experience}
            onChange={(e) => setMirror('deleted_experience', e.target.value)}
          >
            <option value="keep">Keep its variant group and report it</option>
            <option value="unlink-content-types">Also unlink its content types</option>
          </select>
        </div>
        {problem('configuration.mirror.deleted_experience')}
        <fieldset className="pb-field-group">
          <legend>Content types to link to every group Personalize makes</legend>
          {contentTypes.kind === 'loading' && <Loading label="Loading content types…" />}
          {contentTypes.kind === 'failed' && (
            <ErrorNotice title="Could not list content types" reason={contentTypes.reason} />
          )}
          {contentTypes.kind === 'ready' && contentTypes.items.length === 0 && (
            <Empty>This stack has no content types.</Empty>
          )}
          {contentTypes.kind === 'ready' &&
            contentTypes.items.map((ct) => (
              <div key={ct.uid} className="pb-field pb-field-inline">
                <input
                  id={`auto-link-${ct.uid}`}
                  type="checkbox"
                  checked={c.mirror.auto_link_content_types.includes(ct.uid)}
                  onChange={(e) =>
                    setMirror(
                      'auto_link_content_types',
                      e.target.checked
                        ? [...c.mirror.auto_link_content_types, ct.uid]
                        : c.mirror.auto_link_content_types.filter((u) => u !== ct.uid),
                    )
                  }
                />
                <label htmlFor={`auto-link-${ct.uid}`}>{ct.title}</label>
              </div>
            ))}
        </fieldset>
      </section>

      <section aria-label="Webhook security">
        <h2>Webhook security</h2>
        <div className="pb-field">
          <label htmlFor="hmac">Organization webhook HMAC secret (optional; stays on the server)</label>
          <input
            id="hmac"
            type="password"
            autoComplete="new-password"
            value={draft.serverConfiguration.webhook_hmac_secret}
            onChange={(e) => update((d) => ({ ...d, serverConfiguration: { webhook_hmac_secret: e.target.value } }))}
          />
        </div>
        {problem('serverConfiguration.webhook_hmac_secret')}
        <InstructionText>
          If your organization signs its webhooks with an HMAC secret, enter it here: the server then refuses this
          stack&apos;s webhooks that do not carry a valid signature made with it. Leave it empty otherwise.
        </InstructionText>
      </section>
      <p role="status" className={validation?.valid ? 'pb-message pb-message-ok' : 'pb-message pb-message-error'}>
        {validation?.valid ? 'Configuration is valid.' : `Not saved yet: ${Object.values(problems)[0] ?? ''}`}
      </p>
    </main>
  );
}
