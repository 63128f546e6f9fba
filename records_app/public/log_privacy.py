"""SQLAlchemy writes every result row to its log at DEBUG level. The engine's
hide_parameters keeps submitted values out of logged statements, but not the rows read back,
which for this blueprint's pages are a patient's name, date of birth and address. This drops
those row records wherever logging is turned up, so no PHI reaches a log (DESIGN.md).

It is installed when the public blueprint is registered because the public side is where
patient details come in; being app-wide, it belongs with the request log in the factory."""

import logging

ENGINE_LOGGER = "sqlalchemy.engine.Engine"


class DropResultRows(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Row "))


_DROP_RESULT_ROWS = DropResultRows()


def install(_state=None) -> None:
    engine_logger = logging.getLogger(ENGINE_LOGGER)
    if _DROP_RESULT_ROWS not in engine_logger.filters:
        engine_logger.addFilter(_DROP_RESULT_ROWS)
