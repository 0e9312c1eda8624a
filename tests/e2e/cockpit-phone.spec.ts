import { expect, test, type Locator, type Page } from '@playwright/test';

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The top of an element on the page (not the viewport), in CSS pixels. */
async function pageTop(locator: Locator): Promise<number> {
  return locator.evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
}

/** Whether `first` comes before `second` in the document, which is the order of Tab and of a screen reader. */
async function precedes(first: Locator, second: Locator): Promise<boolean> {
  const handle = await second.elementHandle();
  return first.evaluate(
    (element, other) =>
      (element.compareDocumentPosition(other as Node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
    handle,
  );
}

test('on a 390 px phone the decision, Run cycle and Approve come before the sliders', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?preset=issuer_outage&visa=30');
  const decision = region(page, 'Decision');
  await decision.getByRole('button', { name: 'Run cycle' }).click();
  await expect(page.getByTestId('pending-approval')).toBeVisible();

  const run = decision.getByRole('button', { name: 'Run cycle' });
  const selected = page.getByTestId('selected-action');
  const approve = decision.getByRole('button', { name: 'Approve' });
  const firstSlider = page.getByRole('slider', { name: 'Visa health' });
  const scenario = region(page, 'Scenario');

  const sliderTop = await pageTop(firstSlider);
  const scenarioTop = await pageTop(scenario);
  for (const control of [run, selected, approve]) {
    expect(await pageTop(control)).toBeLessThan(scenarioTop);
    expect(await precedes(control, firstSlider)).toBe(true);
  }
  expect(scenarioTop).toBeLessThan(sliderTop);
  // Run cycle is on the first screen of the phone, and nothing scrolls sideways.
  expect(await pageTop(run)).toBeLessThan(844);
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(widths[0]).toBe(widths[1]);
});

test('at 1280×800 the sliders keep their column beside the decision and the timeline', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?preset=issuer_outage&visa=30');
  await expect(page.getByTestId('selected-action-type')).toBeVisible();
  const slider = await page.getByRole('slider', { name: 'Visa health' }).boundingBox();
  const decision = await region(page, 'Decision').boundingBox();
  const timeline = await region(page, 'Timeline').boundingBox();
  expect(slider!.x + slider!.width).toBeLessThan(decision!.x);
  expect(decision!.x + decision!.width).toBeLessThan(timeline!.x);
  // Side by side: the two panels start on the same line.
  expect(Math.abs(decision!.y - timeline!.y)).toBeLessThan(2);
});
