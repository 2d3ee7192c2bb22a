from django.db.models import QuerySet

from office.tokens.models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The person's own API tokens, newest first; nobody else's."""
    return ApiToken.objects.filter(user=user)


def token_of(user, uid) -> ApiToken | None:
    """One of the person's tokens; None for another person's or a missing one (answered 404)."""
    return tokens_of(user).filter(uid=uid).first()
