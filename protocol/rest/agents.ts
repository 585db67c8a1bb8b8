// Agents, their sign-in and their own account.
import { Type, type Static } from 'typebox'
import { AgentRole, AgentStatus, ChosenAgentStatus } from '../enums.ts'
import { CAPACITY_MAX, EMAIL_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MAX_CHARS } from '../limits.ts'
import { Id, IsoDate, Nullable, Strict, Text } from './common.ts'

const Email = Type.String({ format: 'email', maxLength: EMAIL_MAX_CHARS })
/** Length is checked by the server's password policy, which explains what is wrong. */
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_CHARS })

export const AgentView = Strict({
  id: Id,
  workspaceId: Id,
  name: Type.String(),
  email: Type.String(),
  role: AgentRole,
  capacity: Type.Integer(),
  status: AgentStatus,
  active: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: IsoDate,
})
export type AgentView = Static<typeof AgentView>

export const LoginBody = Strict({ email: Email, password: Password })
export type LoginBody = Static<typeof LoginBody>

/** Access tokens live in memory only; the refresh token comes as an httpOnly cookie. */
export const SessionReply = Strict({
  accessToken: Type.String(),
  /** Seconds until the access token expires. */
  expiresIn: Type.Integer(),
  agent: AgentView,
})
export type SessionReply = Static<typeof SessionReply>

export const ChangePasswordBody = Strict({ currentPassword: Password, newPassword: Password })
export type ChangePasswordBody = Static<typeof ChangePasswordBody>

export const UpdateMeBody = Strict({ name: Type.Optional(Text(NAME_MAX_CHARS)) })

export const CreateAgentBody = Strict({
  name: Text(NAME_MAX_CHARS),
  email: Email,
  role: Type.Optional(AgentRole),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: CAPACITY_MAX })),
})
export type CreateAgentBody = Static<typeof CreateAgentBody>

export const UpdateAgentBody = Strict({
  name: Type.Optional(Text(NAME_MAX_CHARS)),
  role: Type.Optional(AgentRole),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: CAPACITY_MAX })),
  active: Type.Optional(Type.Boolean()),
})
export type UpdateAgentBody = Static<typeof UpdateAgentBody>

/** A new agent or a reset: the one-time password is shown once and must be changed at first login. */
export const OneTimePasswordReply = Strict({ agent: AgentView, oneTimePassword: Type.String() })

export const AgentParams = Strict({ agentId: Id })
/** The workspace's agents, each with their load: the open conversations they hold now. */
export const AgentListItem = Strict({ ...AgentView.properties, load: Type.Integer({ minimum: 0 }) })
export type AgentListItem = Static<typeof AgentListItem>
export const AgentList = Strict({ items: Type.Array(AgentListItem) })
export const NullableAgentId = Nullable(Id)

/** Online takes new conversations; away keeps its own but takes none. */
export const StatusBody = Strict({ status: ChosenAgentStatus })
export type StatusBody = Static<typeof StatusBody>
