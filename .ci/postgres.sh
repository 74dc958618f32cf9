# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && kpi_postgres_start`): a throwaway
# PostgreSQL cluster in a temporary folder on a free local port, for the database source tests.
# kpi_postgres_start installs the server with apt when it is missing, starts it (as the postgres user
# when run as root, since the server refuses to run as root), creates the kpi_test database and
# exports KPI_TEST_POSTGRES, the connection the tests read. kpi_postgres_stop stops it and removes
# the folder; .ci/run calls it from an EXIT trap.

kpi_postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

kpi_postgres_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

kpi_postgres_start() {
  local bin port
  bin=$(kpi_postgres_bin)
  if [ -z "$bin" ]; then
    echo "PostgreSQL not found: installing it with apt-get" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; then
      echo "PostgreSQL could not be installed; the PostgreSQL tests will fail under CI=true" >&2
      return 1
    fi
    bin=$(kpi_postgres_bin)
  fi
  KPI_POSTGRES_DIR=$(mktemp -d /tmp/kpi-postgres.XXXXXX)
  export KPI_POSTGRES_DIR
  chmod 755 "$KPI_POSTGRES_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$KPI_POSTGRES_DIR"
  fi
  port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  kpi_postgres_as "$bin/initdb" -D "$KPI_POSTGRES_DIR/data" -U kpi --auth=trust -E UTF8 --no-locale >"$KPI_POSTGRES_DIR/initdb.log" 2>&1 \
    && kpi_postgres_as "$bin/pg_ctl" -D "$KPI_POSTGRES_DIR/data" -l "$KPI_POSTGRES_DIR/server.log" -w -t 60 \
         -o "-p $port -k $KPI_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    && kpi_postgres_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U kpi kpi_test
  local status=$?
  if [ "$status" != 0 ]; then
    echo "PostgreSQL did not start:" >&2
    cat "$KPI_POSTGRES_DIR"/*.log >&2 2>/dev/null
    return "$status"
  fi
  export KPI_TEST_POSTGRES="postgresql:Host=127.0.0.1;Port=$port;Username=kpi;Database=kpi_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the tests"
}

kpi_postgres_stop() {
  if [ -n "${KPI_POSTGRES_DIR:-}" ] && [ -d "$KPI_POSTGRES_DIR" ]; then
    kpi_postgres_as "$(kpi_postgres_bin)/pg_ctl" -D "$KPI_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$KPI_POSTGRES_DIR"
  fi
}
