from django.db import models

from schakel.core.crypto import EncryptedTextField


class Secret(models.Model):
    narrative = EncryptedTextField(blank=True)
    health = EncryptedTextField(blank=True, null=True)
