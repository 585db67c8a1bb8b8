// Every size and count limit of the API, in one place; the schemas use them and the tests prove each.

/** People's and sites' names: long enough for any real name, short enough for every list. */
export const NAME_MAX_CHARS = 100
/** RFC 5321's limit on a whole address. */
export const EMAIL_MAX_CHARS = 254
/** Below 10 characters passwords fall to offline guessing; above 256 argon2 only burns CPU. */
export const PASSWORD_MIN_CHARS = 10
export const PASSWORD_MAX_CHARS = 256
/** A chat message: a long paragraph, not a document. */
export const MESSAGE_MAX_CHARS = 4000
export const ARTICLE_TITLE_MAX_CHARS = 200
/** A help article body: a long page of help text. */
export const ARTICLE_BODY_MAX_CHARS = 50_000
/** Articles in one bulk import; larger help centres import in several calls. */
export const ARTICLE_IMPORT_MAX = 200
export const URL_MAX_CHARS = 2048
export const ORIGINS_MAX = 20
export const CANNED_SHORTCUT_MAX_CHARS = 40
export const CANNED_TEXT_MAX_CHARS = 2000
export const GREETING_MAX_CHARS = 500
/** Custom visitor attributes set by the host page or the identity call. */
export const ATTRIBUTES_MAX = 30
/** Fields of a site's pre-chat form. */
export const PRE_CHAT_FIELDS_MAX = 5
export const ATTRIBUTE_VALUE_MAX_CHARS = 500
/** A customer's comment with their rating. */
export const RATING_COMMENT_MAX_CHARS = 1000
/** The host site's user id in identity verification. */
export const EXTERNAL_ID_MAX_CHARS = 200
/** An agent may hold this many conversations at once at most; more is never real attention. */
export const CAPACITY_MAX = 50
/** Page sizes of every list. */
export const PAGE_DEFAULT = 25
export const PAGE_MAX = 100
export const SEARCH_MAX_CHARS = 200
/** What the AI is asked at most: a question is a few sentences, not 3 × 4000 (the latest characters are kept). */
export const QUESTION_MAX_CHARS = 2000

// ---- the real-time protocol (/v1/ws) ----

/** Frames per second a client may send on average; typing a message is a few. */
export const FRAMES_PER_SECOND = 20
/** How many frames may come at once (a resend of an offline outbox). */
export const FRAME_BURST = 60
/** Frames dropped over the rate within FLOOD_WINDOW_MS after which a connection is taken for a flood and closed. */
export const FLOOD_DROPS_MAX = 200
/** Drops older than this are forgiven: only sustained flooding (10 frames/s over the rate for 20 s) closes. */
export const FLOOD_WINDOW_MS = 20_000
/** Frames one socket may have waiting to be handled; past it the server stops reading that socket until half are done. */
export const FRAMES_QUEUED_MAX = 64
/** Sockets one visitor (one browser) may hold on one server: more tabs than anyone keeps open. */
export const SOCKETS_PER_VISITOR_MAX = 10
/** Sockets one agent may hold on one server: the agent app on a few devices, in many tabs. */
export const SOCKETS_PER_AGENT_MAX = 20
/** Visitor sockets from one client address on one server: an office behind one NAT, not one visitor posing as many. */
export const VISITOR_SOCKETS_PER_ADDRESS_MAX = 50
/** Conversations one resume may name: more than any widget or agent app reconnects with. */
export const RESUME_POINTS_MAX = 100
/** Messages one resume sends, across all its conversations: a long absence is caught up in several resumes. */
export const RESUME_MAX_MESSAGES = 500
/** Bytes of message frames one resume sends: a 7 KB frame must not make 86 MB of output. */
export const RESUME_MAX_BYTES = 1024 * 1024
/** Live frames held back while a resume runs; past either bound, resuming again is cheaper than holding on. */
export const LIVE_HELD_MAX_FRAMES = 1000
export const LIVE_HELD_MAX_BYTES = 1024 * 1024
/** Conversations one agent socket may watch besides those its agent holds: the few open on a screen, and then some. */
export const WATCHED_CONVERSATIONS_MAX = 50
/** Conversations a customer socket follows at most; past it the one followed longest ago is let go (a resume follows it again). */
export const FOLLOWED_CONVERSATIONS_MAX = 100
/** A verified user's newest conversations a socket is told of, and follows, when it is verified while open. */
export const FOLLOWED_AT_VERIFY = 20
/** Characters of the last public message an inbox summary carries: enough for a preview line. */
export const SUMMARY_TEXT_MAX_CHARS = 140
/** Conversation summaries one `summaries` frame carries; more changed in one moment go in several frames. */
export const SUMMARIES_PER_FRAME_MAX = 100
/** Bytes waiting to go out on one socket past which its client is taken to be not reading: it is closed. */
export const SEND_BUFFER_MAX_BYTES = 4 * 1024 * 1024
/** The longest range one report covers: a year and a day (a leap year's), so "the last year" always fits. */
export const REPORT_DAYS_MAX = 367
