/*
 * lwipopts.h: how Breenix configures lwIP 2.1.3 (docs/net.md).
 *
 * NO_SYS=1: lwIP's raw (callback) API only; no lwIP threads, mailboxes or
 * semaphores.  Every lwIP call is made with net_lock held (kernel/net/
 * netif.c), from the network thread or from a system call, never from an
 * interrupt handler, so lwIP needs no protection of its own
 * (SYS_LIGHTWEIGHT_PROT=0).
 *
 * Memory: both lwIP's heap and its pools come from kmalloc through
 * sys_arch.c, which refuses to go past LWIP_PORT_MEM_LIMIT bytes in all:
 * a flood of frames or connections costs lwIP allocation failures (frames
 * dropped, connections refused), never the rest of the kernel's memory.
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_TIMERS 1

/* Memory: kmalloc with a limit (sys_arch.c). */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 8
#define mem_clib_malloc lwip_port_malloc
#define mem_clib_free lwip_port_free
#define mem_clib_calloc lwip_port_calloc
#define LWIP_PORT_MEM_LIMIT (8u * 1024 * 1024)

/* Protocols. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1                      /* ping sockets (inet_icmp.c) */
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0
/*
 * LWIP_DNS only so that the DHCP client asks for and passes on the DNS
 * servers (dns_setserver): lwIP's resolver (dns.c) is not built; names are
 * resolved in the C library, as on Linux, and dns_port.c keeps the servers
 * for /proc/net/pnp.
 */
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 3
#define LWIP_IGMP 0
#define LWIP_AUTOIP 0
#define IP_FORWARD 0
#define IP_REASSEMBLY 1
#define IP_FRAG 1
#define IP_REASS_MAX_PBUFS 64
#define LWIP_HAVE_LOOPIF 1
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_LOOPBACK_MAX_PBUFS 256
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_BROADCAST_PING 0
#define SO_REUSE 1
#define LWIP_TCP_KEEPALIVE 1
#define TCP_LISTEN_BACKLOG 1
#define LWIP_CALLBACK_API 1
#define LWIP_STATS 0
#define LWIP_NETIF_API 0
/* lwIP computes every checksum (no offloads): its loop that sums eight bytes a step. */
#define LWIP_CHKSUM_ALGORITHM 3

/* TCP: a 64 KiB window each way, no window scaling. */
#define TCP_MSS 1460
#define TCP_WND (44 * TCP_MSS)
#define TCP_SND_BUF (44 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_OVERSIZE TCP_MSS
#define TCP_QUEUE_OOSEQ 1
#define TCP_OOSEQ_MAX_PBUFS 64
#define LWIP_TCP_SACK_OUT 0
/* TIME_WAIT lasts 2 * TCP_MSL: 60 s, Linux's TCP_TIMEWAIT_LEN (lwIP's default is 120 s). */
#define TCP_MSL 30000UL

/*
 * Pool sizes: with MEMP_MEM_MALLOC these are not allocations, but lwIP's
 * sanity checks compare the TCP numbers with them, and a few (segments,
 * reassembly) are used as limits.
 */
#define MEMP_NUM_TCP_PCB 256
#define MEMP_NUM_TCP_PCB_LISTEN 64
#define MEMP_NUM_UDP_PCB 64
#define MEMP_NUM_TCP_SEG (4 * TCP_SND_QUEUELEN)
#define MEMP_NUM_REASSDATA 16
#define MEMP_NUM_FRAG_PBUF 32
#define MEMP_NUM_ARP_QUEUE 32
#define MEMP_NUM_SYS_TIMEOUT 16
#define PBUF_POOL_SIZE 512
#define PBUF_POOL_BUFSIZE 1536
#define ARP_TABLE_SIZE 16
#define ARP_QUEUEING 1

/* Checksums: computed and checked in software (no offload negotiated). */
#define LWIP_CHECKSUM_ON_COPY 0

#define LWIP_RAND() lwip_port_rand()

#endif
