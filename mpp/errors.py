"""Errors that a user can cause, each with a stable code, an HTTP status and a human message.

Services raise these; the API turns them into the contract's error body
`{"error": {"code", "message", "fields"}}` and the screens show the message.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 409
    code = "conflict"
    default_message = _("The request conflicts with the current state.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None,
                 extra: dict | None = None):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.fields = {k: str(v) for k, v in (fields or {}).items()}
        self.extra = extra or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        body = {"code": self.code, "message": str(self.message)}
        if self.fields:
            body["fields"] = self.fields
        body.update(self.extra)
        return {"error": body}


class Invalid(DomainError):
    status = 422
    code = "invalid"
    default_message = _("Some fields are not valid.")

    @classmethod
    def for_fields(cls, fields: dict[str, str], *, name_field: bool = True) -> Invalid:
        """The error for `fields` (field -> message, in the order checked): its message is
        the first field's, named ("name: Fill in the name."), as the contract shows it; the
        one home of that rule."""
        field, message = next(iter(fields.items()))
        if name_field and field != "__all__":
            message = f"{field}: {message}"
        return cls(message, fields=fields)

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> Invalid:
        if hasattr(error, "error_dict"):
            fields = {}
            for field, errors in error.message_dict.items():
                key = "__all__" if field == NON_FIELD_ERRORS else field
                fields[key] = " ".join(errors)
            return cls.for_fields(fields)
        return cls(" ".join(error.messages))


def raise_field_errors(fields: dict[str, str], *, name_field: bool = True) -> None:
    """Raise `Invalid.for_fields(fields)` when any field has an error; else nothing."""
    if fields:
        raise Invalid.for_fields(fields, name_field=name_field)


class BadRequest(DomainError):
    status = 400
    code = "bad_request"
    default_message = _("The request could not be read.")


class Unauthenticated(DomainError):
    status = 401
    code = "unauthenticated"
    default_message = _("Sign in first: send a valid token as 'Authorization: Bearer <token>'.")


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooLarge(DomainError):
    status = 413
    code = "too_large"
    default_message = _("The request is too large.")


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many requests. Please wait a moment and try again.")
