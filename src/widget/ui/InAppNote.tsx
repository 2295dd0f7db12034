import type { Messages } from '../i18n';

/** Kakao-only mode's one line: why the store's own form and the other buttons are gone. */
export const InAppNote = ({ text }: { text: Messages }) => (
  <div class="s" part="note">
    {text.kakaoOnly}
  </div>
);
