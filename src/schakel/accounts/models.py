"""Organisations of the chain, their users and the users' roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.core import rows

from .roles import PERSONAL_DATA_ROLES, OrganisationKind, Role

# Retention: user accounts are deactivated, never deleted, while audit events refer to them
# (the audit trail is kept 5 years); personal details may be blanked after that.


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            # Only the bootstrap superuser created from the shell may lack an organisation.
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(is_superuser=True),
                name="user_has_organisation",
            ),
        ]

    @property
    def role_set(self) -> frozenset[Role]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            # Every authenticated request reads them: one plain statement (core.rows).
            found = rows.execute(
                f"SELECT role FROM {UserRole._meta.db_table} WHERE user_id = %s",  # noqa: S608 -- our own table name
                [self.pk],
            )
            cached = frozenset(Role(role) for (role,) in found)
            self._role_cache = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_cache", None)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def needs_second_factor(self) -> bool:
        return bool(self.role_set & PERSONAL_DATA_ROLES)


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_user_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"
