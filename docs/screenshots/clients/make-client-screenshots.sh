#!/bin/bash
# make-client-screenshots.sh — screenshots of the real XMPP clients' set-up screens, in French,
# English and German, for the guides (clientguides/*.go, Step.Illustration).
#
# Writes static/img/guides/<client>/<lang>/<name>.png (a window cropped with its frame, ≤ 700 px
# wide, or a region of the screen, 256 colours):
#   pidgin/<lang>/accounts.png    the Accounts window Pidgin opens by itself on first start
#   pidgin/<lang>/basic.png       Add Account, Basic tab: XMPP, jeanne.martin, example.com
#   pidgin/<lang>/advanced.png    Add Account, Advanced tab: Require encryption, 5222, xmpp.example.com
#   gajim-1.7/<lang>/login.png    account wizard, first page: jeanne.martin@example.com, Advanced on
#   gajim-1.7/<lang>/advanced.png account wizard, advanced page: xmpp.example.com, 5222, START TLS
#   gajim-1.7/<lang>/security.png the certificate page (with CERT_SERVER, below)
#   gajim-2.x/<lang>/login.png, advanced.png, security.png   the same pages in Gajim 2.x (gajim2)
#   gajim-2.x/<lang>/preferences.png  2.3 and later: Preferences, with Accounts → Add Account…
#   gajim-2.x/<lang>/accounts-menu.png 2.0 to 2.2: the Accounts menu, with Add Account…
#   thunderbird-N/<lang>/menu-new.png  File > New > Chat Account… highlighted, from a fresh profile
#                                    (153: whose account hub was minimized first, as the guide says;
#                                    140: over the account setup tab its first start opens)
#   thunderbird-N/<lang>/network.png   chat account wizard, first page: XMPP selected
#   thunderbird-N/<lang>/username.png  Username page: jeanne.martin in Username, example.com in Domain
#   thunderbird-N/<lang>/advanced.png  Advanced Options: Require encryption, xmpp.example.com, 5222
#   thunderbird-N/<lang>/summary.png   Summary page, before Finish
#   thunderbird-N/<lang>/accounts-error.png  the chat accounts window after Finish: the account's
#                                    first connection failed on the self-signed certificate
#   thunderbird-N/<lang>/certificate.png  the certificate tab's Fingerprints, SHA-256 clicked (wrapped)
#   (N: the major version of the Thunderbird that ran, 153 from Debian 12, or 140 from TB_ROOT)
#
# Thunderbird really connects: the script builds imsetup and runs `imsetup demo` for its XMPP
# endpoint (a self-signed certificate for example.com, on port 15222 or XMPP_DEMO_PORT), and the
# profile resolves xmpp.example.com to this machine. Go is needed for that.
#
# Needs (Debian 12): the clients (pidgin 2.14, gajim 1.7, thunderbird ESR + thunderbird-l10n-fr/-de)
# and   apt-get install -y xvfb xdotool imagemagick pngquant x11-utils dbus-x11 openbox \
#                        gnome-themes-extra locales
# with fr_FR.UTF-8, en_US.UTF-8 and de_DE.UTF-8 generated (uncomment them in /etc/locale.gen,
# then run locale-gen).
#
# Thunderbird 140 ESR runs from a Debian 13 root that has it, TB_ROOT, made as GAJIM2_ROOT below
# with thunderbird thunderbird-l10n-fr thunderbird-l10n-de instead of gajim.
#
# Gajim 2.x (gajim2) runs from a Debian root that has it, GAJIM2_ROOT, made for example with
#   debootstrap --variant=minbase sid /srv/sid http://deb.debian.org/debian   (or trixie: 2.1)
#   chroot /srv/sid apt-get install -y gajim dbus locales fonts-dejavu-core fonts-cantarell \
#       adwaita-icon-theme      (and fr_FR, en_US, de_DE generated as above, in the root)
# The script mounts /proc, /dev, /dev/pts, a /dev/shm, /sys and the X socket into the root for the
# run (it must be root) and unmounts them at the end; the pictures go to gajim-<major.minor of
# the root's gajim>/. The certificate page needs a server whose certificate Gajim does not trust:
# CERT_SERVER=HOST:PORT names one (for example a Prosody with a self-signed certificate, as
# internal/xmppcert/prosodytest runs it); after the advanced page's picture, Gajim connects there
# (STARTTLS, before any login) and stops at the certificate page. Without it, no security.png.
#
# Run:   docs/screenshots/clients/make-client-screenshots.sh [pidgin] [gajim] [thunderbird] [gajim2]
#        (no argument: the first three; gajim2 needs GAJIM2_ROOT; with TB_ROOT set, thunderbird
#        runs the root's Thunderbird). LANGS="fr de" limits the languages; DISP=:95 picks the
#        X display number (default :93); OUT=dir writes elsewhere than static/img/guides.
#
# Each client runs under its own Xvfb with openbox, a throwaway HOME/XDG/profile under a
# temporary directory (deleted at the end), and as user "nobody" when started as root (Gajim
# refuses to run as root). The script types only fictional values; Pidgin's and Gajim's wizards
# are left before their last button; Thunderbird's account connects to the demo's endpoint only.
# The clients may try DNS: harmless without a network. Driving is done with xdotool: keyboard first, clicks by window
# coordinates where a widget has no shortcut. Look at every PNG afterwards: a client update can
# move a widget.
set -eu

REPO=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=${OUT:-$REPO/static/img/guides}
LANGS=${LANGS:-"fr en de"}
DISP=${DISP:-:93}
CLIENTS=${*:-pidgin gajim thunderbird}
WORK=$(mktemp -d /tmp/client-shots.XXXXXX)
chmod 755 "$WORK"

# The fictional values every picture shows.
USERNAME=jeanne.martin
DOMAIN=example.com
JID=$USERNAME@$DOMAIN
SERVER=xmpp.example.com
PORT=5222

XVFB_PID= WM_PID= APP_PID= APP_ROOT=
MOUNTED=()
cleanup() {
	stop_app
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount "${MOUNTED[i]}" || true; done
	[ -n "${XMPP_PID:-}" ] && kill "$XMPP_PID" 2>/dev/null || true
	[ -n "$WM_PID" ] && kill "$WM_PID" 2>/dev/null || true
	[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

export DISPLAY=$DISP
Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
openbox >"$WORK/openbox.log" 2>&1 &
WM_PID=$!
sleep 1

locale_of() { case $1 in fr) echo fr_FR.UTF-8 ;; de) echo de_DE.UTF-8 ;; *) echo en_US.UTF-8 ;; esac; }

# run_app NAME LANG CMD...: starts CMD in a clean environment and a fresh HOME, in LANG; inside
# APP_ROOT (a Debian root, see gajim2) when it is set.
run_app() {
	local name=$1 lang=$2
	shift 2
	local home=$WORK/home-$name-$lang
	[ -n "$APP_ROOT" ] && home=/tmp/client-shots-home-$name-$lang
	APP_HOME=$APP_ROOT$home
	rm -rf "$APP_HOME"
	mkdir -p "$APP_HOME/run" && chmod 700 "$APP_HOME/run"
	local as=()
	if [ "$(id -u)" = 0 ]; then
		chown -R nobody:nogroup "$APP_HOME"
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
		[ -n "$APP_ROOT" ] && as=(chroot --userspec=nobody:nogroup "$APP_ROOT")
	fi
	# GTK 4 (Gajim 2.x): software rendering (Xvfb has no GL for it) and no accessibility bus.
	"${as[@]}" env -i PATH=/usr/bin:/bin DISPLAY="$DISP" HOME="$home" \
		XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
		XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run" \
		LANGUAGE="$lang" LANG="$(locale_of "$lang")" LC_ALL="$(locale_of "$lang")" NO_AT_BRIDGE=1 \
		GTK2_RC_FILES=/usr/share/themes/Adwaita/gtk-2.0/gtkrc GTK_THEME=Adwaita \
		GSK_RENDERER=cairo GTK_A11Y=none \
		dbus-run-session -- "$@" >"$WORK/$name-$lang.log" 2>&1 &
	APP_PID=$!
}

# descendants PID: the process ids of PID's children, grandchildren..., deepest first.
descendants() {
	local k
	for k in $(pgrep -P "$1" || true); do
		descendants "$k"
		echo "$k"
	done
}

# stop_app: ends the client started by run_app (its session bus, helpers and worker processes
# too), by process id.
stop_app() {
	[ -n "${APP_PID:-}" ] || return 0
	local pids
	pids=$(descendants "$APP_PID")
	[ -n "$pids" ] && kill $pids 2>/dev/null || true
	kill "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
	APP_PID=
	sleep 1
}

# use_root ROOT: runs the next clients inside the Debian root ROOT, with what a desktop program
# needs mounted (undone at exit).
use_root() {
	APP_ROOT=$1
	local m
	for m in proc dev dev/pts dev/shm sys tmp/.X11-unix; do
		mkdir -p "$APP_ROOT/$m"
		mountpoint -q "$APP_ROOT/$m" && continue
		case $m in
		proc) mount -t proc proc "$APP_ROOT/proc" ;;
		dev/shm) mount -t tmpfs -o mode=1777 shm "$APP_ROOT/dev/shm" ;;
		*) mount --bind "/$m" "$APP_ROOT/$m" ;;
		esac
		MOUNTED+=("$APP_ROOT/$m")
	done
}

# wait_window REGEX: prints the id of the first visible window whose title matches.
wait_window() {
	local w
	for _ in $(seq 120); do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
		if [ -n "$w" ]; then
			echo "$w"
			return 0
		fi
		sleep 0.5
	done
	echo "no window named '$1'" >&2
	xdotool search --onlyvisible --name . getwindowname %@ >&2 || true
	return 1
}

# shot WINDOW FILE [WIDTHxHEIGHT]: captures the window with its title bar, ≤ 700 px wide, 256
# colours; only its top left corner of that size when one is given.
shot() {
	local w=$1 file=$2 part=${3:-}
	mkdir -p "$(dirname "$file")"
	activate "$w"
	xdotool mousemove 1279 899
	sleep 0.8
	# The whole screen, cropped to the window and its frame (import -frame would grab the
	# pointer and show the window as inactive).
	local l r t b x y wd ht
	read -r l r t b < <(xprop -id "$w" _NET_FRAME_EXTENTS | sed 's/.*= //; s/,//g')
	eval "$(xwininfo -id "$w" | awk '/Absolute upper-left X/{print "x="$NF} /Absolute upper-left Y/{print "y="$NF}
		/Width:/{print "wd="$NF} /Height:/{print "ht="$NF}')"
	wd=$((wd + l + r)) ht=$((ht + t + b))
	if [ -n "$part" ]; then
		[ "${part%x*}" -lt "$wd" ] && wd=${part%x*}
		[ "${part#*x}" -lt "$ht" ] && ht=${part#*x}
	fi
	import -window root "$WORK/root.png"
	convert "$WORK/root.png" -crop "${wd}x${ht}+$((x - l))+$((y - t))" +repage \
		-resize '700x>' -strip "$WORK/resized.png"
	if command -v pngquant >/dev/null; then
		pngquant --force --strip --speed 1 --quality 70-95 --output "$file" 256 "$WORK/resized.png" ||
			convert "$WORK/resized.png" -colors 256 "PNG8:$file"
	else
		convert "$WORK/resized.png" -colors 256 "PNG8:$file"
	fi
	echo "$file: $(identify -format '%wx%h' "$file"), $(stat -c %s "$file") bytes"
}

# activate WINDOW: makes WINDOW the active one, unless it is already (re-activating an active
# GTK window can move its focus). A client may map another window late, and openbox gives new
# windows the focus.
activate() {
	[ "$(xdotool getactivewindow 2>/dev/null)" = "$1" ] && return 0
	xdotool windowactivate --sync "$1" 2>/dev/null || true
	sleep 0.3
}

# click WINDOW X Y: clicks at window (client area) coordinates.
click() { activate "$1"; xdotool mousemove --window "$1" "$2" "$3" click 1; sleep 0.5; }

# key WINDOW KEY... / typ WINDOW TEXT: keys or text to WINDOW.
key() { local w=$1; shift; activate "$w"; xdotool key --delay 100 "$@"; sleep 0.3; }
typ() { activate "$1"; xdotool type --delay 40 "$2"; sleep 0.3; }

# Window titles, as each client translates them.
title() { # title CLIENT.KEY LANG
	case $1.$2 in
	pidgin.accounts.fr) echo '^Comptes$' ;; pidgin.accounts.en) echo '^Accounts$' ;; pidgin.accounts.de) echo '^Konten$' ;;
	thunderbird.wizard.fr) echo '^Assistant de création de compte' ;; thunderbird.wizard.en) echo '^Chat Account Wizard' ;;
	thunderbird.wizard.de) echo '^Chat-Konto einrichten' ;;
	thunderbird.accounts.fr) echo '^État de la messagerie instantanée$' ;; thunderbird.accounts.en) echo '^Instant messaging status$' ;;
	thunderbird.accounts.de) echo '^Chat-Status$' ;;
	thunderbird.exception.fr) echo 'exception de sécurité$' ;; thunderbird.exception.en) echo '^Add Security Exception$' ;;
	thunderbird.exception.de) echo '^Sicherheits-Ausnahmeregel hinzufügen$' ;;
	*.add.fr) echo '^Ajouter un compte$' ;; *.add.en) echo '^Add Account$' ;; *.add.de) echo '^Konto hinzufügen$' ;;
	gajim.security.fr) echo '^Avertissement de sécurité$' ;; gajim.security.en) echo '^Security Warning$' ;;
	gajim.security.de) echo '^Sicherheitswarnung$' ;;
	gajim.prefs.fr) echo '^Préférences$' ;; gajim.prefs.en) echo '^Preferences$' ;; gajim.prefs.de) echo '^Einstellungen$' ;;
	esac
}

pidgin_shots() {
	local lang=$1 w
	run_app pidgin "$lang" pidgin -n
	# First start: Pidgin opens its Accounts window by itself, Add… has the focus.
	w=$(wait_window "$(title pidgin.accounts "$lang")")
	sleep 1
	shot "$w" "$OUT/pidgin/$lang/accounts.png"
	key "$w" Return
	w=$(wait_window "$(title pidgin.add "$lang")")
	xdotool windowactivate --sync "$w"
	sleep 0.5
	# Protocol: click the combo box; its menu opens on Bonjour, XMPP is the 8th entry (Bonjour,
	# Gadu-Gadu, Google Talk, GroupWise, IRC, SIMPLE, Sametime, XMPP, Zephyr).
	click "$w" 240 88
	sleep 0.5
	key "$w" Down Down Down Down Down Down Down Return
	sleep 1
	key "$w" Tab # Username
	typ "$w" "$USERNAME"
	key "$w" Tab
	typ "$w" "$DOMAIN"
	shot "$w" "$OUT/pidgin/$lang/basic.png"
	# Advanced tab (Ctrl+Page Down): security and port are already "Require encryption", 5222;
	# the Connect server entry is the 4th row.
	key "$w" ctrl+Page_Down
	sleep 0.7
	eval "$(xdotool getwindowgeometry --shell "$w")"
	click "$w" $((WIDTH - 150)) 173
	typ "$w" "$SERVER"
	shot "$w" "$OUT/pidgin/$lang/advanced.png"
	stop_app
}

gajim_shots() {
	local lang=$1 w
	run_app gajim "$lang" gajim
	# First start: the account wizard opens by itself, the address entry has the focus.
	w=$(wait_window "$(title gajim.add "$lang")")
	sleep 2
	xdotool windowactivate --sync "$w"
	typ "$w" "$JID"
	key "$w" Tab Tab space # password stays empty; tick Advanced Settings
	shot "$w" "$OUT/gajim-1.7/$lang/login.png"
	# Log In is enabled only with a password: type a dummy one (never shown), then Enter.
	key "$w" shift+Tab
	typ "$w" 'not-a-password'
	key "$w" Return
	sleep 1.5
	eval "$(xdotool getwindowgeometry --shell "$w")"
	click "$w" $((WIDTH / 2 + 50)) 242 # Hostname
	typ "$w" "$SERVER"
	key "$w" Tab # Port: 5222 is only a placeholder, type it
	typ "$w" "$PORT"
	shot "$w" "$OUT/gajim-1.7/$lang/advanced.png"
	gajim_security_shot "$w" "$lang" "$OUT/gajim-1.7"
	stop_app
}

# gajim_security_shot WINDOW LANG DIR: from the advanced page (cursor on Port), connects to
# CERT_SERVER and captures the certificate page; does nothing without CERT_SERVER. Sets w to the
# wizard's window.
gajim_security_shot() {
	w=$1
	[ -n "${CERT_SERVER:-}" ] || return 0
	key "$w" shift+Tab ctrl+a
	typ "$w" "${CERT_SERVER%:*}"
	key "$w" Tab ctrl+a
	typ "$w" "${CERT_SERVER##*:}"
	eval "$(xdotool getwindowgeometry --shell "$w")"
	click "$w" $((WIDTH - 60)) $((HEIGHT - 41)) # Log In, the rightmost button
	w=$(wait_window "$(title gajim.security "$2")")
	sleep 1
	shot "$w" "$3/$2/security.png"
}

# gajim2_shots LANG: Gajim 2.x's wizard, as gajim_shots, then the way to it once Gajim has an
# account: Preferences (2.3 and later) or the Accounts menu (2.0 to 2.2).
gajim2_shots() {
	local lang=$1 w m version dir
	[ -n "${GAJIM2_ROOT:-}" ] || { echo "gajim2: set GAJIM2_ROOT to a Debian root with Gajim 2.x" >&2; return 1; }
	use_root "$GAJIM2_ROOT"
	version=$(chroot "$GAJIM2_ROOT" dpkg-query -W -f '${Version}' gajim)
	dir=$OUT/gajim-$(echo "$version" | cut -d. -f1,2)
	run_app gajim2 "$lang" gajim
	w=$(wait_window "$(title gajim.add "$lang")")
	sleep 2
	xdotool windowactivate --sync "$w"
	typ "$w" "$JID"
	key "$w" Tab Tab space # password stays empty; tick Advanced Settings
	shot "$w" "$dir/$lang/login.png"
	key "$w" shift+Tab
	typ "$w" 'not-a-password'
	key "$w" Return
	sleep 1.5
	key "$w" shift+Tab # the advanced page opens with the focus on Port: back to Hostname
	typ "$w" "$SERVER"
	key "$w" Tab
	typ "$w" "$PORT"
	shot "$w" "$dir/$lang/advanced.png"
	gajim_security_shot "$w" "$lang" "$dir"
	xdotool windowminimize "$w"
	m=$(wait_window '^Gajim$')
	activate "$m"
	eval "$(xdotool getwindowgeometry --shell "$m")"
	case $version in
	2.[012].*)
		# The menu bar: Gajim, Accounts, View, Help; Accounts starts about 60 px in.
		click "$m" 75 11
		shot "$m" "$dir/$lang/accounts-menu.png" 480x200
		;;
	*)
		# The gear at the bottom of the side bar.
		click "$m" 33 $((HEIGHT - 93))
		w=$(wait_window "$(title gajim.prefs "$lang")")
		sleep 1
		shot "$w" "$dir/$lang/preferences.png"
		;;
	esac
	stop_app
	APP_ROOT=
}

# tb_keys LANG: Thunderbird's access keys for File, Tools and Tools > Chat status, the wizard's
# Back, the accounts window's Connect and the exception dialog's View… (messenger.dtd,
# wizard.ftl, accounts.ftl, certManager.ftl of each langpack).
tb_keys() {
	case $1 in
	fr) TB_FILE=f TB_TOOLS=o TB_CHAT=d TB_CONNECT=o TB_VIEW=v TB_BACK=p ;;
	de) TB_FILE=d TB_TOOLS=x TB_CHAT=s TB_CONNECT=v TB_VIEW=a TB_BACK=z ;;
	*) TB_FILE=f TB_TOOLS=t TB_CHAT=c TB_CONNECT=o TB_VIEW=v TB_BACK=b ;;
	esac
}

# start_xmpp: the demo's XMPP endpoint (imsetup demo), which presents a self-signed certificate
# for example.com after STARTTLS; Thunderbird's first connection fails on it, as on BlueMind.
XMPP_PID= XMPP_PORT=
start_xmpp() {
	[ -n "$XMPP_PID" ] && return 0
	(cd "$REPO" && go build -o "$WORK/imsetup" ./cmd/imsetup)
	IMSETUP_LISTEN=127.0.0.1:0 IMSETUP_XMPP_PORT=${XMPP_DEMO_PORT:-15222} "$WORK/imsetup" demo >"$WORK/demo.out" 2>"$WORK/demo.err" &
	XMPP_PID=$!
	for _ in $(seq 100); do
		XMPP_PORT=$(sed -n 's/.*localhost port \([0-9]*\).*/\1/p' "$WORK/demo.out")
		[ -n "$XMPP_PORT" ] && return 0
		sleep 0.2
	done
	echo "imsetup demo did not start: $(cat "$WORK/demo.err")" >&2
	return 1
}

# crop_shot FILE X Y W H: the screen's rectangle, unscaled (a crop is chosen ≤ 800 px wide), 256 colours.
crop_shot() {
	local file=$1
	mkdir -p "$(dirname "$file")"
	import -window root "$WORK/root.png"
	convert "$WORK/root.png" -crop "$4x$5+$2+$3" +repage -strip "$WORK/resized.png"
	pngquant --force --strip --speed 1 --quality 70-95 --output "$file" 256 "$WORK/resized.png" 2>/dev/null ||
		convert "$WORK/resized.png" -colors 256 "PNG8:$file"
	echo "$file: $(identify -format '%wx%h' "$file"), $(stat -c %s "$file") bytes"
}

# tb_certificate_shot LANG DIR: the certificate tab, scrolled to its end, shows the Fingerprints
# section; the SHA-256 value is cut off until clicked, then wraps mid-byte. Where its row is
# depends on the language's label widths (the demo's certificate is always laid out alike).
tb_certificate_shot() {
	local row
	case $1 in fr) row=509 ;; de) row=469 ;; *) row=523 ;; esac
	[ -n "${SHOT_DEBUG:-}" ] && import -window root "$2/$1/debug-before.png"
	xdotool mousemove 700 "$row" click 1
	sleep 0.8
	[ -n "${SHOT_DEBUG:-}" ] && import -window root "$2/$1/debug-after.png"
	xdotool mousemove 1279 899
	sleep 0.5
	crop_shot "$2/$1/certificate.png" 263 $((row - 59)) 800 130
}

thunderbird_shots() {
	local lang=$1 w main prof version major dir
	tb_keys "$lang"
	start_xmpp
	if [ -n "${TB_ROOT:-}" ]; then
		use_root "$TB_ROOT"
		version=$(chroot "$TB_ROOT" dpkg-query -W -f '${Version}' thunderbird)
	else
		version=$(dpkg-query -W -f '${Version}' thunderbird)
	fi
	major=${version#*:}
	major=${major%%.*}
	dir=$OUT/thunderbird-$major
	# The profile lives beside the fresh HOME that run_app makes (and empties), inside the root
	# when there is one.
	prof=$WORK/profile-thunderbird-$lang
	[ -n "$APP_ROOT" ] && prof=/tmp/client-shots-profile-thunderbird-$lang
	rm -rf "$APP_ROOT$prof"
	mkdir -p "$APP_ROOT$prof"
	# A fresh profile: UI language, no update or telemetry; xmpp.example.com resolves to this
	# machine (network.dns.localDomains), so the account the pictures show really connects.
	cat >"$APP_ROOT$prof/user.js" <<-EOF
		user_pref("intl.locale.requested", "$([ "$lang" = en ] && echo en-US || echo "$lang")");
		user_pref("extensions.autoDisableScopes", 0);
		user_pref("mail.shell.checkDefaultClient", false);
		user_pref("mailnews.start_page.enabled", false);
		user_pref("app.update.enabled", false);
		user_pref("datareporting.policy.dataSubmissionEnabled", false);
		user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
		user_pref("network.dns.localDomains", "xmpp.example.com");
	EOF
	[ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$APP_ROOT$prof"
	run_app thunderbird "$lang" thunderbird -profile "$prof" -no-remote
	main=$(wait_window 'Thunderbird$')
	sleep 6
	# File > New > Chat Account…: Alt shows the menu bar; the File menu opens on New.
	local down
	case $major in
	140)
		# First run: the account setup tab, which leaves the menus alone. New's submenu has
		# Message, Folder… and Virtual Folder… (disabled), Email Account…, Chat Account…
		down="Down Down"
		;;
	*)
		# First run: the account hub ("Welcome to Thunderbird") covers the window; Minimize, at
		# its top right, is its only way out (no Close button, Escape ignored). New's submenu
		# has Message, Folder… (disabled), Virtual Folder…, Email Account…, Calendar…,
		# Address Book ▸, Address Book, Chat Account…
		eval "$(xdotool getwindowgeometry --shell "$main")"
		click "$main" $((WIDTH / 2 + 361)) $((HEIGHT / 2 - 284))
		sleep 1
		down="Down Down Down Down Down Down"
		;;
	esac
	key "$main" alt
	key "$main" "alt+$TB_FILE"
	sleep 0.5
	key "$main" Right
	sleep 0.5
	key "$main" $down
	sleep 0.8
	crop_shot "$dir/$lang/menu-new.png" 0 20 760 420
	key "$main" Return
	w=$(wait_window "$(title thunderbird.wizard "$lang")")
	sleep 2
	# Network page: a list in alphabetical order, XMPP last (153: IRC, Matrix, XMPP; 140 also
	# has Odnoklassniki before XMPP): the first row, then End.
	click "$w" 80 111
	key "$w" End
	shot "$w" "$dir/$lang/network.png"
	key "$w" Return
	sleep 1.5
	# Username page: Username + Domain (pre-filled with jabber.org), each part where it goes.
	typ "$w" "$USERNAME"
	key "$w" Tab ctrl+a
	typ "$w" "$DOMAIN"
	sleep 0.5
	shot "$w" "$dir/$lang/username.png"
	key "$w" Return # Password page
	sleep 1.5
	typ "$w" 'not-a-password'
	key "$w" Return # Advanced Options: focus on Alias; Tab x4 = Resource, Priority, Security, Server
	sleep 1.5
	key "$w" Tab Tab Tab Tab
	typ "$w" "$SERVER"
	shot "$w" "$dir/$lang/advanced.png"
	key "$w" Return # Summary
	sleep 1.5
	shot "$w" "$dir/$lang/summary.png"
	# Back to the port: the demo's XMPP endpoint does not listen on 5222.
	key "$w" "alt+$TB_BACK"
	sleep 1
	key "$w" Tab Tab Tab Tab Tab ctrl+a
	typ "$w" "$XMPP_PORT"
	key "$w" Return
	sleep 1
	# Finish (the default button, bottom right): the first connection fails on the
	# self-signed certificate, silently.
	eval "$(xdotool getwindowgeometry --shell "$w")"
	click "$w" $((WIDTH - 70)) $((HEIGHT - 36))
	sleep 5
	# Tools > Chat status > Show Accounts… (the last item of the submenu)
	key "$main" alt
	key "$main" "alt+$TB_TOOLS"
	key "$main" "$TB_CHAT"
	sleep 0.5
	key "$main" Up Return
	w=$(wait_window "$(title thunderbird.accounts "$lang")")
	sleep 3
	shot "$w" "$dir/$lang/accounts-error.png"
	key "$w" "alt+$TB_CONNECT"
	w=$(wait_window "$(title thunderbird.exception "$lang")")
	sleep 2
	key "$w" "alt+$TB_VIEW"
	sleep 3
	# The certificate opens in a tab of the main window; its end shows the Fingerprints.
	activate "$main"
	click "$main" 1100 500
	key "$main" End
	sleep 1
	tb_certificate_shot "$lang" "$dir"
	stop_app
	APP_ROOT=
}

for client in $CLIENTS; do
	for lang in $LANGS; do
		"${client}_shots" "$lang"
	done
done
