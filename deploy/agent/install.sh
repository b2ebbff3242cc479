#!/bin/sh
# Installs the ScoutRealtime agent as a systemd service: one command, as the "add a server" page shows it:
#
#   curl -fsSL http://NODE:5080/downloads/install-agent.sh | sudo sh -s -- --server http://NODE:5080 --key sk_...
#
# It takes the agent from --from (a `dotnet publish src/Scout.Agent -c Release -r linux-x64 -o DIR` folder, or a
# .tar.gz of one), else downloads NODE/downloads/scout-agent-linux-x64.tar.gz from the first --server; writes
# /etc/scout/agent.env (node URLs and key, readable by the agent's user only); installs the unit
# (deploy/systemd/scout-agent.service) and starts it. --root DIR installs into DIR instead of / and creates no user and
# starts nothing (for images, and for the test that runs this script); --no-start leaves the service stopped.
set -eu

ROOT=""
SERVERS=""
KEY=""
FROM=""
START=yes
HOSTNAME_SETTING=""

usage() {
  echo "usage: install.sh --server URL [--server URL ...] --key KEY [--from DIR|FILE.tar.gz] [--hostname NAME] [--root DIR] [--no-start]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --server) [ $# -ge 2 ] || usage; SERVERS="${SERVERS:+$SERVERS,}$2"; shift 2 ;;
    --key) [ $# -ge 2 ] || usage; KEY="$2"; shift 2 ;;
    --from) [ $# -ge 2 ] || usage; FROM="$2"; shift 2 ;;
    --hostname) [ $# -ge 2 ] || usage; HOSTNAME_SETTING="$2"; shift 2 ;;
    --root) [ $# -ge 2 ] || usage; ROOT="${2%/}"; START=no; shift 2 ;;
    --no-start) START=no; shift ;;
    *) echo "install.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$SERVERS" ] && [ -n "$KEY" ] || usage
case "$KEY" in *[!A-Za-z0-9_-]*) echo "install.sh: the key has characters no agent key has" >&2; exit 2 ;; esac

APP="$ROOT/opt/scout-agent"
ETC="$ROOT/etc/scout"
UNIT_DIR="$ROOT/etc/systemd/system"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 1. The agent: a published folder, a tarball of one, or the tarball the first node offers.
if [ -z "$FROM" ]; then
  FIRST=${SERVERS%%,*}
  FROM="$WORK/scout-agent.tar.gz"
  echo "Downloading the agent from ${FIRST%/}/downloads/scout-agent-linux-x64.tar.gz"
  curl -fsSL "${FIRST%/}/downloads/scout-agent-linux-x64.tar.gz" -o "$FROM"
fi
mkdir -p "$APP"
if [ -d "$FROM" ]; then
  cp -R "$FROM"/. "$APP"/
else
  tar -xzf "$FROM" -C "$APP"
fi
[ -f "$APP/scout-agent" ] || { echo "install.sh: no scout-agent binary in $FROM" >&2; exit 1; }
chmod 0755 "$APP/scout-agent"

# 2. Its settings: the environment file the unit reads. The key is a secret: only the agent's user reads it.
mkdir -p "$ETC"
umask 077
{
  echo "# Written by install.sh. Node URLs (comma separated) and this server's agent key."
  echo "Scout__Agent__Servers=$SERVERS"
  echo "Scout__Agent__Key=$KEY"
  [ -z "$HOSTNAME_SETTING" ] || echo "Scout__Agent__Hostname=$HOSTNAME_SETTING"
} > "$ETC/agent.env"
umask 022
chmod 0600 "$ETC/agent.env"

# 3. The unit: shipped next to this script, or inline when the script came alone (curl | sh).
mkdir -p "$UNIT_DIR"
HERE=$(dirname "$0")
if [ -f "$HERE/../systemd/scout-agent.service" ]; then
  cp "$HERE/../systemd/scout-agent.service" "$UNIT_DIR/scout-agent.service"
elif [ -f "$APP/scout-agent.service" ]; then
  cp "$APP/scout-agent.service" "$UNIT_DIR/scout-agent.service"
else
  echo "install.sh: no scout-agent.service next to this script nor in the agent's folder" >&2; exit 1
fi

# 4. Its user, and the service.
if [ -z "$ROOT" ]; then
  id scout-agent >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin scout-agent
  chown scout-agent:scout-agent "$ETC/agent.env"
else
  echo "Installed into $ROOT: no user created (scout-agent), nothing started"
fi
if [ "$START" = yes ]; then
  systemctl daemon-reload
  systemctl enable --now scout-agent.service
  echo "scout-agent is running: systemctl status scout-agent; journalctl -u scout-agent"
fi
echo "Installed the agent for $SERVERS"
