import type { WelcomeNotice as Notice } from '../../contract';

/**
 * The welcome after login (`/api/welcome`'s notice, already in the shopper's language): title,
 * lines, and a close button; announced politely.
 */
export const WelcomeNotice = ({ notice, onClose }: { notice: Notice; onClose(): void }) => (
  <div class="wn" role="status" part="welcome">
    <p class="t">{notice.title}</p>
    {notice.lines.map((line) => (
      <p key={line}>{line}</p>
    ))}
    <button type="button" class="x" aria-label={notice.close} onClick={onClose}>
      ×
    </button>
  </div>
);
