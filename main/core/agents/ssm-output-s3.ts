import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsErrorCode } from '../shared/aws-errors';

/** The most bytes of one stream read back from S3 (the rest stays there, and the log says so). */
export const SSM_S3_OUTPUT_CAP = 16 * 1024 * 1024;

/** Where SSM also writes a command's whole output (Settings → revisions.ssmOutputPrefix). */
export interface SsmS3Output {
  /** The revisions bucket: SendCommand's OutputS3BucketName, and the only bucket read back. */
  bucket: string;
  /** SendCommand's OutputS3KeyPrefix, checked by ssmOutputPrefixRule. */
  prefix: string;
  s3: Pick<S3Client, 'send'>;
}

/**
 * The key SSM writes a stream of AWS-RunShellScript to:
 * `<prefix>/<CommandId>/<InstanceId>/awsrunShellScript/0.awsrunShellScript/<stdout|stderr>`.
 * Built from the configured prefix and ids Flotilla checked, never from SSM's StandardOutputUrl.
 */
export function ssmOutputKey(prefix: string, commandId: string, instanceId: string, stream: 'stdout' | 'stderr'): string {
  return `${prefix.replace(/\/+$/, '')}/${commandId}/${instanceId}/awsrunShellScript/0.awsrunShellScript/${stream}`;
}

export type FullOutput = { ok: true; text: string; cut: boolean } | { ok: false; reason: string };

/** Reads at most `cap` bytes of one stream SSM wrote to S3 (a ranged GET of cap + 1 bytes tells whether there is more). */
export async function readSsmOutput(out: SsmS3Output, key: string, cap = SSM_S3_OUTPUT_CAP): Promise<FullOutput> {
  try {
    const got = await out.s3.send(new GetObjectCommand({ Bucket: out.bucket, Key: key, Range: `bytes=0-${cap}` }));
    const bytes = got.Body ? await got.Body.transformToByteArray() : new Uint8Array();
    const cut = bytes.length > cap;
    return { ok: true, text: new TextDecoder('utf-8').decode(cut ? bytes.subarray(0, cap) : bytes), cut };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NoSuchKey') return { ok: false, reason: `s3://${out.bucket}/${key} does not exist (the instance role may lack s3:PutObject on it)` };
    if (/AccessDenied/.test(code)) return { ok: false, reason: `AWS refused s3:GetObject on s3://${out.bucket}/${key}` };
    return { ok: false, reason: `reading s3://${out.bucket}/${key} failed (${code})` };
  }
}
