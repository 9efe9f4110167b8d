// The MariaDB Connector/C client API (Debian: libmariadb-dev), for DaiBaiMySQL.
#include <mysql.h>
