// The parts retrieval is made of, each on its own: WordNet's synonyms, typo correction against the
// help center's words, the question judged as a whole, follow-ups, sentence excerpts, and plain terms
// for a site that is not in English.
import t from 'tap'
import { excerptOf, EXCERPT_SENTENCES_MAX, sentencesOf } from '../../server/ai/answer-excerpt.ts'
import { previousQuestion } from '../../server/ai/conversation-text.ts'
import { buildKnowledgeBase, trusted } from '../../server/ai/knowledge-base.ts'
import { analyserFor } from '../../server/ai/text-analysis.ts'
import { typoIndex } from '../../server/ai/typos.ts'
import { wordNet } from '../../server/ai/wordnet.ts'
import type { HelpArticle, Message } from '../../server/store/records.ts'

const thesaurus = wordNet()
t.teardown(() => thesaurus.close())

function articles(...written: [title: string, body: string][]): HelpArticle[] {
  const at = new Date(Date.UTC(2026, 0, 1))
  return written.map(([title, body], i) => ({ id: `a${i}`, workspaceId: 'w', siteId: 's', title, url: null, body, createdAt: at, updatedAt: at }))
}

const helpCenter = articles(
  ['Paying a bill', 'You can pay a bill from the Billing page with a card or a bank transfer.'],
  ['Your monthly statement', 'A statement is issued on the first day of each month. It lists every payment and every purchase.'],
  ['Resetting your password', 'Choose Forgot password on the sign-in page and follow the link we email you.'],
  ['Closing your account', 'Go to Settings > Account and choose Close account. Your data is deleted after 30 days.'],
)

t.test('WordNet gives the synonyms of a word’s most common senses, of its base form, and of phrases', async (t) => {
  t.ok(thesaurus.synonyms('invoice').includes('bill'))
  t.ok(thesaurus.synonyms('parcels').includes('package'), 'a plural is looked up as its singular')
  t.ok(thesaurus.synonyms('shut down').includes('close'), 'a phrase is one entry')
  t.same(thesaurus.synonyms('zzqxv'), [], 'a word WordNet does not know has none')
  t.notOk(thesaurus.synonyms('card').includes('wag'), 'a rare sense ("a witty person") is not offered')
})

t.test('a misspelt word meets the article word one typo from it; short words and brands are left alone', async (t) => {
  const typos = typoIndex(['statement', 'password', 'email', 'payment'])
  t.same(typos.near('statment'), ['statement'], 'a letter missing')
  t.same(typos.near('passwrod'), ['password'], 'two letters swapped')
  t.same(typos.near('paymint'), ['payment'], 'a letter wrong')
  t.same(typos.near('gmail'), [], 'too short to correct: "gmail" is not a typo of "email"')
  t.same(typos.near('statements'), ['statement'], 'a letter more')
})

t.test('a customer’s own words find the article: a synonym from WordNet, a typo corrected', async (t) => {
  const base = buildKnowledgeBase(helpCenter, 'en', thesaurus)
  const invoice = base.search('how do i pay an invoice')[0]
  t.equal(invoice?.passage.title, 'Paying a bill')
  t.ok(trusted(invoice), 'and it is trusted')
  const typo = base.search('when is my monthly statment issued')[0]
  t.equal(typo?.passage.title, 'Your monthly statement')
  t.ok(trusted(typo))
  const noThesaurus = buildKnowledgeBase(helpCenter, 'en', { synonyms: () => [] })
  t.notOk(trusted(noThesaurus.search('how do i pay an invoice')[0]), 'without the thesaurus, "invoice" is a word no article has')
})

t.test('in scope or not is judged on the question as a whole, not on one shared word', async (t) => {
  const base = buildKnowledgeBase(helpCenter, 'en', thesaurus)
  t.ok(trusted(base.search('i forgot my password')[0]))
  const gmail = base.search('how do i reset my gmail password on my android phone')[0]
  t.equal(gmail?.passage.title, 'Resetting your password', 'the nearest passage is found')
  t.notOk(trusted(gmail), 'but most of the question is about something the help center never mentions: handed off')
  t.notOk(trusted(base.search('what is the capital of france')[0]))
})

t.test('a follow-up is read after the customer’s previous question; a new subject is judged as itself', async (t) => {
  const base = buildKnowledgeBase(helpCenter, 'en', thesaurus)
  const alone = base.search('and what happens to my data after that?')[0]
  const followUp = base.search('and what happens to my data after that?', 3, 'how do i close my account')[0]
  t.equal(followUp?.passage.title, 'Closing your account')
  t.ok(trusted(followUp))
  t.ok((followUp?.score ?? 0) > (alone?.score ?? 0), 'the previous question’s words helped rank it')
  const newSubject = base.search('what is the capital of france', 3, 'how do i close my account')[0]
  t.notOk(trusted(newSubject), 'the previous question never makes an unrelated one answerable')
})

t.test('previousQuestion: the customer’s messages of the turn before the open question, within the question cap', async (t) => {
  const message = (kind: Message['kind'], text: string) => ({ kind, text }) as Message
  t.equal(previousQuestion([message('customer', 'how long is delivery?')]), '', 'a first question has none')
  t.equal(
    previousQuestion([message('customer', 'i lost my card'), message('customer', 'what now'), message('ai', 'Lock it in the app.'), message('system', 'x'), message('customer', 'and the number?')]),
    'i lost my card\nwhat now',
  )
  const long = previousQuestion([message('customer', 'x'.repeat(3000)), message('ai', 'ok'), message('customer', 'y'.repeat(1500))])
  t.equal(long.length, 2000 - 1501, 'with the open question, at most QUESTION_MAX_CHARS')
})

t.test('an answer is the passage’s sentences that hold the question, in the order written', async (t) => {
  t.same(sentencesOf('It costs $5.95. Orders over $75 ship free! Is it fast? Yes: 3 days.'), ['It costs $5.95.', 'Orders over $75 ship free!', 'Is it fast?', 'Yes: 3 days.'])
  t.same(sentencesOf('See e.g. the page. Then go.'), ['See e.g. the page.', 'Then go.'], 'an abbreviation before a lower-case word is not an end')
  const base = buildKnowledgeBase(
    articles(['Refunds', 'We refund to the original card. Refunds take 5 to 10 business days to appear. Store credit is instant. Gift cards are not refundable. Contact us with questions.']),
    'en',
    thesaurus,
  )
  const [match] = base.search('how many business days does a refund take')
  t.ok(match)
  const excerpt = excerptOf([match!], base.analyser)
  t.match(excerpt, /Refunds take 5 to 10 business days/)
  t.notMatch(excerpt, /Contact us/, 'a sentence with nothing asked is left out')
  t.ok(sentencesOf(excerpt).length <= EXCERPT_SENTENCES_MAX)
  t.ok(sentencesOf(excerpt).every((sentence) => match!.passage.text.includes(sentence)), 'only the passage’s own words')
})

t.test('a site in another language gets plain terms: no English stemming, no English stop words, the same threshold', async (t) => {
  const french = analyserFor('fr-FR')
  t.equal(french.language, 'plain')
  t.same(french.terms('Les retours gratuits'), ['les', 'retours', 'gratuits'], 'words as written, accents folded')
  t.equal(analyserFor('en-GB').language, 'en')
  const base = buildKnowledgeBase(
    articles(['Retours', 'Vous pouvez retourner un article sous 30 jours, sans frais de retour.'], ['Livraison', 'La livraison de votre commande prend 3 jours ouvrés.']),
    'fr',
  )
  t.equal(base.analyser.language, 'plain')
  const match = base.search('Combien de jours prend la livraison ?')[0]
  t.equal(match?.passage.title, 'Livraison')
  t.ok(trusted(match))
  t.notOk(trusted(base.search('Quelle est la capitale de l’Australie ?')[0]), 'out of scope: handed off')
})
