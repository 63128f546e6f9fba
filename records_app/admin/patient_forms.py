from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from records_app.input_cleaning import one_line
from records_app.request_form.fields import date_field
from records_app.web.forms import Form


class ImportPatientsForm(Form):
    csv_file = FileField(
        "The practice's patient list (CSV)",
        description="First line: the column names. Needed: Record number, First name, Last "
        "name, Date of birth, Chart location; also read: Middle name, Former names (separated "
        "by ;), Sex, First visit, Last visit. Dates as YYYY-MM-DD or MM/DD/YYYY.",
        validators=[FileRequired("Choose the CSV file to import.")],
        render_kw={"accept": ".csv,text/csv"},
    )
    skip_bad_rows = BooleanField(
        "Import the good rows even if some rows are bad",
        description="Without this, a file with any bad row imports nothing.",
    )


class SearchPatientsForm(Form):
    first_name = StringField(
        "First name",
        filters=[one_line],
        validators=[DataRequired("Enter the first name."), Length(max=60)],
    )
    last_name = StringField(
        "Last name",
        filters=[one_line],
        validators=[DataRequired("Enter the last name."), Length(max=60)],
    )
    date_of_birth = date_field("Date of birth", InputRequired("Enter the date of birth."))
