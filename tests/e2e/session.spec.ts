import { expect, test, type Page } from '@playwright/test';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Opens the lab on a link and waits until the first decision is on screen. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
}

/**
 * Makes every IndexedDB write take `ms` longer to complete, from the moment it is called: the
 * learning store and the session store both wait for their transactions' `complete` events.
 */
async function slowStorage(page: Page, ms: number): Promise<void> {
  await page.evaluate((delay) => {
    const original = IDBTransaction.prototype.addEventListener;
    IDBTransaction.prototype.addEventListener = function (
      this: IDBTransaction,
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (type !== 'complete') return original.call(this, type, listener, options);
      const late = (event: Event) =>
        setTimeout(() => {
          if (typeof listener === 'function') listener.call(this, event);
          else listener.handleEvent(event);
        }, delay);
      return original.call(this, type, late, options);
    };
  }, ms);
}

/** Opens the lab and picks the preset script `id`: the clock's region and its window count. */
async function openScript(page: Page, id: string) {
  await open(page);
  const clock = region(page, 'Clock');
  await clock.getByLabel('Incident script').selectOption(id);
  return { clock, played: page.getByTestId('clock-window') };
}

/** Steps a 30-window script `windows` times from its start, approving what waits when asked. */
async function stepWindows(page: Page, windows: number, { approving = false } = {}) {
  const played = page.getByTestId('clock-window');
  for (let window = 1; window <= windows; window++) {
    await region(page, 'Clock').getByRole('button', { name: 'Step' }).click();
    await expect(played).toContainText(`Played ${window} of 30`);
    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    if (approving && (await approve.isVisible())) await approve.click();
  }
}

/** What these tests read of the stored live session. */
interface StoredSession {
  agentOn?: boolean;
  dials?: { speed: number; slo: number };
}

/** The live session as the page keeps it in IndexedDB, or undefined when none is kept. */
function storedSession(page: Page): Promise<StoredSession | undefined> {
  return page.evaluate(
    () =>
      new Promise<StoredSession | undefined>((resolve, reject) => {
        const request = indexedDB.open('agent-payment-lab-session', 1);
        request.onsuccess = () => {
          const read = request.result.transaction('session').objectStore('session').get('live');
          read.onsuccess = () => resolve(read.result as StoredSession | undefined);
          read.onerror = () => reject(new Error('read failed'));
        };
        request.onerror = () => reject(new Error('open failed'));
      }),
  );
}

/** Lowers the approval risk threshold so that every action the agent picks asks a human. */
async function everythingNeedsApproval(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel(/Risk that needs approval/).fill('0.01');
  await dialog.getByLabel(/Risk that needs approval/).press('Tab');
  await dialog.getByRole('button', { name: 'Save and close' }).click();
  await expect(dialog).toBeHidden();
}

test('a reload with an active action and a pending approval restores both', async ({ page }) => {
  await open(page, '?preset=issuer_outage&visa=30');
  await everythingNeedsApproval(page);
  const decision = region(page, 'Decision');
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();
  await decision.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('active-actions')).toContainText('shift_traffic');
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  const pending = page.getByTestId('pending-approval');
  await expect(pending).toBeVisible();
  const waiting = await pending.locator('h3 code').innerText();

  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(page.getByTestId('active-actions')).toContainText('shift_traffic');
  await expect(pending).toBeVisible();
  await expect(pending.locator('h3 code')).toHaveText(waiting);
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('30');
  // The restored decision can still be answered, and the answer is stored.
  await decision.getByRole('button', { name: 'Reject' }).click();
  await expect(pending).toBeHidden();
  await expect(page.getByTestId('history-table')).toContainText('rejected');
  await expect(page.getByTestId('active-actions')).toContainText('shift_traffic');
});

test('with slow storage the buttons that would race stay disabled until the change is stored', async ({
  page,
}) => {
  await open(page, '?preset=issuer_outage&visa=60');
  const decision = region(page, 'Decision');
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();
  await expect(decision.getByRole('button', { name: 'Approve' })).toBeEnabled();
  await slowStorage(page, 1500);

  await decision.getByRole('button', { name: 'Approve' }).click();
  await expect(decision.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(decision.getByRole('button', { name: 'Reject' })).toBeDisabled();
  await expect(decision.getByRole('button', { name: 'Run cycle' })).toBeDisabled();
  await expect(page.getByRole('switch', { name: 'Autopilot' })).toBeDisabled();
  await expect(page.getByTestId('active-actions')).toContainText('shift_traffic', {
    timeout: 15_000,
  });
  const rollBack = page.getByTestId('active-actions').getByRole('button', { name: 'Roll back' });
  await expect(rollBack).toBeEnabled({ timeout: 15_000 });
  await expect(decision.getByRole('button', { name: 'Run cycle' })).toBeEnabled();

  await rollBack.click();
  await expect(rollBack).toBeDisabled();
  await expect(decision.getByRole('button', { name: 'Run cycle' })).toBeDisabled();
  await expect(page.getByTestId('no-active-actions')).toBeVisible({ timeout: 15_000 });
  await expect(decision.getByRole('button', { name: 'Run cycle' })).toBeEnabled({
    timeout: 15_000,
  });
  await expect(page.getByTestId('history-table')).toContainText('rolled back');
});

test('the Gemini key is stored only on Save, not on Escape and a pace change', async ({ page }) => {
  await open(page);
  const storedKey = () => page.evaluate(() => localStorage.getItem('agent-payment-lab:gemini-key'));
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Gemini API key').fill('key-not-saved');
  await dialog.getByLabel('Remember on this device').check();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await region(page, 'Decision').getByRole('combobox', { name: 'Pace' }).selectOption('5000');
  expect(await storedKey()).toBeNull();

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Gemini API key')).toHaveValue('');
  await expect(dialog.getByLabel('Remember on this device')).not.toBeChecked();
  await dialog.getByLabel('Gemini API key').fill('key-saved');
  await dialog.getByLabel('Remember on this device').check();
  await dialog.getByRole('button', { name: 'Save and close' }).click();
  expect(await storedKey()).toBe('key-saved');
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Gemini API key')).toHaveValue('key-saved');
});

test('every alert has a Dismiss button that puts it away', async ({ page }) => {
  await page.goto('./?visa=150');
  const linkAlert = page.getByRole('alert').filter({ hasText: 'Link ignored in part' });
  await expect(linkAlert).toBeVisible();
  await linkAlert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(linkAlert).toBeHidden();

  await page.getByText('System', { exact: true }).click();
  await page.getByRole('button', { name: 'Test crash recovery' }).click();
  const crash = page.getByRole('alert').filter({ hasText: 'crashed' });
  await expect(crash).toBeVisible();
  await crash.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('focus lands on the next control after Run cycle, Approve, Reject and Roll back', async ({
  page,
}) => {
  await open(page, '?preset=issuer_outage&visa=60');
  const decision = region(page, 'Decision');
  const run = decision.getByRole('button', { name: 'Run cycle' });
  await run.click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();
  await expect(decision.getByRole('button', { name: 'Approve' })).toBeFocused();
  await decision.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('pending-approval')).toBeHidden();
  await expect(run).toBeFocused();

  await run.click();
  await expect(decision.getByRole('button', { name: 'Approve' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(run).toBeFocused();
  await page.getByTestId('active-actions').getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByTestId('no-active-actions')).toBeVisible();
  await expect(run).toBeFocused();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(false);
});

test('a stored session that is not valid is refused with a message, and the lab starts afresh', async ({
  page,
}) => {
  await open(page, '?preset=issuer_outage&visa=60');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('agent-payment-lab-session', 1);
        request.onsuccess = () => {
          const tx = request.result.transaction('session', 'readwrite');
          tx.objectStore('session').put({ version: 1, cycle: -1, activeActions: 'many' }, 'live');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error('write failed'));
        };
        request.onerror = () => reject(new Error('open failed'));
      }),
  );
  await page.reload();
  const refused = page
    .getByRole('alert')
    .filter({ hasText: 'The last session could not be restored and was dropped' });
  await expect(refused).toBeVisible();
  await expect(refused).toContainText('cycle');
  await expect(page.getByTestId('no-active-actions')).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Visa health' })).toHaveValue('60');
});

test('a reload in the middle of an incident run brings the run back paused where it stood', async ({
  page,
}) => {
  const { clock, played } = await openScript(page, 'issuer_degrades_then_clears');
  await stepWindows(page, 9);
  const chart = page.getByTestId('timeline-success');
  const drawn = await chart.getAttribute('aria-label');
  const detail = page.getByTestId('window-detail');
  await expect(detail).toContainText('Window 8');
  const newest = await page.getByTestId('detail-success').textContent();

  await page.reload();
  await expect(played).toContainText('Played 9 of 30');
  await expect(clock.getByLabel('Incident script')).toHaveValue('issuer_degrades_then_clears');
  await expect(clock.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(detail).toContainText('Window 8');
  await expect(page.getByTestId('detail-success')).toHaveText(newest!);
  await expect(chart).toHaveAttribute('aria-label', drawn!);
  // The run goes on from where it stood, not from window 0.
  await clock.getByRole('button', { name: 'Step' }).click();
  await expect(played).toContainText('Played 10 of 30');
  await expect(detail).toContainText('Window 9');
});

test('with the agent on, the session is kept through the agent acting in the middle of a window', async ({
  page,
}) => {
  const { played } = await openScript(page, 'processor_outage');
  await page.getByLabel('Agent on').check();
  // The outage begins at window 5: the agent pages, then proposes the failover, which waits.
  await stepWindows(page, 8, { approving: true });
  await expect(page.getByText('could not be kept for a reload')).toHaveCount(0);
  const marks = await page.getByTestId('timeline-success').getAttribute('aria-label');
  await page.reload();
  await expect(played).toContainText('Played 8 of 30');
  await expect(page.getByTestId('timeline-success')).toHaveAttribute('aria-label', marks!);
});

test('a reload while the clock plays brings the run back, paused, with no window lost', async ({
  page,
}) => {
  const { clock, played } = await openScript(page, 'processor_outage');
  await clock.getByLabel('Speed').selectOption('8');
  await clock.getByRole('button', { name: 'Play' }).click();
  await expect(played).toContainText(/Played ([6-9]|1\d) of 30/, { timeout: 20_000 });
  const before = Number(/Played (\d+)/.exec((await played.textContent()) ?? '')?.[1]);

  await page.reload();
  await expect(played).toContainText(/Played \d+ of 30/);
  const after = Number(/Played (\d+)/.exec((await played.textContent()) ?? '')?.[1]);
  // The window in flight when the page went away may be the only one not kept.
  expect(after).toBeGreaterThanOrEqual(before - 1);
  await expect(clock.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByTestId('window-detail')).toContainText(`Window ${after - 1}`);
});

test("the clock's speed and SLO are kept for a reload, and an SLO out of range is refused beside it", async ({
  page,
}) => {
  const clock = region(page, 'Clock');
  const timeline = region(page, 'Timeline');
  await open(page);
  const slo = timeline.getByLabel('SLO on success (%)');
  await slo.fill('40');
  await slo.press('Enter');
  await expect(slo).toHaveAttribute('aria-invalid', 'true');
  await expect(
    timeline.getByText('The SLO must be between 90.0 % and 99.9 %; 98.0 % stays in force.'),
  ).toBeVisible();
  await slo.fill('99.5');
  await slo.press('Enter');
  await expect(slo).toHaveAttribute('aria-invalid', 'false');
  await expect(timeline.getByText('The SLO must be between')).toBeHidden();
  await clock.getByLabel('Speed').selectOption('8');
  await expect
    .poll(() => storedSession(page).then((s) => s?.dials))
    .toEqual({ speed: 8, slo: 0.995 });

  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(clock.getByLabel('Speed')).toHaveValue('8');
  await expect(timeline.getByLabel('SLO on success (%)')).toHaveValue('99.5');
});

test('after a reload the agent that was on stays off, and the page says it was on', async ({
  page,
}) => {
  await open(page);
  const agentOn = page.getByLabel('Agent on');
  await agentOn.check();
  // The switch is written to the session: wait for the write before reloading.
  await expect.poll(() => storedSession(page).then((s) => s?.agentOn)).toBe(true);
  await page.reload();
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  await expect(agentOn).not.toBeChecked();
  await expect(page.getByTestId('autopilot-note')).toHaveText(
    'Autopilot is off after the reload; it was on before. Switch it on to go on.',
  );
  await agentOn.check();
  await expect(page.getByTestId('autopilot-note')).toBeHidden();
});
