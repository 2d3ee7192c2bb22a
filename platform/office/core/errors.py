"""The platform's one family of refusals. A service that will not do what it was asked raises one of
these, with a Vietnamese message for the person, before it writes anything. Pages translate them in
one place (office.core.refusals), the API in another (office.core.api.exception_handler), so a view
never catches a part's own error class to turn it into a response.

Across schools the answer stays 404, never 403 (DESIGN.md §6): that is decided before any service
runs, by the membership middleware, the API's IsMemberOfHost and the per-school selectors."""


class Refusal(Exception):
    """Something the platform will not do. `details` travel to the API's answer beside `detail`."""

    status_code = 400

    def __init__(self, message: str = "", **details):
        super().__init__(message)
        self.message = message
        self.details = details

    def response_data(self) -> dict:
        return {"detail": self.message, **self.details}


class Refused(Refusal):
    """The person may not do this here (403): a named predicate of a part's permissions said no."""

    status_code = 403


class Invalid(Refusal):
    """What was asked breaks a rule of the domain or of the data (400); nothing was changed."""

    status_code = 400


def require(allowed: bool, message: str) -> None:
    """Raise Refused with `message` unless a permission predicate allowed the action."""
    if not allowed:
        raise Refused(message)


class Unavailable(Refusal):
    """A service the platform depends on (object storage, the queue) cannot be reached just now (503):
    nothing was lost, what was asked can be asked again in a moment."""

    status_code = 503
