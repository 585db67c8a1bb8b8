// The agent app's entry: one Auth for this tab, and the app drawn into the page's #app.
import { h, render } from 'preact'
import { App } from './app.tsx'
import { Auth } from './auth.ts'

render(<App auth={new Auth()} />, document.getElementById('app')!)
