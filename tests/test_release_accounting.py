"""How and when released records left, where staff account for disclosures (the fulfilled
export's columns, the disclosure history: 45 CFR 164.528), and what the cover letter and
the e-mail tell the requester about downloading."""

from records_app import exports, letters, practice
from tests.support.forms import post_form
from tests.support.pdf import pdf_text
from tests.support.releases import THIRD_PARTY, pdf_of, released_request
from tests.support.requester import look_up


def this_month() -> exports.ExportFilters:
    return exports.ExportFilters(practice.today().replace(day=1), practice.today())


def test_the_fulfilled_export_counts_files_pages_and_downloads(client, make_request, clerk):
    released = released_request(
        make_request, clerk, [(pdf_of(3), "notes.pdf"), (b"labs\n", "labs.txt")], email=None
    )
    look_up(client, released.tracking_code)
    assert client.get(f"/status/records/{released.released_files[1].id}").data == b"labs\n"
    (row,) = exports.fulfilled_rows(this_month())
    cells = dict(zip((column.title for column in exports.FULFILLED_COLUMNS), row, strict=True))
    assert (cells["Files released"], cells["Pages released"], cells["Downloads"]) == (2, 3, 1)
    assert cells["First downloaded"] == practice.today()


def test_the_disclosure_history_says_what_was_released_online_and_downloaded(
    client, make_request, signed_in_staff
):
    released_request(make_request, signed_in_staff, [(pdf_of(2), "notes.pdf")], email=None)
    page = post_form(
        client, "/staff/disclosures", {"last_name": "Holloway", "date_of_birth": "1951-04-17"}
    )
    assert "Released online: 1 file, 2 pages;" in page.text
    assert "not downloaded" in page.text


def test_the_cover_letter_says_how_to_download_and_until_when(make_request, clerk):
    released = released_request(make_request, clerk, [(b"labs\n", "labs.txt")])
    (cover,) = [letter for letter in released.letters if letter.kind == "cover_letter"]
    text = pdf_text(letters.read_verified(cover))
    assert "The records are also online, as 1 file, until" in text
    assert "/status with the tracking code, the patient's date of birth and a code" in text


def test_a_third_partys_cover_letter_names_where_the_link_went(make_request, clerk):
    released = released_request(make_request, clerk, [(b"labs\n", "labs.txt")], **THIRD_PARTY)
    (cover,) = [letter for letter in released.letters if letter.kind == "cover_letter"]
    assert "A link to them was e-mailed to records@cascadevein.example" in pdf_text(
        letters.read_verified(cover)
    )


def test_the_records_sent_e_mail_says_how_to_download_and_until_when(
    make_request, clerk, mail_server, send_queued_mail
):
    released_request(make_request, clerk, [(b"labs\n", "labs.txt")])
    send_queued_mail()
    (sent,) = [m for m in mail_server.messages if m["Subject"] == "Your records have been sent"]
    body = " ".join(sent.get_content().split())
    assert "The records are ready to download from the status page until" in body
