import path from 'node:path';
import { SettingsPage } from '../../pages/settings-page';
import { expect, test } from './serve-fixture';

const shots = process.env.FLOTILLA_SHOTS_DIR;

/**
 * Issue 14, style: an error summary's links name the fields to fix in the alert's own colour (not
 * the browser's blue or visited purple), and a disabled primary button is grey and dashed, in both
 * themes.
 */
test("an error summary's links and a disabled primary button fit the palette in light and dark", async ({ page, served }) => {
  const settings = new SettingsPage(page);
  await settings.open(served.url);
  await settings.setField('Regions', 'us-east-1, mars-west-9');
  await settings.save();
  const link = settings.alert().getByRole('link').first();
  await expect(link).toBeVisible();

  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const look = () =>
      link.evaluate((el) => {
        const root = getComputedStyle(document.documentElement);
        const probe = document.createElement('div');
        document.body.append(probe);
        const colour = (v: string) => ((probe.style.color = root.getPropertyValue(v)), getComputedStyle(probe).color);
        const out = { alertColour: getComputedStyle(el).color === colour('--error'), underlined: getComputedStyle(el).textDecorationLine };
        probe.remove();
        return out;
      });
    await expect.poll(look).toEqual({ alertColour: true, underlined: 'underline' });
    for (const [width, height] of [[1280, 800], [900, 700]] as const) {
      await page.setViewportSize({ width, height });
      await link.scrollIntoViewIfNeeded();
      if (shots) await page.screenshot({ path: path.join(shots, `settings-errors-${width}-${theme}.png`) });
    }
  }

  // A disabled primary button: grey and dashed, not a paler blue (the Revisions spec checks the danger one).
  const disabled = await page.evaluate(() => {
    const button = document.createElement('button');
    button.className = 'button button--primary';
    button.disabled = true;
    button.textContent = 'Spool';
    document.body.append(button);
    const probe = document.createElement('div');
    document.body.append(probe);
    probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--accent');
    const style = getComputedStyle(button);
    const out = { border: style.borderStyle, accent: style.backgroundColor === getComputedStyle(probe).color };
    button.remove();
    probe.remove();
    return out;
  });
  expect(disabled).toEqual({ border: 'dashed', accent: false });
});
