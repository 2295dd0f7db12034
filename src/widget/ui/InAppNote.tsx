import type { Messages } from '../i18n';

/** Kakao-only mode's one line: why the store's own form and the other buttons are gone. */
export const InAppNote = ({ text, quiet }: { text: Messages; quiet?: boolean }) => (
  <div class={quiet ? 's q' : 's'} part="note">
    {text.kakaoOnly}
  </div>
);
