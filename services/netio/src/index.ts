export {
  ARP_REPLY,
  ARP_REQUEST,
  type ArpPacket,
  arpReplyFrame,
  arpRequestFrame,
  decodeArp,
  decodeArpFrame,
  ETHERTYPE_ARP,
  encodeArp,
} from './arp.ts';
export { type Decoded, internetChecksum } from './checksum.ts';
export {
  allocBody,
  Batch,
  bindDatagram,
  type Datagram,
  type DatagramOptions,
  DatagramSocket,
  MAX_SEGMENTS,
  type NativeBlock,
  openDatagram,
  receiveFrom,
  sendTo,
} from './datagram.ts';
export { clearEventFd, closeFd, Epoll, openEventFd, signalEventFd } from './epoll.ts';
export { BROADCAST_MAC, decodeEthernet, type EthernetFrame, encodeEthernet, MIN_FRAME } from './ethernet.ts';
export type { FdSocket, SocketStats } from './fd-socket.ts';
export { decodeIcmpEcho, encodeIcmpEcho, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, type IcmpEcho } from './icmp.ts';
export { type InterfaceInfo, type Ipv4Address, interfaceIndex, interfaceInfo, listInterfaces } from './interfaces.ts';
export {
  decodeIpv4,
  encodeIpv4,
  IPPROTO_TCP,
  IPPROTO_UDP,
  type Ipv4Out,
  type Ipv4Packet,
  pseudoHeaderChecksum,
} from './ipv4.ts';
export { decodeSockaddrIn, encodeSockaddrIn, sameSockaddrIn } from './kernel-structs.ts';
export { NetioError } from './libc.ts';
export { netnsPath, withNetns } from './netns.ts';
export {
  ETH_P_ALL,
  ETH_P_ARP,
  ETH_P_IP,
  ETH_P_IPV6,
  ETH_P_WOL,
  openPacket,
  type PacketFrame,
  type PacketOptions,
  PacketSocket,
  type PacketStats,
  PacketType,
} from './packet.ts';
export { type EchoReply, IcmpSocket, openIcmp, type PingOptions, ping } from './ping.ts';
export { type SendFileOptions, sendFileTo } from './sendfile.ts';
export { peekTcpReply, SynFrameBuilder, type TcpReply } from './syn-frame-builder.ts';
export { openTap, TapDevice, type TapOptions } from './tap.ts';
export { type ConnectOutcome, connectProbe } from './tcp-connect.ts';
export {
  decodeTcpFrame,
  encodeSynFrame,
  type SynProbe,
  TCP_ACK,
  TCP_FIN,
  TCP_RST,
  TCP_SYN,
  type TcpSegment,
} from './tcp-frame.ts';
export { openUdp, type UdpDatagram, type UdpOptions, UdpSocket } from './udp.ts';
export { encodeUdpFrame, type UdpFrame } from './udp-frame.ts';
export { encodeSockaddrUn, sendUnixDatagram } from './unix-datagram.ts';
