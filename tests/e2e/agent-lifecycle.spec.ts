import { expect, test } from '@playwright/test';

test('a latency spike notification runs without asking anyone: notifications are pre-approved', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('./?latency=3');
  await expect(page.getByTestId('selected-action-type')).toHaveText('send_notification');
  const decision = page.getByRole('region', { name: 'Decision', exact: true });
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('last-outcome')).toContainText('executed');
  await expect(page.getByTestId('pending-approval')).toHaveCount(0);
  await expect(page.getByTestId('history-table')).toContainText('send_notification');
  expect(errors).toEqual([]);
});

test('with a short term set, the agent renews a shift still needed instead of letting it lapse', async ({
  page,
}) => {
  await page.goto('./?preset=issuer_outage&visa=60');
  await expect(page.getByTestId('selected-action-type')).toHaveText('shift_traffic');
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const term = dialog.getByLabel(/Term of an action, in windows/);
  await term.fill('0');
  await term.press('Tab');
  await expect(dialog.getByRole('alert')).toContainText(
    'actionTermWindows = 0 ignored (it must be a whole number of windows from 1 to 1440)',
  );
  await term.fill('4');
  await term.press('Tab');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save and close' }).click();

  const decision = page.getByRole('region', { name: 'Decision', exact: true });
  const selected = page.getByTestId('selected-action');
  // The shift (approved when asked), its second step, then the renewal as the term runs out.
  for (let cycle = 0; cycle < 6; cycle++) {
    if ((await selected.locator('p').first().textContent())?.startsWith('Renew:')) break;
    const run = decision.getByRole('button', { name: 'Run cycle' });
    await run.click();
    const pending = page.getByTestId('pending-approval');
    // The cycle ends either waiting for a human or ready for the next: wait for one of the two.
    await expect
      .poll(async () => (await pending.isVisible()) || (await run.isEnabled()))
      .toBe(true);
    if (await pending.isVisible()) await pending.getByRole('button', { name: 'Approve' }).click();
    await expect(run).toBeEnabled();
  }
  await expect(selected.locator('p').first()).toHaveText(/^Renew: Shift: move \d+% of visa/);
  await expect(page.getByTestId('what-if-against-lapse')).toBeVisible();
  await expect(page.getByTestId('mitigation-debt')).toContainText(
    /since window \d+ · lapses at window \d+ unless renewed/,
  );
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('history-table')).toContainText('Renewed: shift_traffic');
  await expect(page.getByTestId('routing-row-visa')).toContainText('95 %');
});

test('a processor outage played with a human approving ends back on the default plane', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('./?script=processor_outage');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  const agentOn = page.getByLabel('Agent on');
  const play = page.getByRole('button', { name: 'Play', exact: true });
  const bar = page.getByTestId('clock-window');
  await page.getByLabel('Speed').selectOption('8');
  await agentOn.check();
  await play.click();
  const asked: string[] = [];
  // As a user does: approve what the agent asks for, switch it back on, play on to the end.
  while (!(await bar.textContent())?.includes('Played 30 of 30')) {
    const approve = page.getByRole('button', { name: /^Approve/ });
    if (await approve.isVisible()) {
      const change = (await page.getByTestId('pending-change').textContent()) ?? '';
      asked.push(change);
      // The decision box shows the decision that waits, not another the live window reasoned to.
      const selected = page.getByTestId('selected-action');
      await expect(selected).toContainText(
        (await page.locator('#pending-heading code').textContent()) ?? '',
      );
      await expect(page.getByTestId('guardrail-verdict')).toHaveText(
        'Guardrails: needs a human approval',
      );
      const share = /in force \(move up to (\d+) %/.exec(change)?.[1];
      if (share) await expect(selected).toContainText(`Fail over: move up to ${share}%`);
      await approve.click();
      await expect(page.getByTestId('pending-approval')).toHaveCount(0);
    } else if (!(await agentOn.isChecked())) {
      // A click, not check(): switched on, the agent may at once stop again for an approval, and
      // the box is then unchecked before check() could see it change.
      await agentOn.click({ timeout: 2000 }).catch(() => undefined);
    } else if (await play.isVisible()) {
      // The button may turn into Pause between the look and the click: the loop looks again.
      await play.click({ timeout: 2000 }).catch(() => undefined);
    }
    await page.waitForTimeout(200);
  }
  expect(asked.some((text) => text.startsWith('Move up to 50 %'))).toBe(true);
  // An unwind names the failover it undoes, not a record id.
  const unwinds = asked.filter((text) => text.startsWith('Undo'));
  expect(unwinds.length).toBeGreaterThan(0);
  for (const text of unwinds) expect(text).toContain('of the failover_processor in force (move');
  await expect(page.getByTestId('mitigation-debt-none')).toBeVisible();
  // The timeline marks the approved failover and the unwinds, and calls none of them a rollback.
  const chart = page.getByRole('img', { name: /^Success by lab minute/ });
  await expect(chart).toHaveAttribute('aria-label', /Executed failover_processor at \d+/);
  await expect(chart).toHaveAttribute('aria-label', /Unwound at \d+/);
  await expect(chart).not.toHaveAttribute('aria-label', /Rolled back/);
  await expect(
    page.locator('dt', { hasText: 'Time to mitigate' }).locator('xpath=following-sibling::dd'),
  ).not.toHaveText('–');
});
