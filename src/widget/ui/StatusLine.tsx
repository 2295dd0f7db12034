import type { Messages } from '../i18n';
import { isBusy, status } from '../state';
import { watching } from './watching';

/** A real button (not a link-styled word): the one next step after a failed or cancelled login. */
const RetryButton = ({ label, onRetry }: { label: string; onRetry(): void }) => (
  <button type="button" class="r" part="retry" onClick={onRetry}>
    {label}
  </button>
);

/**
 * The line under the buttons: "signing in…" and a cancelled login in a polite live region, errors
 * in an alert, each with a retry when there is a provider to retry with. Both regions exist from
 * the start, so screen readers announce their changes, and share one grid cell whose room is kept
 * from the start (styles.css `.st`): no status ever pushes the store's page. Each mount speaks its
 * own language, whichever mount the failed attempt came from.
 */
export const StatusLine = watching(
  status,
  ({ text, onRetry }: { text: Messages; onRetry(): void }, now) => {
    const error = now.kind === 'error' ? now : null;
    // A shopper who backed out of the provider's consent did nothing wrong: no red, no alert. (The
    // automatic login's `consent_required` is silent: it never reaches this line.)
    const calm = error?.code === 'access_denied';
    const failure = error && (
      <>
        {text.error(error.code, error.reason)}
        {error.provider && <RetryButton label={text.retry} onRetry={onRetry} />}
      </>
    );
    return (
      <div class="st">
        <div class="s" role="status" part="status">
          {isBusy(now) && (
            <>
              <span class="sp" aria-hidden="true" />
              {text.busy}
            </>
          )}
          {calm && failure}
        </div>
        <div class="s e" role="alert" part="status error">
          {!calm && failure}
        </div>
      </div>
    );
  },
);
