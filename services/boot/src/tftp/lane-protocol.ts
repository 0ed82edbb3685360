import type { TftpOption } from './codec.ts';
import type { SessionEnd, SessionStats } from './lane-session.ts';
import type { TransferSettings } from './options.ts';
import type { RtoConfig } from './rto.ts';

export interface Peer {
  address: string;
  port: number;
}

/** One accepted transfer handed to a lane: its socket, already bound, and what was agreed. */
export interface LaneJob {
  id: number;
  /** The transfer's own UDP socket (its TID); the lane closes it. */
  socketFd: number;
  peer: Peer;
  size: number;
  /** The open file (the main thread closes it at the end), or the bytes themselves (netascii). */
  file: { fd: number } | { bytes: Uint8Array };
  settings: TransferSettings;
  oack: TftpOption[];
  rto?: RtoConfig | undefined;
  maxRetries?: number | undefined;
  maxSilenceMs?: number | undefined;
}

export type ToLane =
  | ({ kind: 'start' } & LaneJob)
  | { kind: 'abort'; id: number; reason: string }
  | { kind: 'stop'; reason: string };

export type FromLane = { kind: 'end'; id: number; outcome: SessionEnd; stats: SessionStats };
