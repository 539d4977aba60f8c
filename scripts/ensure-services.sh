#!/usr/bin/env bash
# Starts the local PostgreSQL and MariaDB the tests need, when they are down and installed on this machine.
# Tests read PG_URL and MYSQL_URL; when those point elsewhere, nothing is started here.
set -uo pipefail

PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
MYSQL_URL="${MYSQL_URL:-mysql://root@127.0.0.1:3306/mysql}"

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do
    port_open "$1" "$2" && return 0
    sleep 0.5
  done
  echo "ensure-services: $3 did not come up on $1:$2" >&2
  return 1
}

if [[ "$PG_URL" == *"@127.0.0.1:5432"* || "$PG_URL" == *"@localhost:5432"* ]]; then
  if ! port_open 127.0.0.1 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "ensure-services: starting PostgreSQL"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
      wait_port 127.0.0.1 5432 PostgreSQL
    else
      echo "ensure-services: PostgreSQL is not running on 127.0.0.1:5432 and not installed here; set PG_URL" >&2
    fi
  fi
fi

if [[ "$MYSQL_URL" == *"@127.0.0.1:3306"* || "$MYSQL_URL" == *"@localhost:3306"* ]]; then
  if ! port_open 127.0.0.1 3306; then
    if [ -x /usr/sbin/mariadbd ]; then
      echo "ensure-services: starting MariaDB"
      start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
      wait_port 127.0.0.1 3306 MariaDB
    else
      echo "ensure-services: MariaDB is not running on 127.0.0.1:3306 and not installed here; set MYSQL_URL" >&2
    fi
  fi
fi
exit 0
