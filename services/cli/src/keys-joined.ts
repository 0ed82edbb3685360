/** What a joined server loads of the keys package (a bundle of its own, only when joined). */
export { joinedModule, joinedPki, parseJoinCode } from '@paddock/keys';
