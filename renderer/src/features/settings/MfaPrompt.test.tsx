import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { MfaPrompt } from './MfaPrompt';

/** A Test button that opens the prompt, as the AWS accounts table does. */
function Harness({ onSubmit }: { onSubmit(code: string): void }) {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        Test admin
      </button>
      <a href="#elsewhere">Elsewhere</a>
      {open && (
        <MfaPrompt
          profile="admin"
          mfaSerial="arn:aws:iam::123456789012:mfa/ada"
          onSubmit={(code) => {
            onSubmit(code);
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        />
      )}
    </main>
  );
}

async function openWithKeyboard() {
  const onSubmit = vi.fn();
  const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal');
  const user = userEvent.setup();
  render(<Harness onSubmit={onSubmit} />);
  await user.tab();
  const opener = screen.getByRole('button', { name: 'Test admin' });
  expect(opener).toHaveFocus();
  await user.keyboard('{Enter}');
  const dialog = screen.getByRole('dialog', { name: 'MFA code for admin' });
  return { user, onSubmit, showModal, opener, dialog };
}

describe('MfaPrompt', () => {
  afterEach(() => vi.restoreAllMocks());

  test('opens as a modal dialog named by its heading, with the focus in a one-time-code field', async () => {
    const { showModal, dialog } = await openWithKeyboard();
    expect(dialog.tagName).toBe('DIALOG');
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveAccessibleDescription('This role needs a code from the MFA device arn:aws:iam::123456789012:mfa/ada.');
    const code = within(dialog).getByLabelText('MFA code');
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('maxlength', '6');
  });

  test('says what is wrong with a short code, then sends six digits and gives the focus back', async () => {
    const { user, onSubmit, opener, dialog } = await openWithKeyboard();
    const code = within(dialog).getByLabelText('MFA code');
    await user.keyboard('{Enter}');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enter the 6-digit code your MFA device shows.');
    await user.keyboard('12a3{Enter}');
    expect(code).toHaveValue('123');
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(code).toHaveAccessibleDescription('The code has 3 digits; enter all 6 digits your MFA device shows.');
    expect(code).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.keyboard('456');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('123456');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  test('Escape cancels and returns the focus to the button that opened it; so does Cancel', async () => {
    const { user, onSubmit, opener } = await openWithKeyboard();
    await user.keyboard('12');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await user.keyboard('{Enter}');
    const dialog = screen.getByRole('dialog', { name: 'MFA code for admin' });
    await user.tab(); // Verify and test
    await user.tab(); // Cancel
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
