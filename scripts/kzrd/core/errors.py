"""One exception type for bad input: its message is a single line naming the place."""


class InputError(ValueError):
    """Bad input data or configuration. ``str(err)`` is one line naming file/sheet/row/column/key."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
