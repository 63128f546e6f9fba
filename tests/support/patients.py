"""Patients put straight into the index, as an import would leave them."""

from datetime import date

from records_app.extensions import db
from records_app.models import Patient
from records_app.models.patients import lookups


def add_patient(record_number: str, first: str, last: str, born=date(1951, 4, 17), **kw) -> Patient:
    values = {
        "record_number": record_number,
        "first_name": first,
        "last_name": last,
        "date_of_birth": born,
        "chart_location": f"Box {record_number}",
        "former_names": [],
        **kw,
    }
    patient = Patient(**values, **lookups(record_number, born))
    db.session.add(patient)
    db.session.commit()
    return patient
