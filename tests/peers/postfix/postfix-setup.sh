#!/bin/sh
# Builds a throw-away Postfix instance under $PF (a folder the caller names)
# STARTTLS submission on 127.0.0.1:$SUBMISSION_PORT (default 2587; TLS required before AUTH), implicit TLS on
# 127.0.0.1:$SMTPS_PORT (default 2465), Cyrus sasldb AUTH PLAIN/LOGIN, TLS >= 1.2, every recipient -> one Maildir.
# Adapted from the project's shared peer notes (peers/postfix-setup.sh); see README.md here for what it was checked to do.
# Start:  postfix -c "$PF/etc" start     Stop:  postfix -c "$PF/etc" stop
set -eu
PF=${PF:?set PF to an empty folder}
SASL_USER=${SASL_USER:-u}
SASL_PASS=${SASL_PASS:-p}
MAIL_UID=${MAIL_UID:-65534}   # owner of delivered Maildir (in CI: the runner's uid)
MAIL_GID=${MAIL_GID:-65534}
SUBMISSION_PORT=${SUBMISSION_PORT:-2587}
SMTPS_PORT=${SMTPS_PORT:-2465}
HOST=mail.test.local

mkdir -p "$PF/etc" "$PF/spool" "$PF/data" "$PF/etc/sasl" "$PF/mail" "$PF/tls"
chown postfix:postfix "$PF/data"
chown "$MAIL_UID:$MAIL_GID" "$PF/mail"

# self-signed cert (CN + SAN 127.0.0.1/localhost)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$PF/tls/key.pem" -out "$PF/tls/cert.pem" 2>/dev/null
chmod 600 "$PF/tls/key.pem"

# Cyrus SASL: sasldb with one user in realm $HOST
cat > "$PF/etc/sasl/smtpd.conf" <<EOF
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $PF/etc/sasl/sasldb2
EOF
echo "$SASL_PASS" | saslpasswd2 -p -f "$PF/etc/sasl/sasldb2" -u "$HOST" -c "$SASL_USER"
chown root:postfix "$PF/etc/sasl/sasldb2"; chmod 640 "$PF/etc/sasl/sasldb2"

echo '/./ OK' > "$PF/etc/any_domain.regexp"

cat > "$PF/etc/main.cf" <<EOF
compatibility_level = 3.7
config_directory = $PF/etc
queue_directory = $PF/spool
data_directory = $PF/data
maillog_file = $PF/maillog
maillog_file_prefixes = $PF
myhostname = $HOST
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
relay_domains =
mynetworks =
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
biff = no
# every domain is a "virtual mailbox" domain; every address -> $PF/mail/sink/ (Maildir)
virtual_mailbox_domains = regexp:$PF/etc/any_domain.regexp
virtual_mailbox_base = $PF/mail
virtual_mailbox_maps = static:sink/
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID
virtual_minimum_uid = 1
# SASL
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
# Debian-patched Postfix reads <config_directory>/sasl/smtpd.conf (cyrus_sasl_config_path is not used)
smtpd_sasl_local_domain = \$myhostname
smtpd_sasl_security_options = noanonymous
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
# TLS
smtpd_tls_cert_file = $PF/tls/cert.pem
smtpd_tls_key_file = $PF/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
EOF

# master.cf: Debian defaults minus the port-25 listener, chroot off everywhere, plus our two listeners
awk '/^maildrop/ {exit} $1=="smtp" && $2=="inet" {next} /^[a-z]/ && NF>=8 {$5="n"} {print}' \
    /usr/share/postfix/master.cf.dist > "$PF/etc/master.cf"
cat >> "$PF/etc/master.cf" <<EOF
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
EOF
postfix -c "$PF/etc" check
