/**
 * Kakao's JavaScript SDK 2.7.1 (Kakao's published kakao.min.js, not part of this project) as the
 * reference for bytes and evaluation: `KAKAO_SDK_FILE`, or the copy development and CI machines keep
 * beside the repository, found as the browser tests find it (test/e2e/kakao-hosts.ts, which cannot
 * be imported outside vitest).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file =
  process.env.KAKAO_SDK_FILE ??
  fileURLToPath(new URL('../../../shared/vendor/kakao-js-sdk/2.7.1/kakao.min.js', import.meta.url));

export interface KakaoSdkFile {
  version: string;
  body: Buffer;
}

export function readKakaoSdk(): KakaoSdkFile {
  if (!existsSync(file))
    throw new Error(
      `Kakao's SDK file not found at ${file}: set KAKAO_SDK_FILE to Kakao's kakao.min.js.`,
    );
  const body = readFileSync(file);
  const version = /Kakao SDK for JavaScript - v(\d+\.\d+\.\d+)/.exec(body.toString('utf8', 0, 400));
  if (!version?.[1]) throw new Error(`${file} is not Kakao's SDK (no version in its header)`);
  return { version: version[1], body };
}
