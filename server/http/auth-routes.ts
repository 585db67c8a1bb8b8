// Sign-in, refresh and sign-out for agents. The refresh token travels only in an httpOnly,
// SameSite=Strict cookie scoped to /v1/auth: page scripts never see it and other sites never send it.
// A sign-in also leaves a device cookie (auth/device-cookies.ts), so that the per-account limit slows
// strangers guessing a password without locking out the owner's own browser.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../protocol/errors.ts'
import { LoginBody, SessionReply } from '../../protocol/rest/agents.ts'
import type { SignedIn } from '../auth/agent-sessions.ts'
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookies } from '../auth/device-cookies.ts'
import { TandemError } from '../errors.ts'
import type { Api, ApiContext } from './api-context.ts'
import { topics } from '../realtime/bus.ts'
import { attemptLimiter } from './rate-limits.ts'
import { agentView } from './views.ts'

export const REFRESH_COOKIE = 'tandem_refresh'
const COOKIE_PATH = '/v1/auth'

/** Guessing passwords from one address: a person mistypes a few times, a script thousands. */
export const LOGIN_MAX_PER_IP_PER_MINUTE = 20
/**
 * Refreshes come by themselves, from every tab of every agent behind an address (an office shares
 * one), every few minutes and at each reload: counted apart from sign-ins, with room for a team.
 */
export const REFRESH_MAX_PER_IP_PER_MINUTE = 300
/** Guessing one account's password from many addresses; a device the account signed in from is exempt. */
export const LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES = 10

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema }

export function authRoutes(ctx: ApiContext) {
  const secure = ctx.config.publicUrl.startsWith('https:')
  const devices = deviceCookies(ctx.config.jwtSecret)

  function reply(res: FastifyReply, signedIn: SignedIn) {
    res.setCookie(REFRESH_COOKIE, signedIn.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: COOKIE_PATH,
      expires: signedIn.refreshExpiresAt,
    })
    return { accessToken: signedIn.accessToken, expiresIn: ctx.config.accessTokenTtlSeconds, agent: agentView(signedIn.agent) }
  }

  const refreshCookie = (request: FastifyRequest) => request.cookies[REFRESH_COOKIE] || null

  return async function register(app: Api) {
    const perIp = app.rateLimit({ max: LOGIN_MAX_PER_IP_PER_MINUTE, timeWindow: 60_000 })
    const refreshesPerIp = app.rateLimit({ max: REFRESH_MAX_PER_IP_PER_MINUTE, timeWindow: 60_000, keyGenerator: (request) => `refresh:${request.ip}` })

    const perAccount = attemptLimiter({ max: LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES, windowMs: 15 * 60_000 })

    /** Whether this browser signed in as the agent with this email before. */
    async function knownDevice(request: FastifyRequest, email: string): Promise<boolean> {
      const agentId = devices.agentOf(request.cookies[DEVICE_COOKIE])
      if (agentId === null) return false
      const agent = await ctx.store.findAgentByEmail(email)
      return agent?.id === agentId
    }

    app.post(
      '/v1/auth/login',
      {
        schema: { tags: ['auth'], summary: 'Sign in with email and password', body: LoginBody, response: { 200: SessionReply, ...errors } },
        onRequest: perIp,
        // Keyed by the email in the body, so it runs once the body is parsed.
        preHandler: async (request, res) => {
          const email = request.body.email.toLowerCase()
          if (!(await knownDevice(request, email))) perAccount.check(email, res)
        },
      },
      async (request, res) => {
        const signedIn = await ctx.sessions.login(request.body.email, request.body.password, request.headers['user-agent'] ?? null)
        res.setCookie(DEVICE_COOKIE, devices.issue(signedIn.agent.id), {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: COOKIE_PATH,
          maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
        })
        return reply(res, signedIn)
      },
    )

    app.post(
      '/v1/auth/refresh',
      {
        schema: { tags: ['auth'], summary: 'Trade the refresh cookie for a new access token (rotates the cookie)', response: { 200: SessionReply, ...errors } },
        onRequest: refreshesPerIp,
      },
      async (request, res) => {
        const token = refreshCookie(request)
        if (!token) throw new TandemError('ERR_AUTH_REFRESH_INVALID')
        try {
          return reply(res, await ctx.sessions.refresh(token))
        } catch (error) {
          res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
          throw error
        }
      },
    )

    app.post(
      '/v1/auth/logout',
      {
        schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errors } },
      },
      async (request, res) => {
        const token = refreshCookie(request)
        const ended = token ? await ctx.sessions.logout(token) : null
        if (ended) ctx.bus.publish(topics.agent(ended.agentId), { kind: 'revoked', sessionId: ended.id })
        res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH })
        return res.status(204).send(null)
      },
    )
  }
}
