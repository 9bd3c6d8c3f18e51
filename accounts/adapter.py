"""allauth behaviour for Consult, changed only through the adapter."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    pass
