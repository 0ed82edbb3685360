/** A test service of three calls (unary, server stream, client stream) on ServiceInfo messages. */
import { ServiceInfo } from '@paddock/proto/system/v1/system.ts';

export const Echo = {
  name: 'Echo',
  fullName: 'paddock.test.v1.Echo',
  methods: {
    echo: {
      name: 'Echo',
      requestType: ServiceInfo,
      requestStream: false,
      responseType: ServiceInfo,
      responseStream: false,
    },
    repeat: {
      name: 'Repeat',
      requestType: ServiceInfo,
      requestStream: false,
      responseType: ServiceInfo,
      responseStream: true,
    },
    join: {
      name: 'Join',
      requestType: ServiceInfo,
      requestStream: true,
      responseType: ServiceInfo,
      responseStream: false,
    },
  },
} as const;

/** A ServiceInfo with every field set (ts-proto's encode expects them). */
export const info = (p: Partial<ServiceInfo>): ServiceInfo => ServiceInfo.fromJSON(p);
