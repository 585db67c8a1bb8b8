// The page's side of Tandem's JavaScript API. The tag loads async, so calls are queued on a
// `Tandem` array until the widget has loaded, then run in order.
window.Tandem = window.Tandem || []
const tandem = (name, ...args) => {
  if (Array.isArray(window.Tandem)) window.Tandem.push([name, args])
  else window.Tandem[name](...args)
}

const who = document.getElementById('who')
const signIn = document.getElementById('sign-in')
const signOut = document.getElementById('sign-out')

// The identity comes from this site's server, which signs the signed-in user's id with the site's
// secret: the page never sees the secret.
async function identifyIfSignedIn() {
  const res = await fetch('/tandem-identity')
  const signedIn = res.ok
  who.textContent = signedIn ? 'Signed in as Jane Doe' : 'Not signed in'
  signIn.hidden = signedIn
  signOut.hidden = !signedIn
  if (signedIn) tandem('identify', await res.json())
}

document.getElementById('help').addEventListener('click', () => tandem('open'))
signIn.addEventListener('click', async () => {
  await fetch('/sign-in', { method: 'POST' })
  await identifyIfSignedIn()
})
signOut.addEventListener('click', async () => {
  await fetch('/sign-out', { method: 'POST' })
  // Forget Jane on this device: the next chat starts anew, as someone else's would.
  tandem('shutdown')
  await identifyIfSignedIn()
})
tandem('on', 'error', (error) => {
  document.getElementById('problem').textContent = `Tandem: ${error.code}: ${error.message}`
})
void identifyIfSignedIn()
