import { OverlayServiceDefinition } from '@paddock/proto/overlay/v1/overlay.ts';
import { withClientOf } from '../client-options.ts';

/** Runs `fn` with an OverlayService client for the server the flags point at, then closes it. */
export const withOverlay = withClientOf(OverlayServiceDefinition);
