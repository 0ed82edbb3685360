/**
 * A key and certificate request made on this machine (enrol, renew, admin-cert): loaded only by
 * those verbs, since the X.509 library behind it is most of what `paddock keys` would load.
 */
export { makeRequest } from '@paddock/keys';
