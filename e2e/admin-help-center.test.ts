// The admin pages in Chromium, continued: what the AI answers from and what agents insert. An article
// edited and the widget's answer following it, the knowledge base asked why, an import with bad rows,
// and the workspace's canned replies.
import t from 'tap'
import { agentPage, axePage } from './helpers/agent-app.ts'
import { launchBrowser, openPage, screenshot, widget } from './helpers/browser.ts'
import { RETURNS, world, write } from './helpers/widget-world.ts'

const browser = await launchBrowser(t)

t.test('an admin edits an article and the widget answers from the new text; the knowledge base box shows why', async (t) => {
  const { host, tandem } = await world(t, { routingPolicy: 'ai-first', articles: [RETURNS] })
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 900 }, path: `/agent/admin/sites/${tandem.siteKey}/help-center` })
  await admin.getByRole('heading', { name: 'Articles (1)' }).waitFor()
  await admin.getByRole('button', { name: /Returns policy/ }).click()
  await admin.getByLabel('Article text (Markdown)').fill('You can return any item within **60 days** of delivery for a full refund.\n\nStart a return from your orders page.')
  await admin.getByRole('button', { name: 'Preview' }).click()
  t.equal(await admin.locator('.article-preview strong').textContent(), '60 days', 'the preview renders the Markdown')
  await admin.getByRole('button', { name: 'Save article' }).click()
  await admin.getByText('Saved. The AI answers from it from now on.').waitFor()
  await admin.getByRole('button', { name: 'Close' }).click()

  await admin.getByLabel('Question').fill('How long do I have to return an item?')
  await admin.getByRole('button', { name: 'Ask', exact: true }).click()
  await admin.locator('.ai-answer', { hasText: '60 days' }).waitFor()
  t.match(await admin.locator('.ai-answer').textContent(), /Source: Returns policy/, 'the answer cites its article')
  await admin.getByText('What the search found').click()
  t.match(await admin.locator('.ask-reply tbody tr').first().textContent(), /Returns policy.*trusted/, 'with the passage and its figures')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the help center')
  await screenshot(admin, 'admin-help-center')

  await admin.getByLabel('Question').fill('What is the capital of France?')
  await admin.getByRole('button', { name: 'Ask', exact: true }).click()
  await admin.locator('.ai-handoff', { hasText: 'No help article answers this well enough.' }).waitFor()
  t.pass('a question it cannot answer shows the handoff and its reason')

  const shopper = await openPage(t, browser)
  await shopper.goto(host.url('/'))
  await widget(shopper).locator('button.launcher').click()
  await write(shopper, 'How long do I have to return an item?')
  await widget(shopper).getByText(/within 60 days of delivery/).waitFor()
  t.pass("the customer's answer follows the edited article")
})

t.test('a new article stays open once added; changes not saved are never dropped without asking', async (t) => {
  const { tandem } = await world(t, { articles: [RETURNS] })
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 900 }, path: `/agent/admin/sites/${tandem.siteKey}/help-center` })
  await admin.getByRole('button', { name: 'New article' }).click()
  await admin.getByLabel('Title').fill('Gift cards')
  await admin.getByLabel('Article text (Markdown)').fill('Gift cards never expire.')
  await admin.getByRole('button', { name: 'Add article' }).click()
  await admin.getByRole('heading', { name: 'Edit “Gift cards”' }).waitFor()
  await admin.getByText('Saved. The AI answers from it from now on.').waitFor()
  await admin.getByRole('heading', { name: 'Articles (2)' }).waitFor()
  t.pass('added, and still open as the article it now is')

  await admin.getByLabel('Article text (Markdown)').fill('Gift cards never expire, and can be used online.')
  await admin.getByRole('button', { name: /Returns policy/ }).click()
  const asked = admin.getByRole('dialog', { name: 'Discard your changes?' })
  await asked.getByRole('button', { name: 'Cancel' }).click()
  t.equal(await admin.getByLabel('Article text (Markdown)').inputValue(), 'Gift cards never expire, and can be used online.', 'Cancel keeps what was typed')
  await admin.getByRole('button', { name: /Returns policy/ }).click()
  await asked.getByRole('button', { name: 'Discard changes' }).click()
  await admin.getByRole('heading', { name: 'Edit “Returns policy”' }).waitFor()
  t.pass('and discarding opens the other one')
  t.equal(tandem.rows('help_articles').find((a) => a.title === 'Gift cards')?.body, 'Gift cards never expire.', 'the discarded change was never saved')
})

t.test('an import with bad rows reports each, imports nothing, and a good file then updates by URL', async (t) => {
  const { tandem } = await world(t, { articles: [RETURNS] })
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1440, height: 900 }, path: `/agent/admin/sites/${tandem.siteKey}/help-center` })
  await admin.getByRole('heading', { name: 'Articles (1)' }).waitFor()
  const file = (articles: unknown) => ({ name: 'articles.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(articles)) })
  const bad = [
    { title: 'Shipping', body: 'We ship in two days.' },
    { title: '', body: 'No title here' },
    { title: 'Sizes', body: 'Our sizes run small.', url: 'not-a-url' },
    { title: 'Shipping again', body: 'Twice', author: 'Ann' },
  ]
  await admin.locator('input[type="file"]').setInputFiles(file(bad))
  const problems = admin.locator('.import-result tbody tr')
  await problems.first().waitFor()
  t.match(await admin.locator('.import-result p.problem').textContent(), /3 of 4 articles are not valid; nothing was imported/)
  t.same(
    (await problems.allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim()),
    ['No. 2 (index 1)titlemust not be empty', 'No. 3 (index 2)urlmust be an http:// or https:// address', 'No. 4 (index 3)authoris not a field of an article (title, body, url)'],
    'every bad row with its field and reason',
  )
  t.equal(await admin.getByRole('heading', { name: 'Articles (1)' }).count(), 1, 'nothing was imported')
  await screenshot(admin, 'admin-import-errors')

  await admin.locator('input[type="file"]').setInputFiles(file({ articles: [{ ...RETURNS, body: 'Returns are free for 45 days.' }, { title: 'Shipping', body: 'We ship in two days.' }] }))
  await admin.getByText('Imported: 1 new, 1 updated.').waitFor()
  await admin.getByRole('heading', { name: 'Articles (2)' }).waitFor()
  t.pass('the article with the same URL was updated, the other created')
})

t.test('canned replies: an admin adds, edits and deletes them; a taken shortcut is refused', async (t) => {
  const { tandem } = await world(t)
  const admin = await agentPage(t, browser, tandem, 0, { viewport: { width: 1280, height: 800 }, path: '/agent/admin/canned-replies' })
  await admin.getByLabel('Shortcut').fill('Refund')
  t.equal(await admin.getByLabel('Shortcut').inputValue(), 'refund', 'a shortcut is lower case as typed')
  await admin.getByLabel('Text').fill('Your refund is on its way: it shows on your statement within 5 days.')
  await admin.getByRole('button', { name: 'Add reply' }).click()
  await admin.locator('.canned-item', { hasText: '/refund' }).waitFor()
  await admin.getByLabel('Shortcut').fill('refund')
  await admin.getByLabel('Text').fill('Again')
  await admin.getByRole('button', { name: 'Add reply' }).click()
  await admin.getByText('A canned reply with this shortcut already exists.').waitFor()
  t.pass('a taken shortcut is refused with the reason')
  t.same(await axePage(admin), [], 'axe-core finds nothing on the canned replies')
  await screenshot(admin, 'admin-canned-replies')
  t.same(tandem.rows('canned_replies').map((r) => r.shortcut), ['refund'])

  await admin.getByRole('button', { name: 'Edit /refund' }).click()
  const editing = admin.locator('.canned-list form')
  await editing.getByLabel('Text').fill('Your refund is on its way.')
  await editing.getByRole('button', { name: 'Save' }).click()
  await admin.locator('.canned-item', { hasText: 'Your refund is on its way.' }).waitFor()
  t.equal(tandem.rows('canned_replies')[0]!.text, 'Your refund is on its way.', 'edited in place')
  await admin.getByRole('button', { name: 'Delete /refund' }).click()
  await admin.getByRole('dialog', { name: 'Delete /refund?' }).getByRole('button', { name: 'Delete' }).click()
  await admin.getByText('/refund was deleted.').waitFor()
  t.same(tandem.rows('canned_replies'), [], 'and deleted')
})
