/**
 * Why a request was refused: a short label for the refusal counter and the node's token
 * outcome, and the sentence the requester reads. Nothing is issued on any refusal.
 */
export type RefusalReason =
  | 'token-malformed'
  | 'token-unknown'
  | 'token-used'
  | 'token-revoked'
  | 'token-expired'
  | 'csr-malformed'
  | 'csr-signature'
  | 'csr-subject'
  | 'csr-key-type'
  | 'csr-key-weak'
  | 'ssh-key'
  | 'identity';

export interface Refusal {
  kind: 'refuse';
  reason: RefusalReason;
  message: string;
}

export const refuse = (reason: RefusalReason, message: string): Refusal => ({ kind: 'refuse', reason, message });
