/* sysinfo(): Linux's struct sysinfo (x86_64 layout, 112 bytes). */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#ifdef __cplusplus
extern "C" {
#endif

struct sysinfo {
	long uptime;             /* seconds since boot */
	unsigned long loads[3];  /* load averages, scaled by 65536 */
	unsigned long totalram;  /* memory sizes in units of mem_unit bytes */
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;    /* number of processes */
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[4];
};

int sysinfo(struct sysinfo *info);
/* The CPUs online and configured (glibc's; counted from /proc/stat). */
int get_nprocs(void);
int get_nprocs_conf(void);

#ifdef __cplusplus
}
#endif

#endif
