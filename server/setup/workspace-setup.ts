// Creating a workspace and its first admin: the only way in, since Tandem has no open registration.
// Used by `npm run admin -- create-workspace` and by the first start's demo.
import { hashPassword, newOneTimePassword } from '../auth/passwords.ts'
import { TandemError } from '../errors.ts'
import type { Agent, Workspace } from '../store/records.ts'
import type { Store } from '../store/store.ts'

export interface NewWorkspace {
  workspaceName: string
  adminEmail: string
  adminName?: string
}

export async function createWorkspaceWithAdmin(
  store: Store,
  input: NewWorkspace,
): Promise<{ workspace: Workspace; admin: Agent; oneTimePassword: string }> {
  const oneTimePassword = newOneTimePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  // The email is checked first so a taken one leaves no orphan workspace behind.
  if (await store.findAgentByEmail(input.adminEmail)) {
    throw new TandemError('ERR_AGENT_EMAIL_TAKEN')
  }
  const workspace = await store.createWorkspace({ name: input.workspaceName })
  const admin = await store.createAgent(workspace.id, {
    name: input.adminName ?? 'Admin',
    email: input.adminEmail,
    passwordHash,
    role: 'admin',
    mustChangePassword: true,
  })
  return { workspace, admin, oneTimePassword }
}
