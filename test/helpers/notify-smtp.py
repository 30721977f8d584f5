"""A real SMTP server for the notify email tests, on Debian's python3-aiosmtpd.

Arguments: port, certificate file and key file (or "-" and "-" for a server
that offers no STARTTLS), user, password. Requires STARTTLS (when it has a
certificate) and AUTH; refuses recipients that start with "nobody@" with 550.
Prints READY once listening, then one JSON line per message it accepts.
"""
import json
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, user, password = sys.argv[1:6]
tls = cert != "-"


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        print(
            json.dumps(
                {
                    "from": envelope.mail_from,
                    "to": envelope.rcpt_tos,
                    "data": envelope.content.decode("utf8", "replace"),
                    "tls": session.ssl is not None,
                    "authenticated": bool(session.authenticated),
                }
            ),
            flush=True,
        )
        return "250 2.0.0 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == user.encode()
        and auth_data.password == password.encode()
    )
    # handled=False: the server answers 535 itself (its default, True, leaves the client waiting).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


context = None
if tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

controller = Controller(
    Handler(),
    hostname="127.0.0.1",
    port=int(port),
    tls_context=context,
    require_starttls=tls,
    authenticator=authenticator,
    auth_required=True,
    auth_require_tls=tls,
)
controller.start()
print("READY", flush=True)
threading.Event().wait()
