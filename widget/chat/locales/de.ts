import type { Texts } from '../texts.ts'

export const de: Texts = {
  title: 'Schreiben Sie uns',
  close: 'Chat schließen',
  you: 'Sie',
  assistant: 'KI-Assistent',
  support: 'Support',
  system: 'Hinweis',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  sending: 'Wird gesendet…',
  sent: 'Gesendet',
  read: 'Gelesen',
  failed: 'Nicht gesendet.',
  retry: 'Erneut versuchen',
  talkToPerson: 'Mit einem Menschen sprechen',
  typing: (who) => `${who} schreibt…`,
  reconnecting: 'Verbindung wird wiederhergestellt… Ihre Nachrichten werden danach gesendet.',
  offline: 'Sie sind offline. Nachrichten werden gesendet, sobald Sie wieder online sind.',
  blocked: 'Dieser Chat ist nicht verfügbar.',
  older: 'Frühere Nachrichten anzeigen',
  interrupted: 'Diese Antwort wurde unterbrochen.',
  sources: 'Quellen',
  queue: (position, minutes) =>
    `Sie sind Nummer ${position} in der Warteschlange${minutes === null ? '' : ` · etwa ${minutes < 1 ? 'eine Minute' : `${minutes} Min.`}`}.`,
  away: 'Sie sind in der Warteschlange: Wir melden uns, sobald jemand online ist.',
  resolvedNote: 'Dieses Gespräch wurde abgeschlossen. Schreiben Sie jederzeit wieder.',
  messages: 'Nachrichten',
  notices: {
    agent_joined: (p) => `${p.agent} ist dem Gespräch beigetreten.`,
    transferred: (p) => `${p.from} hat das Gespräch an ${p.to} übergeben.`,
    agent_left: (p) => `${p.agent} hat das Gespräch verlassen. Wir suchen jemand anderen, der Ihnen hilft.`,
    agent_left_to_assistant: (p) => `${p.agent} hat das Gespräch verlassen. Unser Assistent hilft Ihnen weiter.`,
    queued: () => 'Sie sind in der Warteschlange für die nächste freie Person.',
    queued_ai_helps: () => 'Sie sind in der Warteschlange für die nächste freie Person. Unser Assistent hilft Ihnen bis dahin weiter.',
    queued_away: () => 'Wir sind gerade nicht da. Ihr Platz in der Warteschlange für die nächste freie Person bleibt erhalten.',
    queued_away_ai_helps: () =>
      'Wir sind gerade nicht da. Ihr Platz in der Warteschlange für die nächste freie Person bleibt erhalten, und unser Assistent hilft Ihnen bis dahin weiter.',
    resolved: () => 'Dieses Gespräch wurde abgeschlossen. Schreiben Sie jederzeit wieder, um es fortzusetzen.',
    abandoned: (p) =>
      `Dieses Gespräch wurde nach ${p.minutes} ${p.minutes === '1' ? 'Minute' : 'Minuten'} ohne Aktivität geschlossen. Schreiben Sie jederzeit wieder, um es fortzusetzen.`,
    no_people_here: () =>
      'Leider hat der Assistent darauf keine Antwort, und in diesem Chat antwortet nur der Assistent. Versuchen Sie es mit anderen Worten.',
  },
}
