"""What the fee rules raise when what was typed breaks one of them."""


class FeeRefused(Exception):
    """A fee, payment or waiver that a rule does not allow. `field` names the form field the
    message belongs beside, so that staff see it where they typed the answer."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)
