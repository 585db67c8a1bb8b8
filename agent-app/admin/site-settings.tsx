// A site's settings, on one form saved at once: its name and language, who answers, how the chat looks
// (with the launcher as customers will see it), where it may run (and where it was refused lately),
// its business hours and its pre-chat form. The server checks everything again; what it refuses is
// said beside the Save button.
import { h, type JSX } from 'preact'
import { useRef, useState } from 'preact/hooks'
import type { RoutingPolicy } from '../../protocol/enums.ts'
import { GREETING_MAX_CHARS, NAME_MAX_CHARS, PRE_CHAT_FIELDS_MAX } from '../../protocol/limits.ts'
import type { SiteView } from '../../protocol/rest/sites.ts'
import { readableOn } from '../../widget/contrast.ts'
import type { Auth } from '../auth.ts'
import { HoursEditor } from './hours-editor.tsx'
import { SaveStatus, useSaving } from './kit.tsx'
import { parseOrigins } from './origins.ts'
import { RefusedOrigins } from './refused-origins.tsx'
import { sortedHours } from './week-hours.ts'

type PreChatField = SiteView['preChatFields'][number]

export const POLICY_LABELS: Record<RoutingPolicy, { title: string; detail: string }> = {
  'ai-first': { title: 'AI first, then a person', detail: 'The AI answers from the help center and hands the conversation to a person when it cannot, or when the customer asks.' },
  'human-first': { title: 'A person first', detail: 'Every conversation goes to an available agent; while it waits in the queue, the AI answers what it can.' },
  'human-only': { title: 'People only', detail: 'Agents answer every conversation; the AI never writes to customers.' },
  'ai-only': { title: 'AI only', detail: 'The AI answers every conversation; customers cannot ask for a person.' },
}

/** The languages the widget speaks; a site set to another (through the API) keeps it. */
const LOCALES: Record<string, string> = { en: 'English', de: 'Deutsch', es: 'Español' }

function LauncherPreview({ color, name, greeting }: { color: string; name: string; greeting: string }): JSX.Element {
  const on = readableOn(color)
  return (
    <figure class="launcher-preview">
      <div class="preview-stage" aria-hidden="true">
        <div class="preview-panel">
          <div class="preview-header" style={{ background: color, color: on }}>
            {name || 'Your site'}
          </div>
          <p class="preview-greeting">{greeting || 'Hi! How can we help?'}</p>
        </div>
        <span class="preview-launcher" style={{ background: color, color: on }}>
          <svg viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round">
            <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z" />
          </svg>
        </span>
      </div>
      <figcaption class="hint">How the chat looks on your site: the launcher in your colour, text on it in {on === '#fff' ? 'white' : 'near-black'} for contrast.</figcaption>
    </figure>
  )
}

/** The first question offered is the customer's email; then text questions, each with a name of its own. */
export function newPreChatField(fields: readonly PreChatField[]): PreChatField {
  const taken = new Set(fields.map((f) => f.name))
  if (!taken.has('email')) return { name: 'email', label: 'Your email', type: 'email', required: false }
  let n = fields.length + 1
  while (taken.has(`question${n}`)) n++
  return { name: `question${n}`, label: '', type: 'text', required: false }
}

function PreChatEditor({ fields, onChange }: { fields: PreChatField[]; onChange: (fields: PreChatField[]) => void }): JSX.Element {
  const update = (i: number, patch: Partial<PreChatField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)))
  return (
    <fieldset class="pre-chat">
      <legend>Pre-chat form</legend>
      <p class="hint">Asked once, before the customer's first message. What customers type here is shown to agents as unverified.</p>
      {fields.length === 0 && <p class="hint">No questions: customers write straight away.</p>}
      {fields.map((field, i) => (
        <div class="form-row" key={i}>
          <label class="field">
            <span>Question</span>
            <input required maxLength={NAME_MAX_CHARS} value={field.label} onInput={(e) => update(i, { label: e.currentTarget.value })} />
          </label>
          <label class="field">
            <span>Field name</span>
            <input required pattern="[a-zA-Z][a-zA-Z0-9_]{0,39}" title="A letter, then letters, digits or _ (up to 40)" value={field.name} onInput={(e) => update(i, { name: e.currentTarget.value })} />
          </label>
          <label class="field narrow">
            <span>Type</span>
            <select value={field.type} onChange={(e) => update(i, { type: e.currentTarget.value as PreChatField['type'] })}>
              <option value="text">Text</option>
              <option value="email">Email</option>
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={field.required} onChange={(e) => update(i, { required: e.currentTarget.checked })} /> Required
          </label>
          <button type="button" class="link" aria-label={`Remove the question ${field.label || i + 1}`} onClick={() => onChange(fields.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      {fields.length < PRE_CHAT_FIELDS_MAX && (
        <button type="button" onClick={() => onChange([...fields, newPreChatField(fields)])}>
          Add a question
        </button>
      )}
    </fieldset>
  )
}

export function SiteSettings({ auth, site, onSaved }: { auth: Auth; site: SiteView; onSaved: (site: SiteView) => void }): JSX.Element {
  const [form, setForm] = useState(site)
  const [originsText, setOriginsText] = useState(site.allowedOrigins.join('\n'))
  const [saving, save] = useSaving()
  const [invalid, setInvalid] = useState<string | null>(null)
  const originsField = useRef<HTMLTextAreaElement>(null)
  const colorField = useRef<HTMLInputElement>(null)
  const parsed = parseOrigins(originsText)
  // Functional updates: what is typed while a save is out is kept, whatever the save brings back.
  const set = <K extends keyof SiteView>(key: K, value: SiteView[K]) => setForm((latest) => ({ ...latest, [key]: value }))
  const colorValid = /^#[0-9a-fA-F]{6}$/.test(form.color)

  /** Takes what the server saved, except where the admin typed something else meanwhile. */
  function adopt(saved: SiteView, sent: SiteView, sentOrigins: string) {
    setForm((latest) => (latest === sent ? saved : { ...latest, updatedAt: saved.updatedAt }))
    setOriginsText((latest) => (latest === sentOrigins ? saved.allowedOrigins.join('\n') : latest))
    onSaved(saved)
  }

  function allow(origin: string) {
    void save(async () => {
      // At once, as the button says: only the addresses change; the rest of the form stays as typed.
      const saved = await auth.request<SiteView>('PATCH', `/v1/sites/${encodeURIComponent(site.key)}`, { allowedOrigins: [...site.allowedOrigins.filter((o) => o !== origin), origin] })
      setOriginsText((latest) => (parseOrigins(latest).origins.includes(origin) ? latest : `${latest.trimEnd()}${latest.trim() ? '\n' : ''}${origin}`))
      setForm((latest) => ({ ...latest, allowedOrigins: saved.allowedOrigins, updatedAt: saved.updatedAt }))
      onSaved(saved)
      return `${origin} is allowed now.`
    })
  }

  return (
    <form
      class="admin-form settings"
      aria-label={`Settings of ${site.name}`}
      onSubmit={(event) => {
        event.preventDefault()
        if (parsed.problems.length > 0 || !colorValid) {
          // Said beside the button, and the first field at fault takes focus: the lists of problems are far up the page.
          setInvalid(parsed.problems.length > 0 ? 'Fix the allowed addresses first: some lines are not origins.' : 'Fix the colour first: # and six hex digits.')
          ;(parsed.problems.length > 0 ? originsField.current : colorField.current)?.focus()
          return
        }
        setInvalid(null)
        const sent = form
        const sentOrigins = originsText
        void save(async () => {
          const { name, locale, routingPolicy, color, greeting, awayMessage, businessHours, preChatFields } = sent
          const saved = await auth.request<SiteView>('PATCH', `/v1/sites/${encodeURIComponent(site.key)}`, {
            name: name.trim(),
            locale,
            routingPolicy,
            color: color.toLowerCase(),
            greeting,
            awayMessage,
            businessHours: businessHours && sortedHours(businessHours),
            preChatFields,
            allowedOrigins: parsed.origins,
          })
          adopt(saved, sent, sentOrigins)
          return 'Saved. Pages pick the changes up when they next load the chat.'
        })
      }}
    >
      <fieldset>
        <legend>General</legend>
        <div class="form-row">
          <label class="field">
            <span>Name</span>
            <input required maxLength={NAME_MAX_CHARS} value={form.name} onInput={(e) => set('name', e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>Language</span>
            <select value={form.locale} onChange={(e) => set('locale', e.currentTarget.value)}>
              {Object.entries({ ...LOCALES, ...(LOCALES[form.locale] ? {} : { [form.locale]: form.locale }) }).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="hint">The chat speaks the page's language when it is one of these, else this one.</p>
      </fieldset>

      <fieldset>
        <legend>Who answers</legend>
        {(Object.keys(POLICY_LABELS) as RoutingPolicy[]).map((policy) => (
          <label class="choice" key={policy}>
            <input type="radio" name="routing" value={policy} checked={form.routingPolicy === policy} onChange={() => set('routingPolicy', policy)} />
            <span>
              <strong>{POLICY_LABELS[policy].title}</strong>
              <span class="hint">{POLICY_LABELS[policy].detail}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <fieldset class="appearance">
        <legend>Appearance and messages</legend>
        <div class="appearance-grid">
          <div class="appearance-fields">
            <div class="field">
              <label for="site-color">Colour</label>
              <span class="color-pick">
                <input type="color" aria-label="Pick a colour" value={colorValid ? form.color.toLowerCase() : '#2f6fed'} onInput={(e) => set('color', e.currentTarget.value)} />
                <input id="site-color" ref={colorField} value={form.color} maxLength={7} aria-invalid={colorValid ? undefined : 'true'} aria-describedby="color-help" onInput={(e) => set('color', e.currentTarget.value.trim())} />
              </span>
              <span id="color-help" class={colorValid ? 'hint' : 'problem'}>
                {colorValid ? 'The launcher and the chat’s header.' : 'Write the colour as # and six hex digits, like #2f6fed.'}
              </span>
            </div>
            <label class="field">
              <span>Greeting</span>
              <textarea rows={2} maxLength={GREETING_MAX_CHARS} value={form.greeting} onInput={(e) => set('greeting', e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Away message</span>
              <textarea rows={2} maxLength={GREETING_MAX_CHARS} value={form.awayMessage} placeholder="Shown when nobody can answer" onInput={(e) => set('awayMessage', e.currentTarget.value)} />
            </label>
          </div>
          <LauncherPreview color={colorValid ? form.color : '#2f6fed'} name={form.name} greeting={form.greeting} />
        </div>
      </fieldset>

      <fieldset>
        <legend>Where the chat may run</legend>
        <div class="origins-grid">
          <div class="field">
            <label for="site-origins">Allowed addresses, one per line</label>
            <textarea
              id="site-origins"
              ref={originsField}
              rows={4}
              value={originsText}
              spellcheck={false}
              aria-describedby="origins-help"
              aria-invalid={parsed.problems.length > 0 ? 'true' : undefined}
              onInput={(e) => setOriginsText(e.currentTarget.value)}
              placeholder={'https://shop.example\nhttps://www.shop.example'}
            />
            <div id="origins-help">
              {parsed.problems.length === 0 ? (
                <p class="hint">Scheme, host and port only, as in https://shop.example or http://localhost:8080. Pages anywhere else are refused.</p>
              ) : (
                <ul class="problems">
                  {parsed.problems.map((p, i) => (
                    <li key={i} class="problem">
                      {p.line} {p.reason}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <RefusedOrigins auth={auth} siteKey={site.key} allowed={form.allowedOrigins} onAllow={allow} />
        </div>
      </fieldset>

      <HoursEditor hours={form.businessHours} onChange={(hours) => set('businessHours', hours)} />
      <PreChatEditor fields={form.preChatFields} onChange={(fields) => set('preChatFields', fields)} />

      <div class="save-bar">
        <button type="submit" class="primary" disabled={saving.state === 'saving'}>
          Save settings
        </button>
        {invalid && (parsed.problems.length > 0 || !colorValid) ? (
          <p role="status" class="save-status failed">
            {invalid}
          </p>
        ) : (
          <SaveStatus saving={saving} />
        )}
      </div>
    </form>
  )
}
