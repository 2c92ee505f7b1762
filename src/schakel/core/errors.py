"""One hierarchy of errors that users may see; mapped to HTTP and to form errors in one place."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refusal the user can act on. ``field`` names the input it is about, if any."""

    status_code = 400
    default_message = _("Het verzoek kon niet worden uitgevoerd.")

    def __init__(self, message: object = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    status_code = 400
    default_message = _("De invoer is niet geldig.")


class InvalidInput(ValidationFailed):
    """Several field errors at once: ``errors`` is a list of (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        first_field, first_message = errors[0]
        super().__init__(first_message, field=first_field)


class NotFound(ApplicationError):
    """Raised both for 'does not exist' and 'not allowed', so existence never leaks."""

    status_code = 404
    default_message = _("Niet gevonden, of u heeft geen toegang.")


class NotAllowed(ApplicationError):
    """An action (not a read of an object) that the user's roles do not permit."""

    status_code = 403
    default_message = _("U heeft geen toestemming voor deze handeling.")


class SecondFactorRequired(NotAllowed):
    default_message = _("Bevestig eerst uw tweede factor om persoonsgegevens te zien.")
