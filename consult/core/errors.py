"""Exceptions shared by every app's services and views: they live below the apps, so raising or
catching one never ties two apps together."""


class NotAllowed(Exception):
    """The person may not do this; the message says why, in words they can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def refuse(message) -> None:
    raise NotAllowed(str(message))


def refuse_if(refusal: str | None) -> None:
    """Permission checks answer why not, or None: raise the reason when there is one."""
    if refusal is not None:
        refuse(refusal)
