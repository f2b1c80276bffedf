/**
 * The app configuration location. Every edit is validated: `setValidity` tells the CMS whether it may save, and
 * valid drafts are handed over with `setInstallationData` (public part → configuration, HMAC secret →
 * serverConfiguration).
 */
import {
  Button,
  Checkbox,
  Field,
  FieldLabel,
  Heading,
  InstructionText,
  TextInput,
} from '@contentstack/venus-components';
import '@contentstack/venus-components/build/main.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import type { PersonalizeProject } from '../bridge/bridge-port';
import type { InstallationApi } from '../sdk/app-sdk';
import { useInstallation } from '../sdk/hooks';
import { usePorts } from '../ports/ports-context';
import { Empty, Loading } from '../ui/status';
import { FailureNotice, Notice } from '../venus/notice';
import { LabelledSelect } from '../venus/labelled-select';
import { draftFrom, REGIONS, validateDraft } from './config-model';
import type { ConfigDraft } from './config-model';
import '../ui/base.css';
import './config.css';

export default function ConfigLocation() {
  const installation = useInstallation();
  if (!installation) {
    return (
      <FailureNotice title="Wrong location" reason="This page is the app configuration; the CMS opened it elsewhere." />
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

  if (loadError) return <FailureNotice title="Could not read the installation" reason={loadError} />;
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
          <Notice
            tone={connection.tone === 'ok' ? 'success' : connection.tone === 'error' ? 'error' : 'info'}
            live={connection.tone === 'error' ? 'alert' : 'status'}
          >
            {connection.text}
          </Notice>
        )}
      </section>

      <section aria-label="Personalize">
        <h2>Personalize project</h2>
        <LabelledSelect
          label="Region"
          value={c.region}
          options={REGIONS.map((r) => ({ label: r, value: r }))}
          onChange={(value) => setConfig('region', value)}
        />
        {problem('configuration.region')}
        {projects.kind === 'ready' && projects.items.length > 0 ? (
          <LabelledSelect
            label="Personalize project"
            value={c.personalize_project_uid}
            placeholder="Choose a project…"
            options={projects.items.map((p) => ({ label: `${p.name} (${p.uid})`, value: p.uid }))}
            error={Boolean(problems['configuration.personalize_project_uid'])}
            onChange={(value) => setConfig('personalize_project_uid', value)}
          />
        ) : (
          <Field>
            <FieldLabel htmlFor="project">Personalize project</FieldLabel>
            <TextInput
              aria-label="Personalize project"
              id="project"
              name="project"
              value={c.personalize_project_uid}
              placeholder="Project uid"
              error={Boolean(problems['configuration.personalize_project_uid'])}
              onChange={(e: ChangeEvent<HTMLInputElement>) => setConfig('personalize_project_uid', e.target.value)}
            />
          </Field>
        )}
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
        {projects.kind === 'failed' && <FailureNotice title="Could not list projects" reason={projects.reason} />}
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
        <LabelledSelect
          label="When an experience is deleted"
          value={c.mirror.deleted_experience}
          options={[
            { label: 'Keep its variant group and report it', value: 'keep' },
            { label: 'Also unlink its content types', value: 'unlink-content-types' },
          ]}
          onChange={(value) => setMirror('deleted_experience', value)}
        />
        {problem('configuration.mirror.deleted_experience')}
        <fieldset className="pb-field-group">
          <legend>Content types to link to every group Personalize makes</legend>
          {contentTypes.kind === 'loading' && <Loading label="Loading content types…" />}
          {contentTypes.kind === 'failed' && (
            <FailureNotice title="Could not list content types" reason={contentTypes.reason} />
          )}
          {contentTypes.kind === 'ready' && contentTypes.items.length === 0 && (
            <Empty>This stack has no content types.</Empty>
          )}
          {contentTypes.kind === 'ready' &&
            contentTypes.items.map((ct) => (
              <div key={ct.uid} className="pb-field pb-field-inline">
                {/* No id: venus would put it on both the label and the input. The label wraps the input instead. */}
                <Checkbox
                  label={ct.title}
                  checked={c.mirror.auto_link_content_types.includes(ct.uid)}
                  onChange={(e: ChangeEvent<HTMLInputElement>) =>
                    setMirror(
                      'auto_link_content_types',
                      e.target.checked
                        ? [...c.mirror.auto_link_content_types, ct.uid]
                        : c.mirror.auto_link_content_types.filter((u) => u !== ct.uid),
                    )
                  }
                />
              </div>
            ))}
        </fieldset>
      </section>

      <section aria-label="Webhook security">
        <h2>Webhook security</h2>
        <Field>
          <FieldLabel htmlFor="hmac">Organization webhook HMAC secret (optional; stays on the server)</FieldLabel>
          <TextInput
            aria-label="Organization webhook HMAC secret (optional; stays on the server)"
            id="hmac"
            name="hmac"
            type="password"
            placeholder="Leave empty unless your organization signs its webhooks"
            autoComplete="new-password"
            value={draft.serverConfiguration.webhook_hmac_secret}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              update((d) => ({ ...d, serverConfiguration: { webhook_hmac_secret: e.target.value } }))
            }
          />
        </Field>
        {problem('serverConfiguration.webhook_hmac_secret')}
        <InstructionText>
          If your organization signs its webhooks with an HMAC secret, enter it here: the server then refuses this
          stack&apos;s webhooks that do not carry a valid signature made with it. Leave it empty otherwise.
        </InstructionText>
      </section>
      <Notice tone={validation?.valid ? 'success' : 'warning'} live="status">
        {validation?.valid ? 'Configuration is valid.' : `Not saved yet: ${Object.values(problems)[0] ?? ''}`}
      </Notice>
    </main>
  );
}
