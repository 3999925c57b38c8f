/* <grp.h> for Breenix: newlib's declarations, with glibc's getgrouplist and
 * setgroups (__MISC_VISIBLE, glibc's _DEFAULT_SOURCE).  grp.c. */
#ifndef _GRP_H_
#define	_GRP_H_

#include <sys/cdefs.h>
#include <sys/types.h>

#if __BSD_VISIBLE
#define	_PATH_GROUP		"/etc/group"
#endif

struct group {
	char	*gr_name;		/* group name */
	char	*gr_passwd;		/* group password */
	gid_t	gr_gid;			/* group id */
	char	**gr_mem;		/* group members */
};

#ifdef __cplusplus
extern "C" {
#endif

struct group	*getgrgid (gid_t);
struct group	*getgrnam (const char *);
#if __MISC_VISIBLE || __POSIX_VISIBLE
int		 getgrnam_r (const char *, struct group *,
			char *, size_t, struct group **);
int		 getgrgid_r (gid_t, struct group *,
			char *, size_t, struct group **);
#endif
#if __MISC_VISIBLE || __XSI_VISIBLE >= 4
struct group	*getgrent (void);
void		 setgrent (void);
void		 endgrent (void);
#endif
#if __MISC_VISIBLE
int		 getgrouplist (const char *, gid_t, gid_t *, int *);
int		 initgroups (const char *, gid_t);
int		 setgroups (int, const gid_t *);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !_GRP_H_ */
