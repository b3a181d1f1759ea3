"""The one table from domain error to HTTP status, rendered as RFC 9457 problem details."""

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from access import errors as access_errors
from api import assets
from core.errors import NeuvoError
from interpreters import errors as interpreter_errors
from notifications import errors as notification_errors
from outreach import errors as outreach_errors
from scheduling import errors as scheduling_errors
from speech import errors as speech_errors
from video import errors as video_errors

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"


class CsrfRejected(NeuvoError):
    """A cookie-authenticated write came without the CSRF token or from a foreign origin."""


class NotReady(NeuvoError):
    """A backing service (database, Redis) did not answer."""


STATUS: dict[type[NeuvoError], int] = {
    CsrfRejected: 403,
    NotReady: 503,
    access_errors.OrganisationNotFound: 404,
    access_errors.StaffNotFound: 404,
    access_errors.AlreadyExists: 409,
    access_errors.LastAdmin: 409,
    access_errors.NotAuthenticated: 401,
    access_errors.InvalidCredentials: 401,
    access_errors.TooManyLoginAttempts: 429,
    access_errors.RoleRequired: 403,
    access_errors.PasswordTooShort: 422,
    access_errors.PasswordBreached: 422,
    access_errors.CurrentPasswordWrong: 422,
    access_errors.PasswordLinkUnusable: 409,
    access_errors.PasswordAlreadySet: 409,
    access_errors.AccountInactive: 409,
    scheduling_errors.MunicipalityNotFound: 404,
    scheduling_errors.AgreementNotFound: 404,
    scheduling_errors.ServiceNotFound: 404,
    scheduling_errors.LogoNotFound: 404,
    scheduling_errors.ClientNotFound: 404,
    scheduling_errors.UnknownReference: 422,
    scheduling_errors.InvalidValue: 422,
    scheduling_errors.AlreadyExists: 409,
    scheduling_errors.OpeningOverlaps: 422,
    scheduling_errors.AgreementOverlaps: 422,
    scheduling_errors.LocalTimeMissing: 422,
    scheduling_errors.LocalTimeNonexistent: 422,
    scheduling_errors.LocalTimeAmbiguous: 422,
    scheduling_errors.SlotReferenceInvalid: 422,
    scheduling_errors.SlotUnavailable: 409,
    scheduling_errors.ClientBusy: 409,
    scheduling_errors.TooManyActiveBookings: 409,
    scheduling_errors.BookingTooSoon: 422,
    scheduling_errors.BookingNotFound: 404,
    scheduling_errors.BookingClosed: 409,
    scheduling_errors.NotAPhoneSession: 409,
    scheduling_errors.NoPhoneBridge: 409,
    scheduling_errors.CallInProgress: 409,
    scheduling_errors.CallNotFound: 404,
    scheduling_errors.NoNumberToCall: 409,
    scheduling_errors.NoInterpreterByPhone: 409,
    scheduling_errors.ClientNotOnCall: 409,
    scheduling_errors.FeedbackTooEarly: 409,
    scheduling_errors.FeedbackAlreadyGiven: 409,
    scheduling_errors.IdempotencyKeyReused: 422,
    scheduling_errors.FeedNotFound: 404,
    scheduling_errors.ShortCodeWrong: 404,
    scheduling_errors.TooManyShortCodes: 429,
    scheduling_errors.CallbackAlreadyOpen: 409,
    scheduling_errors.CallbackNotFound: 404,
    scheduling_errors.CallbackClosed: 409,
    scheduling_errors.TooManyCallbacks: 409,
    interpreter_errors.ProfileNotFound: 404,
    interpreter_errors.NotAnInterpreter: 422,
    interpreter_errors.OfferNotFound: 404,
    interpreter_errors.OfferClosed: 409,
    interpreter_errors.OfferTaken: 409,
    interpreter_errors.InterpreterBusy: 409,
    # The dispatcher catches these; they reach HTTP only if an endpoint ever sends directly.
    notification_errors.Undeliverable: 422,
    notification_errors.PermanentFailure: 502,
    notification_errors.TransientFailure: 503,
    notification_errors.NoGateway: 503,
    notification_errors.MissingAudio: 503,
    notification_errors.UnknownTemplate: 422,
    notification_errors.MessageNotFound: 404,
    notification_errors.MessageNotFailed: 409,
    notification_errors.BridgeFailed: 502,
    notification_errors.WebhookRefused: 401,
    notification_errors.VoiceCallNotFound: 404,
    video_errors.RoomNotFound: 404,
    video_errors.RoomUnavailable: 409,
    video_errors.DeviceTestsBusy: 503,
    video_errors.DeviceTestsPerCaller: 429,
    video_errors.DeviceTestNotFound: 404,
    video_errors.BadOffer: 422,
    speech_errors.AudioRejected: 422,
    speech_errors.UnknownPrompt: 422,
    speech_errors.RecordingNotFound: 404,
    speech_errors.NotARecorder: 403,
    speech_errors.OwnRecording: 403,
    speech_errors.AlreadyDecided: 409,
    speech_errors.LicenceNotAgreed: 422,
    speech_errors.PackRefused: 422,
    speech_errors.InvitationNotFound: 404,
    speech_errors.InvitationExpired: 410,
    speech_errors.InvitationWrongLanguage: 403,
    speech_errors.InvitationInvalid: 422,
    speech_errors.TooManyTakes: 429,
    outreach_errors.CampaignNotFound: 404,
    outreach_errors.NewcomerNotFound: 404,
    outreach_errors.InvitationNotFound: 404,
    outreach_errors.ImportRefused: 422,
    outreach_errors.InvalidCampaign: 422,
    outreach_errors.LetterBatchNotFound: 404,
    outreach_errors.LetterBatchNotReady: 409,
}
"""Every concrete domain error, by exact class; ``tests/api/test_errors.py`` keeps it complete."""

BASES: frozenset[type[NeuvoError]] = frozenset(
    {
        NeuvoError,
        access_errors.AccessError,
        scheduling_errors.SchedulingError,
        notification_errors.NotificationError,
        interpreter_errors.InterpretersError,
        video_errors.VideoError,
        speech_errors.SpeechError,
        outreach_errors.OutreachError,
    }
)
"""Base classes that are never raised themselves."""


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem(
    status: int,
    title: str,
    *,
    detail: str | None = None,
    kind: str = "about:blank",
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: object,
) -> JSONResponse:
    """Render a problem details response."""
    body: dict[str, object] = {"type": kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NeuvoError)
    status = STATUS.get(type(exc))
    if status is None:  # the completeness test should make this unreachable
        log.error("domain error %s has no HTTP status", type(exc).__name__)
        status = 500
    headers = {}
    if isinstance(exc, access_errors.TooManyLoginAttempts | scheduling_errors.TooManyShortCodes):
        headers["Retry-After"] = str(exc.retry_after)
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    name = type(exc).__name__
    extra: dict[str, object] = {}
    if isinstance(exc, scheduling_errors.SlotUnavailable):
        extra["next_slots"] = exc.next_slots
    if "invitation_lang" in exc.context:  # a recording invitation's refusal, in its language
        extra["lang"] = exc.context["invitation_lang"]
    return problem(
        status,
        re.sub(r"(?<!^)(?=[A-Z])", " ", name).capitalize(),
        detail=exc.message,
        kind=f"/problems/{_slug(name)}",
        instance=request.url.path,
        errors=[{"field": exc.field, "reason": exc.message}] if exc.field else None,
        headers=headers or None,
        **extra,
    )


def _field(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or str(location[0] if location else "request")


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    page = _error_page(request, 404)  # a page's address that means nothing: not found
    if page is not None:
        return page
    errors = [
        {"field": _field(tuple(error.get("loc", ()))), "reason": error.get("msg", "invalid")}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{error['field']}: {error['reason']}" for error in errors[:5])
    return problem(
        422,
        "Invalid input",
        detail=summary,
        kind="/problems/invalid-input",
        instance=request.url.path,
        errors=errors,
    )


# Addresses a person opens in a browser; everything else answers problem details.
_MACHINE_PREFIXES = ("/api/", "/audio/", "/static/", "/healthz", "/readyz", "/openapi", "/docs")


def _error_page(request: Request, status: int) -> Response | None:
    """A browser asking for a page gets a page in the client's language (their last choice,
    kept in the browser), spoken, with a way on; never raw JSON or English."""
    wants_page = "text/html" in request.headers.get("accept", "")
    if request.method != "GET" or not wants_page or request.url.path.startswith(_MACHINE_PREFIXES):
        return None
    return FileResponse(
        assets.PAGES / "error.html",
        status_code=status,
        headers={"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"},
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    page = _error_page(request, exc.status_code)
    if page is not None:
        return page
    return problem(exc.status_code, str(exc.detail), instance=request.url.path, headers=exc.headers)


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # A unique or foreign key rule caught a race that the domain's own checks could not see.
    log.info("integrity error on %s: %s", request.url.path, type(exc.__cause__).__name__)
    return problem(
        409,
        "Conflict",
        detail="the change collides with another one; reload and try again",
        kind="/problems/conflict",
        instance=request.url.path,
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(
        500, "Internal error", detail="something went wrong on our side", instance=request.url.path
    )


def install(app: FastAPI) -> None:
    """Register the problem-details handlers on ``app``."""
    app.add_exception_handler(NeuvoError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(Exception, _unexpected)
