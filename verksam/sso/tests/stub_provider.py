"""A tiny OpenID provider on 127.0.0.1 for the tests: discovery, JWKS, authorize, token,
userinfo, with ID tokens really signed with RS256 by a key made for the test run."""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "verksam-test"
CLIENT_SECRET = "stub-secret"
KEY_ID = "stub-key-1"


@dataclass
class StubProvider:
    """The provider's state: who signs in next, and the codes it has handed out."""

    claims: dict = field(default_factory=dict)
    issuer: str = ""
    codes: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)
    #: Changes to make to the next ID token (to test that Verksam refuses it).
    id_token_changes: dict = field(default_factory=dict)
    signing_key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwks(self) -> dict:
        public = json.loads(RSAAlgorithm.to_jwk(self.signing_key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": self.claims["sub"],
            "nonce": nonce,
            "iat": now,
            "exp": now + 300,
            **{k: v for k, v in self.claims.items() if k in ("groups", "preferred_username")},
            **self.id_token_changes,
        }
        return jwt.encode(payload, self.signing_key, algorithm="RS256", headers={"kid": KEY_ID})


def _handler(provider: StubProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output quiet
            pass

        def _json(self, body: dict, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            provider.requests.append(("GET", url.path))
            if url.path == "/.well-known/openid-configuration":
                return self._json(
                    {
                        "issuer": provider.issuer,
                        "authorization_endpoint": provider.issuer + "/authorize",
                        "token_endpoint": provider.issuer + "/token",
                        "userinfo_endpoint": provider.issuer + "/userinfo",
                        "jwks_uri": provider.issuer + "/jwks",
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            if url.path == "/jwks":
                return self._json(provider.jwks())
            if url.path == "/authorize":
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                assert query["client_id"] == CLIENT_ID
                assert query["response_type"] == "code"
                assert query["code_challenge_method"] == "S256"
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                target = (
                    query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
                return None
            if url.path == "/userinfo":
                if self.headers.get("Authorization") != "Bearer stub-access-token":
                    return self._json({"error": "invalid_token"}, 401)
                return self._json(provider.claims)
            return self._json({"error": "not_found"}, 404)

        def do_POST(self):
            provider.requests.append(("POST", self.path))
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path != "/token":
                return self._json({"error": "not_found"}, 404)
            request = provider.codes.pop(form.get("code"), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                request is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != request["redirect_uri"]
                or challenge != request["code_challenge"]
            ):
                return self._json({"error": "invalid_grant"}, 400)
            return self._json(
                {
                    "access_token": "stub-access-token",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(request["nonce"]),
                }
            )

    return Handler


class running_provider:
    """Serve a StubProvider on a free port of 127.0.0.1 for the duration of a `with`."""

    def __enter__(self) -> StubProvider:
        self.provider = StubProvider()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.provider))
        self.provider.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.provider

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
