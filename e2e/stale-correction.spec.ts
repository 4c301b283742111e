/**
 * Issue 15 on two tablets and the real server: a correction undoes exactly the step it saw. A
 * delivery made on one tablet is never undone by a *Move back* tapped on another tablet that still
 * showed the package as Ready, whichever change reaches the server first; a *Move back* made after
 * seeing the delivery does undo it, on both tablets.
 */
import { expect, test } from './fixtures'
import { MULTI_TABLET_TEST_TIMEOUT, SYNC_TIMEOUT } from './pages/sync-waits'
import { twoJoinedTablets } from './pages/synced-tablets'

test.describe.configure({ timeout: MULTI_TABLET_TEST_TIMEOUT })

test('A delivers offline, B (still showing Ready) moves it back, A reconnects: Delivered on both', async ({
  browser,
  baseURL,
}) => {
  const { a, b } = await twoJoinedTablets(browser, baseURL)
  const [card] = await a.readyPackages()
  if (!card) throw new Error('the sample event should have a ready package')
  await b.expectReady(card)

  await a.goOffline()
  await a.markDelivered(card)
  // B never saw the delivery: its Move back is stale, and reaches the server first.
  await b.moveBack(card, 'To do')
  await b.expectToDo(card)

  await a.goOnline()
  await a.expectDelivered(card, SYNC_TIMEOUT)
  await b.expectDelivered(card, SYNC_TIMEOUT)
  // Both tablets' history says what happened to B's Move back.
  for (const tablet of [a, b]) {
    const history = await tablet.openHistory(card)
    await expect(
      history.getByText(
        'Move back to To do — not applied: it had been delivered on another tablet',
      ),
    ).toBeVisible()
  }
  await a.close()
  await b.close()
})

test('B (offline, still showing Ready) moves back a package A has delivered and synced: Delivered on both', async ({
  browser,
  baseURL,
}) => {
  const { a, b } = await twoJoinedTablets(browser, baseURL)
  const [card] = await a.readyPackages()
  if (!card) throw new Error('the sample event should have a ready package')
  await b.expectReady(card)

  await b.goOffline()
  await a.markDelivered(card)
  await b.moveBack(card, 'To do')
  await b.expectToDo(card)

  // A's delivery is on the server first; B's stale Move back follows it.
  await b.goOnline()
  await b.expectDelivered(card, SYNC_TIMEOUT)
  await a.expectDelivered(card, SYNC_TIMEOUT)
  await a.close()
  await b.close()
})

test('a Move back made after seeing the delivery wins on both tablets', async ({
  browser,
  baseURL,
}) => {
  const { a, b } = await twoJoinedTablets(browser, baseURL)
  const [card] = await a.readyPackages()
  if (!card) throw new Error('the sample event should have a ready package')

  await a.markDelivered(card)
  await b.expectDelivered(card, SYNC_TIMEOUT)
  await b.moveBack(card, 'Ready')

  await b.expectReady(card)
  await a.expectReady(card, SYNC_TIMEOUT)
  await a.close()
  await b.close()
})
