"""Single sign-on with the council's OpenID Connect provider (authorization code with PKCE, state and nonce
checked), matching staff by email to accounts an administrator made here."""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet
from sqlalchemy import delete
from sqlmodel import Session, select

from ..models import SignInRequest, User, utcnow
from .services import normalise_email

SCOPE = "openid email profile"
REQUEST_LIFETIME = timedelta(minutes=10)  # a sign-in left at the provider longer than this starts again
CLOCK_LEEWAY_SECONDS = 60
SIGNING_ALGORITHMS = ["RS256", "PS256", "ES256"]
METADATA_LIFETIME_SECONDS = 600
HTTP_TIMEOUT_SECONDS = 10
_metadata_cache: dict[str, tuple[float, dict]] = {}
_metadata_lock = threading.Lock()


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str

    @classmethod
    def from_config(cls, config) -> Provider | None:
        if not config.get("OIDC_ISSUER"):
            return None
        return cls(config["OIDC_ISSUER"].rstrip("/"), config["OIDC_CLIENT_ID"], config["OIDC_CLIENT_SECRET"])


@dataclass(frozen=True)
class SignInResult:
    """A user, or why not: `refusal` is a short code kept in the audit trail (never the provider's words)."""

    user: User | None = None
    refusal: str = ""
    email: str = ""
    id_token: str = ""


class ProviderUnavailable(RuntimeError):
    """The identity provider could not be reached or described itself wrongly."""


def metadata(provider: Provider) -> dict:
    """The provider's discovery document, kept for ten minutes; its issuer must be the one configured."""
    with _metadata_lock:
        cached = _metadata_cache.get(provider.issuer)
        if cached and time.monotonic() - cached[0] < METADATA_LIFETIME_SECONDS:
            return cached[1]
    try:
        response = requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != provider.issuer:
        raise ProviderUnavailable("the discovery document names another issuer")
    with _metadata_lock:
        _metadata_cache[provider.issuer] = (time.monotonic(), document)
    return document


def _client(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(provider.client_id, provider.client_secret, scope=SCOPE, redirect_uri=redirect_uri,
                         code_challenge_method="S256")


def begin(*, session: Session, provider: Provider, redirect_uri: str, next_url: str) -> tuple[str, str]:
    """Remember what the provider's answer must match; return (address to send the browser to, state)."""
    document = metadata(provider)
    session.execute(delete(SignInRequest).where(SignInRequest.created_at < utcnow() - REQUEST_LIFETIME))
    pending = SignInRequest(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                            code_verifier=secrets.token_urlsafe(64), next_url=next_url[:500])
    session.add(pending)
    url, _state = _client(provider, redirect_uri).create_authorization_url(
        document["authorization_endpoint"], state=pending.state, nonce=pending.nonce, code_verifier=pending.code_verifier)
    return url, pending.state


def take_request(*, session: Session, state: str | None, browser_state: str | None) -> SignInRequest | str:
    """The waiting sign-in this answer belongs to, used up now; or a refusal code. The state must be the one
    this browser was sent with (a stranger's answer cannot sign this browser in) and still waiting (an answer
    replayed finds nothing)."""
    if not state or not browser_state or not secrets.compare_digest(state.encode(), browser_state.encode()):
        return "wrong_state"
    pending = session.get(SignInRequest, state)
    if pending is None:
        return "replayed"
    session.delete(pending)
    if pending.created_at < utcnow() - REQUEST_LIFETIME:
        return "request_expired"
    return pending


def finish(*, session: Session, provider: Provider, pending: SignInRequest, code: str | None,
           redirect_uri: str) -> SignInResult:
    """Exchange the code (with the PKCE verifier), check the ID token, and find the account by email."""
    if not code or len(code) > 2000:
        return SignInResult(refusal="malformed")
    document = metadata(provider)
    try:
        token = _client(provider, redirect_uri).fetch_token(
            document["token_endpoint"], code=code, code_verifier=pending.code_verifier, timeout=HTTP_TIMEOUT_SECONDS)
    except OAuthError:
        return SignInResult(refusal="code_refused")
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    claims = _checked_claims(provider, document, token.get("id_token"), pending.nonce)
    if isinstance(claims, str):
        return SignInResult(refusal=claims)
    email = normalise_email(str(claims.get("email") or ""))
    if not email or claims.get("email_verified") is False:
        return SignInResult(refusal="no_email")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.is_active:
        return SignInResult(refusal="unknown_email", email=email)
    user.last_login_at = utcnow()
    session.add(user)
    return SignInResult(user=user, email=email, id_token=token["id_token"])


def _checked_claims(provider: Provider, document: dict, id_token, nonce: str) -> dict | str:
    """The ID token's claims once its signature, issuer, audience, expiry and nonce are right; else why not."""
    if not isinstance(id_token, str) or len(id_token) > 20000:
        return "malformed"
    try:
        keys = requests.get(document["jwks_uri"], timeout=HTTP_TIMEOUT_SECONDS).json()
        decoded = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=SIGNING_ALGORITHMS)
        registry = jwt.JWTClaimsRegistry(
            leeway=CLOCK_LEEWAY_SECONDS, iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": provider.client_id}, exp={"essential": True},
            nonce={"essential": True, "value": nonce})
        registry.validate(decoded.claims)
    except ExpiredTokenError:
        return "token_expired"
    except (InvalidClaimError, MissingClaimError) as error:
        return "wrong_nonce" if getattr(error, "claim", "") == "nonce" else "wrong_claims"
    except (JoseError, ValueError, KeyError, TypeError, requests.RequestException):
        return "malformed"
    return decoded.claims


def logout_url(*, provider: Provider, id_token: str, after: str) -> str | None:
    """Where to send the browser so the provider signs them out too (RP-initiated logout), if it can."""
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = {"id_token_hint": id_token, "post_logout_redirect_uri": after, "client_id": provider.client_id}
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)
