// `npm run admin -- <command>`: operator tasks that must not be reachable over HTTP.
//   create-workspace --name NAME --email EMAIL [--admin-name NAME]
//   reset-password --email EMAIL    (a one-time password for an agent who is locked out)
import { parseArgs } from 'node:util'
import { hashPassword, newOneTimePassword } from './auth/passwords.ts'
import { loadConfig } from './config.ts'
import { isTandemError } from './errors.ts'
import { createWorkspaceWithAdmin } from './setup/workspace-setup.ts'
import { openStore } from './store/open-store.ts'

const USAGE = `Usage:
  npm run admin -- create-workspace --name "Acme" --email admin@acme.example [--admin-name "Ada Admin"]
  npm run admin -- reset-password --email agent@acme.example
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === 'reset-password') return resetPassword(rest)
  if (command !== 'create-workspace') {
    process.stderr.write(USAGE)
    return 2
  }
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, email: { type: 'string' }, 'admin-name': { type: 'string' } },
    strict: true,
  })
  const email = values.email?.trim()
  if (!values.name?.trim() || !email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    process.stderr.write('create-workspace needs --name and a valid --email.\n' + USAGE)
    return 2
  }
  const opened = await openStore(loadConfig())
  try {
    const { workspace, admin, oneTimePassword } = await createWorkspaceWithAdmin(opened.store, {
      workspaceName: values.name.trim(),
      adminEmail: email,
      adminName: values['admin-name']?.trim() || undefined,
    })
    process.stdout.write(
      [
        `Workspace "${workspace.name}" created (${workspace.id}).`,
        `Admin: ${admin.email}`,
        `One-time password: ${oneTimePassword}`,
        'It is shown only now; the admin chooses a new one at first sign-in.',
        '',
      ].join('\n'),
    )
    return 0
  } finally {
    await opened.close()
  }
}

async function resetPassword(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true })
  if (!values.email?.trim()) {
    process.stderr.write('reset-password needs --email.\n' + USAGE)
    return 2
  }
  const opened = await openStore(loadConfig())
  try {
    const agent = await opened.store.findAgentByEmail(values.email.trim())
    if (!agent) {
      process.stderr.write(`No agent has the email ${values.email.trim()}.\n`)
      return 1
    }
    const oneTimePassword = newOneTimePassword()
    await opened.store.updateAgent(agent.workspaceId, agent.id, {
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
    })
    await opened.store.revokeAgentSessions(agent.workspaceId, agent.id)
    process.stdout.write(`One-time password for ${agent.email}: ${oneTimePassword}\nEvery session of theirs was signed out.\n`)
    return 0
  } finally {
    await opened.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${isTandemError(error) ? `${error.code}: ${error.message}` : String(error)}\n`)
    process.exit(1)
  },
)
