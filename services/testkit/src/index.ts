export { startTestServer, type TestServer, type TestServerOptions, testServerConfig } from './test-server.ts';
