// Reports: how fast, how well and how much the AI resolved alone, for a range of local dates in a time
// zone, for the workspace, a site or an agent. The choice lives in the page's address; the figures and
// their definitions are the server's (GET /v1/reports/summary, server/reports/figures.ts), drawn here
// as tiles, a chart per day, a heat map of busy hours and bars, with CSV exports of the same.
import { h, type JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { HandoffReason } from '../../protocol/enums.ts'
import type { ReportView } from '../../protocol/rest/reports.ts'
import type { Auth } from '../auth.ts'
import { errorText, type Desk } from '../desk.ts'
import { BarList, DayChart, HourHeatMap } from './report-charts.tsx'
import { duration, percent } from './report-format.ts'
import { apiQueryOf, choiceFromSearch, PRESET_LABELS, presetOf, presetRange, rangeProblem, searchOf, timeZones, todayIn, type RangePreset, type ReportChoice } from './report-range.ts'
import { LoadProblem, PageHeader, useLoaded } from './kit.tsx'

const HANDOFF_LABELS: Record<HandoffReason, string> = {
  customer_asked: 'The customer asked for a person',
  ai_unsure: 'The AI was unsure',
  model_decided: 'The model decided',
  ai_failure: 'The AI failed',
  limit: 'A limit was reached',
}

function Filters({ choice, onChoose, desk }: { choice: ReportChoice; onChoose: (choice: ReportChoice) => void; desk: Desk }): JSX.Element {
  const today = todayIn(choice.timeZone)
  const preset = presetOf(choice, today)
  // Dates are edited here and applied once they make a range (a half-typed date is not a report).
  const [from, setFrom] = useState(choice.from)
  const [to, setTo] = useState(choice.to)
  useEffect(() => {
    setFrom(choice.from)
    setTo(choice.to)
  }, [choice.from, choice.to])
  const problem = rangeProblem(from, to)
  const applyDates = (nextFrom: string, nextTo: string) => {
    if (rangeProblem(nextFrom, nextTo) === null) onChoose({ ...choice, from: nextFrom, to: nextTo })
  }
  return (
    <form class="report-filters" aria-label="What the report covers" onSubmit={(event) => event.preventDefault()}>
      <label class="field">
        <span>Range</span>
        <select
          value={preset ?? 'custom'}
          onChange={(event) => {
            const value = event.currentTarget.value
            if (value !== 'custom') onChoose({ ...choice, ...presetRange(value as RangePreset, today) })
          }}
        >
          {(Object.keys(PRESET_LABELS) as RangePreset[]).map((key) => (
            <option key={key} value={key}>
              {PRESET_LABELS[key]}
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </select>
      </label>
      <label class="field narrow-date">
        <span>From</span>
        <input type="date" value={from} max={to || undefined} aria-invalid={problem ? 'true' : undefined} aria-describedby="range-problem" onInput={(e) => setFrom(e.currentTarget.value)} onChange={(e) => applyDates(e.currentTarget.value, to)} />
      </label>
      <label class="field narrow-date">
        <span>To</span>
        <input type="date" value={to} min={from || undefined} aria-invalid={problem ? 'true' : undefined} aria-describedby="range-problem" onInput={(e) => setTo(e.currentTarget.value)} onChange={(e) => applyDates(from, e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>Time zone</span>
        <select value={choice.timeZone} onChange={(e) => onChoose({ ...choice, timeZone: e.currentTarget.value })}>
          {timeZones(choice.timeZone).map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Site</span>
        <select value={choice.siteKey ?? ''} onChange={(e) => onChoose({ ...choice, siteKey: e.currentTarget.value || null })}>
          <option value="">All sites</option>
          {desk.state.sites.map((site) => (
            <option key={site.key} value={site.key}>
              {site.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>Agent</span>
        <select value={choice.agentId ?? ''} onChange={(e) => onChoose({ ...choice, agentId: e.currentTarget.value || null })}>
          <option value="">Everyone</option>
          {desk.state.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <p id="range-problem" class="problem range-problem" role="alert">
        {problem ?? ''}
      </p>
    </form>
  )
}

function Tile({ title, value, details }: { title: string; value: string; details: string[] }): JSX.Element {
  return (
    <div class="tile">
      <dt>{title}</dt>
      <dd>
        <span class="tile-value">{value}</span>
        {details.map((detail) => (
          <span key={detail} class="hint">
            {detail}
          </span>
        ))}
      </dd>
    </div>
  )
}

function Tiles({ report }: { report: ReportView }): JSX.Element {
  const { firstResponse, resolution, withoutPerson, satisfaction } = report
  const spread = (durations: ReportView['resolution']) => (durations.count === 0 ? ['none yet'] : [`p90 ${duration(durations.p90Seconds)}`, `${durations.count} counted`])
  return (
    <dl class="tiles">
      <Tile title="Conversations" value={String(report.conversations)} details={[`${report.resolved} resolved`, `${report.open} open`]} />
      <Tile title="First response by a person" value={duration(firstResponse.person.medianSeconds)} details={spread(firstResponse.person)} />
      <Tile title="First response by the AI" value={duration(firstResponse.ai.medianSeconds)} details={spread(firstResponse.ai)} />
      <Tile title="Resolution time" value={duration(resolution.medianSeconds)} details={spread(resolution)} />
      <Tile title="Resolved without a person" value={percent(withoutPerson.shareOfResolved)} details={[`${withoutPerson.count} of ${report.resolved} resolved`, `${withoutPerson.hard} hard, ${withoutPerson.soft} soft`]} />
      <Tile title="Satisfaction" value={satisfaction.average === null ? '–' : `${satisfaction.average.toFixed(1)} / 5`} details={[`${satisfaction.count} ${satisfaction.count === 1 ? 'rating' : 'ratings'}`]} />
    </dl>
  )
}

function Comments({ comments }: { comments: ReportView['satisfaction']['comments'] }): JSX.Element {
  if (comments.length === 0) return <p class="empty">No comments with the ratings in this range.</p>
  return (
    <ul class="comments">
      {[...comments].reverse().map((comment) => (
        <li key={comment.conversationId}>
          <span class="stars">
            <span aria-hidden="true">{'★'.repeat(comment.score) + '☆'.repeat(5 - comment.score)}</span>
            <span class="visually-hidden">{`${comment.score} of 5 stars`}</span>
          </span>
          <q>{comment.comment}</q>
          <a href={`/agent/conversations/${encodeURIComponent(comment.conversationId)}?view=resolved`} class="hint">
            Open the conversation
          </a>
        </li>
      ))}
    </ul>
  )
}

function Definitions(): JSX.Element {
  return (
    <details class="definitions">
      <summary>How these are counted</summary>
      <ul>
        <li>A conversation belongs to the day it started, in the chosen time zone. All times are calendar time, nights and weekends included.</li>
        <li>
          <strong>First response by a person</strong>: from when a person was first needed (when the conversation joined the queue, at its first message where people answer first; when the AI handed it over; or when an agent took, transferred or reopened it) to an agent's first message the customer sees.
        </li>
        <li>
          <strong>First response by the AI</strong>: from the customer's first message to the AI's first complete answer.
        </li>
        <li>
          <strong>Resolution time</strong>: from the start to the last resolve. Medians and 90th percentiles count each conversation once.
        </li>
        <li>
          <strong>Resolved without a person</strong>: resolved with no agent message the customer saw. A <em>hard</em> AI resolution is one whose customer said the AI's last answer helped; a <em>soft</em> one is one whose customer asked nothing more for 24 hours after it. Both exclude conversations handed to a person.
        </li>
        <li>
          <strong>Abandoned</strong>: closed for inactivity, by nobody.
        </li>
        <li>Conversations from before Tandem recorded these facts are left out, and counted as such.</li>
        <li>With an agent chosen, the report counts the conversations the agent held or resolved last.</li>
      </ul>
    </details>
  )
}

function Downloads({ auth, choice }: { auth: Auth; choice: ReportChoice }): JSX.Element {
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  async function save(kind: 'summary' | 'conversations') {
    setBusy(kind)
    setProblem(null)
    try {
      const file = await auth.download(`/v1/reports/${kind}.csv?${apiQueryOf(choice)}`, { timeoutMs: 60_000 })
      const link = document.createElement('a')
      link.href = URL.createObjectURL(file)
      link.download = kind === 'summary' ? `tandem-report-${choice.from}-${choice.to}.csv` : `tandem-conversations-${choice.from}-${choice.to}.csv`
      link.click()
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(null)
    }
  }
  return (
    <div class="downloads">
      <button type="button" onClick={() => void save('summary')} disabled={busy !== null}>
        {busy === 'summary' ? 'Preparing…' : 'Download figures (CSV)'}
      </button>
      <button type="button" onClick={() => void save('conversations')} disabled={busy !== null}>
        {busy === 'conversations' ? 'Preparing…' : 'Download conversations (CSV)'}
      </button>
      {problem && (
        <span class="problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  )
}

function Figures({ report }: { report: ReportView }): JSX.Element {
  const ratings = report.satisfaction
  return (
    <div class="report-body">
      {report.notRecorded > 0 && (
        <p class="hint">
          {report.notRecorded} conversations of this range started before Tandem recorded these facts; they are left out.
        </p>
      )}
      <Tiles report={report} />
      <section class="report-card wide-card" aria-labelledby="per-day-title">
        <h2 id="per-day-title">Conversations per day</h2>
        <DayChart days={report.perDay} />
      </section>
      <section class="report-card" aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">How they ended</h2>
        <BarList
          label="How the conversations ended"
          items={[
            { name: 'Resolved by an agent', count: report.resolved - report.abandoned },
            { name: 'Abandoned (closed for inactivity)', count: report.abandoned },
            { name: 'Still open', count: report.open },
          ]}
        />
        <p class="hint">
          {report.withoutPerson.count} resolved without a person: {report.withoutPerson.hard} hard and {report.withoutPerson.soft} soft AI resolutions.
        </p>
      </section>
      <section class="report-card" aria-labelledby="handoffs-title">
        <h2 id="handoffs-title">Handoffs to a person</h2>
        <BarList label="Handoffs by reason" items={(Object.keys(HANDOFF_LABELS) as HandoffReason[]).map((reason) => ({ name: HANDOFF_LABELS[reason], count: report.handoffs[reason] }))} />
      </section>
      <section class="report-card wide-card" aria-labelledby="hours-title">
        <h2 id="hours-title">Busiest hours</h2>
        <HourHeatMap hours={report.busiestHours} />
      </section>
      <section class="report-card" aria-labelledby="ratings-title">
        <h2 id="ratings-title">Ratings</h2>
        <BarList label="Ratings by stars" items={[5, 4, 3, 2, 1].map((stars) => ({ name: `${stars} ${stars === 1 ? 'star' : 'stars'}`, count: ratings.distribution[stars - 1]! }))} />
      </section>
      <section class="report-card" aria-labelledby="comments-title">
        <h2 id="comments-title">Latest comments</h2>
        <Comments comments={ratings.comments} />
      </section>
    </div>
  )
}

export function ReportsPage({ auth, desk }: { auth: Auth; desk: Desk }): JSX.Element {
  const [choice, setChoice] = useState(() => choiceFromSearch(location.search))
  const query = apiQueryOf(choice)
  const report = useLoaded(() => auth.request<ReportView>('GET', `/v1/reports/summary?${query}`, undefined, { timeoutMs: 60_000 }), query)
  // The address says what is shown (reload, bookmark, send); a new choice is not a new page to go back to.
  useEffect(() => history.replaceState(history.state, '', `${location.pathname}${searchOf(choice)}`), [choice])
  // The range shown is the report's, not the filters' while the next one loads.
  const shown = report.value
  const loading = shown === null || shown.from !== choice.from || shown.to !== choice.to
  return (
    <section class="admin-page reports" aria-labelledby="admin-title" aria-busy={loading && !report.problem ? 'true' : undefined}>
      <PageHeader title="Reports">
        <p class="hint">How fast your team and the AI answer, how conversations end, and what customers think.</p>
      </PageHeader>
      <Filters choice={choice} onChoose={setChoice} desk={desk} />
      <div class="report-actions">
        <Definitions />
        <Downloads auth={auth} choice={choice} />
      </div>
      {report.problem && <LoadProblem problem={report.problem} onRetry={report.reload} />}
      {!report.problem && shown === null && <p class="hint" role="status">Loading the report…</p>}
      {shown && <Figures report={shown} />}
    </section>
  )
}
