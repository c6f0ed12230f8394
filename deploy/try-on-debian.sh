#!/usr/bin/env bash
# The operator guide's steps, run on a clean Debian 13 (trixie) made with debootstrap:
# the system packages it names, the previous release installed from its wheel, migrate,
# collectstatic, the processes started with the units' own command lines, a page and a
# sign-in through Caddy over HTTPS; then the upgrade to the new release (its own
# virtualenv, backup, migrate, collectstatic, switch, restart) and the sign-in again.
#
#   deploy/try-on-debian.sh PREVIOUS_RELEASE NEW_RELEASE [ROOT]
#
# A release is the folder `make wheel` writes (dist/: the wheel and its run.lock). Run as
# root; needs debootstrap (apt-get install debootstrap) and Debian's archive. The services
# run in a network namespace of their own, so nothing here touches the machine's ports.
# About 10 minutes and 2 GB in ROOT (default /var/tmp/secretariat-trixie). Not run in CI.
set -euo pipefail

PREVIOUS=$(realpath "$1")
NEW=$(realpath "$2")
ROOT=${3:-/var/tmp/secretariat-trixie}
DEPLOY=$(dirname "$(realpath "$0")")
MIRROR=${MIRROR:-http://deb.debian.org/debian}

say() { printf '\n== %s\n' "$*"; }
in_root() { chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

cleanup() {
  for m in dev/pts dev proc; do umount -l "$ROOT/$m" 2>/dev/null || true; done
}
trap cleanup EXIT

say "A clean Debian 13 root in $ROOT"
cleanup
rm -rf "$ROOT"
debootstrap --variant=minbase trixie "$ROOT" "$MIRROR" >/dev/null
mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# debootstrap writes no /etc/hosts, and PostgreSQL listens on "localhost".
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
# A chroot has no init: packages must not try to start their services.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d" && chmod +x "$ROOT/usr/sbin/policy-rc.d"
in_root cat /etc/debian_version

say "System packages (the operator guide's list)"
# The guide's own `apt-get install` block, so the two cannot drift apart.
SYSTEM_PACKAGES=$(sed -n '/^apt-get install/,/[^\\]$/p' "$DEPLOY/../docs/operator-guide.md" |
  tr -d '\\' | sed 's/apt-get install//; s/--no-install-recommends//')
echo "$SYSTEM_PACKAGES" | xargs
in_root apt-get update -q >/dev/null
# shellcheck disable=SC2086
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  $SYSTEM_PACKAGES curl >/dev/null
in_root python3 --version
# PostgreSQL's package takes the next free port when 5432 is taken, as it is on a machine
# running its own: the server it makes here listens, like any fresh install, on 5432.
sed -i 's/^port = .*/port = 5432/' "$ROOT"/etc/postgresql/*/main/postgresql.conf
# A machine behind a TLS-inspecting proxy trusts that proxy's authority: so must the root.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >/dev/null
fi

say "The two releases and deploy/ copied in"
mkdir -p "$ROOT/root/releases/previous" "$ROOT/root/releases/new" "$ROOT/root/deploy"
cp "$PREVIOUS"/*.whl "$PREVIOUS/run.lock" "$ROOT/root/releases/previous/"
cp "$NEW"/*.whl "$NEW/run.lock" "$ROOT/root/releases/new/"
cp -r "$DEPLOY"/. "$ROOT/root/deploy/"

# The guide's steps: what an operator types, in order (as root on the server).
cat >"$ROOT/root/install.sh" <<'GUIDE'
set -euo pipefail
say() { printf '\n== %s\n' "$*"; }
# The guide's helper: a command as the service user, with the service's settings.
as_secretariat() {
  runuser -u secretariat -- sh -c 'set -a; . /etc/secretariat/env; set +a; exec "$@"' - "$@"
}
release() {  # release NAME FOLDER: a virtualenv of its own, locked dependencies, the wheel
  python3 -m venv "/opt/secretariat/releases/$1"
  "/opt/secretariat/releases/$1/bin/pip" install --quiet --require-hashes -r "$2/run.lock"
  "/opt/secretariat/releases/$1/bin/pip" install --quiet --no-deps "$2"/secretariat-*.whl
}

say "Service user, folders, settings"
adduser --system --group --home /var/lib/secretariat secretariat
install -d -o secretariat -g secretariat -m 750 /var/lib/secretariat
install -d -m 755 /opt/secretariat/releases /etc/secretariat
install -m 640 -g secretariat /root/deploy/secretariat.env /etc/secretariat/env
sed -i -e "s|^SECRETARIAT_SECRET_KEY=.*|SECRETARIAT_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')|" \
  -e "s|secretariat:change-me@|secretariat:db-password@|" \
  -e "s|secretariat.example.org|secretariat.test|g" /etc/secretariat/env
cp /root/deploy/systemd/* /etc/systemd/system/

say "Install the previous release"
release 1 /root/releases/previous
ln -sfn /opt/secretariat/releases/1 /opt/secretariat/current
du -sh /opt/secretariat/releases/1
/opt/secretariat/current/bin/pip list --format=freeze | wc -l

say "Install the new release beside it (nothing running changes)"
release 2 /root/releases/new
GUIDE

cat >"$ROOT/root/run.sh" <<'GUIDE'
set -euo pipefail
say() { printf '\n== %s\n' "$*"; }
as_secretariat() {
  runuser -u secretariat -- sh -c 'set -a; . /etc/secretariat/env; set +a; exec "$@"' - "$@"
}
# systemd is not running in a chroot: start each service with its unit's own command line.
start() {
  local cmd
  cmd=$(sed -n 's/^ExecStart=//p' "/etc/systemd/system/$1.service")
  # runuser itself in the background (not a subshell), so stopping it stops the service.
  runuser -u secretariat -- sh -c 'set -a; . /etc/secretariat/env; set +a; exec "$@"' - $cmd \
    >>"/var/log/$1.log" 2>&1 &
  echo $! >"/run/try/$1.pid"
}
stop() { kill "$(cat "/run/try/$1.pid")" && while kill -0 "$(cat "/run/try/$1.pid")" 2>/dev/null; do sleep 0.2; done; }
# Whatever happens, stop what this run started: the namespace ends, its processes would not.
mkdir -p /run/try
finish() {
  for pid in /run/try/*.pid; do kill "$(cat "$pid")" 2>/dev/null || true; done
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main stop 2>/dev/null || true
}
trap finish EXIT
site=https://secretariat.test
web() { curl -sS --resolve secretariat.test:443:127.0.0.1 --cacert /root/caddy-root.crt "$@"; }
wait_up() { for _ in $(seq 180); do web -fo /dev/null "$site/health/live" 2>/dev/null && return; sleep 1; done; return 1; }
sign_in() {  # sign_in EMAIL PASSWORD: the sign-in form as a browser posts it, then /admin/
  local jar token
  jar=$(mktemp)
  token=$(web -c "$jar" "$site/accounts/login/" | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
  web -b "$jar" -c "$jar" -e "$site/accounts/login/" -o /dev/null -w 'sign-in: %{http_code} -> %{redirect_url}\n' \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "login=$1" --data-urlencode "password=$2" \
    "$site/accounts/login/"
  web -b "$jar" "$site/admin/" | grep -o "Site administration\|$1" | sort -u | paste -sd' '
}

say "PostgreSQL: the role and the database"
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
runuser -u postgres -- psql -q -c "CREATE ROLE secretariat LOGIN PASSWORD 'db-password'"
runuser -u postgres -- createdb --owner secretariat secretariat

say "Check, migrate, collectstatic, the first administrator"
as_secretariat /opt/secretariat/current/bin/secretariat check --deploy
as_secretariat /opt/secretariat/current/bin/secretariat migrate --no-input | tail -2
as_secretariat /opt/secretariat/current/bin/secretariat collectstatic --no-input
as_secretariat env DJANGO_SUPERUSER_PASSWORD=first-admin-pass-2026 \
  /opt/secretariat/current/bin/secretariat createsuperuser --no-input --email admin@secretariat.test

say "Start: web, worker, tick, Caddy (HTTPS from its own local authority here: no ACME)"
start secretariat-web
start secretariat-worker
as_secretariat $(sed -n 's/^ExecStart=//p' /etc/systemd/system/secretariat-tick.service)
sed -e 's/^\temail .*/\tlocal_certs\n\tskip_install_trust/' -e 's/secretariat.example.org/secretariat.test/' \
  /root/deploy/Caddyfile >/etc/caddy/Caddyfile
caddy run --config /etc/caddy/Caddyfile --adapter caddyfile >/var/log/caddy.log 2>&1 &
echo $! >/run/try/caddy.pid
for _ in $(seq 30); do [ -f /root/.local/share/caddy/pki/authorities/local/root.crt ] && break; sleep 1; done
cp /root/.local/share/caddy/pki/authorities/local/root.crt /root/caddy-root.crt
wait_up
web -o /dev/null -w 'GET / over HTTPS: %{http_code}\n' "$site/"
web -sI "$site/accounts/login/" | grep -i '^strict-transport-security'
web -o /dev/null -w 'plain HTTP: %{http_code} -> %{redirect_url}\n' --resolve secretariat.test:80:127.0.0.1 http://secretariat.test/
sign_in admin@secretariat.test first-admin-pass-2026

say "Upgrade: backup, migrate with the new release, collectstatic, switch, restart"
as_secretariat /opt/secretariat/current/bin/secretariat backup | tail -1
as_secretariat /opt/secretariat/releases/2/bin/secretariat migrate --no-input | tail -3
as_secretariat /opt/secretariat/releases/2/bin/secretariat collectstatic --no-input
ln -sfn /opt/secretariat/releases/2 /opt/secretariat/current
stop secretariat-web; stop secretariat-worker
start secretariat-web; start secretariat-worker
wait_up
as_secretariat /opt/secretariat/current/bin/secretariat showmigrations --plan | grep -c '\[X\]' | sed 's/^/migrations applied: /'
as_secretariat /opt/secretariat/current/bin/secretariat migrate --check && echo "no migration left to apply"
web -o /dev/null -w 'GET / after the upgrade: %{http_code}\n' "$site/"
sign_in admin@secretariat.test first-admin-pass-2026

GUIDE

say "Install (network: Debian's archive and PyPI)"
in_root bash /root/install.sh

say "Run (a network namespace of its own: loopback only)"
unshare --net --fork sh -c "ip link set lo up && chroot '$ROOT' /usr/bin/env -i HOME=/root \
  PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash /root/run.sh"
say "Done: $(date -u +%FT%TZ)"
