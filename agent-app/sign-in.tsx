// Signing in, and choosing a password: after a first sign-in with a one-time password (the server
// refuses everything else until then), or whenever the agent wants to change theirs.
import { h, type JSX } from 'preact'
import { useState } from 'preact/hooks'
import { PASSWORD_MIN_CHARS } from '../protocol/limits.ts'
import type { AgentView } from '../protocol/rest/agents.ts'
import { ApiError } from '../ui/api-error.ts'
import type { Auth } from './auth.ts'

function signInProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.'
  switch (error.code) {
    case 'ERR_AUTH_INVALID_CREDENTIALS':
      return 'That email and password do not match an account.'
    case 'ERR_RATE_LIMITED':
      return 'Too many attempts. Wait a few minutes, then try again.'
    case 'ERR_NETWORK':
      return 'The server could not be reached. Check your connection.'
    default:
      return error.message
  }
}

function Field(props: { id: string; label: string; type: 'email' | 'password'; value: string; autocomplete: string; onInput: (value: string) => void; describedBy?: string; autofocus?: boolean }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        // Preact's types tie some attributes to each input type; these two take the same ones.
        type={props.type as 'email'}
        value={props.value}
        required
        autoComplete={props.autocomplete}
        autoFocus={props.autofocus}
        aria-describedby={props.describedBy}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </div>
  )
}

/** `onAttempt`: the password being tried, told before the sign-in lands (the next screen may need it at once). */
export function SignIn({ auth, onAttempt }: { auth: Auth; onAttempt: (password: string) => void }): JSX.Element {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: Event) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    onAttempt(password)
    try {
      await auth.signIn(email.trim(), password)
    } catch (error) {
      setProblem(signInProblem(error))
      setBusy(false)
    }
  }

  return (
    <main class="auth-screen">
      <form class="auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <p class="brand">Tandem</p>
        <h1 id="sign-in-title">Sign in to your inbox</h1>
        <Field id="email" label="Email" type="email" value={email} autocomplete="username" onInput={setEmail} autofocus />
        <Field id="password" label="Password" type="password" value={password} autocomplete="current-password" onInput={setPassword} />
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}

/**
 * `currentPassword`: the one the agent just signed in with (a one-time password need not be typed
 * twice); null: ask for it.
 */
export function ChoosePassword(props: { auth: Auth; currentPassword: string | null; firstTime: boolean; onDone: () => void; onCancel?: () => void; cancelLabel?: string }): JSX.Element {
  const [typed, setCurrent] = useState('')
  const current = props.currentPassword ?? typed
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: Event) {
    event.preventDefault()
    if (next.length < PASSWORD_MIN_CHARS) return setProblem(`Choose at least ${PASSWORD_MIN_CHARS} characters.`)
    if (next !== again) return setProblem('The two new passwords differ.')
    setBusy(true)
    setProblem(null)
    try {
      await props.auth.request('POST', '/v1/me/password', { currentPassword: current, newPassword: next })
      props.auth.update(await props.auth.request<AgentView>('GET', '/v1/me'))
      props.onDone()
    } catch (error) {
      setBusy(false)
      setProblem(error instanceof ApiError && error.code === 'ERR_AUTH_PASSWORD_WRONG' ? 'The current password is not right.' : signInProblem(error))
    }
  }

  return (
    <main class="auth-screen">
      <form class="auth-card" onSubmit={submit} aria-labelledby="password-title">
        <p class="brand">Tandem</p>
        <h1 id="password-title">{props.firstTime ? 'Choose your password' : 'Change your password'}</h1>
        {props.firstTime && <p class="hint">You signed in with a one-time password. Choose your own to continue.</p>}
        {props.currentPassword === null && <Field id="current" label="Current password" type="password" value={current} autocomplete="current-password" onInput={setCurrent} autofocus />}
        <Field id="new" label="New password" type="password" value={next} autocomplete="new-password" onInput={setNext} describedBy="new-hint" autofocus={props.currentPassword !== null} />
        <p class="hint" id="new-hint">
          At least {PASSWORD_MIN_CHARS} characters; not your email.
        </p>
        <Field id="again" label="New password again" type="password" value={again} autocomplete="new-password" onInput={setAgain} />
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save password'}
        </button>
        {props.onCancel && (
          <button class="link" type="button" onClick={props.onCancel}>
            {props.cancelLabel ?? 'Cancel'}
          </button>
        )}
      </form>
    </main>
  )
}
